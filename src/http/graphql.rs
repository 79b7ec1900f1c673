//! GraphQL over HTTP, as the GraphQL-over-HTTP specification has it.
//!
//! - POST with an `application/json` body (UTF-8), one operation or a batch (a JSON
//!   array, up to `--max-batch-size`); GET with `query`, `operationName`, `variables`
//!   and `extensions` in the URL, for queries only: a mutation over GET gets 405.
//! - The response type follows `Accept`: `application/graphql-response+json` or
//!   `application/json` (also for `*/*` or no `Accept`); anything else gets 406, a
//!   body of another type 415, a body over `--max-body-bytes` 413.
//! - A request that is not well-formed (not JSON, no `query`, a parameter of the
//!   wrong type) gets 400. A document that does not parse or validate, or is over a
//!   limit, gets 400 under `application/graphql-response+json` and 200 under
//!   `application/json`, without a `data` entry. A response with data gets 200.
//! - `UNAVAILABLE` (the database is down) gets 503 and `TIMEOUT` 504. The request's
//!   timeout runs from its start: reading its body (`intake.rs`), every operation of a
//!   batch together, and writing the answer.
//! - Every answer is written within `--max-response-bytes` (a batch's answers together,
//!   through one [`AnswerBudget`]); one that would exceed it is refused with
//!   `RESPONSE_TOO_LARGE` and not sent.
//! - Automatic persisted queries (APQ) resolve `extensions.persistedQuery`; with
//!   `--documents persisted` only the listed documents run, by hash or by text, and any
//!   other is refused with `DOCUMENT_NOT_ALLOWED` (403) before it is parsed
//!   (`documents.rs`), each operation of a batch on its own.
//! - An answer without errors is kept in memory under its request and the data version
//!   (`cache.rs`), and a repeated request is answered from there. A successful GET is
//!   cacheable: `Cache-Control: public, max-age=…` and an `ETag` named by the same key
//!   (which names the database by its data version's stamp) and by the media type it
//!   was written as, so `If-None-Match` with that tag gets 304 before anything runs.

use std::{
    future::Future,
    sync::Arc,
    time::{Duration, Instant},
};

use actix_web::{
    http::{header, Method, StatusCode},
    web::{self, Bytes},
    HttpMessage, HttpRequest, HttpResponse,
};
use async_graphql::{
    parser::types::{DocumentOperations, ExecutableDocument},
    Request, Variables,
};
use serde_json::{Map, Value};
use uprgraph_graphql::{run, Allowed, AnswerBudget, ApiError, Limits, UprSchema};
use uprgraph_store::{DataVersionWatch, Store};

use super::{
    cache::{Kept, Key, ResponseCache},
    documents::Documents,
    error_code::{request_error_status, ErrorCode},
    health::Health,
    intake::{BodyError, Cut, Intake},
    negotiate::{check_body_type, response_type, BodyTypeError, ResponseType},
    observe::GraphqlOutcome,
};

/// Everything the GraphQL endpoint needs, shared by the workers.
pub struct GraphqlService {
    pub schema: UprSchema,
    /// The answers kept in memory, and the data version that keys them.
    pub answers: Arc<ResponseCache>,
    pub version: DataVersionWatch,
    pub store: Store,
    pub limits: Limits,
    pub health: Arc<Health>,
    /// Which documents run: any (with APQ), or only the persisted ones.
    pub documents: Documents,
    pub intake: Arc<Intake>,
    pub max_batch_size: usize,
    pub timeout: Duration,
    pub max_response_bytes: u64,
    pub cache_max_age: u32,
}

impl std::fmt::Debug for GraphqlService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GraphqlService")
            .field("limits", &self.limits)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

/// The parameters of one GraphQL request, from a URL or a JSON body.
#[derive(Debug, Default)]
struct Params {
    query: Option<String>,
    operation_name: Option<String>,
    variables: Option<Map<String, Value>>,
    extensions: Option<Map<String, Value>>,
}

