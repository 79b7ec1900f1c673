//! `cargo xtask bench-search [COPIES]`: how fast full-text search answers over about
//! 300,000 recommendations, on SQLite and on PostgreSQL.
//!
//! Each backend gets a throwaway database: the three real UPR Info files are imported,
//! then the recommendations are copied COPIES times (12 by default: 305,292 rows in
//! all). The copies are synthetic, for load tests only, and say so in the data itself
//! (see [`crate::synthetic`]), each with its stored relevances, and the database is
//! analysed (on PostgreSQL, vacuumed too). The database is dropped afterwards.

use std::time::{Duration, Instant};

use anyhow::ensure;
use sea_orm::{ConnectionTrait, DatabaseBackend};
use serde_json::{json, Value};
use uprgraph_graphql::{build_schema, execute, Limits};
use uprgraph_store::Store;

use crate::synthetic::{self, Throwaway};

/// The searches timed, with the filter fields besides `search`.
const SEARCHES: &[(&str, &str)] = &[
    ("blockade", ""),
    ("blockade", r#", stateUnderReview: ["USA"]"#),
    (r#""death penalty""#, ""),
    ("educat*", ""),
    ("torture NOT (death OR children)", ""),
    ("discriminate women", ""),
    ("rights", ""),
];

/// How many times each search runs after a first, warming run; the median is reported.
const RUNS: usize = 5;

pub(crate) fn bench_search(copies: u32) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(run(copies))
}

async fn run(copies: u32) -> anyhow::Result<()> {
    let throwaway = Throwaway::create("bench-search").await?;
    let result = async {
        for (backend, url) in &throwaway.targets {
            bench(backend, url, copies).await?;
        }
        anyhow::Ok(())
    }
    .await;
    throwaway.remove().await?;
    result
}

async fn bench(backend: &str, url: &str, copies: u32) -> anyhow::Result<()> {
    let started = Instant::now();
    let store = synthetic::load_real(url, false).await?;
    let copying = Instant::now();
    synthetic::copy_recommendations(&store, copies).await?;
    let copied = copying.elapsed();
    let db = store.connection();
    // On PostgreSQL, VACUUM as well, as autovacuum soon does after an import: counting
    // a stem's entries reads only the index once the visibility map is set.
    db.execute_unprepared(match store.backend() {
        DatabaseBackend::Postgres => "VACUUM ANALYZE",
        _ => "ANALYZE",
    })
    .await?;
    let rows = synthetic::count(&store, "recommendations").await?;
    println!(
        "{backend}: {rows} recommendations ({} real, the rest synthetic copies) loaded in {:.1} s, \
         of which {:.1} s for the copies with their stored relevances",
        rows / i64::from(copies + 1),
        started.elapsed().as_secs_f64(),
        copied.as_secs_f64()
    );

    let schema = build_schema(store.clone(), Limits::default());
    for (search, more) in SEARCHES {
        let page = format!(
            r#"query ($search: String!) {{ recommendations(first: 20, filter: {{ search: $search{more} }}) {{
                totalCount nodes {{ id searchMatches(search: $search) {{ snippet }} }} }} }}"#
        );
        let count = format!(
            r#"query ($search: String!) {{ recommendations(filter: {{ search: $search{more} }}) {{ totalCount }} }}"#
        );
        let (page_time, total) = median_time(&schema, &store, &page, search).await?;
        let (count_time, _) = median_time(&schema, &store, &count, search).await?;
        println!(
            "{backend}: {:<40} {:>7} matches; first page of 20, ranked, with snippets and the total: {:>9}; the total alone: {:>9}",
            format!("{search}{more}"),
            total,
            millis(page_time),
            millis(count_time)
        );
    }
    store.close().await?;
    Ok(())
}

/// The median time of `RUNS` runs of a query (after one that warms the caches), and
/// the `totalCount` it answered.
async fn median_time(
    schema: &uprgraph_graphql::UprSchema,
    store: &Store,
    query: &str,
    search: &str,
) -> anyhow::Result<(Duration, Value)> {
    let mut times = Vec::with_capacity(RUNS);
    let mut total = Value::Null;
    for run in 0..=RUNS {
        let request = async_graphql::Request::new(query).variables(
            async_graphql::Variables::from_json(json!({ "search": search })),
        );
        let started = Instant::now();
        let response = execute(schema, store, request).await;
        let elapsed = started.elapsed();
        ensure!(
            response.errors.is_empty(),
            "{search}: {:?}",
            response.errors
        );
        if run > 0 {
            times.push(elapsed);
        }
        total = response.to_json()["data"]["recommendations"]["totalCount"].clone();
    }
    times.sort();
    Ok((times[RUNS / 2], total))
}

fn millis(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}
