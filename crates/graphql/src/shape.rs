//! Checks on a request's document made before it is validated or run: what kind of
//! operation it selects, and how many aliases and root fields it spends. A query bomb
//! built from aliases (`a1: state(...) a2: state(...) ...`) is cheap to write and to
//! parse; it is refused here, before any resolver or SQL statement runs.

use std::collections::HashSet;

use async_graphql::{
    parser::types::{
        DocumentOperations, ExecutableDocument, OperationType, Selection, SelectionSet,
    },
    Name, Positioned, Request, Response, ServerError, Variables,
};

use crate::{
    answer_size,
    connection::{page_size_message, MAX_PAGE_SIZE},
    cost,
    types::stats::{group_count_message, MAX_GROUPS},
    Limits,
};

/// Which operations a request may run, by how it arrived.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Allowed {
    /// Queries only: a request that may be cached or replayed, such as an HTTP GET.
    QueriesOnly,
    /// Queries and mutations: what a POST may carry.
    Any,
    /// Subscriptions: what a WebSocket carries.
    Subscriptions,
}

/// Parses the request's document (keeping the parse for execution) and refuses it
/// when it selects an operation that `allowed` excludes, introspects a schema whose
/// introspection is off, selects more fields (fragments spread) or holds more input
/// values (variables substituted) than `limits` allow, asks for a page over the size
/// limit, spends more aliases or root fields than allowed, or would write more of its
/// own text into its answer than an answer may hold (`answer_size.rs`). Every check
/// takes time linear in the document, so any document is refused or passed in
/// milliseconds. The refusal is a response with one coded error: `METHOD_NOT_ALLOWED`,
/// `QUERY_TOO_COMPLEX`, `INTROSPECTION_DISABLED`, or `BAD_USER_INPUT` for a document
/// that does not parse or holds too many values.
#[allow(clippy::result_large_err)]
pub fn check(request: &mut Request, limits: &Limits, allowed: Allowed) -> Result<(), Response> {
    let operation_name = request.operation_name.clone();
    let variables = request.variables.clone();
    let document = match request.parsed_query() {
        Ok(document) => document,
        Err(error) => return Err(refusal(error, "BAD_USER_INPUT")),
    };
    let Some(operation) = selected_operation(document, operation_name.as_deref()) else {
        // No such operation: validation says so with its own words.
        return Ok(());
    };
    let kind = operation.node.ty;
    if (kind == OperationType::Subscription) != (allowed == Allowed::Subscriptions) {
        let error = ServerError::new(
            if kind == OperationType::Subscription {
                "a subscription is not answered over HTTP: subscribe over WebSocket \
                 (graphql-transport-ws) at /graphql, or read the server-sent events of \
                 /graphql/events"
                    .to_owned()
            } else {
                format!(
                    "a {kind} is not sent over this connection, which carries subscriptions: \
                     send it over HTTP to /graphql"
                )
            },
            Some(operation.pos),
        );
        return Err(refusal(error, "METHOD_NOT_ALLOWED"));
    }
    if allowed == Allowed::QueriesOnly && kind != OperationType::Query {
        let error = ServerError::new(
            format!("a {kind} cannot be sent with GET; send it with POST"),
            Some(operation.pos),
        );
        return Err(refusal(error, "METHOD_NOT_ALLOWED"));
    }
    if !limits.introspection && introspects(document) {
        let error = ServerError::new(
            "introspection (`__schema`, `__type`) is turned off on this server; the schema is published as schema.graphql",
            None,
        );
        return Err(refusal(error, "INTROSPECTION_DISABLED"));
    }
    let cost = cost::measure(document, &variables);
    if cost.fields > limits.max_fields as u64 {
        let error = ServerError::new(
            format!(
                "Query selects {} fields once its fragments are spread; at most {} are allowed.",
                cost.fields, limits.max_fields
            ),
            None,
        );
        return Err(refusal(error, "QUERY_TOO_COMPLEX"));
    }
    if cost.values > limits.max_input_values as u64 {
        let error = ServerError::new(
            format!(
                "the arguments hold {} values with the variables in place (each list item and input field counts); at most {} are allowed",
                cost.values, limits.max_input_values
            ),
            None,
        );
        return Err(refusal(error, "BAD_USER_INPUT"));
    }
    if let Some(message) = oversized_page(document, &variables) {
        return Err(refusal(ServerError::new(message, None), "BAD_USER_INPUT"));
    }
    let aliases = count_aliases(document);
    if aliases > limits.max_aliases {
        let error = ServerError::new(
            format!(
                "Query has {aliases} aliases; at most {} are allowed.",
                limits.max_aliases
            ),
            None,
        );
        return Err(refusal(error, "QUERY_TOO_COMPLEX"));
    }
    let root_fields = count_root_fields(document, &operation.node.selection_set);
    if root_fields > limits.max_root_fields {
        let error = ServerError::new(
            format!(
                "Query selects {root_fields} root fields; at most {} are allowed.",
                limits.max_root_fields
            ),
            None,
        );
        return Err(refusal(error, "QUERY_TOO_COMPLEX"));
    }
    let echoed = answer_size::echoed_bytes(document, &operation.node, &variables);
    if echoed > limits.max_response_bytes {
        let error = ServerError::new(
            format!(
                "Query would write about {echoed} bytes of its own names and arguments into the answer (keys, highlight markers, ellipses, snippet words and search terms, each written again for every item of the pages above it); an answer holds at most {} bytes.",
                limits.max_response_bytes
            ),
            None,
        );
        return Err(refusal(error, "QUERY_TOO_COMPLEX"));
    }
    Ok(())
}

