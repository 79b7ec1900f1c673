//! uprgraph's GraphQL API: the schema, its types and resolvers, connections and
//! batching. Types here wrap store rows and map them to the API's own shapes;
//! every relation is resolved through the request's [`Batcher`].

// async-graphql reads a field's arguments from its resolver's parameters, and
// `#[list_fields]` writes a paged field's `Paged` parameter out as the six Relay
// arguments (`first`, `after`, `last`, `before`, `filter`, `orderBy`) for it: their
// number is the schema's, and no hand-written function takes them.
#![allow(clippy::too_many_arguments)]

mod batch;
mod budget;
mod connection;
mod enums;
mod error;
mod facts;
mod filters;
mod ids;
mod limits;
mod node;
mod order;
mod plan;
mod scalars;
mod shape;
mod sizes;
mod typename;
mod types;
mod validation;

use std::sync::Arc;

use async_graphql::{
    parser::types::ExecutableDocument, EmptyMutation, MergedObject, Request, Response,
    SDLExportOptions, Schema, ServerError,
};
pub use batch::Batcher;
pub use budget::{AnswerBudget, AnswerWriter};
pub use error::ApiError;
pub(crate) use error::OrApiError;
pub use filters::{
    aid_flow_filter_from_json, arms_transfer_filter_from_json, recommendation_filter_from_json,
};
pub use scalars::SCALARS_PAGE;
pub use shape::{check, Allowed};
pub use sizes::MAX_PAGE_SIZE;
pub use types::live::Live;
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
/// which answer a query from its plan, or give a request async-graphql's resolvers run
/// (introspection) its batcher and the scheduler that flushes it; the schema is not
/// reachable from outside this crate.
#[derive(Clone)]
pub struct UprSchema {
    /// The types, which validate requests (and execute those the resolvers answer; see
    /// `validation.rs`).
    schema: Schema<Query, EmptyMutation, types::live::Subscription>,
    /// Documents already parsed and found valid, by their text: a client sends the same
    /// few documents again and again with other variables, and parsing is the slowest of
    /// the steps before the plan (see BENCHMARKS.md). Validation is not cached: it reads
    /// the variables' values (see `validation.rs`).
    documents: moka::sync::Cache<String, Arc<ExecutableDocument>>,
    /// The plans made, kept by document and the values of the variables they read.
    plans: plan::cache::PlanCache,
    /// How many valid documents the plan did not cover.
    unplanned: Arc<std::sync::atomic::AtomicU64>,
    /// The limits the schema was built with: [`execute`] holds documents to their depth
    /// and complexity, and the plan stops writing an answer that outgrows
    /// `max_response_bytes`.
    limits: Limits,
}

impl UprSchema {
    /// How many valid documents the plan did not cover and the resolvers answered (none,
    /// while every field of the schema has its plan).
    pub fn unplanned(&self) -> u64 {
        self.unplanned.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// How many plans were made: a request whose document, operation and variables an
    /// earlier one's plan fits is answered from that plan, without planning.
    pub fn plans_made(&self) -> u64 {
        self.plans.made()
    }

    /// Gives the request its document parsed already, when the same text was parsed and
    /// found valid before, so that it is not parsed again: [`execute`] asks this itself,
    /// the caller of [`run`] (the HTTP layer) before it.
    pub fn reuse_parse(&self, request: &mut Request) {
        if let Some(document) = self.documents.get(&request.query) {
            request.set_parsed_query((*document).clone());
        }
    }
}

impl UprSchema {
    /// The events a subscription asks for (`Subscription.dataChanged`), once its document
    /// passes the checks every request passes ([`check`], then validation). A query or
    /// mutation gets one `METHOD_NOT_ALLOWED` error instead: they are sent over HTTP,
    /// where they are planned, cached and bounded by a deadline.
    pub fn subscribe(
        &self,
        mut request: Request,
        limits: &Limits,
        live: Live,
    ) -> futures_util::stream::BoxStream<'static, Response> {
        use futures_util::StreamExt as _;
        match shape::check(&mut request, limits, Allowed::Subscriptions) {
            Ok(()) => self.schema.execute_stream(request.data(live)),
            Err(refused) => futures_util::stream::once(async move { refused }).boxed(),
        }
    }
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
    /// How deeply fields may nest (`__typename` is not a level).
    pub max_depth: usize,
    /// The most a query may cost: each field costs 1 and what it selects, a connection
    /// field what its items cost times the page size it asks for (`first`/`last`, else
    /// 100), a grouped statistic times its groups (`first`, else 100), `nodes` times its
    /// IDs; fragments are weighed on the type their condition names, and `__typename`
    /// costs nothing.
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
    /// The most bytes an answer may hold: the writer of answers holds every answer to
    /// it ([`AnswerBudget`]), and a query whose own names and arguments would fill it,
    /// written again for each item, is refused before it runs.
    pub max_response_bytes: u64,
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
            max_response_bytes: 16 * 1024 * 1024,
            introspection: true,
        }
    }
}

