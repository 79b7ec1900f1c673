//! Subscriptions: `Subscription.dataChanged` over WebSocket (`graphql-transport-ws`, and
//! the older `graphql-ws`) at `/graphql`, and the same events as server-sent events at
//! `/graphql/events`, so that a page learns within a second of an import's commit, on
//! any server of the database, that the data changed and what was imported.
//!
//! Both are bounded: at most `--max-subscriptions` connections of the two kinds at once
//! (beyond, `503 OVERLOADED`, counted in `uprgraph_graphql_errors_total`), and a
//! WebSocket from which nothing has come (not even the answer to the server's ping,
//! every 15 seconds) for `--subscription-idle-timeout` seconds is closed. A WebSocket
//! carries subscriptions only: queries go over HTTP, where they are planned and cached.
//! With `--documents persisted`, a WebSocket runs only the listed documents; the events
//! stream runs the server's own.

use std::{
    str::FromStr as _,
    sync::{
        atomic::{AtomicUsize, Ordering},
        Arc,
    },
    time::Duration,
};

use actix_web::{
    http::header::{self, HeaderValue},
    web, HttpRequest, HttpResponse,
};
use async_graphql::{
    http::{WebSocket, WebSocketProtocols, WsMessage},
    BatchRequest, BatchResponse, Data, Executor, Request, Response, ServerError,
};
use futures_util::{stream::BoxStream, StreamExt as _};
use uprgraph_graphql::Live;

use super::{error_code::ErrorCode, graphql::GraphqlService};

/// How often the server pings a WebSocket, and sends a comment down the events stream,
/// so that proxies keep them open and a gone client is noticed.
const HEARTBEAT: Duration = Duration::from_secs(15);

/// How often SQLite's files are looked at for a new data version.
const POLL: Duration = Duration::from_millis(250);

/// The subscription the events stream runs.
const EVENTS: &str =
    "subscription DataChanged { dataChanged { version imported { id name format rowCount importedAt } } }";

/// The open subscription connections and their bounds.
#[derive(Debug)]
pub struct Subscriptions {
    max: usize,
    open: AtomicUsize,
    idle: Duration,
}

/// One open connection, counted until it is dropped.
struct Open(Arc<Subscriptions>);

impl Drop for Open {
    fn drop(&mut self) {
        self.0.open.fetch_sub(1, Ordering::AcqRel);
    }
}

impl Subscriptions {
    /// At most `max` connections, a WebSocket closed after `idle` without a message.
    pub fn new(max: usize, idle: Duration) -> Arc<Self> {
        Arc::new(Self {
            max,
            open: AtomicUsize::new(0),
            idle,
        })
    }

    /// How many connections are open.
    pub fn open(&self) -> usize {
        self.open.load(Ordering::Acquire)
    }

    /// The most connections open at once.
    pub fn max(&self) -> usize {
        self.max
    }

    /// Counts a new connection, or refuses it when as many are open as allowed.
    fn enter(self: &Arc<Self>) -> Option<Open> {
        self.open
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |open| {
                (open < self.max).then_some(open + 1)
            })
            .ok()
            .map(|_| Open(Arc::clone(self)))
    }
}

/// The refusal of a connection over the limit.
fn overloaded(http: &HttpRequest) -> HttpResponse {
    super::graphql::record_refusal(http, ErrorCode::Overloaded);
    HttpResponse::ServiceUnavailable()
        .insert_header((header::RETRY_AFTER, "5"))
        .json(ErrorCode::Overloaded.body(
            "the server holds as many subscriptions as it takes (--max-subscriptions); try again shortly",
        ))
}

/// What runs a WebSocket's operations: subscriptions only, each document resolved as
/// the server's `--documents` says and checked as any request is.
#[derive(Clone)]
struct Subscriber {
    service: Arc<GraphqlService>,
    live: Live,
}

/// One response with one coded error.
fn refused(code: &str, message: String) -> Response {
    let mut error = ServerError::new(message, None);
    error
        .extensions
        .get_or_insert_with(Default::default)
        .set("code", code);
    Response::from_errors(vec![error])
}

impl Executor for Subscriber {
    async fn execute(&self, _: Request) -> Response {
        refused(
            ErrorCode::MethodNotAllowed.as_str(),
            "this connection carries subscriptions: send queries over HTTP to /graphql".to_owned(),
        )
    }

    async fn execute_batch(&self, _: BatchRequest) -> BatchResponse {
        BatchResponse::Single(self.execute(Request::new("")).await)
    }

    fn execute_stream(
        &self,
        mut request: Request,
        _: Option<Arc<Data>>,
    ) -> BoxStream<'static, Response> {
        let extensions = match serde_json::to_value(&request.extensions) {
            Ok(serde_json::Value::Object(map)) => map,
            _ => serde_json::Map::new(),
        };
        let query = (!request.query.is_empty()).then_some(request.query.as_str());
        match self.service.documents.resolve(query, Some(&extensions)) {
            Ok(text) => {
                request.query = text;
                self.service
                    .schema
                    .subscribe(request, &self.service.limits, self.live.clone())
            }
            Err(refusal) => {
                let response = refused(refusal.code.as_str(), refusal.message);
                futures_util::stream::once(async move { response }).boxed()
            }
        }
    }
}

fn live(service: &GraphqlService) -> Live {
    Live {
        store: service.store.clone(),
        version: service.version.clone(),
        poll: POLL,
    }
}