/// A response before it is written: its status, its JSON body and whether it may be
/// cached, with the entity tag that names it when it may.
#[derive(Debug)]
struct Answer {
    status: StatusCode,
    body: Bytes,
    cacheable: bool,
    etag: Option<String>,
    allow: Option<&'static str>,
    /// Whether the connection is closed after it: a body left unread cannot be skipped.
    close: bool,
    /// Whether it is a refusal for the answer's budget (bytes or time), which a batch
    /// takes for the whole batch.
    over_budget: bool,
}

impl Answer {
    /// A refusal before any GraphQL ran, written as `ty`: one error with a code and no
    /// `data`, with the code's status.
    fn refused(code: ErrorCode, ty: ResponseType, message: impl Into<String>) -> Self {
        let body = code.body(message);
        Self {
            status: code.status(ty),
            body: Bytes::from(body.to_string()),
            cacheable: false,
            etag: None,
            allow: None,
            close: false,
            over_budget: false,
        }
    }

    /// A successful answer to a query, which may be cached under `key`, named for `ty`.
    fn cached(body: Bytes, key: Option<Key>, ty: ResponseType, may_cache: bool) -> Self {
        Self {
            status: StatusCode::OK,
            body,
            cacheable: may_cache,
            etag: key.map(|key| key.etag(ty)),
            allow: None,
            close: false,
            over_budget: false,
        }
    }

    /// The refusal of an answer over its budget, in time (`Timeout`) or in bytes (the
    /// budget's only other error, `AnswerTooLarge`).
    fn over(error: ApiError, ty: ResponseType, timeout: Duration) -> Self {
        let mut answer = match error {
            ApiError::Timeout => timed_out(ty, timeout),
            error => Self::refused(ErrorCode::ResponseTooLarge, ty, error.to_string()),
        };
        answer.over_budget = true;
        answer
    }
}

/// The answer to a request whose time ran out.
fn timed_out(ty: ResponseType, timeout: Duration) -> Answer {
    Answer::refused(
        ErrorCode::Timeout,
        ty,
        format!(
            "the request ran longer than {} ms and was stopped",
            timeout.as_millis()
        ),
    )
}

/// `GET /graphql`.
pub async fn get(request: HttpRequest, service: web::Data<Arc<GraphqlService>>) -> HttpResponse {
    let deadline = Instant::now() + service.timeout;
    let Some(ty) = acceptable(&request) else {
        return not_acceptable();
    };
    let answer = match params_from_url(request.query_string()) {
        Ok(params) => {
            let running = service.run(
                params,
                Allowed::QueriesOnly,
                ty,
                &request,
                service.budget(deadline),
            );
            service.within(deadline, &request, ty, running).await
        }
        Err(message) => Answer::refused(ErrorCode::BadRequest, ty, message),
    };
    write(&request, ty, answer, service.cache_max_age)
}

/// `POST /graphql`.
pub async fn post(
    request: HttpRequest,
    payload: web::Payload,
    service: web::Data<Arc<GraphqlService>>,
) -> HttpResponse {
    let deadline = Instant::now() + service.timeout;
    let Some(ty) = acceptable(&request) else {
        return not_acceptable();
    };
    let content_type = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok());
    if let Err(e) = check_body_type(content_type) {
        let message = match e {
            BodyTypeError::Missing => "a POST needs `Content-Type: application/json`".to_owned(),
            BodyTypeError::Unsupported(t) => {
                format!("cannot read a body of type `{t}`; send application/json in UTF-8")
            }
        };
        let answer = Answer::refused(ErrorCode::UnsupportedMediaType, ty, message);
        return write(&request, ty, answer, 0);
    }
    let body = match service
        .intake
        .read_body(&request, payload, deadline, service.timeout)
        .await
    {
        Ok(body) => body,
        Err(e) => return write(&request, ty, body_refused(&request, ty, e), 0),
    };
    let answer = match serde_json::from_slice::<Value>(&body) {
        _ if body.is_empty() => Answer::refused(
            ErrorCode::BadRequest,
            ty,
            "the request body is empty; send a JSON object with a `query`",
        ),
        Err(e) => Answer::refused(
            ErrorCode::BadRequest,
            ty,
            format!("the request body is not JSON: {e}"),
        ),
        Ok(Value::Array(items)) => {
            let running = service.run_batch(items, ty, &request, service.budget(deadline));
            service.within(deadline, &request, ty, running).await
        }
        Ok(value) => match params_from_json(value) {
            Ok(params) => {
                let running =
                    service.run(params, Allowed::Any, ty, &request, service.budget(deadline));
                service.within(deadline, &request, ty, running).await
            }
            Err(message) => Answer::refused(ErrorCode::BadRequest, ty, message),
        },
    };
    write(&request, ty, answer, 0)
}

