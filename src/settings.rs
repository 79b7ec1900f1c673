//! uprgraph's settings: built-in defaults, overridden by a configuration file
//! (`--config FILE` or `UPRGRAPH_CONFIG`), overridden by `UPRGRAPH_*` environment
//! variables, overridden by command-line flags. Read once in `main`, passed down.

use std::{ffi::OsString, net::SocketAddr, path::PathBuf, time::Duration};

use anyhow::{bail, Context as _};
use clap::{Args, ValueEnum};

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

impl DatabaseSettings {
    /// Connects to the database and migrates it (loading the reference data on a new
    /// one), as every command that reads or writes the data does first.
    pub async fn open_migrated(&self) -> anyhow::Result<uprgraph_store::Store> {
        let store = uprgraph_store::Store::connect(&self.database_url, self.max_connections)
            .await
            .context("cannot open the database")?;
        store
            .migrate()
            .await
            .context("cannot migrate the database")?;
        Ok(store)
    }
}

/// How the server listens, what it accepts and what it reports.
#[derive(Debug, Clone, Args)]
pub struct ServerSettings {
    /// Address and port to listen on; port 0 picks a free one.
    #[arg(long, env = "UPRGRAPH_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,

    /// Serve `/metrics` on this address (and port) only, rather than beside the API, so
    /// that it can stay on a private network.
    #[arg(long, env = "UPRGRAPH_METRICS_LISTEN")]
    pub metrics_listen: Option<SocketAddr>,

    /// HTTP worker threads; 0 means one per core.
    #[arg(long, env = "UPRGRAPH_WORKERS", default_value_t = 0)]
    pub workers: usize,

    /// How deeply a query's fields may nest.
    #[arg(long, env = "UPRGRAPH_MAX_DEPTH", default_value_t = 15, value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub max_depth: u32,

    /// The most a query may cost: 1 a field, and a list's items times the page size asked for.
    #[arg(long, env = "UPRGRAPH_MAX_COMPLEXITY", default_value_t = 200_000, value_parser = clap::value_parser!(u32).range(1..))]
    pub max_complexity: u32,

    /// The most aliases a query document may hold.
    #[arg(long, env = "UPRGRAPH_MAX_ALIASES", default_value_t = 30, value_parser = clap::value_parser!(u32).range(0..=10_000))]
    pub max_aliases: u32,

    /// The most fields an operation may select at its root.
    #[arg(long, env = "UPRGRAPH_MAX_ROOT_FIELDS", default_value_t = 20, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub max_root_fields: u32,

    /// The most fields a query document may select in all, counting a fragment's fields
    /// again for every place it is spread.
    #[arg(long, env = "UPRGRAPH_MAX_FIELDS", default_value_t = 10_000, value_parser = clap::value_parser!(u32).range(1..=10_000_000))]
    pub max_fields: u32,

    /// The most input values a request's arguments may hold in all, variables substituted
    /// (each list item and input-object field counts).
    #[arg(long, env = "UPRGRAPH_MAX_INPUT_VALUES", default_value_t = 2_000, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub max_input_values: u32,

    /// The largest request body accepted, in bytes; a larger one gets 413.
    #[arg(long, env = "UPRGRAPH_MAX_BODY_BYTES", default_value_t = 102_400, value_parser = clap::value_parser!(u64).range(256..=100_000_000))]
    pub max_body_bytes: u64,

    /// The most operations one batched POST (a JSON array) may hold; 0 turns batching off.
    #[arg(long, env = "UPRGRAPH_MAX_BATCH_SIZE", default_value_t = 10, value_parser = clap::value_parser!(u32).range(0..=1000))]
    pub max_batch_size: u32,

    /// How long a request may take, in milliseconds, from its start to its answer: reading
    /// its body, running it (every operation of a batch together) and writing the answer.
    /// Past it, `TIMEOUT` (504), or `REQUEST_TIMEOUT` (408) while the body is still arriving.
    #[arg(long, env = "UPRGRAPH_REQUEST_TIMEOUT_MS", default_value_t = 30_000, value_parser = clap::value_parser!(u64).range(1..=3_600_000))]
    pub request_timeout_ms: u64,

    /// The slowest a request body may arrive, in bytes a second once its first second has
    /// passed: a slower one is cut off with 408 `REQUEST_TIMEOUT`. 0 sets no floor (the
    /// request timeout still bounds it).
    #[arg(long, env = "UPRGRAPH_MIN_BODY_RATE", default_value_t = 1024, value_parser = clap::value_parser!(u32).range(0..=1_000_000_000))]
    pub min_body_rate: u32,