fn refusal(mut error: ServerError, code: &str) -> Response {
    error
        .extensions
        .get_or_insert_with(Default::default)
        .set("code", code);
    Response::from_errors(vec![error])
}

pub(crate) fn selected_operation<'a>(
    document: &'a ExecutableDocument,
    name: Option<&str>,
) -> Option<&'a Positioned<async_graphql::parser::types::OperationDefinition>> {
    match (&document.operations, name) {
        (DocumentOperations::Single(operation), _) => Some(operation),
        (DocumentOperations::Multiple(operations), Some(name)) => operations.get(name),
        (DocumentOperations::Multiple(operations), None) if operations.len() == 1 => {
            operations.values().next()
        }
        (DocumentOperations::Multiple(_), None) => None,
    }
}

/// Whether the document asks for `__schema` or `__type` anywhere.
pub(crate) fn introspects(document: &ExecutableDocument) -> bool {
    fn walk(set: &Positioned<SelectionSet>) -> bool {
        set.node
            .items
            .iter()
            .any(|selection| match &selection.node {
                Selection::Field(field) => {
                    matches!(field.node.name.node.as_str(), "__schema" | "__type")
                        || walk(&field.node.selection_set)
                }
                Selection::InlineFragment(fragment) => walk(&fragment.node.selection_set),
                Selection::FragmentSpread(_) => false,
            })
    }
    document
        .operations
        .iter()
        .any(|(_, operation)| walk(&operation.node.selection_set))
        || document
            .fragments
            .values()
            .any(|fragment| walk(&fragment.node.selection_set))
}

/// The bounds of a list field's `first`/`last` and what a client is told outside them.
#[derive(Debug, Clone, Copy)]
struct SizeLimit {
    range: (i64, i64),
    message: fn(&str, i64) -> String,
}

/// The one table of size limits, by the type a list field returns: a connection pages
/// by at most `MAX_PAGE_SIZE` items, a list of statistics by at most `MAX_GROUPS` groups.
/// The resolvers check the same bounds with the same messages; this check only refuses
/// the request before anything of it runs.
fn size_limit(returns: &str) -> Option<SizeLimit> {
    if returns.ends_with("Connection") {
        Some(SizeLimit {
            range: (0, i64::from(MAX_PAGE_SIZE)),
            message: page_size_message,
        })
    } else if matches!(returns, "RecommendationStat" | "AidTotal" | "ArmsTotal") {
        Some(SizeLimit {
            range: (1, i64::from(MAX_GROUPS)),
            message: |_, value| group_count_message(value),
        })
    } else {
        None
    }
}

