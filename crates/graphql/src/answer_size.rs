//! How many bytes of an answer the query's own text accounts for: the names written as
//! keys for every item, and the arguments an answer repeats (highlight markers and
//! ellipses, the words of a snippet, the search terms ranges name), each times the page
//! sizes above it.
//!
//! A few kilobytes of query can ask for an answer thousands of times larger: markers of
//! 10,000 characters around every matched word of a page of 100 texts, or aliases of
//! 3,000 characters written for each of 9,000 items. The complexity limit counts fields
//! and pages, and not what an argument writes, so this measure is compared with the most
//! an answer may hold, and a query whose own text would fill it is refused before any
//! statement runs. The data itself (the texts, the names) is not counted: it is bounded
//! by what the database holds, and the answer's writer holds it to the budget
//! (`budget.rs`). Like `cost.rs`, the measure reads each fragment once per context and
//! takes time linear in the document; counts saturate instead of overflowing.

use std::collections::HashMap;

use async_graphql::{
    parser::types::{ExecutableDocument, OperationDefinition, Selection, SelectionSet},
    Name, Positioned, Variables,
};
use async_graphql_value::{ConstValue, Value};

use crate::{connection::MAX_PAGE_SIZE, facts, types::stats::DEFAULT_GROUPS};

/// The items a list is counted as holding when the query does not say how many: a list
/// that is not paged (its length is the data's), and the matched parts of one text
/// (each wrapped in markers by `highlighted`, each a range naming its term).
pub(crate) const ITEMS_ASSUMED: u64 = 16;
/// The bytes each word of a snippet is counted as taking, with its space.
const WORD_BYTES: u64 = 8;
/// The bytes JSON writes around a key: two quotes, a colon and a comma.
const KEY_PUNCTUATION: u64 = 4;

/// The bytes the answer to `operation` of `document` holds of the query's own text, with
/// `variables` (a variable the request did not give counts as its default).
pub(crate) fn echoed_bytes(
    document: &ExecutableDocument,
    operation: &OperationDefinition,
    variables: &Variables,
) -> u64 {
    let defaults = operation
        .variable_definitions
        .iter()
        .filter_map(|definition| {
            let default = definition.node.default_value.as_ref()?;
            Some((definition.node.name.node.clone(), default.node.clone()))
        })
        .collect();
    let mut measure = Measure {
        document,
        variables,
        defaults,
        fragments: HashMap::new(),
    };
    let root = match operation.ty {
        async_graphql::parser::types::OperationType::Query => "Query",
        async_graphql::parser::types::OperationType::Mutation => "Mutation",
        async_graphql::parser::types::OperationType::Subscription => "Subscription",
    };
    let context = Context {
        on: root,
        page: 1,
        search: 0,
    };
    measure.selection_set(&operation.selection_set, context)
}

/// Where a selection set stands: the type it selects on, the page size of the connection
/// it belongs to (when it is one), and the bytes of the search whose matches it selects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Context<'a> {
    on: &'a str,
    page: u64,
    search: u64,
}

struct Measure<'a> {
    document: &'a ExecutableDocument,
    variables: &'a Variables,
    defaults: HashMap<Name, ConstValue>,
    /// Each fragment's bytes per item where it is spread, once known; `None` while it is
    /// being measured (a cycle, which validation refuses, counts nothing more).
    fragments: HashMap<(&'a Name, Context<'a>), Option<u64>>,
}

impl<'a> Measure<'a> {
    /// The bytes one object of `context.on` writes of the query's text.
    fn selection_set(&mut self, set: &'a Positioned<SelectionSet>, context: Context<'a>) -> u64 {
        let mut bytes = 0u64;
        for selection in &set.node.items {
            let more = match &selection.node {
                Selection::Field(field) => {
                    let field = &field.node;
                    let name = field.name.node.as_str();
                    let key = field.alias.as_ref().unwrap_or(&field.name).node.len() as u64;
                    let info = facts::facts().field(context.on, name);
                    let argument = |argument: &str| self.argument(field, info, argument);
                    let own = echoed_by_arguments(context, name, &argument);
                    let inner = match info {
                        Some(info) => {
                            let page = if info.returns.ends_with("Connection") {
                                page_size(&argument)
                            } else {
                                1
                            };
                            let search = match name {
                                "searchMatches" => string_bytes(argument("search")),
                                _ => context.search,
                            };
                            let items = if info.list {
                                list_items(context, name, &info.returns, &argument)
                            } else {
                                1
                            };
                            let child = Context {
                                on: info.returns.as_str(),
                                page,
                                search,
                            };
                            items.saturating_mul(self.selection_set(&field.selection_set, child))
                        }
                        // `__typename`, introspection: names only.
                        None => 0,
                    };
                    (key + KEY_PUNCTUATION)
                        .saturating_add(own)
                        .saturating_add(inner)
                }
                Selection::InlineFragment(fragment) => {
                    let on = fragment
                        .node
                        .type_condition
                        .as_ref()
                        .map_or(context.on, |condition| condition.node.on.node.as_str());
                    self.selection_set(&fragment.node.selection_set, Context { on, ..context })
                }
                Selection::FragmentSpread(spread) => {
                    self.fragment(&spread.node.fragment_name.node, context)
                }
            };
            bytes = bytes.saturating_add(more);
        }
        bytes
    }

