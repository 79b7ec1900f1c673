//! uprgraph's settings: built-in defaults, overridden by `UPRGRAPH_*` environment
//! variables, overridden by command-line flags. Read once in `main`, passed down.

use std::net::SocketAddr;

use clap::Args;

/// Where the data lives.
#[derive(Debug, Clone, Args)]
pub struct DatabaseSettings {
    /// Database URL: `sqlite://FILE?mode=rwc` (embedded, the default) or
    /// `postgres://USER@HOST:PORT/DB`.
    #[arg(
        long,
        env = "UPRGRAPH_DATABASE_URL",
        default_value = "sqlite://uprgraph.db?mode=rwc"
    )]
    pub database_url: String,

    /// Most connections the pool opens.
    #[arg(long, env = "UPRGRAPH_MAX_CONNECTIONS", default_value_t = 8, value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub max_connections: u32,
}

/// How the server listens.
#[derive(Debug, Clone, Args)]
pub struct ServerSettings {
    /// Address and port to listen on; port 0 picks a free one.
    #[arg(long, env = "UPRGRAPH_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,

    /// HTTP worker threads; 0 means one per core.
    #[arg(long, env = "UPRGRAPH_WORKERS", default_value_t = 0)]
    pub workers: usize,

    /// How deeply a query's fields may nest.
    #[arg(long, env = "UPRGRAPH_MAX_DEPTH", default_value_t = 15, value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub max_depth: u32,

    /// The most a query may cost: 1 a field, and a list's items times the page size asked for.
    #[arg(long, env = "UPRGRAPH_MAX_COMPLEXITY", default_value_t = 200_000, value_parser = clap::value_parser!(u32).range(1..))]
    pub max_complexity: u32,
}

impl ServerSettings {
    /// The query limits these settings set.
    pub fn limits(&self) -> uprgraph_graphql::Limits {
        uprgraph_graphql::Limits {
            max_depth: self.max_depth as usize,
            max_complexity: self.max_complexity as usize,
        }
    }
}
