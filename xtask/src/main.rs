//! uprgraph's development tasks:
//!
//! - `cargo xtask codegen` regenerates the committed files derived from code
//!   (`schema.graphql`);
//! - `cargo xtask bench-import [RUNS]` measures how fast the release binary imports
//!   the three UPR Info files into fresh SQLite and PostgreSQL databases;
//! - `cargo xtask bench-search [COPIES]` times full-text searches over about 300,000
//!   recommendations (the real ones and synthetic copies) on both backends;
//! - `cargo xtask bench-export [ROWS] [FORMATS]` measures the time and memory of the
//!   release binary's exports of up to about a million rows (as CSV, JSON lines and
//!   XLSX, or the FORMATS given: `csv,xlsx`), from the command line and over HTTP, on
//!   both backends;
//! - `cargo xtask bench-api [OPTIONS]` serves the same PostgreSQL database with uprgraph
//!   and PostGraphile 5 (and uprgraph on SQLite, and with `--baseline BINARY` an earlier
//!   build of uprgraph) and loads them side by side;
//! - `cargo xtask fuzz [--runs N] [--sanitizer S] [TARGET...]` runs the fuzz targets of
//!   `fuzz/` (cargo-fuzz, nightly) for N executions each;
//! - `cargo xtask synthetic-uhri [ROWS] [OUTPUT]` writes a synthetic file of ROWS
//!   recommendations (default 250,000) in the layout of OHCHR's UHRI export, copied
//!   from the UPR Info files and marked synthetic, to time the import at that scale;
//! - `cargo xtask datasets [--check]` downloads the real files the tests and benchmarks
//!   read (`tests/datasets.csv`) into `UPRGRAPH_DATASETS` and checks their SHA-256.

use std::{
    path::{Path, PathBuf},
    process::Command,
    time::Instant,
};

use anyhow::{bail, ensure, Context};

mod bench_api;
mod bench_export;
mod bench_search;
mod datasets;
mod fuzz;
mod synthetic;
mod synthetic_uhri;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    match args.next().as_deref() {
        Some("codegen") => codegen(),
        Some("bench-import") => {
            let runs = args
                .next()
                .map(|n| n.parse())
                .transpose()
                .context("RUNS must be a number")?
                .unwrap_or(5);
            bench_import(runs)
        }
        Some("bench-search") => {
            let copies = args
                .next()
                .map(|n| n.parse())
                .transpose()
                .context("COPIES must be a number")?
                .unwrap_or(12);
            bench_search::bench_search(copies)
        }
        Some("bench-export") => {
            let rows = args
                .next()
                .map(|n| n.replace([',', '_'], "").parse())
                .transpose()
                .context("ROWS must be a number")?
                .unwrap_or(1_000_000);
            let formats: Vec<String> = match args.next() {
                Some(formats) => formats.split(',').map(str::to_owned).collect(),
                None => bench_export::FORMATS.map(str::to_owned).to_vec(),
            };
            bench_export::bench_export(rows, &formats)
        }
        Some("bench-api") => {
            bench_api::bench_api(&bench_api::Options::parse(&args.collect::<Vec<_>>())?)
        }
        Some("synthetic-uhri") => {
            let rows = args
                .next()
                .map(|n| n.replace([',', '_'], "").parse())
                .transpose()
                .context("ROWS must be a number")?
                .unwrap_or(250_000);
            let path = synthetic_uhri::synthetic_uhri(rows, args.next().map(PathBuf::from))?;
            println!("{rows} synthetic recommendations written to {}", path.display());
            Ok(())
        }
        Some("fuzz") => fuzz::fuzz(&args.collect::<Vec<_>>()),
        Some("datasets") => datasets::datasets(&args.collect::<Vec<_>>()),
        _ => bail!(
            "usage: cargo xtask codegen | cargo xtask bench-import [RUNS] | cargo xtask bench-search [COPIES] | cargo xtask bench-export [ROWS] [FORMATS] | {} | cargo xtask synthetic-uhri [ROWS] [OUTPUT] | cargo xtask fuzz [--runs N] [--sanitizer S] [TARGET...] | cargo xtask datasets [--check]",
            bench_api::USAGE
        ),
    }
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn codegen() -> anyhow::Result<()> {
    let path = root().join("schema.graphql");
    let sdl = uprgraph_graphql::sdl();
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    if current == sdl {
        println!("schema.graphql is up to date");
    } else {
        std::fs::write(&path, sdl).with_context(|| format!("writing {}", path.display()))?;
        println!("schema.graphql updated");
    }
    Ok(())
}

