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
//! - `UNAVAILABLE` (the database is down) gets 503 and `TIMEOUT` 504.
//! - Automatic persisted queries (APQ) resolve `extensions.persistedQuery`.
//! - An answer without errors is kept in memory under its request and the data version
//!   (`cache.rs`), and a repeated request is answered from there. A successful GET is
//!   cacheable: `Cache-Control: public, max-age=…` and an `ETag` named by the same
//!   key, so `If-None-Match` with that tag gets 304 before anything runs.

use std::{sync::Arc, time::Duration};

use actix_web::{
    http::{header, Method, StatusCode},
    web::{self, Bytes},
    HttpMessage, HttpRequest, HttpResponse,
};
use async_graphql::{Request, Variables};
use futures_util::StreamExt as _;
use serde_json::{json, Map, Value};
use uprgraph_graphql::{run, Allowed, Limits, UprSchema};
use uprgraph_store::{DataVersionWatch, Store};

use super::{
    apq::{PersistedQueries, Resolved},
    cache::{Key, ResponseCache},
    health::Health,
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
    pub persisted: Arc<PersistedQueries>,
    pub max_body_bytes: usize,
    pub max_batch_size: usize,
    pub timeout: Duration,
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
}

impl Answer {
    /// A refusal before any GraphQL ran: one error with a code and no `data`.
    fn refused(status: StatusCode, code: &str, message: impl Into<String>) -> Self {
        let body =
            json!({ "errors": [{ "message": message.into(), "extensions": { "code": code } }] });
        Self {
            status,
            body: Bytes::from(body.to_string()),
            cacheable: false,
            etag: None,
            allow: None,
        }
    }

    /// A successful answer to a query, which may be cached under `key`.
    fn cached(body: Bytes, key: Option<Key>, may_cache: bool) -> Self {
        Self {
            status: StatusCode::OK,
            body,
            cacheable: may_cache,
            etag: key.map(|key| key.etag()),
            allow: None,
        }
    }
}

/// `GET /graphql`.
pub async fn get(request: HttpRequest, service: web::Data<Arc<GraphqlService>>) -> HttpResponse {
    let Some(ty) = acceptable(&request) else {
        return not_acceptable();
    };
    let answer = match params_from_url(request.query_string()) {
        Ok(params) => {
            service
                .run(params, Allowed::QueriesOnly, ty, &request)
                .await
        }
        Err(message) => Answer::refused(StatusCode::BAD_REQUEST, "BAD_REQUEST", message),
    };
    write(&request, ty, answer, service.cache_max_age)
}

/// `POST /graphql`.
pub async fn post(
    request: HttpRequest,
    payload: web::Payload,
    service: web::Data<Arc<GraphqlService>>,
) -> HttpResponse {
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
        let answer = Answer::refused(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "UNSUPPORTED_MEDIA_TYPE",
            message,
        );
        return write(&request, ty, answer, 0);
    }
    let body = match read_body(&request, payload, service.max_body_bytes).await {
        Ok(body) => body,
        Err(answer) => return write(&request, ty, answer, 0),
    };
    let answer = match serde_json::from_slice::<Value>(&body) {
        _ if body.is_empty() => Answer::refused(
            StatusCode::BAD_REQUEST,
            "BAD_REQUEST",
            "the request body is empty; send a JSON object with a `query`",
        ),
        Err(e) => Answer::refused(
            StatusCode::BAD_REQUEST,
            "BAD_REQUEST",
            format!("the request body is not JSON: {e}"),
        ),
        Ok(Value::Array(items)) => service.run_batch(items, ty, &request).await,
        Ok(value) => match params_from_json(value) {
            Ok(params) => service.run(params, Allowed::Any, ty, &request).await,
            Err(message) => Answer::refused(StatusCode::BAD_REQUEST, "BAD_REQUEST", message),
        },
    };
    write(&request, ty, answer, 0)
}

/// Any other method on `/graphql`.
pub async fn other_method() -> HttpResponse {
    HttpResponse::MethodNotAllowed()
        .insert_header((header::ALLOW, "GET, POST"))
        .json(json!({ "errors": [{ "message": "use GET or POST", "extensions": { "code": "METHOD_NOT_ALLOWED" } }] }))
}

impl GraphqlService {
    async fn run_batch(
        &self,
        items: Vec<Value>,
        ty: ResponseType,
        request: &HttpRequest,
    ) -> Answer {
        if self.max_batch_size == 0 {
            return Answer::refused(
                StatusCode::BAD_REQUEST,
                "BATCHING_DISABLED",
                "this server does not take batches; send one operation per request",
            );
        }
        if items.is_empty() || items.len() > self.max_batch_size {
            return Answer::refused(
                StatusCode::BAD_REQUEST,
                "BATCH_TOO_LARGE",
                format!(
                    "a batch holds 1 to {} operations; this one holds {}",
                    self.max_batch_size,
                    items.len()
                ),
            );
        }
        let mut body = Vec::from(&b"["[..]);
        for (i, item) in items.into_iter().enumerate() {
            let answer = match params_from_json(item) {
                Ok(params) => self.run(params, Allowed::Any, ty, request).await,
                Err(message) => Answer::refused(StatusCode::BAD_REQUEST, "BAD_REQUEST", message),
            };
            if i > 0 {
                body.push(b',');
            }
            body.extend_from_slice(&answer.body);
        }
        body.push(b']');
        Answer {
            status: StatusCode::OK,
            body: Bytes::from(body),
            cacheable: false,
            etag: None,
            allow: None,
        }
    }