    /// The most request bodies read at once; past it a request with a body gets 503
    /// `OVERLOADED` at once, rather than waiting with its body in memory.
    #[arg(long, env = "UPRGRAPH_MAX_PENDING_BODIES", default_value_t = 256, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub max_pending_bodies: u32,

    /// The most HTTP connections open at once, over all workers; past it new connections
    /// wait to be taken until others close. Each may hold up to a body's bytes (and 32 KiB)
    /// of memory while its request arrives.
    #[arg(long, env = "UPRGRAPH_MAX_HTTP_CONNECTIONS", default_value_t = 256, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub max_http_connections: u32,

    /// The most subscriptions (WebSockets at `/graphql` and event streams at
    /// `/graphql/events`) open at once; beyond, `503 OVERLOADED`. Each is also one of the
    /// `--max-http-connections`.
    #[arg(long, env = "UPRGRAPH_MAX_SUBSCRIPTIONS", default_value_t = 128, value_parser = clap::value_parser!(u32).range(0..=100_000))]
    pub max_subscriptions: u32,

    /// Seconds a subscription WebSocket may stay without anything from its client (not
    /// even the answer to the server's ping, every 15 seconds) before it is closed.
    #[arg(long, env = "UPRGRAPH_SUBSCRIPTION_IDLE_TIMEOUT", default_value_t = 60, value_parser = clap::value_parser!(u64).range(20..=86_400))]
    pub subscription_idle_timeout: u64,

    /// The longest URL (path and query string) taken, in bytes; a longer one gets 414
    /// `URI_TOO_LONG`. At most 65,000: the HTTP layer refuses longer request lines itself.
    #[arg(long, env = "UPRGRAPH_MAX_URL_BYTES", default_value_t = 49_152, value_parser = clap::value_parser!(u32).range(256..=65_000))]
    pub max_url_bytes: u32,

    /// The most bytes one answer may hold (a batch's answers together): a larger one is
    /// refused with `RESPONSE_TOO_LARGE`, and a query whose own names and arguments would
    /// fill it is refused before it runs (`QUERY_TOO_COMPLEX`).
    #[arg(long, env = "UPRGRAPH_MAX_RESPONSE_BYTES", default_value_t = 16 * 1024 * 1024, value_parser = clap::value_parser!(u64).range(1024..=4_294_967_296))]
    pub max_response_bytes: u64,

    /// How many bytes of automatic persisted queries (APQ) are remembered, the least
    /// recently used forgotten first; 0 turns APQ off.
    #[arg(long, env = "UPRGRAPH_APQ_CACHE_BYTES", default_value_t = 8 * 1024 * 1024, value_parser = clap::value_parser!(u64).range(0..=4_294_967_296))]
    pub apq_cache_bytes: u64,

    /// The longest query APQ remembers, in bytes; a longer one runs but is not remembered.
    #[arg(long, env = "UPRGRAPH_APQ_MAX_QUERY_BYTES", default_value_t = 32 * 1024, value_parser = clap::value_parser!(u32).range(1..=100_000_000))]
    pub apq_max_query_bytes: u32,

    /// How many bytes of whole answers the server keeps in memory, under the data version
    /// they were made at, the least recently used forgotten first; 0 turns it off.
    #[arg(long, env = "UPRGRAPH_RESPONSE_CACHE_BYTES", default_value_t = 16 * 1024 * 1024, value_parser = clap::value_parser!(u64).range(0..=68_719_476_736))]
    pub response_cache_bytes: u64,

    /// `Cache-Control: max-age` for successful GET queries, in seconds; 0 sends `no-cache`.
    #[arg(long, env = "UPRGRAPH_CACHE_MAX_AGE", default_value_t = 60, value_parser = clap::value_parser!(u32).range(0..=31_536_000))]
    pub cache_max_age: u32,

    /// Origins browsers may call the API from (comma-separated, `*` for any); none by default.
    #[arg(long, env = "UPRGRAPH_CORS_ORIGINS", value_delimiter = ',', value_parser = parse_origin)]
    pub cors_origins: Vec<String>,

    /// Whether the schema answers introspection (`__schema`, `__type`); turn off in production
    /// if clients should not browse the schema.
    #[arg(long, env = "UPRGRAPH_INTROSPECTION", default_value_t = true, action = clap::ArgAction::Set)]
    pub introspection: bool,

