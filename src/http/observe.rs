//! What the server tells its operators: one log line per request (method, path,
//! status, time, and for GraphQL the operation and error codes) and Prometheus
//! metrics at `/metrics` (requests, latency, GraphQL errors by code, the database
//! pool and statements).

use std::{sync::Arc, time::Instant};

use actix_web::{
    body::MessageBody,
    dev::{ServiceRequest, ServiceResponse},
    http::header,
    middleware::Next,
    web, HttpMessage, HttpResponse,
};
use prometheus_client::{
    collector::Collector,
    encoding::{DescriptorEncoder, EncodeMetric},
    metrics::{
        counter::{ConstCounter, Counter},
        family::Family,
        gauge::ConstGauge,
        histogram::{exponential_buckets, Histogram},
    },
    registry::Registry,
};
use uprgraph_store::Store;

use super::{
    apq::PersistedQueries, cache::ResponseCache, health::Health, intake::Intake,
    live::Subscriptions,
};

type Labels = Vec<(&'static str, String)>;

/// What a GraphQL request did, left in the request's extensions for the log line
/// and the metrics.
#[derive(Debug, Clone, Default)]
pub struct GraphqlOutcome {
    /// The operation's name, if the request gave one.
    pub operation: Option<String>,
    /// The codes of the errors in the response, in order.
    pub error_codes: Vec<String>,
}

/// The server's metrics.
#[derive(Debug)]
pub struct Metrics {
    registry: Registry,
    requests: Family<Labels, Counter>,
    latency: Family<Labels, Histogram>,
    errors: Family<Labels, Counter>,
}

impl Metrics {
    /// Registers every metric; the database's and the caches' are read at each scrape.
    pub fn new(
        store: Store,
        health: Arc<Health>,
        persisted: Arc<PersistedQueries>,
        answers: Arc<ResponseCache>,
        intake: Arc<Intake>,
        subscriptions: Arc<Subscriptions>,
    ) -> Arc<Self> {
        let mut registry = Registry::with_prefix("uprgraph");
        let requests = Family::<Labels, Counter>::default();
        let latency = Family::<Labels, Histogram>::new_with_constructor(
            latency_histogram as fn() -> Histogram,
        );
        let errors = Family::<Labels, Counter>::default();
        registry.register(
            "http_requests",
            "HTTP requests answered, by route, method and status",
            requests.clone(),
        );
        registry.register(
            "http_request_duration_seconds",
            "Time from a request's arrival to its response, by route",
            latency.clone(),
        );
        registry.register(
            "graphql_errors",
            "Errors in GraphQL responses, by code",
            errors.clone(),
        );
        registry.register_collector(Box::new(DatabaseCollector {
            store,
            health,
            persisted,
            answers,
            intake,
            subscriptions,
        }));
        Arc::new(Self {
            registry,
            requests,
            latency,
            errors,
        })
    }

    /// The metrics in Prometheus's text format.
    pub fn render(&self) -> String {
        let mut text = String::new();
        // Writing to a String cannot fail.
        let _ = prometheus_client::encoding::text::encode(&mut text, &self.registry);
        text
    }
}

fn latency_histogram() -> Histogram {
    // 1 ms to about 16 s.
    Histogram::new(exponential_buckets(0.001, 2.0, 15))
}

/// The pool, statement, cache and intake figures, read at each scrape.
#[derive(Debug)]
struct DatabaseCollector {
    store: Store,
    health: Arc<Health>,
    persisted: Arc<PersistedQueries>,
    answers: Arc<ResponseCache>,
    intake: Arc<Intake>,
    subscriptions: Arc<Subscriptions>,
}

impl Collector for DatabaseCollector {
    fn encode(&self, mut encoder: DescriptorEncoder) -> Result<(), std::fmt::Error> {
        let pool = self.store.pool_state();
        let gauges = [
            (
                "database_up",
                "1 while the database is reachable, 0 while it is down",
                i64::from(self.health.is_up()),
            ),
            (
                "database_pool_connections",
                "Connections the pool holds open",
                i64::from(pool.open),
            ),
            (
                "database_pool_idle_connections",
                "Open connections waiting for work",
                i64::from(pool.idle),
            ),
            (
                "database_pool_max_connections",
                "The most connections the pool opens",
                i64::from(pool.max),
            ),
        ];
        let apq = [
            (
                "apq_bytes",
                "Bytes the automatic persisted queries take, as their budget counts them",
                i64::try_from(self.persisted.bytes()).unwrap_or(i64::MAX),
            ),
            (
                "apq_queries",
                "Automatic persisted queries remembered",
                i64::try_from(self.persisted.len()).unwrap_or(i64::MAX),
            ),
        ];
        let cache = self.answers.stats();
        let held = [
            (
                "response_cache_bytes",
                "Bytes of answers the response cache holds, as its budget counts them",
                cache.bytes,
            ),
            (
                "response_cache_entries",
                "Answers the response cache holds",
                cache.entries,
            ),
        ];
        let held = held.map(|(n, h, v)| (n, h, i64::try_from(v).unwrap_or(i64::MAX)));
        let intake = self.intake.stats();
        let coming = [
            (
                "http_connections",
                "HTTP connections open",
                intake.connections,
            ),
            (
                "http_max_connections",
                "The most HTTP connections open at once (--max-http-connections)",
                i64::from(intake.max_connections),
            ),
            (
                "http_pending_bodies",
                "Request bodies being read",
                i64::from(intake.pending_bodies),
            ),
            (
                "http_pending_body_bytes",
                "Bytes of request bodies being read",
                i64::try_from(intake.pending_body_bytes).unwrap_or(i64::MAX),
            ),
        ];
        let live = [
            (
                "subscriptions",
                "Subscriptions open: WebSockets at /graphql and event streams at /graphql/events",
                i64::try_from(self.subscriptions.open()).unwrap_or(i64::MAX),
            ),
            (
                "max_subscriptions",
                "The most subscriptions open at once (--max-subscriptions)",
                i64::try_from(self.subscriptions.max()).unwrap_or(i64::MAX),
            ),
        ];
        for (name, help, value) in gauges
            .into_iter()
            .chain(apq)
            .chain(held)
            .chain(coming)
            .chain(live)
        {
            let metric = ConstGauge::new(value);
            metric.encode(encoder.encode_descriptor(name, help, None, metric.metric_type())?)?;
        }
        let mut cut = encoder.encode_descriptor(
            "http_bodies_cut",
            "Request bodies not read to their end, by reason: busy (past --max-pending-bodies), rate (slower than --min-body-rate), timeout (past the request timeout)",
            None,
            prometheus_client::metrics::MetricType::Counter,
        )?;
        for (reason, count) in intake.cuts {
            let counter = ConstCounter::new(count);
            counter.encode(cut.encode_family(&[("reason", reason.label())])?)?;
        }
        for (name, help, value) in [
            (
                "response_cache_hits",
                "Requests answered from the response cache",
                cache.hits,
            ),
            (
                "response_cache_misses",
                "Requests the response cache could not answer",
                cache.misses,
            ),
            (
                "response_cache_evictions",
                "Answers forgotten to stay within the response cache's budget",
                cache.evictions,
            ),
        ] {
            let counter = ConstCounter::new(value);
            counter.encode(encoder.encode_descriptor(
                name,
                help,
                None,
                counter.metric_type(),
            )?)?;
        }
        let statements = ConstCounter::new(self.store.statements_executed());
        statements.encode(encoder.encode_descriptor(
            "database_statements",
            "SQL statements run by the server's pool",
            None,
            statements.metric_type(),
        )?)?;
        Ok(())
    }
}

/// `GET /metrics`.
pub async fn metrics(metrics: web::Data<Arc<Metrics>>) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        ))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(metrics.render())
}

