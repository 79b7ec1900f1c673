//! A workaround for a gap in async-graphql's validation: its visitor skips `__typename`
//! fields whole, directives included, so `query($x: Boolean!) { __typename @include(if: $x) }`
//! is refused with `Variable "$x" is not used by operation` (and a variable that only such a
//! directive uses is neither checked for being defined nor for its type).
//!
//! Before a document is validated, every `__typename` that carries directives is moved into
//! an inline fragment without a type condition that carries them instead:
//! `__typename @include(if: $x)` becomes `... @include(if: $x) { __typename }`. The two are
//! the same selection by the specification (a fragment without a type condition applies to
//! the enclosing type, and its fields merge into the enclosing selection under the same
//! response key), and the validator visits directives on inline fragments, so the document
//! is checked as it should be and answers as written.

use async_graphql::{
    parser::types::{
        DocumentOperations, ExecutableDocument, InlineFragment, Selection, SelectionSet,
    },
    Positioned, Request,
};

/// Rewrites the request's parsed document (parsing it if needed) when it has a
/// `__typename` with directives; a document that does not parse is left for execution to
/// report.
pub(crate) fn move_typename_directives(request: &mut Request) {
    let Ok(document) = request.parsed_query() else {
        return;
    };
    if !document_has_them(document) {
        return;
    }
    let mut document = document.clone();
    match &mut document.operations {
        DocumentOperations::Single(operation) => rewrite(&mut operation.node.selection_set),
        DocumentOperations::Multiple(operations) => operations
            .values_mut()
            .for_each(|operation| rewrite(&mut operation.node.selection_set)),
    }
    document
        .fragments
        .values_mut()
        .for_each(|fragment| rewrite(&mut fragment.node.selection_set));
    request.set_parsed_query(document);
}

fn document_has_them(document: &ExecutableDocument) -> bool {
    document
        .operations
        .iter()
        .any(|(_, operation)| has_them(&operation.node.selection_set))
        || document
            .fragments
            .values()
            .any(|fragment| has_them(&fragment.node.selection_set))
}

fn has_them(set: &Positioned<SelectionSet>) -> bool {
    set.node
        .items
        .iter()
        .any(|selection| match &selection.node {
            Selection::Field(field) => {
                (field.node.name.node == "__typename" && !field.node.directives.is_empty())
                    || has_them(&field.node.selection_set)
            }
            Selection::InlineFragment(fragment) => has_them(&fragment.node.selection_set),
            Selection::FragmentSpread(_) => false,
        })
}

fn rewrite(set: &mut Positioned<SelectionSet>) {
    for selection in &mut set.node.items {
        let pos = selection.pos;
        match &mut selection.node {
            Selection::Field(field)
                if field.node.name.node == "__typename" && !field.node.directives.is_empty() =>
            {
                let directives = std::mem::take(&mut field.node.directives);
                let typename = Positioned::new(Selection::Field(field.clone()), pos);
                selection.node = Selection::InlineFragment(Positioned::new(
                    InlineFragment {
                        type_condition: None,
                        directives,
                        selection_set: Positioned::new(
                            SelectionSet {
                                items: vec![typename],
                            },
                            pos,
                        ),
                    },
                    pos,
                ));
            }
            Selection::Field(field) => rewrite(&mut field.node.selection_set),
            Selection::InlineFragment(fragment) => rewrite(&mut fragment.node.selection_set),
            Selection::FragmentSpread(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use async_graphql::{EmptyMutation, EmptySubscription, Object, Schema, Variables};

    use super::*;

    struct Query;

    #[Object]
    impl Query {
        async fn a(&self) -> i32 {
            1
        }
    }

    async fn run(query: &str, variables: serde_json::Value) -> serde_json::Value {
        let schema = Schema::new(Query, EmptyMutation, EmptySubscription);
        let mut request = Request::new(query).variables(Variables::from_json(variables));
        move_typename_directives(&mut request);
        serde_json::to_value(schema.execute(request).await).unwrap()
    }

    #[tokio::test]
    async fn a_variable_used_by_a_directive_on_typename_is_used() {
        let query = "query Q($x: Boolean!) { __typename @include(if: $x) }";
        assert_eq!(
            run(query, serde_json::json!({ "x": true })).await,
            serde_json::json!({ "data": { "__typename": "Query" } })
        );
        // Left out, nothing is selected and nothing fails (bare async-graphql answers null
        // data here; `crate::execute` turns it into the empty object).
        let skipped = run(query, serde_json::json!({ "x": false })).await;
        assert!(skipped.get("errors").is_none(), "{skipped}");
        // Aliases, nesting and fragments keep their response keys.
        let query = "query($s: Boolean!) { t: __typename @skip(if: $s) a ...F } fragment F on Query { u: __typename @include(if: $s) }";
        assert_eq!(
            run(query, serde_json::json!({ "s": true })).await,
            serde_json::json!({ "data": { "a": 1, "u": "Query" } })
        );
    }

    #[tokio::test]
    async fn directives_on_typename_are_still_validated() {
        // Without the rewrite these pass validation unchecked.
        let undefined = run("{ __typename @include(if: $nope) }", serde_json::json!({})).await;
        assert!(
            undefined["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains("Variable \"$nope\" is not defined"),
            "{undefined}"
        );
        let mistyped = run(
            "query($n: Int!) { __typename @include(if: $n) }",
            serde_json::json!({ "n": 1 }),
        )
        .await;
        assert!(mistyped["errors"].is_array(), "{mistyped}");
        let unused = run(
            "query($x: Boolean!) { a }",
            serde_json::json!({ "x": true }),
        )
        .await;
        assert!(
            unused["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains("is not used"),
            "{unused}"
        );
    }
}