    /// Which GraphQL documents the server runs: `any` document, or only the `persisted`
    /// ones: the explorer's, the TypeScript client's and those of `--documents-file`
    /// (and GraphiQL's examples while GraphiQL is served). Any other is refused with
    /// `DOCUMENT_NOT_ALLOWED` before it is parsed.
    #[arg(long, env = "UPRGRAPH_DOCUMENTS", value_enum, default_value_t = DocumentsMode::Any)]
    pub documents: DocumentsMode,

    /// A JSON file of more documents `--documents persisted` runs, in the format of the
    /// explorer's and the client's lists: `{"sha256:<hex>": "<document>"}`, each key the
    /// SHA-256 of its document's text exactly as written. Checked at start in either mode.
    #[arg(long, env = "UPRGRAPH_DOCUMENTS_FILE")]
    pub documents_file: Option<PathBuf>,

    /// Whether GraphiQL is served at `/`; when not given, it is served unless
    /// `--documents persisted` is.
    #[arg(long, env = "UPRGRAPH_GRAPHIQL", action = clap::ArgAction::Set)]
    pub graphiql: Option<bool>,

    /// How long a stopping server waits for requests in flight, in seconds.
    #[arg(long, env = "UPRGRAPH_SHUTDOWN_TIMEOUT", default_value_t = 30, value_parser = clap::value_parser!(u64).range(0..=3600))]
    pub shutdown_timeout: u64,

    /// Log lines as human-readable text or as JSON objects, one per line.
    #[arg(long, env = "UPRGRAPH_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
}

/// Which GraphQL documents the server runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DocumentsMode {
    /// Any document, within the limits.
    Any,
    /// Only the documents in the persisted lists the server knows.
    Persisted,
}

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object per line, for log collectors.
    Json,
}

impl ServerSettings {
    /// The query limits these settings set.
    pub fn limits(&self) -> uprgraph_graphql::Limits {
        uprgraph_graphql::Limits {
            max_depth: self.max_depth as usize,
            max_complexity: self.max_complexity as usize,
            max_aliases: self.max_aliases as usize,
            max_root_fields: self.max_root_fields as usize,
            max_fields: self.max_fields as usize,
            max_input_values: self.max_input_values as usize,
            max_response_bytes: self.max_response_bytes,
            introspection: self.introspection,
        }
    }

    /// Whether GraphiQL is served: as `--graphiql` says, else unless only persisted
    /// documents run (GraphiQL's own queries would be refused).
    pub fn serves_graphiql(&self) -> bool {
        self.graphiql
            .unwrap_or(self.documents == DocumentsMode::Any)
    }

    /// How long a request may run.
    pub fn request_timeout(&self) -> Duration {
        Duration::from_millis(self.request_timeout_ms)
    }

    /// The settings with every default, listening on `listen`: for tests and embedding.
    pub fn defaults(listen: SocketAddr) -> Self {
        let mut settings = Self::from_flags(&[]);
        settings.listen = listen;
        settings
    }

    /// The settings these flags give, over the defaults (and any `UPRGRAPH_*` variable).
    fn from_flags(flags: &[&str]) -> Self {
        #[derive(clap::Parser)]
        struct Flags {
            #[command(flatten)]
            server: ServerSettings,
        }
        let args = std::iter::once("uprgraph").chain(flags.iter().copied());
        <Flags as clap::Parser>::parse_from(args).server
    }
}

fn parse_origin(value: &str) -> Result<String, String> {
    let value = value.trim().trim_end_matches('/');
    if value == "*" {
        return Ok(value.to_owned());
    }
    let rest = value
        .strip_prefix("https://")
        .or_else(|| value.strip_prefix("http://"))
        .ok_or_else(|| format!("`{value}` is not an origin such as https://example.org"))?;
    if rest.is_empty() || rest.contains('/') || rest.contains('?') || rest.contains('#') {
        return Err(format!(
            "`{value}` is not an origin: scheme, host and port only, such as https://example.org:8443"
        ));
    }
    Ok(value.to_owned())
}

