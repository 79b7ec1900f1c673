//! The limits a request's document must stay within, all measured in one walk of it
//! before validation reads it.
//!
//! A request goes: parse (once; the parse is kept, and cached by text) → this walk and
//! its limits → validation by async-graphql (the specification's rules, once) → the
//! plan → statements. The walk (`walk.rs`) weighs every operation and fragment
//! definition of the document by every measure at once, each fragment once per context
//! and reused wherever it is spread, so it takes time linear in the document however
//! large the document's expansion; what one field weighs is the schema's (`weigh.rs`).
//! The measures are then compared with the limits in a fixed order, and the first one
//! exceeded refuses the request with its code, before validation walks the expansion
//! and before any statement runs.
//!
//! async-graphql computes a depth and a complexity of its own while it validates; they
//! are not read. Its complexity does not follow the type condition of a named fragment
//! (`node(id: …) { ...F } fragment F on State { reviews(first: 100) { … } }` looked
//! `reviews` up on `Node`, found nothing, and did not multiply the page), while this walk
//! weighs every fragment on the type its condition names.

#[cfg(test)]
mod tests;
mod walk;
mod weigh;

use async_graphql::{
    parser::types::{ExecutableDocument, OperationDefinition},
    ServerError, Variables,
};

use crate::{
    error::{self, Code},
    Limits,
};

/// What a document weighs with a request's variables.
#[derive(Debug, Default)]
pub(crate) struct Measures {
    /// Whether selection sets nest deeper than async-graphql reads them (fields, inline
    /// fragments and spread fragments each a level): the other measures then leave out
    /// what lies below.
    pub too_nested: bool,
    /// Fields selected in all the document's operations and fragment definitions
    /// (validation reads every one of them), a fragment's counted once for every place
    /// it is spread and once for its definition.
    pub fields: u64,
    /// Input values in all the document's arguments, variables substituted: every list
    /// item, input-object field and scalar, so one list variable used in fifty filters
    /// counts fifty times.
    pub values: u64,
    /// Aliases written in the document, each counted once.
    pub aliases: u64,
    /// The first `first` or `last` outside its list's bounds, as the list would say it.
    pub oversized: Option<String>,
    /// Whether the document asks for `__schema` or `__type` anywhere.
    pub introspects: bool,
    /// The fields the operation that runs selects at its root, fragments spread in place
    /// (0 when the document names no operation to run, and so for the three below).
    pub root_fields: u64,
    /// How deeply the operation's fields nest.
    pub depth: u64,
    /// What the operation costs: 1 a field, and a list's items times the page size or
    /// the number of groups it asks for.
    pub complexity: u64,
    /// The bytes of the query's own names and arguments the answer would hold.
    pub echoed: u64,
}

/// Weighs `document` with `variables` (a variable the request did not give counts as its
/// default) and, when there is one, the operation of it that runs.
pub(crate) fn measure(
    document: &ExecutableDocument,
    operation: Option<&OperationDefinition>,
    variables: &Variables,
) -> Measures {
    let mut walk = walk::Walk::new(document, variables);
    let mut measures = Measures::default();
    for (_, definition) in document.operations.iter() {
        let context = walk::Context::root(definition.node.ty);
        let weight = walk.selection_set(&definition.node.selection_set, context);
        measures.count(&weight);
        if operation.is_some_and(|operation| std::ptr::eq(operation, &definition.node)) {
            measures.root_fields = weight.width;
            measures.depth = weight.depth;
            measures.complexity = weight.complexity;
            measures.echoed = weight.echoed;
        }
    }
    for (name, definition) in &document.fragments {
        let context = walk::Context {
            on: definition.node.type_condition.node.on.node.as_str(),
            page: 1,
            search: 0,
        };
        measures.count(&walk.fragment(name, context));
    }
    measures.too_nested = walk.too_nested;
    measures
}

impl Measures {
    /// Adds what one definition of the document weighs to the document's measures.
    fn count(&mut self, weight: &walk::Weight) {
        self.fields = self.fields.saturating_add(weight.fields);
        self.values = self.values.saturating_add(weight.values);
        self.aliases = self.aliases.saturating_add(weight.aliases);
        if self.oversized.is_none() {
            self.oversized.clone_from(&weight.oversized);
        }
        self.introspects |= weight.introspects;
    }

    /// The first limit of `limits` the document is over, as the error that refuses it:
    /// `QUERY_TOO_COMPLEX`, or `BAD_USER_INPUT` for too many input values, a page over its
    /// size or selection sets nested deeper than async-graphql reads. The order is fixed
    /// (nesting, whose refusal the other measures cannot be trusted without; fields,
    /// input values, page sizes, aliases, root fields, echoed bytes, depth, complexity),
    /// so a document over several limits is always refused for the same one.
    pub(crate) fn refusal(&self, limits: &Limits) -> Option<ServerError> {
        if let Some(error) = self.too_nested() {
            return Some(error);
        }
        if self.fields > limits.max_fields as u64 {
            return Some(coded(
                format!(
                    "Query selects {} fields once its fragments are spread; at most {} are allowed.",
                    self.fields, limits.max_fields
                ),
                Code::QueryTooComplex,
            ));
        }
        if self.values > limits.max_input_values as u64 {
            return Some(coded(
                format!(
                    "the arguments hold {} values with the variables in place (each list item and input field counts); at most {} are allowed",
                    self.values, limits.max_input_values
                ),
                Code::BadUserInput,
            ));
        }
        if let Some(message) = &self.oversized {
            return Some(coded(message.clone(), Code::BadUserInput));
        }
        if self.aliases > limits.max_aliases as u64 {
            return Some(coded(
                format!(
                    "Query has {} aliases; at most {} are allowed.",
                    self.aliases, limits.max_aliases
                ),
                Code::QueryTooComplex,
            ));
        }
        if self.root_fields > limits.max_root_fields as u64 {
            return Some(coded(
                format!(
                    "Query selects {} root fields; at most {} are allowed.",
                    self.root_fields, limits.max_root_fields
                ),
                Code::QueryTooComplex,
            ));
        }
        if self.echoed > limits.max_response_bytes {
            return Some(coded(
                format!(
                    "Query would write about {} bytes of its own names and arguments into the answer (keys, highlight markers, ellipses, snippet words and search terms, each written again for every item of the pages above it); an answer holds at most {} bytes.",
                    self.echoed, limits.max_response_bytes
                ),
                Code::QueryTooComplex,
            ));
        }
        self.too_deep_or_complex(limits)
    }

    /// The refusal of a document whose selection sets nest deeper than async-graphql
    /// reads them, in async-graphql's words, which it would refuse before validating.
    fn too_nested(&self) -> Option<ServerError> {
        self.too_nested.then(|| {
            coded(
                format!(
                    "The recursion depth of the query cannot be greater than `{}`",
                    walk::MAX_NESTING
                ),
                Code::BadUserInput,
            )
        })
    }

    /// The refusal of a document nested deeper than async-graphql reads, or whose fields
    /// nest deeper or cost more than `limits` allow.
    pub(crate) fn too_deep_or_complex(&self, limits: &Limits) -> Option<ServerError> {
        if let Some(error) = self.too_nested() {
            return Some(error);
        }
        let message = if self.depth > limits.max_depth as u64 {
            "Query is nested too deep."
        } else if self.complexity > limits.max_complexity as u64 {
            "Query is too complex."
        } else {
            return None;
        };
        Some(coded(message.to_owned(), Code::QueryTooComplex))
    }
}

/// An error with its code.
fn coded(message: String, code: Code) -> ServerError {
    error::with_code(ServerError::new(message, None), code)
}