/// The answer to a body that could not be taken; the connection is closed after it,
/// since the rest of the body is not read.
fn body_refused(http: &HttpRequest, ty: ResponseType, error: BodyError) -> Answer {
    let (code, message) = match error {
        BodyError::TooLarge(limit) => (
            ErrorCode::RequestTooLarge,
            format!("the request body is over {limit} bytes"),
        ),
        BodyError::Broken(e) => (
            ErrorCode::BadRequest,
            format!("cannot read the request body: {e}"),
        ),
        BodyError::Cut { why: Cut::Busy, .. } => (
            ErrorCode::Overloaded,
            "the server is reading as many request bodies as it takes at once; try again shortly"
                .to_owned(),
        ),
        BodyError::Cut {
            why: Cut::Rate,
            received,
            rate,
            ..
        } => (
            ErrorCode::RequestTimeout,
            format!("the request body arrived too slowly ({received} bytes so far); after its first second a body must arrive at {rate} bytes a second or faster"),
        ),
        BodyError::Cut {
            received, timeout, ..
        } => (
            ErrorCode::RequestTimeout,
            format!(
                "the request body had not all arrived ({received} bytes so far) when the request's time ran out, {} ms after it began",
                timeout.as_millis()
            ),
        ),
    };
    record(http, None, &[code.as_str()]);
    let mut answer = Answer::refused(code, ty, message);
    answer.close = true;
    answer
}

/// Any other method on `/graphql`.
pub async fn other_method() -> HttpResponse {
    HttpResponse::MethodNotAllowed()
        .insert_header((header::ALLOW, "GET, POST"))
        .json(ErrorCode::MethodNotAllowed.body("use GET or POST"))
}

impl GraphqlService {
    /// The budget of an answer to a request that must end by `deadline`.
    fn budget(&self, deadline: Instant) -> AnswerBudget {
        AnswerBudget {
            max_bytes: self.max_response_bytes,
            deadline: Some(deadline),
        }
    }

    /// `running`'s answer, or `TIMEOUT` when `deadline` comes first.
    async fn within(
        &self,
        deadline: Instant,
        http: &HttpRequest,
        ty: ResponseType,
        running: impl Future<Output = Answer>,
    ) -> Answer {
        match tokio::time::timeout_at(deadline.into(), running).await {
            Ok(answer) => answer,
            Err(_) => {
                record(http, None, &[ErrorCode::Timeout.as_str()]);
                timed_out(ty, self.timeout)
            }
        }
    }

    /// The operations of a batch, one after the other, their answers written together
    /// within one budget: an answer that does not fit refuses the batch.
    async fn run_batch(
        &self,
        items: Vec<Value>,
        ty: ResponseType,
        request: &HttpRequest,
        budget: AnswerBudget,
    ) -> Answer {
        if self.max_batch_size == 0 {
            return Answer::refused(
                ErrorCode::BatchingDisabled,
                ty,
                "this server does not take batches; send one operation per request",
            );
        }
        if items.is_empty() || items.len() > self.max_batch_size {
            return Answer::refused(
                ErrorCode::BatchTooLarge,
                ty,
                format!(
                    "a batch holds 1 to {} operations; this one holds {}",
                    self.max_batch_size,
                    items.len()
                ),
            );
        }
        let mut body = budget.writer(Vec::new());
        let mut written = body.write_bytes(b"[");
        for (i, item) in items.into_iter().enumerate() {
            let answer = match params_from_json(item) {
                Ok(params) => {
                    let left = budget.less(body.written() + 2);
                    self.run(params, Allowed::Any, ty, request, left).await
                }
                Err(message) => Answer::refused(ErrorCode::BadRequest, ty, message),
            };
            if answer.over_budget {
                return answer;
            }
            if i > 0 {
                written = written.and_then(|()| body.write_bytes(b","));
            }
            written = written.and_then(|()| body.write_bytes(&answer.body));
        }
        written = written.and_then(|()| body.write_bytes(b"]"));
        if let Err(over) = written {
            record(request, None, &[over.code()]);
            return Answer::over(over, ty, self.timeout);
        }
        Answer {
            status: StatusCode::OK,
            body: Bytes::from(body.into_inner()),
            cacheable: false,
            etag: None,
            allow: None,
            close: false,
            over_budget: false,
        }
    }