    fn fragment(&mut self, name: &'a Name, context: Context<'a>) -> u64 {
        match self.fragments.get(&(name, context)) {
            Some(Some(bytes)) => return *bytes,
            Some(None) => return 0,
            None => {}
        }
        let Some(definition) = self.document.fragments.get(name) else {
            // An unknown fragment is refused by validation.
            return 0;
        };
        self.fragments.insert((name, context), None);
        let on = definition.node.type_condition.node.on.node.as_str();
        let bytes = self.selection_set(&definition.node.selection_set, Context { on, ..context });
        self.fragments.insert((name, context), Some(bytes));
        bytes
    }

    /// The value of a field's argument: given in the query (a variable's value, or its
    /// default), else the schema's default.
    fn argument(
        &self,
        field: &async_graphql::parser::types::Field,
        info: Option<&facts::FieldFacts>,
        name: &str,
    ) -> Option<ConstValue> {
        match field.get_argument(name) {
            Some(value) => self.constant(&value.node),
            None => info?.defaults.get(name).cloned(),
        }
    }

    fn constant(&self, value: &Value) -> Option<ConstValue> {
        value
            .clone()
            .into_const_with(|variable| {
                self.variables
                    .get(&variable)
                    .or_else(|| self.defaults.get(&variable))
                    .cloned()
                    .ok_or(())
            })
            .ok()
    }
}

/// The bytes a field's arguments write into each of its answers.
fn echoed_by_arguments(
    context: Context<'_>,
    field: &str,
    argument: &dyn Fn(&str) -> Option<ConstValue>,
) -> u64 {
    let bytes = |name: &str| string_bytes(argument(name));
    match (context.on, field) {
        // The markers around each matched part.
        ("SearchMatches", "highlighted") => {
            ITEMS_ASSUMED.saturating_mul(bytes("open").saturating_add(bytes("close")))
        }
        // At most `words` words, each of which may be matched, and two ellipses.
        ("SearchMatches", "snippet") => {
            let words = integer(argument("words")).clamp(0, i64::from(i32::MAX)) as u64;
            let per_word = WORD_BYTES
                .saturating_add(bytes("open"))
                .saturating_add(bytes("close"));
            words
                .saturating_mul(per_word)
                .saturating_add(bytes("ellipsis").saturating_mul(2))
        }
        // The term of the search a range matched, as typed.
        ("TextRange", "term") => context.search,
        _ => 0,
    }
}

/// The items a list field is counted as returning.
fn list_items(
    context: Context<'_>,
    field: &str,
    returns: &str,
    argument: &dyn Fn(&str) -> Option<ConstValue>,
) -> u64 {
    if context.on.ends_with("Connection") {
        // `nodes` and `edges`: a page.
        context.page
    } else if matches!(returns, "RecommendationStat" | "AidTotal") {
        match argument("first") {
            Some(first) => integer(Some(first)).max(1) as u64,
            None => DEFAULT_GROUPS as u64,
        }
    } else if field == "nodes" && context.on == "Query" {
        match argument("ids") {
            Some(ConstValue::List(ids)) => ids.len() as u64,
            _ => ITEMS_ASSUMED,
        }
    } else {
        ITEMS_ASSUMED
    }
}

/// The page a connection field asks for: `first` or `last`, else the most a page holds.
fn page_size(argument: &dyn Fn(&str) -> Option<ConstValue>) -> u64 {
    argument("first")
        .or_else(|| argument("last"))
        .map_or(i64::from(MAX_PAGE_SIZE), |size| integer(Some(size)))
        .max(1) as u64
}