/// Builds the schema over a store. [`run`] checks a request against the limits it is
/// given; [`execute`] holds a document to the depth and complexity of `limits`.
pub fn build_schema(store: Store, limits: Limits) -> UprSchema {
    let builder = schema_builder();
    let builder = if limits.introspection {
        builder
    } else {
        builder.disable_introspection()
    };
    UprSchema {
        schema: builder.data(store).extension(validation::Marks).finish(),
        documents: moka::sync::Cache::builder()
            .weigher(|query: &String, _| u32::try_from(query.len()).unwrap_or(u32::MAX))
            .max_capacity(DOCUMENT_CACHE_BYTES)
            .build(),
        plans: plan::cache::PlanCache::default(),
        unplanned: Arc::default(),
        limits,
    }
}

/// How many bytes of document text the cache of parsed documents keeps (valid documents
/// only; a parsed document takes some ten times its text).
const DOCUMENT_CACHE_BYTES: u64 = 1 << 20;

fn schema_builder() -> async_graphql::SchemaBuilder<Query, EmptyMutation, types::live::Subscription>
{
    Schema::build(Query::default(), EmptyMutation, types::live::Subscription)
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

/// The answer to one GraphQL request: its `data` as JSON bytes, in the order the query
/// selected, and its errors.
#[derive(Debug)]
pub struct Answer {
    /// The `data` member: `None` when the request was refused before it ran (it did not
    /// parse, validate or pass a limit), so the answer has no `data` at all.
    pub data: Option<Vec<u8>>,
    /// The errors, each with its code.
    pub errors: Vec<ServerError>,
    /// Why the answer was not written to the end: it outgrew its budget of bytes. There
    /// is then no answer to send, only this refusal.
    pub over: Option<ApiError>,
}

impl Answer {
    /// A request refused before it ran.
    pub fn refused(errors: Vec<ServerError>) -> Self {
        let mut answer = Self {
            data: None,
            errors,
            over: None,
        };
        answer.errors.iter_mut().for_each(error::assign_code);
        answer
    }

    /// The answer to a request async-graphql's resolvers ran. A response without data
    /// whose errors have no path was refused before it ran.
    fn from_response(mut response: Response) -> Self {
        response.errors.iter_mut().for_each(error::assign_code);
        let refused = response.data == async_graphql::Value::Null
            && !response.errors.is_empty()
            && response.errors.iter().all(|e| e.path.is_empty());
        if refused {
            return Self {
                data: None,
                errors: response.errors,
                over: None,
            };
        }
        // async-graphql answers an operation that ran but selected no field (every field
        // left out by `@skip`/`@include`) with null data, which reads as a request that
        // did not run; the specification's answer is an empty object.
        if response.errors.is_empty() && response.data == async_graphql::Value::Null {
            response.data = async_graphql::Value::Object(Default::default());
        }
        Self {
            data: Some(serde_json::to_vec(&response.data).unwrap_or_else(|_| b"null".to_vec())),
            errors: response.errors,
            over: None,
        }
    }

    /// The response body: `{"data":…,"errors":[…]}`, without `data` for a request that
    /// did not run and without `errors` when there are none.
    pub fn to_bytes(&self) -> Vec<u8> {
        let data = self.data.as_deref().unwrap_or_default();
        let mut body = Vec::with_capacity(data.len() + 32);
        body.push(b'{');
        if let Some(data) = &self.data {
            body.extend_from_slice(b"\"data\":");
            body.extend_from_slice(data);
        }
        if !self.errors.is_empty() {
            if self.data.is_some() {
                body.push(b',');
            }
            body.extend_from_slice(b"\"errors\":");
            // Errors are messages, places, paths and codes: they always serialise.
            let _ = serde_json::to_writer(&mut body, &self.errors);
        }
        body.push(b'}');
        body
    }

    /// The answer as a JSON value.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.to_bytes()).unwrap_or_default()
    }

    /// The code of each error, in order.
    pub fn codes(&self) -> Vec<String> {
        self.errors
            .iter()
            .map(|error| {
                error
                    .extensions
                    .as_ref()
                    .and_then(|e| e.get("code"))
                    .map(|code| match code {
                        async_graphql::Value::String(s) => s.clone(),
                        other => other.to_string(),
                    })
                    .unwrap_or_default()
            })
            .collect()
    }
}

/// Runs a request in process: its document parsed (or its parse reused, see
/// [`UprSchema::reuse_parse`]), held to the depth and complexity limits the schema was
/// built with (measured as [`run`] measures them), validated by async-graphql, then
/// answered from its plan. The other limits [`run`] checks are left out: the resolvers
/// refuse a page over its size themselves. An operation that selects nothing but the
/// schema's introspection is answered by async-graphql's resolvers, which validate and
/// run it at once; one that selects introspection beside data has async-graphql answer
/// those fields alone (see `plan/introspection.rs`).
pub async fn execute(schema: &UprSchema, store: &Store, request: impl Into<Request>) -> Answer {
    let mut request = request.into();
    schema.reuse_parse(&mut request);
    if let Some(refused) = too_deep_or_complex(schema, &mut request) {
        return refused;
    }
    answer(schema, store, request).await
}