    /// Runs one operation, or answers it from the cache of answers, within `budget`.
    async fn run(
        &self,
        params: Params,
        allowed: Allowed,
        ty: ResponseType,
        http: &HttpRequest,
        budget: AnswerBudget,
    ) -> Answer {
        let query = match self
            .documents
            .resolve(params.query.as_deref(), params.extensions.as_ref())
        {
            Ok(query) => query,
            Err(refused) => {
                record(
                    http,
                    params.operation_name.as_deref(),
                    &[refused.code.as_str()],
                );
                return Answer::refused(refused.code, ty, refused.message);
            }
        };
        let may_cache = allowed == Allowed::QueriesOnly;
        // The answer is named by the request and the data version, when the version is
        // known: a client holding that name has the answer, and the cache may too.
        let key = self.version.current().await.map(|version| {
            Key::new(
                &query,
                params.operation_name.as_deref(),
                params.variables.as_ref(),
                &version,
            )
        });
        if let Some(key) = &key {
            if may_cache && client_has(http, &key.etag(ty)) {
                record(http, params.operation_name.as_deref(), &[]);
                return Answer::cached(Bytes::new(), Some(*key), ty, true);
            }
            if let Some(kept) = self.answers.get(key) {
                let operation = params
                    .operation_name
                    .as_deref()
                    .or(kept.operation.as_deref());
                if kept.body.len() as u64 > budget.max_bytes {
                    let over = ApiError::AnswerTooLarge(budget.max_bytes);
                    record(http, operation, &[over.code()]);
                    return Answer::over(over, ty, self.timeout);
                }
                record(http, operation, &[]);
                return Answer::cached(kept.body, Some(*key), ty, may_cache);
            }
        }
        if !self.health.is_up() {
            record(
                http,
                params.operation_name.as_deref(),
                &[ErrorCode::Unavailable.as_str()],
            );
            return Answer::refused(
                ErrorCode::Unavailable,
                ty,
                "the database is unavailable; try again shortly",
            );
        }
        let mut request = Request::new(query);
        request.operation_name = params.operation_name.clone();
        if let Some(variables) = params.variables {
            request = request.variables(Variables::from_json(Value::Object(variables)));
        }
        self.schema.reuse_parse(&mut request);
        // The operation the log names: the one asked for, else the document's only one.
        // The parse is kept in the request for what follows.
        let operation = params
            .operation_name
            .or_else(|| request.parsed_query().ok().and_then(only_operation_name));
        let response = run(&self.schema, &self.store, request, &self.limits, allowed).await;
        self.answer(http, operation, response, ty, key, may_cache, budget)
    }

