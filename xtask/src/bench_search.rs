//! `cargo xtask bench-search [COPIES]`: how fast full-text search answers over about
//! 300,000 recommendations, on SQLite and on PostgreSQL.
//!
//! Each backend gets a throwaway database: the three real UPR Info files are imported,
//! then the recommendations are copied COPIES times (12 by default: 305,292 rows in
//! all). The copies are synthetic, for load tests only, and say so in the data itself:
//! each text starts with `[synthetic load-test copy N]` and belongs to no dataset.
//! The migration that stores relevances then runs again over all rows (and is timed),
//! and the database is analysed (on PostgreSQL, vacuumed too). The database is dropped
//! afterwards.

use std::time::{Duration, Instant};

use anyhow::{ensure, Context};
use sea_orm::{ConnectionTrait, DatabaseBackend, Statement};
use serde_json::{json, Value};
use uprgraph_domain::search::search_text;
use uprgraph_graphql::{build_schema, execute, Limits};
use uprgraph_migrations::{Migrator, MigratorTrait};
use uprgraph_store::{Format, ImportOptions, InputFile, Silent, Store};

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
    let work = std::env::temp_dir().join(format!("uprgraph-bench-search-{}", std::process::id()));
    std::fs::create_dir_all(&work)?;
    let postgres = std::env::var("UPRGRAPH_BENCH_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".to_owned());
    let name = format!("uprgraph_bench_search_{}", std::process::id());
    let targets = [
        (
            "sqlite",
            format!("sqlite://{}?mode=rwc", work.join("bench.db").display()),
        ),
        ("postgres", format!("{postgres}/{name}")),
    ];
    let admin = Store::connect(&format!("{postgres}/postgres"), 1).await?;
    admin
        .connection()
        .execute_unprepared(&format!("CREATE DATABASE {name}"))
        .await?;
    let result = async {
        for (backend, url) in &targets {
            bench(backend, url, copies).await?;
        }
        anyhow::Ok(())
    }
    .await;
    admin
        .connection()
        .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .await?;
    std::fs::remove_dir_all(&work).ok();
    result
}

async fn bench(backend: &str, url: &str, copies: u32) -> anyhow::Result<()> {
    let store = Store::connect(url, 4).await?;
    store.migrate().await?;
    let data = crate::root().join("../shared/datasets/upr-info");
    let files = [
        "sessions-01-05.csv",
        "sessions-06-09.csv",
        "sessions-10-13.csv",
    ]
    .iter()
    .map(|name| {
        Ok(InputFile {
            name: (*name).to_owned(),
            bytes: std::fs::read(data.join(name)).with_context(|| name.to_string())?,
        })
    })
    .collect::<anyhow::Result<Vec<_>>>()?;
    let started = Instant::now();
    store
        .import(Format::UprInfo, files, ImportOptions::default(), &Silent)
        .await?;
    let db = store.connection();
    let sql_backend = store.backend();
    for copy in 1..=copies {
        // The label's folded form is prepended to the folded text, exactly as folding the
        // labelled text would give.
        let label = format!("[synthetic load-test copy {copy}]");
        let folded = search_text(&label);
        let p = |n: u8| match sql_backend {
            DatabaseBackend::Postgres => format!("${n}"),
            _ => "?".to_owned(),
        };
        let sql = format!(
            "INSERT INTO recommendations (review_id, state_under_review_id, \
             recommending_state_id, text, response, action_category, natural_key, row_hash, \
             search_text, search_words) \
             SELECT review_id, state_under_review_id, recommending_state_id, {} || ' ' || text, \
             response, action_category, {} || natural_key, row_hash, {} || search_text, \
             {} || ' ' || search_words FROM recommendations WHERE dataset_id IS NOT NULL",
            p(1),
            p(2),
            p(3),
            p(4)
        );
        db.execute_raw(Statement::from_sql_and_values(
            sql_backend,
            sql,
            [
                label.clone().into(),
                format!("synthetic-{copy}-").into(),
                folded.stems.into(),
                folded.words.into(),
            ],
        ))
        .await?;
    }
    // The copies get their stored relevances (`recommendation_terms`) from the migration
    // that adds them, run again over all rows: which also times that migration.
    let migrated = Instant::now();
    Migrator::down(db, Some(1)).await?;
    store.migrate().await?;
    let migration = migrated.elapsed();
    // On PostgreSQL, VACUUM as well, as autovacuum soon does after an import: counting
    // a stem's entries reads only the index once the visibility map is set.
    db.execute_unprepared(match sql_backend {
        DatabaseBackend::Postgres => "VACUUM ANALYZE",
        _ => "ANALYZE",
    })
    .await?;
    let rows: i64 = db
        .query_one_raw(Statement::from_string(
            sql_backend,
            "SELECT COUNT(*) AS n FROM recommendations",
        ))
        .await?
        .context("no count")?
        .try_get("", "n")?;
    println!(
        "{backend}: {rows} recommendations ({} real, the rest synthetic copies) loaded in {:.1} s, \
         of which {:.1} s for the stored relevances",
        rows / i64::from(copies + 1),
        started.elapsed().as_secs_f64(),
        migration.as_secs_f64()
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
        total = response.data.into_json()?["recommendations"]["totalCount"].clone();
    }
    times.sort();
    Ok((times[RUNS / 2], total))
}

fn millis(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}
