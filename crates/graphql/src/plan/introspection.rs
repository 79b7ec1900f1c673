//! Introspection beside data: the root fields `__schema` and `__type` of an operation
//! are answered by async-graphql, everything else by the plan.
//!
//! async-graphql's introspection is complete and specified, and the plan does not
//! repeat it. An operation that selects both runs its introspection fields as a
//! document of their own (the same fields, the fragments they spread and the variables
//! they read), and the plan writes what that answered in their places. The
//! introspection resolvers answer at once, so async-graphql writes their fields in the
//! order asked (a test holds it to that).

use std::collections::HashSet;

use async_graphql::{
    parser::types::{
        DocumentOperations, ExecutableDocument, Field, OperationDefinition, Selection, SelectionSet,
    },
    Name, Pos, Positioned, Value,
};

use super::{
    loads::{Loaded, Slot, Wants},
    out::{Out, Written},
    select::Collected,
    Nested,
};

/// Whether a root field is answered by async-graphql's introspection.
pub(crate) fn is_introspection(name: &str) -> bool {
    matches!(name, "__schema" | "__type")
}

/// An introspection root field in a plan: written from what async-graphql answered,
/// kept in its slot.
pub(crate) struct Introspected {
    pub slot: Slot,
}

impl<R: Send + Sync> Nested<R> for Introspected {
    fn want(&self, _: &[&R], _: usize, _: &Loaded, _: &mut Wants) {}

    fn write<'p>(&'p self, _: &R, loaded: &Loaded, out: &mut Out<'p>, _: Pos) -> Written {
        match loaded
            .get::<Value>(self.slot)
            .and_then(|found| found.as_ref().ok())
        {
            Some(values) => match values.get(&0) {
                Some(value) => out.value(value),
                None => out.null(),
            },
            None => out.null(),
        }
        Ok(())
    }
}

/// The document that asks async-graphql for the introspection root fields `fields`
/// (collected from `operation` of `document`), under their response keys.
pub(crate) fn document(
    document: &ExecutableDocument,
    operation: &OperationDefinition,
    fields: &[Collected<'_>],
) -> ExecutableDocument {
    let items = fields
        .iter()
        .map(|collected| {
            let first = collected.field;
            let mut field: Field = first.node.clone();
            field.selection_set.node.items = collected
                .sets
                .iter()
                .flat_map(|set| set.node.items.iter().cloned())
                .collect();
            Positioned::new(
                Selection::Field(Positioned::new(field, first.pos)),
                first.pos,
            )
        })
        .collect();
    let selection_set = Positioned::new(SelectionSet { items }, operation.selection_set.pos);
    let mut fragments_used = HashSet::new();
    let mut variables_used = HashSet::new();
    uses(
        document,
        &selection_set.node,
        &mut fragments_used,
        &mut variables_used,
    );
    for directive in &operation.directives {
        for (_, value) in &directive.node.arguments {
            variables_in(&value.node, &mut variables_used);
        }
    }
    let operation = OperationDefinition {
        ty: operation.ty,
        variable_definitions: operation
            .variable_definitions
            .iter()
            .filter(|d| variables_used.contains(&d.node.name.node))
            .cloned()
            .collect(),
        directives: operation.directives.clone(),
        selection_set,
    };
    ExecutableDocument {
        operations: DocumentOperations::Single(Positioned::new(operation, Pos::default())),
        fragments: document
            .fragments
            .iter()
            .filter(|(name, _)| fragments_used.contains(*name))
            .map(|(name, fragment)| (name.clone(), fragment.clone()))
            .collect(),
    }
}

/// The variables a value reads.
fn variables_in(value: &async_graphql_value::Value, out: &mut HashSet<Name>) {
    use async_graphql_value::Value as V;
    match value {
        V::Variable(name) => {
            out.insert(name.clone());
        }
        V::List(items) => items.iter().for_each(|item| variables_in(item, out)),
        V::Object(fields) => fields.values().for_each(|field| variables_in(field, out)),
        _ => {}
    }
}

/// The fragments a selection spreads (and those they spread) and the variables it reads.
fn uses(
    document: &ExecutableDocument,
    set: &SelectionSet,
    fragments: &mut HashSet<Name>,
    variables: &mut HashSet<Name>,
) {
    for selection in &set.items {
        for directive in selection.node.directives() {
            for (_, value) in &directive.node.arguments {
                variables_in(&value.node, variables);
            }
        }
        match &selection.node {
            Selection::Field(field) => {
                for (_, value) in &field.node.arguments {
                    variables_in(&value.node, variables);
                }
                uses(
                    document,
                    &field.node.selection_set.node,
                    fragments,
                    variables,
                );
            }
            Selection::InlineFragment(fragment) => {
                uses(
                    document,
                    &fragment.node.selection_set.node,
                    fragments,
                    variables,
                );
            }
            Selection::FragmentSpread(spread) => {
                let name = &spread.node.fragment_name.node;
                if fragments.insert(name.clone()) {
                    if let Some(fragment) = document.fragments.get(name) {
                        uses(
                            document,
                            &fragment.node.selection_set.node,
                            fragments,
                            variables,
                        );
                    }
                }
            }
        }
    }
}

/// Whether the operation selects nothing but introspection (and `__typename`) at its
/// root.
pub(crate) fn only(
    document: &ExecutableDocument,
    operation: &OperationDefinition,
    variables: &async_graphql::Variables,
) -> bool {
    let Some(query) = crate::facts::facts().get("Query") else {
        return false;
    };
    let reads = Default::default();
    let doc = super::select::Doc {
        document,
        operation,
        variables,
        reads: &reads,
    };
    let fields = doc.collect("Query", query, &[&operation.selection_set]);
    fields.iter().any(|f| is_introspection(f.name()))
        && fields
            .iter()
            .all(|f| is_introspection(f.name()) || f.name() == "__typename")
}