/// Whether a request asks to become a WebSocket.
pub fn is_upgrade(head: &actix_web::dev::RequestHead) -> bool {
    head.headers
        .get(header::UPGRADE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("websocket"))
}

/// `GET /graphql` with `Upgrade: websocket`: a WebSocket speaking the protocol the
/// client names in `Sec-WebSocket-Protocol`.
pub async fn websocket(
    http: HttpRequest,
    body: web::Payload,
    service: web::Data<Arc<GraphqlService>>,
    subscriptions: web::Data<Arc<Subscriptions>>,
) -> actix_web::Result<HttpResponse> {
    let Some(protocol) = http
        .headers()
        .get(header::SEC_WEBSOCKET_PROTOCOL)
        .and_then(|v| v.to_str().ok())
        .and_then(|protocols| {
            protocols
                .split(',')
                .find_map(|p| WebSocketProtocols::from_str(p.trim()).ok())
        })
    else {
        super::graphql::record_refusal(&http, ErrorCode::BadRequest);
        return Ok(HttpResponse::BadRequest().json(ErrorCode::BadRequest.body(
            "name the protocol in Sec-WebSocket-Protocol: graphql-transport-ws (or graphql-ws)",
        )));
    };
    let Some(open) = subscriptions.enter() else {
        return Ok(overloaded(&http));
    };
    let (mut response, mut session, mut messages) = actix_ws::handle(&http, body)?;
    response.headers_mut().insert(
        header::SEC_WEBSOCKET_PROTOCOL,
        HeaderValue::from_static(protocol.sec_websocket_protocol()),
    );
    let subscriber = Subscriber {
        live: live(&service),
        service: Arc::clone(&service),
    };
    let idle = subscriptions.idle;
    actix_web::rt::spawn(async move {
        let _open = open;
        let (to_protocol, from_client) = futures_channel::mpsc::unbounded::<String>();
        let mut protocol_messages = Box::pin(WebSocket::new(subscriber, from_client, protocol));
        let mut heartbeat = tokio::time::interval(HEARTBEAT);
        let mut last_heard = tokio::time::Instant::now();
        let close = loop {
            tokio::select! {
                message = messages.recv() => match message {
                    Some(Ok(actix_ws::Message::Text(text))) => {
                        last_heard = tokio::time::Instant::now();
                        if to_protocol.unbounded_send(text.to_string()).is_err() {
                            break None;
                        }
                    }
                    Some(Ok(actix_ws::Message::Ping(bytes))) => {
                        last_heard = tokio::time::Instant::now();
                        if session.pong(&bytes).await.is_err() {
                            return;
                        }
                    }
                    Some(Ok(actix_ws::Message::Pong(_))) => last_heard = tokio::time::Instant::now(),
                    Some(Ok(actix_ws::Message::Close(reason))) => break reason,
                    Some(Ok(_)) => last_heard = tokio::time::Instant::now(),
                    Some(Err(_)) | None => return,
                },
                out = protocol_messages.next() => match out {
                    Some(WsMessage::Text(text)) => {
                        if session.text(text).await.is_err() {
                            return;
                        }
                    }
                    Some(WsMessage::Close(code, reason)) => {
                        break Some(actix_ws::CloseReason {
                            code: actix_ws::CloseCode::Other(code),
                            description: Some(reason),
                        });
                    }
                    None => break None,
                },
                _ = heartbeat.tick() => {
                    if last_heard.elapsed() > idle {
                        break Some(actix_ws::CloseReason {
                            code: actix_ws::CloseCode::Normal,
                            description: Some("idle: nothing received within --subscription-idle-timeout".to_owned()),
                        });
                    }
                    if session.ping(b"").await.is_err() {
                        return;
                    }
                }
            }
        };
        let _ = session.close(close).await;
    });
    Ok(response)
}

/// `GET /graphql/events`: `Subscription.dataChanged` as server-sent events, one `next`
/// event a change (its data the GraphQL response, as graphql-sse's distinct connections
/// mode writes it), and a comment every 15 seconds.
pub async fn events(
    http: HttpRequest,
    service: web::Data<Arc<GraphqlService>>,
    subscriptions: web::Data<Arc<Subscriptions>>,
) -> HttpResponse {
    let Some(open) = subscriptions.enter() else {
        return overloaded(&http);
    };
    let changes = service
        .schema
        .subscribe(Request::new(EVENTS), &service.limits, live(&service))
        .map(|response| {
            let data = serde_json::to_string(&response).unwrap_or_default();
            format!("event: next\ndata: {data}\n\n")
        });
    let heartbeat = futures_util::stream::unfold((), |()| async {
        tokio::time::sleep(HEARTBEAT).await;
        Some((": still here\n\n".to_owned(), ()))
    });
    // The connection is counted for as long as its stream is held.
    let events = futures_util::stream::select(changes, heartbeat).map(move |event| {
        let _held = &open;
        Ok::<_, actix_web::Error>(web::Bytes::from(event))
    });
    HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "text/event-stream"))
        .insert_header((header::CACHE_CONTROL, "no-cache"))
        .insert_header(("x-accel-buffering", "no"))
        .streaming(Box::pin(
            futures_util::stream::once(async { Ok(web::Bytes::from_static(b": connected\n\n")) })
                .chain(events),
        ))
}