/// Imports the UPR Info files `runs` times into a fresh database of each backend and
/// prints the rows per second of each run and their median. The database is created
/// and migrated before the clock starts (`uprgraph import --dry-run` on an empty file
/// list is not possible, so an empty aid CSV, taken with `--allow-empty`, does the
/// migration).
fn bench_import(runs: usize) -> anyhow::Result<()> {
    ensure!(runs > 0, "RUNS must be at least 1");
    let binary = release_binary()?;
    let data = datasets::folder().join("upr-info");
    let files: Vec<PathBuf> = [
        "sessions-01-05.csv",
        "sessions-06-09.csv",
        "sessions-10-13.csv",
    ]
    .iter()
    .map(|f| data.join(f))
    .collect();
    let rows = 23_484.0;
    let work = std::env::temp_dir().join(format!("uprgraph-bench-{}", std::process::id()));
    std::fs::create_dir_all(&work)?;
    let empty = work.join("empty.csv");
    std::fs::write(
        &empty,
        "donor,recipient,category,transaction_type,fiscal_year,amount,currency\n",
    )?;

    let postgres = std::env::var("UPRGRAPH_BENCH_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".to_owned());
    for backend in ["sqlite", "postgres"] {
        let mut rates = Vec::with_capacity(runs);
        let mut own_rates = Vec::with_capacity(runs);
        for run in 0..runs {
            let url = match backend {
                "sqlite" => format!(
                    "sqlite://{}?mode=rwc",
                    work.join(format!("bench-{run}.db")).display()
                ),
                _ => {
                    let name = format!("uprgraph_bench_{}_{run}", std::process::id());
                    psql(&postgres, &format!("CREATE DATABASE {name}"))?;
                    format!("{postgres}/{name}")
                }
            };
            import(
                &binary,
                "aid-csv",
                std::slice::from_ref(&empty),
                &url,
                &["--allow-empty"],
            )?;
            let started = Instant::now();
            let report = import(&binary, "upr-info", &files, &url, &[])?;
            let seconds = started.elapsed().as_secs_f64();
            rates.push(rows / seconds);
            // The import's own clock, from reading the files to the commit: "N rows in S s (...)".
            let own: f64 = report
                .lines()
                .last()
                .and_then(|l| l.split(" rows in ").nth(1))
                .and_then(|l| l.split(' ').next())
                .and_then(|s| s.parse().ok())
                .context("no timing in the import's report")?;
            own_rates.push(rows / own);
            println!("{backend} run {}: command {seconds:.3} s ({:.0} rows/s), import {own:.2} s ({:.0} rows/s)", run + 1, rows / seconds, rows / own);
            if backend == "postgres" {
                psql(
                    &postgres,
                    &format!("DROP DATABASE uprgraph_bench_{}_{run}", std::process::id()),
                )?;
            }
        }
        rates.sort_by(f64::total_cmp);
        own_rates.sort_by(f64::total_cmp);
        println!(
            "{backend}: median over {runs} runs: {:.0} rows/s for the whole command (process start to exit), {:.0} rows/s for the import itself",
            rates[runs / 2],
            own_rates[runs / 2]
        );
    }
    std::fs::remove_dir_all(&work).ok();
    Ok(())
}

/// Builds the release binary and returns its path (in `CARGO_TARGET_DIR` when set).
fn release_binary() -> anyhow::Result<PathBuf> {
    let root = root();
    let status = Command::new(env!("CARGO"))
        .args(["build", "--release", "--quiet", "--package", "uprgraph"])
        .current_dir(&root)
        .status()?;
    ensure!(status.success(), "the release build failed");
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    Ok(target.join("release/uprgraph"))
}

/// Runs `uprgraph import` with these flags and returns what it printed.
fn import(
    binary: &Path,
    format: &str,
    files: &[PathBuf],
    url: &str,
    flags: &[&str],
) -> anyhow::Result<String> {
    let output = Command::new(binary)
        .arg("import")
        .arg(format)
        .args(files)
        .args(flags)
        .args(["--database-url", url])
        .output()?;
    ensure!(
        output.status.success(),
        "import failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

fn psql(server: &str, sql: &str) -> anyhow::Result<()> {
    let status = Command::new("psql")
        .args([&format!("{server}/postgres"), "-q", "-c", sql])
        .status()?;
    ensure!(status.success(), "psql failed: {sql}");
    Ok(())
}