    /// The status and body for a GraphQL response, written within `budget`; an answer
    /// without errors is kept under `key` for the requests that follow.
    #[allow(clippy::too_many_arguments)]
    fn answer(
        &self,
        http: &HttpRequest,
        operation: Option<String>,
        response: uprgraph_graphql::Answer,
        ty: ResponseType,
        key: Option<Key>,
        may_cache: bool,
        budget: AnswerBudget,
    ) -> Answer {
        let mut codes = response.codes();
        if codes
            .iter()
            .any(|c| ErrorCode::parse(c) == Some(ErrorCode::Unavailable))
        {
            self.health.suspect();
        }
        // The plan stops writing an answer that outgrows the budget.
        if let Some(over) = response.over.clone() {
            record_codes(http, operation.as_deref(), &[over.code().to_owned()]);
            return Answer::over(over, ty, self.timeout);
        }
        // A request error stops the request before it runs: it has no data.
        let request_error = response.data.is_none();
        let mut writer = budget.writer(Vec::new());
        let body = match writer.write_bytes(&response.to_bytes()) {
            Ok(()) => Bytes::from(writer.into_inner()),
            Err(over) => {
                codes = vec![over.code().to_owned()];
                record_codes(http, operation.as_deref(), &codes);
                return Answer::over(over, ty, self.timeout);
            }
        };
        record_codes(http, operation.as_deref(), &codes);
        if response.errors.is_empty() {
            if let Some(key) = key {
                self.answers.insert(
                    key,
                    Kept {
                        body: body.clone(),
                        operation: operation.map(Arc::from),
                    },
                );
            }
            return Answer::cached(body, key, ty, may_cache);
        }
        let status = if request_error {
            request_error_status(codes.first().map(String::as_str), ty)
        } else {
            StatusCode::OK
        };
        Answer {
            status,
            body,
            cacheable: false,
            etag: None,
            allow: (status == StatusCode::METHOD_NOT_ALLOWED).then_some("POST"),
            close: false,
            over_budget: false,
        }
    }
}

/// The name of a document's operation when it has exactly one, named.
fn only_operation_name(document: &ExecutableDocument) -> Option<String> {
    match &document.operations {
        DocumentOperations::Multiple(operations) if operations.len() == 1 => {
            operations.keys().next().map(|name| name.to_string())
        }
        _ => None,
    }
}

/// Leaves what the request did for the request log and the metrics.
/// Records a request refused with `code` before any GraphQL ran, for the metrics.
pub(super) fn record_refusal(http: &HttpRequest, code: ErrorCode) {
    record(http, None, &[code.as_str()]);
}

fn record(http: &HttpRequest, operation: Option<&str>, codes: &[&str]) {
    let mut extensions = http.extensions_mut();
    let outcome = extensions.get_or_insert_with(GraphqlOutcome::default);
    if outcome.operation.is_none() {
        outcome.operation = operation.map(str::to_owned);
    }
    outcome
        .error_codes
        .extend(codes.iter().map(|c| (*c).to_owned()));
}

fn record_codes(http: &HttpRequest, operation: Option<&str>, codes: &[String]) {
    record(
        http,
        operation,
        &codes.iter().map(String::as_str).collect::<Vec<_>>(),
    );
}

fn acceptable(request: &HttpRequest) -> Option<ResponseType> {
    let accept = request
        .headers()
        .get_all(header::ACCEPT)
        .filter_map(|v| v.to_str().ok())
        .collect::<Vec<_>>()
        .join(",");
    response_type(Some(accept.as_str()))
}

fn not_acceptable() -> HttpResponse {
    HttpResponse::NotAcceptable()
        .insert_header((header::CONTENT_TYPE, ResponseType::Json.content_type()))
        .json(
            ErrorCode::NotAcceptable.body(
                "this server answers in application/graphql-response+json or application/json",
            ),
        )
}

fn params_from_url(query_string: &str) -> Result<Params, String> {
    let pairs = web::Query::<Vec<(String, String)>>::from_query(query_string)
        .map_err(|e| format!("cannot read the URL's parameters: {e}"))?
        .into_inner();
    let mut params = Params::default();
    for (name, value) in pairs {
        match name.as_str() {
            "query" => params.query = Some(value),
            "operationName" => params.operation_name = Some(value).filter(|v| !v.is_empty()),
            "variables" => params.variables = json_object_param("variables", &value)?,
            "extensions" => params.extensions = json_object_param("extensions", &value)?,
            _ => {}
        }
    }
    Ok(params)
}

fn json_object_param(name: &str, value: &str) -> Result<Option<Map<String, Value>>, String> {
    if value.is_empty() {
        return Ok(None);
    }
    match serde_json::from_str::<Value>(value) {
        Ok(Value::Object(map)) => Ok(Some(map)),
        Ok(Value::Null) => Ok(None),
        Ok(_) => Err(format!("`{name}` must be a JSON object")),
        Err(e) => Err(format!("`{name}` is not JSON: {e}")),
    }
}