/// The first `first` or `last` argument, literal or variable, outside its field's own
/// bounds ([`size_limit`]), as the message the field itself would give. Fields are typed by
/// walking the document from the root type; a field the schema does not have is left to
/// validation.
fn oversized_page(document: &ExecutableDocument, variables: &Variables) -> Option<String> {
    fn walk(set: &Positioned<SelectionSet>, on: &str, variables: &Variables) -> Option<String> {
        let facts = crate::facts::facts();
        set.node
            .items
            .iter()
            .find_map(|selection| match &selection.node {
                Selection::Field(field) => {
                    let returns = &facts.field(on, field.node.name.node.as_str())?.returns;
                    let limit = size_limit(returns);
                    field
                        .node
                        .arguments
                        .iter()
                        .filter(|(name, _)| matches!(name.node.as_str(), "first" | "last"))
                        .find_map(|(name, value)| {
                            let limit = limit?;
                            let value = value
                                .node
                                .clone()
                                .into_const_with(|var| variables.get(&var).cloned().ok_or(()))
                                .ok()?;
                            let size = match value {
                                async_graphql::Value::Number(n) => n.as_i64(),
                                _ => None,
                            }?;
                            let (min, max) = limit.range;
                            (!(min..=max).contains(&size))
                                .then(|| (limit.message)(name.node.as_str(), size))
                        })
                        .or_else(|| walk(&field.node.selection_set, returns, variables))
                }
                Selection::InlineFragment(fragment) => {
                    let on = fragment
                        .node
                        .type_condition
                        .as_ref()
                        .map_or(on, |condition| condition.node.on.node.as_str());
                    walk(&fragment.node.selection_set, on, variables)
                }
                Selection::FragmentSpread(_) => None,
            })
    }
    document
        .operations
        .iter()
        .find_map(|(_, operation)| {
            let root = match operation.node.ty {
                OperationType::Query => "Query",
                OperationType::Mutation => "Mutation",
                OperationType::Subscription => "Subscription",
            };
            walk(&operation.node.selection_set, root, variables)
        })
        .or_else(|| {
            document.fragments.values().find_map(|fragment| {
                let on = fragment.node.type_condition.node.on.node.as_str();
                walk(&fragment.node.selection_set, on, variables)
            })
        })
}

/// Aliases anywhere in the document: every operation and fragment, each counted once.
fn count_aliases(document: &ExecutableDocument) -> usize {
    let in_operations: usize = document
        .operations
        .iter()
        .map(|(_, operation)| aliases_in(&operation.node.selection_set))
        .sum();
    let in_fragments: usize = document
        .fragments
        .values()
        .map(|fragment| aliases_in(&fragment.node.selection_set))
        .sum();
    in_operations + in_fragments
}

fn aliases_in(set: &Positioned<SelectionSet>) -> usize {
    set.node
        .items
        .iter()
        .map(|selection| match &selection.node {
            Selection::Field(field) => {
                usize::from(field.node.alias.is_some()) + aliases_in(&field.node.selection_set)
            }
            Selection::InlineFragment(fragment) => aliases_in(&fragment.node.selection_set),
            Selection::FragmentSpread(_) => 0,
        })
        .sum()
}

