//! The HTTP server: GraphQL at `/graphql` (POST and GET, see [`graphql`]), GraphiQL
//! at `/` with its assets under `/graphiql/` (see [`graphiql`]), the explorer web app at
//! `/explore` (see [`explorer`]), exports at
//! `/export/...`, `/healthz`, `/readyz` and Prometheus metrics at `/metrics` (or on an
//! address of its own, `--metrics-listen`). Every response carries the headers of
//! [`headers::secure`].

mod apq;
mod cache;
mod documents;
mod error_code;
mod explorer;
mod export;
mod graphiql;
mod graphql;
mod headers;
mod health;
mod intake;
mod live;
mod negotiate;
mod observe;

use std::{net::TcpListener, sync::Arc, time::Duration};

use actix_cors::Cors;
use actix_web::{
    dev::Server,
    http::header,
    middleware::{from_fn, Condition},
    web, App, HttpServer,
};
use anyhow::Context as _;
use uprgraph_graphql::build_schema;
use uprgraph_store::Store;

use self::{
    apq::PersistedQueries,
    cache::ResponseCache,
    documents::{Documents, Trusted},
    graphql::GraphqlService,
    intake::Intake,
    live::Subscriptions,
    observe::Metrics,
};
pub use self::{explorer::PATH as EXPLORER_PATH, health::Health};
use crate::settings::{DatabaseSettings, ServerSettings};

/// The example queries GraphiQL opens with, one tab each.
const EXAMPLES: &[&str] = &[
    include_str!("../examples/01-united-states.graphql"),
    include_str!("../examples/02-israel-boycott.graphql"),
    include_str!("../examples/03-regional-groups.graphql"),
    include_str!("../examples/04-sources.graphql"),
    include_str!("../examples/05-stats.graphql"),
    include_str!("../examples/06-aid-and-recommendations.graphql"),
    include_str!("../examples/07-donors-and-recommenders.graphql"),
    include_str!("../examples/08-search-blockade.graphql"),
    include_str!("../examples/09-sort-and-combine.graphql"),
    include_str!("../examples/10-who-armed-israel.graphql"),
    include_str!("../examples/11-arms-and-recommenders.graphql"),
    include_str!("../examples/12-cite-a-recommendation.graphql"),
    include_str!("../examples/13-every-donor.graphql"),
];

/// A server bound to its port, with its database migrated, not yet running.
pub struct Application {
    port: u16,
    metrics_port: Option<u16>,
    server: Server,
    metrics_server: Option<Server>,
}

impl std::fmt::Debug for Application {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Application")
            .field("port", &self.port)
            .finish_non_exhaustive()
    }
}

impl Application {
    /// Connects to and migrates the database, binds the listeners, waits (a few seconds
    /// at most) for the data version, and makes the servers, not yet running.
    pub async fn build(
        database: &DatabaseSettings,
        settings: &ServerSettings,
    ) -> anyhow::Result<Self> {
        // A bad documents file stops the server before it touches the database.
        let trusted = Trusted::for_settings(settings, EXAMPLES)?;
        let store = database.open_migrated().await?;
        let listeners = Listeners::bind(settings)?;
        let shared = Shared::new(&store, settings);
        let version = store.watch_data_version();
        // Known before the first request, so that the first requests do not each read
        // it at once (SQLite), and the listener's first read (PostgreSQL) is not taken
        // for a request's. Bounded: a server that cannot learn it serves uncached.
        version.known(Duration::from_secs(5)).await;
        let service = Arc::new(GraphqlService {
            schema: build_schema(store.clone(), settings.limits()),
            answers: Arc::clone(&shared.answers),
            version,
            store,
            limits: settings.limits(),
            health: Arc::clone(&shared.health),
            documents: match trusted {
                Some(trusted) => {
                    tracing::info!(
                        documents = trusted.len(),
                        "only the persisted documents run (--documents persisted)"
                    );
                    Documents::Persisted(trusted)
                }
                None => Documents::Any(Arc::clone(&shared.persisted)),
            },
            intake: Arc::clone(&shared.intake),
            max_batch_size: settings.max_batch_size as usize,
            timeout: settings.request_timeout(),
            max_response_bytes: settings.max_response_bytes,
            cache_max_age: settings.cache_max_age,
        });
        let metrics_here = listeners.metrics.is_none();
        let server = api_server(listeners.api, settings, &shared, service, metrics_here)?;
        let metrics_server = listeners
            .metrics
            .map(|listener| metrics_server(listener, settings, &shared))
            .transpose()?;
        Ok(Self {
            port: listeners.port,
            metrics_port: listeners.metrics_port,
            server,
            metrics_server,
        })
    }