fn params_from_json(value: Value) -> Result<Params, String> {
    let Value::Object(mut object) = value else {
        return Err("the request body must be a JSON object with a `query`".to_owned());
    };
    let query = match object.remove("query") {
        None | Some(Value::Null) => None,
        Some(Value::String(q)) => Some(q),
        Some(_) => return Err("`query` must be a string".to_owned()),
    };
    let operation_name = match object.remove("operationName") {
        None | Some(Value::Null) => None,
        Some(Value::String(name)) => Some(name),
        Some(_) => return Err("`operationName` must be a string".to_owned()),
    };
    let mut object_param = |name: &str| match object.remove(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Object(map)) => Ok(Some(map)),
        Some(_) => Err(format!("`{name}` must be an object")),
    };
    let variables = object_param("variables")?;
    let extensions = object_param("extensions")?;
    Ok(Params {
        query,
        operation_name,
        variables,
        extensions,
    })
}

/// Writes an answer, with caching headers for a cacheable GET and 304 when the
/// client's copy is current.
fn write(request: &HttpRequest, ty: ResponseType, answer: Answer, max_age: u32) -> HttpResponse {
    let mut response = HttpResponse::build(answer.status);
    response
        .insert_header((header::CONTENT_TYPE, ty.content_type()))
        .insert_header((header::VARY, "Accept"));
    if answer.close {
        response.force_close();
    }
    if let Some(allow) = answer.allow {
        response.insert_header((header::ALLOW, allow));
    }
    let cacheable = answer.cacheable && request.method() == Method::GET;
    let Some(tag) = answer.etag.filter(|_| cacheable) else {
        response.insert_header((header::CACHE_CONTROL, "no-store"));
        return response.body(answer.body);
    };
    let cache_control = if max_age == 0 {
        "no-cache".to_owned()
    } else {
        format!("public, max-age={max_age}")
    };
    response
        .insert_header((header::CACHE_CONTROL, cache_control))
        .insert_header((header::ETAG, tag.clone()));
    if client_has(request, &tag) {
        return response.status(StatusCode::NOT_MODIFIED).finish();
    }
    response.body(answer.body)
}

/// Whether the request's `If-None-Match` names `tag`.
fn client_has(request: &HttpRequest, tag: &str) -> bool {
    request
        .headers()
        .get_all(header::IF_NONE_MATCH)
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|t| {
            let t = t.trim();
            t == "*" || t.trim_start_matches("W/") == tag
        })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn json_parameters_are_checked() {
        let params = params_from_json(json!({
            "query": "{ a }", "operationName": null, "variables": { "x": 1 }, "extensions": null
        }))
        .unwrap();
        assert_eq!(params.query.as_deref(), Some("{ a }"));
        assert_eq!(params.variables.unwrap()["x"], 1);
        for (bad, message) in [
            (json!({ "query": 0 }), "`query` must be a string"),
            (
                json!({ "query": "{ a }", "variables": "{}" }),
                "`variables` must be an object",
            ),
            (
                json!({ "query": "{ a }", "operationName": 1 }),
                "`operationName` must be a string",
            ),
            (
                json!("{ a }"),
                "the request body must be a JSON object with a `query`",
            ),
        ] {
            assert_eq!(params_from_json(bad).unwrap_err(), message);
        }
    }

    #[test]
    fn url_parameters_are_read() {
        let params =
            params_from_url("query=%7B%20a%20%7D&variables=%7B%22x%22%3A1%7D&operationName=A")
                .unwrap();
        assert_eq!(params.query.as_deref(), Some("{ a }"));
        assert_eq!(params.operation_name.as_deref(), Some("A"));
        assert_eq!(params.variables.unwrap()["x"], 1);
        assert_eq!(
            params_from_url("query=x&variables=%5B%5D").unwrap_err(),
            "`variables` must be a JSON object"
        );
    }
}