fn string_bytes(value: Option<ConstValue>) -> u64 {
    match value {
        Some(ConstValue::String(text)) => text.len() as u64,
        _ => 0,
    }
}

fn integer(value: Option<ConstValue>) -> i64 {
    match value {
        Some(ConstValue::Number(n)) => n.as_i64().unwrap_or(0),
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use async_graphql::parser::{parse_query, types::DocumentOperations};

    use super::*;

    fn bytes(query: &str, variables: serde_json::Value) -> u64 {
        let document = parse_query(query).unwrap();
        let operation = match &document.operations {
            DocumentOperations::Single(operation) => operation.node.clone(),
            DocumentOperations::Multiple(operations) => {
                operations.values().next().unwrap().node.clone()
            }
        };
        echoed_bytes(&document, &operation, &Variables::from_json(variables))
    }

    #[test]
    fn keys_are_counted_for_every_item_of_the_pages_above_them() {
        // `states` (6 + 4), `nodes` (5 + 4) and 100 × `name` (4 + 4).
        assert_eq!(
            bytes(
                "{ states(first: 100) { nodes { name } } }",
                serde_json::json!({})
            ),
            10 + 9 + 100 * 8
        );
        // A page of the default size, then 10 items inside each of its 100.
        let nested = "{ states { nodes { reviews(first: 10) { nodes { longAliasName: id } } } } }";
        let inner = 7 + 4 + 5 + 4 + 10 * (13 + 4);
        assert_eq!(bytes(nested, serde_json::json!({})), 10 + 9 + 100 * inner);
        // `totalCount` is written once, not per item.
        assert_eq!(
            bytes(
                "{ states(first: 100) { totalCount } }",
                serde_json::json!({})
            ),
            10 + 14
        );
    }

    #[test]
    fn markers_count_for_each_matched_part_and_snippet_words_for_each_word() {
        let query = "query Q($o: String!) { recommendations(first: 50) { nodes { searchMatches(search: \"a\") { highlighted(open: $o, close: $o) } } } }";
        let small = bytes(query, serde_json::json!({ "o": "" }));
        let large = bytes(query, serde_json::json!({ "o": "x".repeat(1000) }));
        assert_eq!(large - small, 50 * ITEMS_ASSUMED * 2000);
        // Defaults come from the schema: `<mark>` and `</mark>`, 30 words, `…`.
        let snippet = bytes(
            "{ recommendations(first: 1) { nodes { searchMatches(search: \"a\") { snippet } } } }",
            serde_json::json!({}),
        );
        let without = bytes(
            "{ recommendations(first: 1) { nodes { searchMatches(search: \"a\") { s: count } } } }",
            serde_json::json!({}),
        );
        assert_eq!(
            snippet - without,
            (7 - 1) + 30 * (WORD_BYTES + 6 + 7) + 2 * 3
        );
        // A range names its term once per matched part.
        let ranges = "query Q($s: String!) { recommendations(first: 10) { nodes { searchMatches(search: $s) { ranges { term } } } } }";
        let short = bytes(ranges, serde_json::json!({ "s": "a" }));
        let long = bytes(ranges, serde_json::json!({ "s": "a".repeat(101) }));
        assert_eq!(long - short, 10 * ITEMS_ASSUMED * 100);
    }

    #[test]
    fn fragments_are_measured_once_per_context_and_multiplied_where_spread() {
        let direct = bytes(
            "{ states(first: 20) { nodes { name code } } }",
            serde_json::json!({}),
        );
        let spread = bytes(
            "{ states(first: 20) { nodes { ...S } } } fragment S on State { name code }",
            serde_json::json!({}),
        );
        assert_eq!(direct, spread);
        // A spread bomb saturates rather than overflowing, in time linear in it.
        let mut doc = String::from("{ states { nodes { ...F0 } } } fragment G on State { name }");
        doc.push_str(" fragment F0 on State { ...G ...G }");
        for i in 1..70 {
            doc.push_str(&format!(
                " fragment F{i} on State {{ ...F{} ...F{} }}",
                i - 1,
                i - 1
            ));
        }
        doc = doc.replace("...F0 } } }", "...F69 } } }");
        assert_eq!(bytes(&doc, serde_json::json!({})), u64::MAX);
    }
}