    /// Runs one operation, or answers it from the cache of answers.
    async fn run(
        &self,
        params: Params,
        allowed: Allowed,
        ty: ResponseType,
        http: &HttpRequest,
    ) -> Answer {
        let operation = params.operation_name.as_deref();
        let query = match self
            .persisted
            .resolve(params.query.as_deref(), params.extensions.as_ref())
        {
            Ok(Resolved::Query(query)) => query,
            Ok(Resolved::NotPersisted) => match &params.query {
                Some(query) => query.clone(),
                None => {
                    return Answer::refused(
                        StatusCode::BAD_REQUEST,
                        "BAD_REQUEST",
                        "the request has no `query`",
                    )
                }
            },
            Err(e) => {
                record(http, operation, &[e.code()]);
                // Apollo's clients read these from a 200 and retry with the query.
                let status = match e {
                    super::apq::ApqError::NotFound | super::apq::ApqError::NotSupported => {
                        StatusCode::OK
                    }
                    _ => StatusCode::BAD_REQUEST,
                };
                return Answer::refused(status, e.code(), e.to_string());
            }
        };
        let may_cache = allowed == Allowed::QueriesOnly;
        // The answer is named by the request and the data version, when the version is
        // known: a client holding that name has the answer, and the cache may too.
        let key = match self.version.current().await {
            Some(version) => Some(Key::new(
                &query,
                operation,
                params.variables.as_ref(),
                version,
            )),
            None => None,
        };
        if let Some(key) = &key {
            if may_cache && client_has(http, &key.etag()) {
                record(http, operation, &[]);
                return Answer::cached(Bytes::new(), Some(*key), true);
            }
            if let Some(body) = self.answers.get(key) {
                record(http, operation, &[]);
                return Answer::cached(body, Some(*key), may_cache);
            }
        }
        if !self.health.is_up() {
            record(http, operation, &["UNAVAILABLE"]);
            return Answer::refused(
                StatusCode::SERVICE_UNAVAILABLE,
                "UNAVAILABLE",
                "the database is unavailable; try again shortly",
            );
        }
        let mut request = Request::new(query);
        request.operation_name = params.operation_name.clone();
        if let Some(variables) = params.variables {
            request = request.variables(Variables::from_json(Value::Object(variables)));
        }
        // The deadline covers the checks and the validation as well as the execution.
        let running = run(&self.schema, &self.store, request, &self.limits, allowed);
        match tokio::time::timeout(self.timeout, running).await {
            Ok(response) => self.answer(http, operation, response, ty, key, may_cache),
            Err(_) => {
                record(http, operation, &["TIMEOUT"]);
                Answer::refused(
                    StatusCode::GATEWAY_TIMEOUT,
                    "TIMEOUT",
                    format!(
                        "the request ran longer than {} ms and was stopped",
                        self.timeout.as_millis()
                    ),
                )
            }
        }
    }

    /// The status and body for a GraphQL response; an answer without errors is kept
    /// under `key` for the requests that follow.
    fn answer(
        &self,
        http: &HttpRequest,
        operation: Option<&str>,
        response: uprgraph_graphql::Answer,
        ty: ResponseType,
        key: Option<Key>,
        may_cache: bool,
    ) -> Answer {
        let codes = response.codes();
        record(
            http,
            operation,
            &codes.iter().map(String::as_str).collect::<Vec<_>>(),
        );
        if codes.iter().any(|c| c == "UNAVAILABLE") {
            self.health.suspect();
        }
        let body = Bytes::from(response.to_bytes());
        if response.errors.is_empty() {
            if let Some(key) = key {
                self.answers.insert(key, body.clone());
            }
            return Answer::cached(body, key, may_cache);
        }
        // A request error stops the request before it runs: it has no data.
        let status = if response.data.is_none() {
            match codes.first().map(String::as_str) {
                Some("METHOD_NOT_ALLOWED") => StatusCode::METHOD_NOT_ALLOWED,
                Some("UNAVAILABLE") => StatusCode::SERVICE_UNAVAILABLE,
                _ if ty == ResponseType::GraphqlResponseJson => StatusCode::BAD_REQUEST,
                _ => StatusCode::OK,
            }
        } else {
            StatusCode::OK
        };
        Answer {
            status,
            body,
            cacheable: false,
            etag: None,
            allow: (status == StatusCode::METHOD_NOT_ALLOWED).then_some("POST"),
        }
    }
}

/// Leaves what the request did for the request log and the metrics.
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
        .json(json!({ "errors": [{
            "message": "this server answers in application/graphql-response+json or application/json",
            "extensions": { "code": "NOT_ACCEPTABLE" } }] }))
}

async fn read_body(
    request: &HttpRequest,
    mut payload: web::Payload,
    limit: usize,
) -> Result<web::BytesMut, Answer> {
    let too_large = || {
        Answer::refused(
            StatusCode::PAYLOAD_TOO_LARGE,
            "REQUEST_TOO_LARGE",
            format!("the request body is over {limit} bytes"),
        )
    };
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > limit) {
        return Err(too_large());
    }
    let mut body = web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|e| {
            Answer::refused(
                StatusCode::BAD_REQUEST,
                "BAD_REQUEST",
                format!("cannot read the request body: {e}"),
            )
        })?;
        if body.len() + chunk.len() > limit {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
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
