//! Checks on a request made before it is validated or run: what kind of operation it
//! selects, whether it introspects a schema whose introspection is off, and the limits
//! of its size and shape (`limits.rs`). A query bomb built from aliases (`a1:
//! state(...) a2: state(...) ...`) or from fragments is cheap to write and to parse; it
//! is refused here, before validation or any SQL statement runs.

use async_graphql::{
    parser::types::{DocumentOperations, ExecutableDocument, OperationType},
    Positioned, Request, Response, ServerError,
};

use crate::{
    error::{self, Code},
    limits, Limits,
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
/// introspection is off, or is over one of `limits` (`limits.rs`: fields with fragments
/// spread, input values with variables substituted, page sizes, aliases, root fields,
/// the bytes of its own text its answer would repeat, depth, complexity). The limits
/// are measured in one walk of the document, in time linear in it, so any document is
/// refused or passed in milliseconds; a document that names no operation to run is still
/// held to the limits of the whole document before validation reads it. The refusal is a
/// response with one coded error: `METHOD_NOT_ALLOWED`, `INTROSPECTION_DISABLED`,
/// `QUERY_TOO_COMPLEX`, or `BAD_USER_INPUT` for a document that does not parse, holds too
/// many values or asks for a page over its size.
#[allow(clippy::result_large_err)]
pub fn check(request: &mut Request, limits: &Limits, allowed: Allowed) -> Result<(), Response> {
    let operation_name = request.operation_name.clone();
    let variables = request.variables.clone();
    let document = match request.parsed_query() {
        Ok(document) => document,
        Err(error) => return Err(refusal(error, Code::BadUserInput)),
    };
    // Without an operation to run (validation says so with its own words), only the
    // limits of the whole document apply.
    let operation = selected_operation(document, operation_name.as_deref());
    if let Some(operation) = operation {
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
            return Err(refusal(error, Code::MethodNotAllowed));
        }
        if allowed == Allowed::QueriesOnly && kind != OperationType::Query {
            let error = ServerError::new(
                format!("a {kind} cannot be sent with GET; send it with POST"),
                Some(operation.pos),
            );
            return Err(refusal(error, Code::MethodNotAllowed));
        }
    }
    let measures = limits::measure(document, operation.map(|o| &o.node), &variables);
    if !limits.introspection && measures.introspects {
        let error = ServerError::new(
            "introspection (`__schema`, `__type`) is turned off on this server; the schema is published as schema.graphql",
            None,
        );
        return Err(refusal(error, Code::IntrospectionDisabled));
    }
    match measures.refusal(limits) {
        Some(error) => Err(Response::from_errors(vec![error])),
        None => Ok(()),
    }
}

fn refusal(error: ServerError, code: Code) -> Response {
    Response::from_errors(vec![error::with_code(error, code)])
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

#[cfg(test)]
mod tests {
    use async_graphql::Variables;

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
    fn a_document_without_an_operation_to_run_is_held_to_its_own_limits() {
        // Validation refuses two operations without a name, but walks every operation's
        // fragments spread before it does: 10^9 fields here.
        let mut doc = String::from("query A { ...F9 } query B { a } fragment F0 on Query { a }");
        for i in 1..10 {
            doc.push_str(&format!(
                " fragment F{i} on Query {{ {} }}",
                format!("...F{} ", i - 1).repeat(10)
            ));
        }
        let refusal = code(&doc, Allowed::Any).unwrap();
        assert!(
            refusal.starts_with("\"QUERY_TOO_COMPLEX\": Query selects"),
            "{refusal}"
        );
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