/// Logs one line per request and counts it.
pub async fn observe(
    request: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let started = Instant::now();
    let metrics = request.app_data::<web::Data<Arc<Metrics>>>().cloned();
    let method = request.method().to_string();
    // Clients can send any token as a method: the metrics' label takes the standard
    // ones only, so that invented methods cannot grow the number of series.
    let method_label = match request.method().as_str() {
        m @ ("GET" | "HEAD" | "POST" | "PUT" | "DELETE" | "CONNECT" | "OPTIONS" | "TRACE"
        | "PATCH") => m.to_owned(),
        _ => "other".to_owned(),
    };
    let path = request.path().to_owned();
    let route = request
        .match_pattern()
        .unwrap_or_else(|| "other".to_owned());
    let response = next.call(request).await?;
    let elapsed = started.elapsed();
    let status = response.status().as_u16();
    let outcome = response
        .request()
        .extensions()
        .get::<GraphqlOutcome>()
        .cloned();
    let millis = elapsed.as_secs_f64() * 1000.0;
    match &outcome {
        Some(outcome) => tracing::info!(
            target: "uprgraph::request",
            method,
            path,
            status,
            ms = format!("{millis:.1}"),
            operation = outcome.operation.as_deref().unwrap_or("-"),
            errors = outcome.error_codes.join(","),
            "request"
        ),
        None => tracing::info!(
            target: "uprgraph::request",
            method,
            path,
            status,
            ms = format!("{millis:.1}"),
            "request"
        ),
    }
    if let Some(metrics) = metrics {
        metrics
            .requests
            .get_or_create(&vec![
                ("route", route.clone()),
                ("method", method_label),
                ("status", status.to_string()),
            ])
            .inc();
        metrics
            .latency
            .get_or_create(&vec![("route", route)])
            .observe(elapsed.as_secs_f64());
        for code in outcome.iter().flat_map(|o| &o.error_codes) {
            metrics
                .errors
                .get_or_create(&vec![("code", code.clone())])
                .inc();
        }
    }
    Ok(response)
}
