//! `cargo xtask bench-export [ROWS] [FORMATS]`: whether an export's memory stays constant as
//! the number of rows grows, on SQLite and on PostgreSQL.
//!
//! Each backend gets a throwaway database holding the real imported files (the three
//! UPR Info files and ForeignAssistance.gov's country file) and synthetic copies of
//! their rows (see [`crate::synthetic`]) up to about ROWS recommendations and ROWS aid
//! flows (1,000,000 by default). The release binary then exports about 10,000,
//! 100,000 and all rows of each, in each of FORMATS (`csv,jsonl,xlsx` by default), from
//! the command line (`uprgraph export -o FILE`) and over HTTP (`uprgraph serve`,
//! downloaded by `curl` to a file). Each run reports rows, bytes, wall time, rows per
//! second and memory: for the command, the peak resident set (`VmHWM`, polled every
//! 10 ms); for the server, which is started afresh for each download, how much its
//! peak grew during the download. The two ways must give the same bytes (for XLSX the
//! same size: a workbook records the second it was made).

use std::{
    io::{BufRead, BufReader},
    path::Path,
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

use anyhow::{ensure, Context};
use sea_orm::{ConnectionTrait, Statement};
use uprgraph_store::Store;

use crate::synthetic::{self, Throwaway};

/// The sizes exported besides the whole list.
const SIZES: [i64; 2] = [10_000, 100_000];

/// What is exported: the CLI's kind, the HTTP path's stem, the filter field that
/// selects a subset, and the SQL counting rows per value of that field.
struct Kind {
    name: &'static str,
    field: &'static str,
    counts: &'static str,
}

const KINDS: [Kind; 2] = [
    Kind {
        name: "recommendations",
        field: "stateUnderReview",
        counts: "SELECT s.alpha3 AS code, COUNT(*) AS n FROM recommendations r \
                 JOIN states s ON s.id = r.state_under_review_id GROUP BY s.alpha3",
    },
    Kind {
        name: "aid-flows",
        field: "recipient",
        counts: "SELECT s.alpha3 AS code, COUNT(*) AS n FROM aid_flows a \
                 JOIN states s ON s.id = a.recipient_state_id GROUP BY s.alpha3",
    },
];

/// One export's measure.
struct Measure {
    bytes: u64,
    seconds: f64,
    /// The command's peak resident set, or the server's growth of it, in KiB.
    memory_kib: u64,
    /// The server's peak resident set before the download, in KiB.
    before_kib: Option<u64>,
}

fn megabytes(kib: u64) -> String {
    format!("{:.1} MB", kib as f64 / 1024.0)
}

/// Every format exported.
pub(crate) const FORMATS: [&str; 3] = ["csv", "jsonl", "xlsx"];

pub(crate) fn bench_export(rows: i64, formats: &[String]) -> anyhow::Result<()> {
    ensure!(rows > 0, "ROWS must be at least 1");
    ensure!(
        formats.iter().all(|f| FORMATS.contains(&f.as_str())),
        "FORMATS are some of {}, joined by commas",
        FORMATS.join(",")
    );
    let binary = crate::release_binary()?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let throwaway = Throwaway::create("bench-export").await?;
        println!("| backend | list | rows | format | way | bytes | wall time | rows/s | memory |");
        println!("|---|---|---|---|---|---|---|---|---|");
        let mut result = Ok(());
        for (backend, url) in &throwaway.targets {
            result = bench(backend, url, rows, formats, &binary, &throwaway).await;
            if result.is_err() {
                break;
            }
        }
        throwaway.remove().await?;
        result
    })
}

async fn bench(
    backend: &str,
    url: &str,
    rows: i64,
    formats: &[String],
    binary: &Path,
    throwaway: &Throwaway,
) -> anyhow::Result<()> {
    let started = Instant::now();
    let store = synthetic::load_real(url, true).await?;
    let real = synthetic::count(&store, "recommendations").await?;
    synthetic::copy_recommendations(&store, copies(rows, real)).await?;
    let real = synthetic::count(&store, "aid_flows").await?;
    synthetic::copy_aid_flows(&store, copies(rows, real)).await?;
    store.connection().execute_unprepared("ANALYZE").await?;
    eprintln!(
        "{backend}: {} recommendations and {} aid flows loaded in {:.0} s",
        synthetic::count(&store, "recommendations").await?,
        synthetic::count(&store, "aid_flows").await?,
        started.elapsed().as_secs_f64()
    );
    let mut plans = Vec::new();
    for kind in &KINDS {
        for (filter, rows) in subsets(&store, kind).await? {
            plans.push((kind, filter, rows));
        }
    }
    store.close().await?;

    for (kind, filter, rows) in plans {
        for format in formats.iter().map(String::as_str) {
            let cli_file = throwaway.path(&format!("cli.{format}"));
            let http_file = throwaway.path(&format!("http.{format}"));
            let export = |out| Export {
                kind: kind.name,
                format,
                filter: filter.as_deref(),
                out,
            };
            let cli = export_command(binary, url, &export(&cli_file))?;
            if format == "jsonl" {
                let lines = BufReader::new(std::fs::File::open(&cli_file)?)
                    .lines()
                    .count();
                ensure!(lines as i64 == rows, "{lines} lines for {rows} rows");
            }
            let http = export_http(binary, url, &export(&http_file))?;
            if format == "xlsx" {
                ensure!(
                    cli.bytes == http.bytes,
                    "the command and the server exported workbooks of different sizes"
                );
            } else {
                ensure!(
                    std::fs::read(&cli_file)? == std::fs::read(&http_file)?,
                    "the command and the server exported different bytes"
                );
            }
            for file in [cli_file, http_file] {
                std::fs::remove_file(file)?;
            }
            for (way, measure) in [("command", cli), ("HTTP", http)] {
                let memory = match measure.before_kib {
                    None => format!("peak {}", megabytes(measure.memory_kib)),
                    Some(before) => format!(
                        "server peak +{} (from {})",
                        megabytes(measure.memory_kib),
                        megabytes(before)
                    ),
                };
                println!(
                    "| {backend} | {} | {rows} | {format} | {way} | {} | {:.2} s | {:.0} | {memory} |",
                    kind.name,
                    measure.bytes,
                    measure.seconds,
                    rows as f64 / measure.seconds,
                );
            }
        }
    }
    Ok(())
}

