//! The `uprgraph` command: serve the GraphQL API, or print its schema.

use clap::{Parser, Subcommand};
use tracing_subscriber::EnvFilter;
use uprgraph::{
    import::{self, ImportArgs},
    server::Application,
    settings::{DatabaseSettings, ServerSettings},
};

/// uprgraph: a GraphQL data server for the UN Universal Periodic Review and the aid
/// flows between states.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Migrate the database (loading the reference data) and serve GraphQL and GraphiQL.
    Serve {
        #[command(flatten)]
        database: DatabaseSettings,
        #[command(flatten)]
        server: ServerSettings,
    },
    /// Import files (UPR recommendations or aid figures) into the database, all or nothing.
    Import(ImportArgs),
    /// Print the GraphQL schema (SDL), as committed in `schema.graphql`.
    Schema,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    match cli.command {
        Command::Serve { database, server } => {
            tracing_subscriber::fmt()
                .with_env_filter(
                    EnvFilter::try_from_env("UPRGRAPH_LOG")
                        .unwrap_or_else(|_| EnvFilter::new("info")),
                )
                .init();
            let app = Application::build(&database, &server).await?;
            let host = match server.listen.ip() {
                ip if ip.is_unspecified() => "127.0.0.1".to_owned(),
                ip => ip.to_string(),
            };
            println!("uprgraph is serving GraphiQL at http://{host}:{}/ and GraphQL at http://{host}:{}/graphql", app.port(), app.port());
            println!("database: {}", redact(&database.database_url));
            app.run_until_stopped().await?;
        }
        Command::Import(args) => {
            if !import::run(args).await? {
                std::process::exit(1);
            }
        }
        Command::Schema => print!("{}", uprgraph_graphql::sdl()),
    }
    Ok(())
}

/// Hides a password in a database URL before it is printed.
fn redact(url: &str) -> String {
    match (url.find("://"), url.find('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let credentials = &url[scheme + 3..at];
            match credentials.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}
