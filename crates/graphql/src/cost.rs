//! What a document costs once its fragments are spread: how many fields it selects and
//! how many input values its arguments hold, with variables substituted.
//!
//! Validation and execution both work on the document with every fragment spread in
//! place, so ten fragments that each spread the one before ten times select ten
//! billion fields from a document of a kilobyte. Measuring that by walking the
//! expansion would cost what it measures; here each fragment is measured once and its
//! cost is reused wherever it is spread, so the measure takes time linear in the
//! document however large the expansion is. Counts saturate instead of overflowing.

use std::collections::HashMap;

use async_graphql::{
    parser::types::{ExecutableDocument, OperationDefinition, Selection, SelectionSet},
    Name, Positioned, Variables,
};
use async_graphql_value::{ConstValue, Value};

/// The work a document asks for, in all its operations and fragment definitions
/// (validation reads every one of them, not only the operation that runs).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Cost {
    /// Fields selected, counting a fragment's fields once for every place it is spread.
    pub fields: u64,
    /// Input values in arguments (every list item, input-object field and scalar),
    /// with each variable counted as the size of the value it was given.
    pub values: u64,
}

impl Cost {
    fn add(self, other: Cost) -> Cost {
        Cost {
            fields: self.fields.saturating_add(other.fields),
            values: self.values.saturating_add(other.values),
        }
    }
}

/// Measures `document` with `variables` (the values the request gave; a variable it did
/// not give counts as its default value of the operation that defines it).
pub(crate) fn measure(document: &ExecutableDocument, variables: &Variables) -> Cost {
    let mut measure = Measure {
        document,
        variable_sizes: HashMap::new(),
        fragments: HashMap::new(),
    };
    for (_, operation) in document.operations.iter() {
        measure.define_variables(&operation.node, variables);
    }
    let operations = document
        .operations
        .iter()
        .map(|(_, operation)| measure.selection_set(&operation.node.selection_set))
        .fold(Cost::default(), Cost::add);
    let fragments = document
        .fragments
        .keys()
        .map(|name| measure.fragment(name))
        .fold(Cost::default(), Cost::add);
    operations.add(fragments)
}

/// The state of one measure: each variable's size and each fragment's cost, once known.
struct Measure<'a> {
    document: &'a ExecutableDocument,
    variable_sizes: HashMap<&'a str, u64>,
    /// `None` while the fragment is being measured: a spread of it then is a cycle,
    /// which validation refuses, and counts nothing here.
    fragments: HashMap<&'a Name, Option<Cost>>,
}

impl<'a> Measure<'a> {
    fn define_variables(&mut self, operation: &'a OperationDefinition, given: &Variables) {
        for definition in &operation.variable_definitions {
            let name = definition.node.name.node.as_str();
            let size = match given.get(&definition.node.name.node) {
                Some(value) => value_size(value),
                None => definition
                    .node
                    .default_value
                    .as_ref()
                    .map_or(0, |v| value_size(&v.node)),
            };
            // Operations may define the same name; the largest value is the bound.
            let entry = self.variable_sizes.entry(name).or_default();
            *entry = (*entry).max(size);
        }
    }

    fn fragment(&mut self, name: &'a Name) -> Cost {
        match self.fragments.get(name) {
            Some(Some(cost)) => return *cost,
            Some(None) => return Cost::default(),
            None => {}
        }
        let Some(definition) = self.document.fragments.get(name) else {
            // An unknown fragment is refused by validation.
            return Cost::default();
        };
        self.fragments.insert(name, None);
        let cost = self.selection_set(&definition.node.selection_set);
        self.fragments.insert(name, Some(cost));
        cost
    }

    fn selection_set(&mut self, set: &'a Positioned<SelectionSet>) -> Cost {
        let mut cost = Cost::default();
        for selection in &set.node.items {
            let directives = selection.node.directives();
            let in_directives = directives
                .iter()
                .flat_map(|d| &d.node.arguments)
                .map(|(_, value)| self.value(&value.node))
                .fold(0, u64::saturating_add);
            cost = cost.add(Cost {
                fields: 0,
                values: in_directives,
            });
            let inner = match &selection.node {
                Selection::Field(field) => {
                    let arguments = field
                        .node
                        .arguments
                        .iter()
                        .map(|(_, value)| self.value(&value.node))
                        .fold(0, u64::saturating_add);
                    Cost {
                        fields: 1,
                        values: arguments,
                    }
                    .add(self.selection_set(&field.node.selection_set))
                }
                Selection::InlineFragment(fragment) => {
                    self.selection_set(&fragment.node.selection_set)
                }
                Selection::FragmentSpread(spread) => self.fragment(&spread.node.fragment_name.node),
            };
            cost = cost.add(inner);
        }
        cost
    }