    /// The port the server listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The port `/metrics` is served on when it has an address of its own.
    pub fn metrics_port(&self) -> Option<u16> {
        self.metrics_port
    }

    /// Serves until the process receives Ctrl-C or SIGTERM, then finishes in-flight requests.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        match self.metrics_server {
            Some(metrics) => futures_util::try_join!(self.server, metrics).map(|_| ()),
            None => self.server.await,
        }
    }
}

/// The sockets the servers listen on, bound before either runs, with their real ports
/// (a port 0 asked for becomes a free one).
struct Listeners {
    api: TcpListener,
    port: u16,
    /// `/metrics` on an address of its own (`--metrics-listen`), if one is set.
    metrics: Option<TcpListener>,
    metrics_port: Option<u16>,
}

impl Listeners {
    fn bind(settings: &ServerSettings) -> anyhow::Result<Self> {
        let api = TcpListener::bind(settings.listen)
            .with_context(|| format!("cannot listen on {}", settings.listen))?;
        let port = api.local_addr()?.port();
        let metrics = settings
            .metrics_listen
            .map(|address| {
                TcpListener::bind(address)
                    .with_context(|| format!("cannot listen on {address} for metrics"))
            })
            .transpose()?;
        let metrics_port = metrics
            .as_ref()
            .map(|l| l.local_addr().map(|a| a.port()))
            .transpose()?;
        Ok(Self {
            api,
            port,
            metrics,
            metrics_port,
        })
    }
}

/// What the routes share across workers: the database's health, the persisted queries,
/// the answers kept in memory, the bounds on requests coming in, and the metrics of all.
struct Shared {
    health: Arc<Health>,
    persisted: Arc<PersistedQueries>,
    answers: Arc<ResponseCache>,
    intake: Arc<Intake>,
    subscriptions: Arc<Subscriptions>,
    metrics: Arc<Metrics>,
}

impl Shared {
    fn new(store: &Store, settings: &ServerSettings) -> Self {
        let health = Health::new(store.clone());
        let persisted = Arc::new(PersistedQueries::new(
            settings.apq_cache_bytes,
            settings.apq_max_query_bytes as usize,
        ));
        let answers = Arc::new(ResponseCache::new(settings.response_cache_bytes));
        let intake = Intake::new(
            usize::try_from(settings.max_body_bytes).unwrap_or(usize::MAX),
            settings.min_body_rate,
            settings.max_pending_bodies,
            settings.max_url_bytes as usize,
            settings.max_http_connections,
        );
        let subscriptions = Subscriptions::new(
            settings.max_subscriptions as usize,
            Duration::from_secs(settings.subscription_idle_timeout),
        );
        let metrics = Metrics::new(
            store.clone(),
            Arc::clone(&health),
            Arc::clone(&persisted),
            Arc::clone(&answers),
            Arc::clone(&intake),
            Arc::clone(&subscriptions),
        );
        Self {
            health,
            persisted,
            answers,
            intake,
            subscriptions,
            metrics,
        }
    }
}