/// The command line with the settings of a configuration file put in front of the
/// flags of the `serve` command, so that flags override them; a setting whose
/// `UPRGRAPH_*` variable is set is left out, so that the variable overrides it. The
/// file is TOML with the flags' long names as keys (`max-depth = 20` or `max_depth`).
pub fn with_config_file(
    args: Vec<OsString>,
    command: &clap::Command,
) -> anyhow::Result<Vec<OsString>> {
    let Some(serve_at) = args.iter().position(|a| a == "serve") else {
        return Ok(args);
    };
    let path = config_path(&args[serve_at + 1..])
        .or_else(|| std::env::var_os("UPRGRAPH_CONFIG").map(PathBuf::from));
    let Some(path) = path else {
        return Ok(args);
    };
    let serve = command
        .find_subcommand("serve")
        .context("the command has no `serve`")?;
    let file_args = config_args(&path, serve, |name| std::env::var_os(name).is_some())?;
    // Checks the file's values alone, so that an error names the file.
    let mut alone: Vec<OsString> = vec!["uprgraph".into(), "serve".into()];
    alone.extend(file_args.iter().cloned());
    if let Err(e) = command.clone().try_get_matches_from(&alone) {
        if e.kind() != clap::error::ErrorKind::MissingRequiredArgument {
            bail!(
                "in {}: {}",
                path.display(),
                e.render().to_string().trim_end()
            );
        }
    }
    let mut out = args[..=serve_at].to_vec();
    out.extend(file_args);
    out.extend(args[serve_at + 1..].iter().cloned());
    Ok(out)
}

fn config_path(args: &[OsString]) -> Option<PathBuf> {
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let arg = arg.to_string_lossy();
        if arg == "--config" {
            return args.next().map(PathBuf::from);
        }
        if let Some(path) = arg.strip_prefix("--config=") {
            return Some(PathBuf::from(path));
        }
    }
    None
}

/// The flags a configuration file stands for, leaving out those whose variable is set.
fn config_args(
    path: &std::path::Path,
    serve: &clap::Command,
    env_is_set: impl Fn(&str) -> bool,
) -> anyhow::Result<Vec<OsString>> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the configuration file {}", path.display()))?;
    let table: toml::Table =
        toml::from_str(&text).with_context(|| format!("{} is not valid TOML", path.display()))?;
    let known: Vec<&clap::Arg> = serve
        .get_arguments()
        .filter(|a| a.get_long().is_some_and(|l| l != "config" && l != "help"))
        .collect();
    let mut out = Vec::new();
    for (key, value) in table {
        let long = key.replace('_', "-");
        let Some(arg) = known.iter().find(|a| a.get_long() == Some(long.as_str())) else {
            let names: Vec<_> = known.iter().filter_map(|a| a.get_long()).collect();
            bail!(
                "in {}: unknown setting `{key}`; the settings are {}",
                path.display(),
                names.join(", ")
            );
        };
        if arg
            .get_env()
            .is_some_and(|name| env_is_set(&name.to_string_lossy()))
        {
            continue;
        }
        let text = match &value {
            toml::Value::String(s) => s.clone(),
            toml::Value::Integer(i) => i.to_string(),
            toml::Value::Float(f) => f.to_string(),
            toml::Value::Boolean(b) => b.to_string(),
            toml::Value::Array(items) => items
                .iter()
                .map(|item| match item {
                    toml::Value::String(s) => Ok(s.clone()),
                    other => bail!(
                        "in {}: `{key}` lists a {}, not a string",
                        path.display(),
                        other.type_str()
                    ),
                })
                .collect::<anyhow::Result<Vec<_>>>()?
                .join(","),
            other => bail!(
                "in {}: `{key}` is {}, not a string, number, boolean or list",
                path.display(),
                other.type_str()
            ),
        };
        out.push(OsString::from(format!("--{long}={text}")));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_checked() {
        assert_eq!(
            parse_origin("https://example.org/").unwrap(),
            "https://example.org"
        );
        assert_eq!(
            parse_origin("http://localhost:3000").unwrap(),
            "http://localhost:3000"
        );
        assert_eq!(parse_origin("*").unwrap(), "*");
        assert!(parse_origin("example.org").is_err());
        assert!(parse_origin("https://example.org/app").is_err());
    }

    #[test]
    fn graphiql_is_served_unless_only_persisted_documents_run_or_it_is_told() {
        let serves = |flags: &[&str]| ServerSettings::from_flags(flags).serves_graphiql();
        assert!(serves(&[]));
        assert!(!serves(&["--documents", "persisted"]));
        assert!(serves(&["--documents", "persisted", "--graphiql", "true"]));
        assert!(!serves(&["--graphiql", "false"]));
        assert!(serves(&["--documents", "any", "--graphiql", "true"]));
    }
}