    /// The size of an argument's value, a variable counting as what it was given.
    fn value(&self, value: &Value) -> u64 {
        match value {
            Value::Variable(name) => self.variable_sizes.get(name.as_str()).copied().unwrap_or(0),
            Value::List(items) => items
                .iter()
                .map(|item| self.value(item))
                .fold(1, u64::saturating_add),
            Value::Object(fields) => fields
                .values()
                .map(|field| self.value(field))
                .fold(1, u64::saturating_add),
            _ => 1,
        }
    }
}

/// The number of values in a constant: itself, and every item and field inside it.
fn value_size(value: &ConstValue) -> u64 {
    match value {
        ConstValue::List(items) => items.iter().map(value_size).fold(1, u64::saturating_add),
        ConstValue::Object(fields) => fields.values().map(value_size).fold(1, u64::saturating_add),
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use async_graphql::parser::parse_query;

    use super::*;

    fn cost(query: &str, variables: serde_json::Value) -> Cost {
        measure(
            &parse_query(query).unwrap(),
            &Variables::from_json(variables),
        )
    }

    #[test]
    fn fields_are_counted_through_fragments_once_per_spread() {
        assert_eq!(cost("{ a b { c } }", serde_json::json!({})).fields, 3);
        // The operation spreads F twice (2 × 2 fields) and F itself is a definition
        // validation reads once more (2 fields).
        let doc = "{ ...F x { ...F } } fragment F on Query { a b }";
        assert_eq!(cost(doc, serde_json::json!({})).fields, 1 + 4 + 2);
    }

    #[test]
    fn a_spread_bomb_is_measured_without_expanding_it() {
        // F0 selects one field; each next fragment spreads the one before ten times,
        // so F9 expands to 10^9 fields; all ten definitions are counted too.
        let mut doc = String::from("query { ...F9 } fragment F0 on Query { a }");
        for i in 1..10 {
            doc.push_str(&format!(" fragment F{i} on Query {{"));
            for _ in 0..10 {
                doc.push_str(&format!(" ...F{}", i - 1));
            }
            doc.push_str(" }");
        }
        let fields = cost(&doc, serde_json::json!({})).fields;
        let definitions: u64 = (0..10).map(|i| 10u64.pow(i)).sum();
        assert_eq!(fields, 1_000_000_000 + definitions);
        // Twenty levels overflow nothing: the count saturates.
        let mut deep =
            String::from("query { ...G19 } fragment G0 on Query { a a a a a a a a a a }");
        for i in 1..20 {
            deep.push_str(&format!(
                " fragment G{i} on Query {{ {} }}",
                format!("...G{} ", i - 1).repeat(1000)
            ));
        }
        assert_eq!(cost(&deep, serde_json::json!({})).fields, u64::MAX);
    }

    #[test]
    fn a_cycle_counts_nothing_more() {
        let doc = "{ ...A } fragment A on Query { a ...B } fragment B on Query { b ...A }";
        assert!(cost(doc, serde_json::json!({})).fields < 10);
    }

    #[test]
    fn variables_count_as_the_values_they_were_given_wherever_they_are_used() {
        let doc = "query Q($codes: [String!], $n: Int = 3) { a(filter: { or: [{ x: $codes }, { x: $codes }] }, n: $n) }";
        // Literal values: the object, its list, two objects, and `n`; then $codes twice.
        let given = cost(doc, serde_json::json!({ "codes": ["A", "B", "C"] }));
        assert_eq!(given.values, 5 + 2 * 4);
        let defaulted = cost(doc, serde_json::json!({}));
        assert_eq!(defaulted.values, 5);
        let many: Vec<String> = (0..14_000).map(|i| format!("C{i}")).collect();
        let bomb = cost(doc, serde_json::json!({ "codes": many }));
        assert_eq!(bomb.values, 5 + 2 * 14_001);
    }
}