/// How many copies bring `real` rows to at least `rows`.
fn copies(rows: i64, real: i64) -> u32 {
    let copies = (rows + real - 1) / real.max(1) - 1;
    u32::try_from(copies.max(0)).unwrap_or(u32::MAX)
}

/// The filters exported, as JSON (`None`: the whole list), with their row counts: for
/// each size below the whole list, the values of the kind's field with the fewest rows
/// until the size is reached.
async fn subsets(store: &Store, kind: &Kind) -> anyhow::Result<Vec<(Option<String>, i64)>> {
    let mut counts: Vec<(i64, String)> = store
        .connection()
        .query_all_raw(Statement::from_string(store.backend(), kind.counts))
        .await?
        .into_iter()
        .map(|row| Ok((row.try_get("", "n")?, row.try_get("", "code")?)))
        .collect::<anyhow::Result<_>>()?;
    counts.sort();
    let total: i64 = counts.iter().map(|(n, _)| n).sum();
    let mut subsets = Vec::new();
    for size in SIZES.into_iter().filter(|&size| size < total) {
        let (mut rows, mut codes) = (0, Vec::new());
        for (n, code) in &counts {
            if rows >= size {
                break;
            }
            rows += n;
            codes.push(code.as_str());
        }
        let filter = serde_json::json!({ kind.field: codes }).to_string();
        subsets.push((Some(filter), rows));
    }
    subsets.push((None, total));
    Ok(subsets)
}

/// The process's peak resident set in KiB (`VmHWM`), while it runs.
fn peak_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()
}

/// One export: the kind (`recommendations`, `aid-flows`), the format (`csv`, `jsonl`, `xlsx`),
/// the filter as JSON, and the file it is written to.
struct Export<'a> {
    kind: &'a str,
    format: &'a str,
    filter: Option<&'a str>,
    out: &'a Path,
}

fn export_command(binary: &Path, url: &str, export: &Export) -> anyhow::Result<Measure> {
    let mut command = Command::new(binary);
    command
        .args(["export", export.kind, "--format", export.format])
        .args(["--database-url", url])
        .arg("--output")
        .arg(export.out)
        .stdout(Stdio::null());
    if let Some(filter) = export.filter {
        command.args(["--filter", filter]);
    }
    let started = Instant::now();
    let mut child = command.spawn()?;
    // The peak only grows, so the last reading before the process ends is the
    // measure, short of what the last 10 ms might add.
    let mut peak = 0;
    let status = loop {
        if let Some(kib) = peak_kib(child.id()) {
            peak = kib;
        }
        if let Some(status) = child.try_wait()? {
            break status;
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let seconds = started.elapsed().as_secs_f64();
    ensure!(status.success(), "uprgraph export failed");
    Ok(Measure {
        bytes: std::fs::metadata(export.out)?.len(),
        seconds,
        memory_kib: peak,
        before_kib: None,
    })
}

/// Starts `uprgraph serve` on a free port, downloads the export with `curl`, and
/// stops the server.
fn export_http(binary: &Path, url: &str, export: &Export) -> anyhow::Result<Measure> {
    let mut server = Command::new(binary)
        .args(["serve", "--listen", "127.0.0.1:0", "--database-url", url])
        .env("UPRGRAPH_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()?;
    let result = download(&mut server, export);
    server.kill()?;
    server.wait()?;
    result
}

fn download(server: &mut Child, export: &Export) -> anyhow::Result<Measure> {
    // "uprgraph is serving GraphiQL at http://127.0.0.1:PORT/ and ..."
    let mut line = String::new();
    BufReader::new(server.stdout.as_mut().context("no standard output")?).read_line(&mut line)?;
    let address = line
        .split_whitespace()
        .find(|word| word.starts_with("http://"))
        .context("the server did not say where it listens")?
        .split('/')
        .nth(2)
        .context("no host and port")?
        .to_owned();
    let before = peak_kib(server.id()).context("no VmHWM")?;
    let mut curl = Command::new("curl");
    curl.args(["--silent", "--show-error", "--fail", "--get"])
        .arg(format!(
            "http://{address}/export/{}.{}",
            export.kind, export.format
        ))
        .arg("--output")
        .arg(export.out);
    if let Some(filter) = export.filter {
        curl.args(["--data-urlencode", &format!("filter={filter}")]);
    }
    let started = Instant::now();
    let status = curl.status()?;
    let seconds = started.elapsed().as_secs_f64();
    ensure!(status.success(), "curl failed");
    let after = peak_kib(server.id()).context("no VmHWM")?;
    Ok(Measure {
        bytes: std::fs::metadata(export.out)?.len(),
        seconds,
        memory_kib: after - before,
        before_kib: Some(before),
    })
}