/// The refusal of a request whose document nests deeper or costs more than the schema's
/// limits allow; a document that does not parse is left for [`answer`] to report.
fn too_deep_or_complex(schema: &UprSchema, request: &mut Request) -> Option<Answer> {
    let operation_name = request.operation_name.clone();
    let variables = request.variables.clone();
    let document = request.parsed_query().ok()?;
    let operation = shape::selected_operation(document, operation_name.as_deref());
    limits::measure(document, operation.map(|o| &o.node), &variables)
        .too_deep_or_complex(&schema.limits)
        .map(|error| Answer::refused(vec![error]))
}

/// [`execute`] for a request whose document passed the limits: validated, then answered.
async fn answer(schema: &UprSchema, store: &Store, mut request: Request) -> Answer {
    typename::move_typename_directives(&mut request);
    let document = match request.parsed_query() {
        Ok(document) => document.clone(),
        Err(error) => return Answer::refused(vec![error]),
    };
    let query = request.query.clone();
    let variables = request.variables.clone();
    let operation_name = request.operation_name.clone();
    let Some(operation) = shape::selected_operation(&document, operation_name.as_deref()) else {
        // No such operation: async-graphql says so, after validating the document.
        return resolve(schema, store, request).await;
    };
    if plan::introspection::only(&document, &operation.node, &variables) {
        return resolve(schema, store, request).await;
    }
    let mark = validation::ValidateOnly::default();
    let response = schema.schema.execute(request.data(mark.clone())).await;
    if !mark.passed() {
        return Answer::refused(response.errors);
    }
    let plan = schema.plans.plan(
        &query,
        operation_name.as_deref(),
        &document,
        &operation.node,
        &variables,
    );
    if !schema.documents.contains_key(&query) {
        schema.documents.insert(query, Arc::new(document.clone()));
    }
    let plan = match plan {
        Ok(plan) => plan,
        Err(plan::Unplanned) => {
            // Every field of the schema is planned (the differential tests count these);
            // a field added without its plan is answered by its resolver meanwhile.
            schema
                .unplanned
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            tracing::warn!("a valid document the plan does not cover runs through the resolvers");
            let mut request = Request::new(String::new())
                .variables(variables)
                .data(validation::Validated);
            request.operation_name = operation_name;
            request.set_parsed_query(document);
            return resolve(schema, store, request).await;
        }
    };
    let mut introspection_errors = Vec::new();
    let introspected = match plan.introspection() {
        Some(introspection) => {
            // Its fields were validated with the whole document, just now.
            let mut request = Request::new("")
                .variables(variables.clone())
                .data(validation::Validated);
            request.set_parsed_query(introspection.clone());
            let response = schema.schema.execute(request).await;
            introspection_errors = response.errors;
            Some(response.data)
        }
        None => None,
    };
    let written = plan
        .run(store, introspected, schema.limits.max_response_bytes)
        .await;
    let (data, mut errors) = match written {
        Ok(written) => written,
        Err(over) => {
            let mut answer = Answer::refused(vec![over
                .clone()
                .into_graphql()
                .into_server_error(async_graphql::Pos::default())]);
            answer.over = Some(over);
            return answer;
        }
    };
    introspection_errors.iter_mut().for_each(error::assign_code);
    errors.extend(introspection_errors);
    Answer {
        data: Some(data),
        errors,
        over: None,
    }
}

/// Runs a request through async-graphql's resolvers rather than its plan: the
/// reference the plan's answers are held to (the differential tests answer every
/// document both ways and compare), held to the same depth and complexity limits as
/// [`execute`]. Not a path any request of the server takes.
pub async fn execute_resolved(
    schema: &UprSchema,
    store: &Store,
    request: impl Into<Request>,
) -> Answer {
    let mut request = request.into();
    if let Some(refused) = too_deep_or_complex(schema, &mut request) {
        return refused;
    }
    typename::move_typename_directives(&mut request);
    resolve(schema, store, request).await
}

/// Runs a request through async-graphql's resolvers, with its batcher.
async fn resolve(schema: &UprSchema, store: &Store, request: Request) -> Answer {
    let batcher = Batcher::new(store.clone());
    let request = request.data::<RequestLoader>(Arc::clone(&batcher));
    let response = batch::Quiescent::new(schema.schema.execute(request), batcher).await;
    Answer::from_response(response)
}

/// Checks a request against `limits` (see [`check`]) and, when it passes, runs it: the
/// path every request takes from the HTTP layer to its response, so that a deadline put
/// around it covers parsing and checking as well as validation and execution. The
/// request's document is parsed here unless the caller gave it its parse already
/// ([`UprSchema::reuse_parse`]).
pub async fn run(
    schema: &UprSchema,
    store: &Store,
    mut request: Request,
    limits: &Limits,
    allowed: Allowed,
) -> Answer {
    if let Err(refusal) = check(&mut request, limits, allowed) {
        return Answer::refused(refusal.errors);
    }
    answer(schema, store, request).await
}
