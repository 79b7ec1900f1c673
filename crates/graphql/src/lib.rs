//! uprgraph's GraphQL API: the schema, its types and resolvers, connections and
//! batching. Types here wrap store rows and map them to the API's own shapes;
//! every relation is resolved through the request's [`Batcher`].

// async-graphql reads a field's arguments from its resolver's parameters, and
// `#[list_fields]` writes a paged field's `Paged` parameter out as the six Relay
// arguments (`first`, `after`, `last`, `before`, `filter`, `orderBy`) for it: their
// number is the schema's, and no hand-written function takes them.
#![allow(clippy::too_many_arguments)]

mod batch;
mod connection;
mod cost;
mod enums;
mod error;
mod filters;
mod ids;
mod limits;
mod node;
mod order;
mod scalars;
mod shape;
mod typename;
mod types;

use std::sync::Arc;

use async_graphql::{
    EmptyMutation, EmptySubscription, MergedObject, Request, Response, SDLExportOptions, Schema,
};
pub use batch::Batcher;
pub use connection::MAX_PAGE_SIZE;
pub use error::ApiError;
pub(crate) use error::OrApiError;
pub use filters::{aid_flow_filter_from_json, recommendation_filter_from_json};
pub use scalars::SCALARS_PAGE;
pub use shape::{check, Allowed};
use uprgraph_store::Store;

/// The batcher of the request being resolved, shared by its resolvers.
pub(crate) type RequestLoader = Arc<Batcher>;

/// Every root field of the API.
#[derive(MergedObject, Default, Debug)]
pub struct Query(
    types::state::StateQuery,
    types::review::ReviewQuery,
    types::recommendation::RecommendationQuery,
    types::recommendation::StatsQuery,
    types::aid::AidQuery,
    types::aid::AidStatsQuery,
    types::arms::ArmsQuery,
    types::organization::OrganizationQuery,
    types::source::SourceQuery,
    node::NodeQuery,
);

/// uprgraph's schema: read-only for now. It is run only through [`execute`] (or [`run`]),
/// which give a request its batcher and the scheduler that flushes it: async-graphql's own
/// `Schema::execute` would leave every resolver waiting on a batch nobody loads, so the
/// schema is not reachable from outside this crate.
#[derive(Clone)]
pub struct UprSchema {
    schema: Schema<Query, EmptyMutation, EmptySubscription>,
    /// The same types, validating with the depth and complexity limits.
    checker: limits::Checker,
}

impl std::fmt::Debug for UprSchema {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("UprSchema")
    }
}

/// The bounds a query must stay within, checked before it runs, and whether the
/// schema describes itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// How deeply fields may nest.
    pub max_depth: usize,
    /// The most a query may cost: each field costs 1, and a connection field costs
    /// what its items cost times the page size it asks for (`first`/`last`, else 100).
    pub max_complexity: usize,
    /// How many aliases a document may hold, in all its operations and fragments.
    pub max_aliases: usize,
    /// How many fields the operation may select at its root.
    pub max_root_fields: usize,
    /// How many fields a document may select in all, each fragment counted once for
    /// every place it is spread: what validation and execution walk.
    pub max_fields: usize,
    /// How many input values a document's arguments may hold in all, with variables
    /// substituted: every list item, input-object field and scalar counts, so a list
    /// variable used in fifty filters counts fifty times.
    pub max_input_values: usize,
    /// Whether the schema answers `__schema` and `__type`.
    pub introspection: bool,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_depth: 15,
            max_complexity: 200_000,
            max_aliases: 30,
            max_root_fields: 20,
            max_fields: 10_000,
            max_input_values: 2_000,
            introspection: true,
        }
    }
}

/// Builds the schema over a store. Aliases and root fields are counted by [`check`],
/// which the HTTP layer runs first; depth and complexity are checked by the schema's
/// checker (see `limits.rs`) before each request runs.
pub fn build_schema(store: Store, limits: Limits) -> UprSchema {
    let builder = |introspection: bool| {
        let builder = schema_builder();
        if introspection {
            builder
        } else {
            builder.disable_introspection()
        }
    };
    UprSchema {
        schema: builder(limits.introspection).data(store).finish(),
        checker: limits::Checker::new(
            builder(limits.introspection),
            limits.max_depth,
            limits.max_complexity,
        ),
    }
}

fn schema_builder() -> async_graphql::SchemaBuilder<Query, EmptyMutation, EmptySubscription> {
    // No extensions: with none, async-graphql resolves each field directly, without the
    // per-field chain an extension's hooks cost on every scalar of a large answer. The
    // error codes are given in [`execute`] instead.
    Schema::build(Query::default(), EmptyMutation, EmptySubscription)
}

/// The schema in SDL, in the deterministic order `schema.graphql` is committed in:
/// fields, arguments and enum values sorted by name.
pub fn sdl() -> String {
    schema_builder().finish().sdl_with_options(
        SDLExportOptions::new()
            .include_specified_by()
            .sorted_fields()
            .sorted_arguments()
            .sorted_enum_items(),
    )
}

/// Runs a request against the schema. The request gets its own [`Batcher`], and runs
/// under the scheduler that loads each level's batches once the level is idle: this is
/// the only way to execute the schema, since resolvers wait on batches it flushes.
pub async fn execute(schema: &UprSchema, store: &Store, request: impl Into<Request>) -> Response {
    let batcher = Batcher::new(store.clone());
    let mut request = request.into();
    typename::move_typename_directives(&mut request);
    let refused = schema.checker.check(&mut request).await;
    if !refused.is_empty() {
        let mut response = Response::from_errors(refused);
        response.errors.iter_mut().for_each(error::assign_code);
        return response;
    }
    let request = request.data::<RequestLoader>(Arc::clone(&batcher));
    let mut response = batch::Quiescent::new(schema.schema.execute(request), batcher).await;
    // async-graphql answers an operation that ran but selected no field (every field left
    // out by `@skip`/`@include`) with null data, which reads as a request that did not
    // run; the specification's answer is an empty object.
    if response.errors.is_empty() && response.data == async_graphql::Value::Null {
        response.data = async_graphql::Value::Object(Default::default());
    }
    response.errors.iter_mut().for_each(error::assign_code);
    response
}

/// Checks a request against `limits` (see [`check`]) and, when it passes, runs it: the
/// path every request takes from the HTTP layer to its response, so that a deadline put
/// around it covers parsing and checking as well as validation and execution.
pub async fn run(
    schema: &UprSchema,
    store: &Store,
    mut request: Request,
    limits: &Limits,
    allowed: Allowed,
) -> Response {
    if let Err(refusal) = check(&mut request, limits, allowed) {
        return refusal;
    }
    execute(schema, store, request).await
}