/// Root fields of the operation, through fragments spread or inlined at the root; a
/// fragment that spreads itself is followed once.
fn count_root_fields(document: &ExecutableDocument, set: &Positioned<SelectionSet>) -> usize {
    fn walk<'a>(
        document: &'a ExecutableDocument,
        set: &'a Positioned<SelectionSet>,
        seen: &mut HashSet<&'a Name>,
    ) -> usize {
        set.node
            .items
            .iter()
            .map(|selection| match &selection.node {
                Selection::Field(_) => 1,
                Selection::InlineFragment(fragment) => {
                    walk(document, &fragment.node.selection_set, seen)
                }
                Selection::FragmentSpread(spread) => {
                    let name = &spread.node.fragment_name.node;
                    match document.fragments.get(name) {
                        Some(fragment) if seen.insert(name) => {
                            walk(document, &fragment.node.selection_set, seen)
                        }
                        _ => 0,
                    }
                }
            })
            .sum()
    }
    walk(document, set, &mut HashSet::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits() -> Limits {
        Limits {
            max_aliases: 2,
            max_root_fields: 3,
            ..Limits::default()
        }
    }

    fn code(query: &str, allowed: Allowed) -> Option<String> {
        let mut request = Request::new(query);
        check(&mut request, &limits(), allowed)
            .err()
            .map(|response| {
                let error = &response.errors[0];
                let ext = error.extensions.as_ref().unwrap();
                format!("{}: {}", ext.get("code").unwrap(), error.message)
            })
    }

    #[test]
    fn aliases_are_counted_in_operations_and_fragments() {
        assert_eq!(code("{ a: states { b: totalCount } }", Allowed::Any), None);
        assert_eq!(
            code(
                "{ a: states { ...F } } fragment F on StateConnection { b: totalCount c: totalCount }",
                Allowed::Any
            )
            .as_deref(),
            Some("\"QUERY_TOO_COMPLEX\": Query has 3 aliases; at most 2 are allowed.")
        );
    }

    #[test]
    fn root_fields_are_counted_through_fragments() {
        assert_eq!(code("{ a b c }", Allowed::Any), None);
        assert_eq!(
            code(
                "{ a ...F ... on Query { d } } fragment F on Query { b c ...F }",
                Allowed::Any
            )
            .as_deref(),
            Some("\"QUERY_TOO_COMPLEX\": Query selects 4 root fields; at most 3 are allowed.")
        );
    }

    #[test]
    fn only_queries_pass_when_only_queries_are_allowed() {
        assert_eq!(code("query { a }", Allowed::QueriesOnly), None);
        assert_eq!(
            code("mutation { a }", Allowed::QueriesOnly).as_deref(),
            Some("\"METHOD_NOT_ALLOWED\": a mutation cannot be sent with GET; send it with POST")
        );
        assert_eq!(
            code("query A { a } subscription B { b }", Allowed::QueriesOnly),
            None,
            "without an operation name the choice is left to validation"
        );
        assert_eq!(code("mutation { a }", Allowed::Any), None);
        let mut request = Request::new("{ a { ... on A { __type(name: \"A\") { name } } } }");
        let closed = Limits {
            introspection: false,
            ..Limits::default()
        };
        let refusal = check(&mut request, &closed, Allowed::Any).unwrap_err();
        assert_eq!(
            refusal.errors[0].extensions.as_ref().unwrap().get("code"),
            Some(&async_graphql::Value::from("INTROSPECTION_DISABLED"))
        );
        let mut request = Request::new("{ __typename }");
        assert!(check(&mut request, &closed, Allowed::Any).is_ok());
    }

    #[test]
    fn oversized_pages_are_refused_literal_or_variable() {
        assert_eq!(
            code(
                "{ states(first: 100) { nodes { reviews(last: 0) { totalCount } } } }",
                Allowed::Any
            ),
            None
        );
        assert!(code(
            "{ states { nodes { reviews(last: 101) { totalCount } } } }",
            Allowed::Any
        )
        .unwrap()
        .starts_with("\"BAD_USER_INPUT\": `last` must be between 0 and 100, not 101"));
        let mut request = Request::new("query Q($n: Int) { states(first: $n) { totalCount } }")
            .variables(Variables::from_json(serde_json::json!({ "n": -1 })));
        assert!(check(&mut request, &limits(), Allowed::Any).is_err());
        assert_eq!(
            code("{ a", Allowed::Any).map(|c| c.starts_with("\"BAD_USER_INPUT\"")),
            Some(true)
        );
    }

    #[test]
    fn each_list_has_its_own_limit() {
        // Statistics take up to 1000 groups, at the root, on a state, and through fragments.
        assert_eq!(
            code(
                "{ recommendationStats(groupBy: [], first: 1000) { count } }",
                Allowed::Any
            ),
            None
        );
        assert_eq!(
            code(
                "{ state(code: \"ISR\") { ...S } } fragment S on State { aidTotals(first: 1000) { flows } }",
                Allowed::Any
            ),
            None
        );
        assert!(code(
            "{ aidTotals(groupBy: [], first: 1001) { flows } }",
            Allowed::Any
        )
        .unwrap()
        .starts_with("\"BAD_USER_INPUT\": `first` must be between 1 and 1000 groups, not 1001"));
        assert!(code(
            "{ recommendationStats(groupBy: [], first: 0) { count } }",
            Allowed::Any
        )
        .unwrap()
        .contains("not 0"));
        // Pages stay at 100, also inside an inline fragment on an interface's type.
        assert!(code(
            "{ node(id: \"x\") { ... on State { reviews(first: 1000) { totalCount } } } }",
            Allowed::Any
        )
        .unwrap()
        .contains("`first` must be between 0 and 100, not 1000"));
        // A field the schema does not have is left to validation.
        assert_eq!(code("{ nothing(first: 5000) }", Allowed::Any), None);
    }
}
