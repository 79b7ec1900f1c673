//! The `uprgraph` command: serve the GraphQL API, import data, or print its schema.

use std::{path::PathBuf, process::ExitCode, time::Duration};

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use tracing_subscriber::EnvFilter;
use uprgraph::{
    export::{self, ExportArgs},
    http::Application,
    import::{self, ImportArgs},
    settings::{self, DatabaseSettings, LogFormat, ServerSettings},
};
use uprgraph_store::{redact_secrets, url_password};

/// The allocator of the whole process (see `ARCHITECTURE.md`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// uprgraph: a GraphQL data server for the UN Universal Periodic Review and the aid
/// flows between states.
#[derive(Debug, Parser)]
#[command(version, about, args_override_self = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Migrate the database (loading the reference data) and serve GraphQL and GraphiQL.
    ///
    /// Every setting can also be given as an `UPRGRAPH_*` variable or in a TOML file
    /// (`--config`) whose keys are the flags' names (`max-depth = 20`). Flags override
    /// variables, which override the file, which overrides the defaults.
    Serve {
        /// A TOML file of settings.
        #[arg(long, env = "UPRGRAPH_CONFIG")]
        config: Option<PathBuf>,
        #[command(flatten)]
        database: DatabaseSettings,
        #[command(flatten)]
        server: ServerSettings,
    },
    /// Import files (UPR recommendations or aid figures) into the database, all or nothing.
    Import(ImportArgs),
    /// Export recommendations or aid flows, filtered as in the API, as CSV or JSON lines.
    Export(ExportArgs),
    /// Print the GraphQL schema (SDL), as committed in `schema.graphql`.
    Schema,
}

fn main() -> ExitCode {
    let command = Cli::command();
    let args = match settings::with_config_file(std::env::args_os().collect(), &command) {
        Ok(args) => args,
        Err(e) => {
            // A TOML error quotes the line it stopped at, which may be a database URL.
            eprintln!("error: {}", redact_secrets(&format!("{e:#}"), None));
            return ExitCode::from(2);
        }
    };
    let cli = match command.try_get_matches_from(args) {
        Ok(matches) => Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit()),
        Err(e) => e.exit(),
    };
    let password = cli.database_url().and_then(url_password).map(str::to_owned);
    let ran = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(anyhow::Error::from)
        .and_then(|runtime| runtime.block_on(run(cli)));
    match ran {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // As `main` returning the error would print it, with every password hidden.
            eprintln!(
                "Error: {}",
                redact_secrets(&format!("{e:?}"), password.as_deref())
            );
            ExitCode::FAILURE
        }
    }
}

impl Cli {
    /// The database URL the command was given, if it takes one.
    fn database_url(&self) -> Option<&str> {
        match &self.command {
            Command::Serve { database, .. } => Some(&database.database_url),
            Command::Import(args) => Some(&args.database.database_url),
            Command::Export(args) => Some(args.database_url()),
            Command::Schema => None,
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Serve {
            database, server, ..
        } => {
            init_logging(server.log_format);
            let app = Application::build(&database, &server).await?;
            let host = match server.listen.ip() {
                ip if ip.is_unspecified() => "127.0.0.1".to_owned(),
                ip => ip.to_string(),
            };
            let port = app.port();
            let base = format!("http://{host}:{port}");
            let explorer = uprgraph::http::EXPLORER_PATH;
            if server.serves_graphiql() {
                println!("uprgraph is serving GraphiQL at {base}/, the explorer at {base}{explorer} and GraphQL at {base}/graphql");
            } else {
                println!("uprgraph is serving the explorer at {base}{explorer} and GraphQL at {base}/graphql");
            }
            println!("database: {}", redact_secrets(&database.database_url, None));
            exit_after_stop_timeout(Duration::from_secs(server.shutdown_timeout));
            app.run_until_stopped().await?;
            tracing::info!("stopped");
        }
        Command::Import(args) => {
            if !import::run(args).await? {
                std::process::exit(1);
            }
        }
        Command::Export(args) => {
            export::run(args).await?;
        }
        Command::Schema => print!("{}", uprgraph_graphql::sdl()),
    }
    Ok(())
}

/// Once the process is told to stop, ends it if it has not stopped on its own within
/// `timeout` (and a moment more): the server waits that long for requests in flight,
/// and a stop must never wait longer, whatever a request is doing.
fn exit_after_stop_timeout(timeout: Duration) {
    tokio::spawn(async move {
        stop_signal().await;
        std::thread::spawn(move || {
            std::thread::sleep(timeout + Duration::from_secs(2));
            eprintln!(
                "uprgraph did not stop within its shutdown timeout of {} s; exiting",
                timeout.as_secs()
            );
            std::process::exit(1);
        });
    });
}

/// Ctrl-C, or SIGTERM on Unix.
async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut terminate) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = terminate.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// Logs to standard error, filtered by `UPRGRAPH_LOG` (default `info`).
fn init_logging(format: LogFormat) {
    let filter = EnvFilter::try_from_env("UPRGRAPH_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()));
    match format {
        LogFormat::Text => builder.init(),
        LogFormat::Json => builder
            .json()
            .flatten_event(true)
            .with_current_span(false)
            .init(),
    }
}
