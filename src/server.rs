//! The HTTP server: GraphQL at `/graphql` (POST and GET), GraphiQL at `/`.

use std::net::TcpListener;

use actix_web::{dev::Server, http::header, web, App, HttpResponse, HttpServer};
use anyhow::Context as _;
use async_graphql_actix_web::{GraphQLRequest, GraphQLResponse};
use uprgraph_graphql::{build_schema, execute, UprSchema};
use uprgraph_store::Store;

use crate::settings::{DatabaseSettings, ServerSettings};

/// The example queries GraphiQL opens with, one tab each.
const EXAMPLES: &[&str] = &[
    include_str!("examples/01-united-states.graphql"),
    include_str!("examples/02-israel-boycott.graphql"),
    include_str!("examples/03-regional-groups.graphql"),
    include_str!("examples/04-sources.graphql"),
    include_str!("examples/05-search-blockade.graphql"),
];

/// A server bound to its port, with its database migrated, not yet running.
pub struct Application {
    port: u16,
    server: Server,
}

impl std::fmt::Debug for Application {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Application")
            .field("port", &self.port)
            .finish_non_exhaustive()
    }
}

impl Application {
    /// Connects to and migrates the database, then binds the listener.
    pub async fn build(
        database: &DatabaseSettings,
        settings: &ServerSettings,
    ) -> anyhow::Result<Self> {
        let store = Store::connect(&database.database_url, database.max_connections)
            .await
            .context("cannot open the database")?;
        store
            .migrate()
            .await
            .context("cannot migrate the database")?;
        let listener = TcpListener::bind(settings.listen)
            .with_context(|| format!("cannot listen on {}", settings.listen))?;
        let port = listener.local_addr()?.port();
        let schema = build_schema(store.clone(), settings.limits());
        let page = graphiql_page("/graphql");
        let mut server = HttpServer::new(move || {
            App::new()
                .app_data(web::Data::new(schema.clone()))
                .app_data(web::Data::new(store.clone()))
                .app_data(web::Data::new(page.clone()))
                .route("/graphql", web::post().to(graphql))
                .route("/graphql", web::get().to(graphql))
                .route("/", web::get().to(graphiql))
        })
        .listen(listener)?;
        if settings.workers > 0 {
            server = server.workers(settings.workers);
        }
        Ok(Self {
            port,
            server: server.run(),
        })
    }

    /// The port the server listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Serves until the process receives Ctrl-C or SIGTERM, then finishes in-flight requests.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}

async fn graphql(
    schema: web::Data<UprSchema>,
    store: web::Data<Store>,
    request: GraphQLRequest,
) -> GraphQLResponse {
    execute(&schema, &store, request.into_inner()).await.into()
}

async fn graphiql(page: web::Data<String>) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "text/html; charset=utf-8"))
        .body(page.get_ref().clone())
}

fn graphiql_page(endpoint: &str) -> String {
    let examples = serde_json::to_string(EXAMPLES).unwrap_or_else(|_| "[]".to_owned());
    // Keeps a `</script>` inside an example from closing the page's script.
    let examples = examples.replace("</", "<\\/");
    include_str!("graphiql.html")
        .replace("__EXAMPLES__", &examples)
        .replace("__ENDPOINT__", endpoint)
}