/// The server of every route (and of `/metrics` when `metrics_here`), on `listener`.
fn api_server(
    listener: TcpListener,
    settings: &ServerSettings,
    shared: &Shared,
    service: Arc<GraphqlService>,
    metrics_here: bool,
) -> anyhow::Result<Server> {
    let page = settings
        .serves_graphiql()
        .then(|| graphiql::page("/graphql", EXAMPLES));
    let explorer_page = explorer::Page::new(settings.serves_graphiql());
    let origins = settings.cors_origins.clone();
    let workers = match settings.workers {
        0 => std::thread::available_parallelism().map_or(1, usize::from),
        n => n,
    };
    let (health, intake, metrics, subscriptions) = (
        Arc::clone(&shared.health),
        Arc::clone(&shared.intake),
        Arc::clone(&shared.metrics),
        Arc::clone(&shared.subscriptions),
    );
    let counted = Arc::clone(&intake);
    let counted_per_worker = intake.connections_per_worker(workers);
    let server = HttpServer::new(move || {
        let mut app = App::new()
            .app_data(web::Data::new(Arc::clone(&service)))
            .app_data(web::Data::new(Arc::clone(&intake)))
            .app_data(web::Data::new(Arc::clone(&health)))
            .app_data(web::Data::new(Arc::clone(&metrics)))
            .app_data(web::Data::new(explorer_page))
            .app_data(web::Data::new(Arc::clone(&subscriptions)))
            .service(
                web::resource("/graphql")
                    .route(
                        web::get()
                            .guard(actix_web::guard::fn_guard(|ctx| {
                                live::is_upgrade(ctx.head())
                            }))
                            .to(live::websocket),
                    )
                    .route(web::get().to(graphql::get))
                    .route(web::post().to(graphql::post))
                    .default_service(web::to(graphql::other_method)),
            )
            .route("/graphql/events", web::get().to(live::events))
            .route("/healthz", web::get().to(health::healthz))
            .route("/readyz", web::get().to(health::readyz))
            .route("/export/{file}", web::get().to(export::export))
            .route(explorer::PATH, web::get().to(explorer::index))
            .route(explorer::ASSET_ROUTE, web::get().to(explorer::asset))
            .route(explorer::APP_ROUTE, web::get().to(explorer::index))
            .route(
                uprgraph_graphql::SCALARS_PAGE,
                web::get().to(graphiql::scalars),
            );
        if metrics_here {
            app = app.route("/metrics", web::get().to(observe::metrics));
        }
        if let Some(page) = &page {
            app = app
                .app_data(web::Data::new(page.clone()))
                .route("/", web::get().to(graphiql::index))
                .route(graphiql::ROUTE, web::get().to(graphiql::asset));
        }
        app.wrap(Condition::new(!origins.is_empty(), cors(&origins)))
            .wrap(from_fn(intake::bounded_url))
            .wrap(from_fn(observe::observe))
            .wrap(from_fn(headers::secure))
    })
    .on_connect(move |_, extensions| counted.count_connection(extensions))
    .workers(workers)
    .max_connections(counted_per_worker)
    .shutdown_timeout(settings.shutdown_timeout)
    // A client that closes its side of the connection has gone: its request is
    // dropped, and with it the statements it would still run.
    .h1_allow_half_closed(false)
    .listen(listener)?;
    Ok(server.run())
}

/// The server of `/metrics` alone, on an address of its own.
fn metrics_server(
    listener: TcpListener,
    settings: &ServerSettings,
    shared: &Shared,
) -> anyhow::Result<Server> {
    let metrics = Arc::clone(&shared.metrics);
    Ok(HttpServer::new(move || {
        App::new()
            .app_data(web::Data::new(Arc::clone(&metrics)))
            .route("/metrics", web::get().to(observe::metrics))
            .wrap(from_fn(headers::secure))
    })
    .workers(1)
    .shutdown_timeout(settings.shutdown_timeout)
    .listen(listener)?
    .run())
}

/// Cross-origin access for the origins listed (`*`: any). A request from another
/// origin is served without CORS headers, so browsers keep its answer from the page
/// that asked, while same-origin pages such as GraphiQL work as before.
fn cors(origins: &[String]) -> Cors {
    let cors = if origins.iter().any(|o| o == "*") {
        Cors::default().allow_any_origin()
    } else {
        origins
            .iter()
            .fold(Cors::default(), |cors, origin| cors.allowed_origin(origin))
    };
    cors.block_on_origin_mismatch(false)
        .allowed_methods(["GET", "POST"])
        .allowed_headers([header::CONTENT_TYPE, header::ACCEPT, header::IF_NONE_MATCH])
        .expose_headers([header::ETAG])
        .max_age(86_400)
}
