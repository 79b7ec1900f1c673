//! Throwaway databases for the benchmarks, filled with the real imported files and
//! synthetic copies of their rows.
//!
//! Synthetic rows exist for load tests only and say so in the data itself: they
//! belong to the dataset [`DATASET`], whose source is titled [`SOURCE`]; a
//! recommendation's text starts with `[synthetic load-test copy N]`, an aid flow's
//! note is that label. The databases are dropped afterwards.

use std::path::PathBuf;

use anyhow::Context;
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseBackend, Iterable, Statement, Value};
use uprgraph_domain::search::search_text;
use uprgraph_store::{
    entity::{aid_flow, recommendation},
    Format, ImportOptions, InputFile, Silent, Store,
};

/// The name of the dataset every synthetic row belongs to.
pub(crate) const DATASET: &str = "SYNTHETIC load-test copies: not real data";

/// The title of the dataset's source.
pub(crate) const SOURCE: &str =
    "Synthetic copies of imported rows, made by uprgraph's benchmarks: not real data";

/// A throwaway SQLite file (in a temporary directory) and a throwaway PostgreSQL
/// database, for one benchmark run.
pub(crate) struct Throwaway {
    work: PathBuf,
    admin: Store,
    postgres_name: String,
    /// The backends' names and database URLs.
    pub(crate) targets: [(&'static str, String); 2],
}

impl Throwaway {
    /// Creates the directory and the PostgreSQL database `uprgraph_<label>_<pid>`.
    pub(crate) async fn create(label: &str) -> anyhow::Result<Self> {
        let pid = std::process::id();
        let work = std::env::temp_dir().join(format!("uprgraph-{label}-{pid}"));
        std::fs::create_dir_all(&work)?;
        let postgres = std::env::var("UPRGRAPH_BENCH_POSTGRES_URL")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".to_owned());
        let postgres_name = format!("uprgraph_{}_{pid}", label.replace('-', "_"));
        let admin = Store::connect(&format!("{postgres}/postgres"), 1).await?;
        admin
            .connection()
            .execute_unprepared(&format!("CREATE DATABASE {postgres_name}"))
            .await?;
        let targets = [
            (
                "sqlite",
                format!("sqlite://{}?mode=rwc", work.join("bench.db").display()),
            ),
            ("postgres", format!("{postgres}/{postgres_name}")),
        ];
        Ok(Self {
            work,
            admin,
            postgres_name,
            targets,
        })
    }

    /// A path in the temporary directory.
    pub(crate) fn path(&self, name: &str) -> PathBuf {
        self.work.join(name)
    }

    /// Drops the PostgreSQL database and removes the directory.
    pub(crate) async fn remove(self) -> anyhow::Result<()> {
        std::fs::remove_dir_all(&self.work).ok();
        self.admin
            .connection()
            .execute_unprepared(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.postgres_name
            ))
            .await?;
        self.admin.close().await?;
        Ok(())
    }
}

/// Connects to `url`, migrates, and imports the real files: the three UPR Info files
/// (23,484 recommendations) and, with `aid`, ForeignAssistance.gov's country file.
pub(crate) async fn load_real(url: &str, aid: bool) -> anyhow::Result<Store> {
    let store = Store::connect(url, 4).await?;
    store.migrate().await?;
    let data = crate::datasets::folder();
    let upr_info = [
        "sessions-01-05.csv",
        "sessions-06-09.csv",
        "sessions-10-13.csv",
    ]
    .map(|name| data.join("upr-info").join(name));
    import(&store, Format::UprInfo, &upr_info).await?;
    if aid {
        let file = data.join("foreign-assistance/us_foreign_aid_country.csv");
        import(&store, Format::ForeignAssistance, &[file]).await?;
    }
    Ok(store)
}

async fn import(store: &Store, format: Format, paths: &[PathBuf]) -> anyhow::Result<()> {
    let files = paths
        .iter()
        .map(|path| {
            Ok(InputFile {
                name: path
                    .file_name()
                    .context("a file name")?
                    .to_string_lossy()
                    .into_owned(),
                bytes: std::fs::read(path).with_context(|| path.display().to_string())?,
            })
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    store
        .import(format, files, ImportOptions::default(), &Silent)
        .await?;
    Ok(())
}

/// The columns a copy takes unchanged from its original: every column of the entity `C`
/// but those the copy is given anew (`fresh`). Read off the entity, so a column added
/// to the table is copied without being named here.
fn copied_columns<C: ColumnTrait + Iterable>(fresh: &[C]) -> String {
    let fresh: Vec<&str> = fresh.iter().map(|c| c.as_str()).collect();
    C::iter()
        .map(|c| c.as_str())
        .filter(|name| !fresh.contains(name))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The placeholder of the `n`th parameter, which may be used more than once.
fn param(backend: DatabaseBackend, n: u8) -> String {
    match backend {
        DatabaseBackend::Postgres => format!("${n}"),
        _ => format!("?{n}"),
    }
}

async fn execute(
    store: &Store,
    sql: String,
    values: impl IntoIterator<Item = Value>,
) -> anyhow::Result<()> {
    store
        .connection()
        .execute_raw(Statement::from_sql_and_values(store.backend(), sql, values))
        .await?;
    Ok(())
}

/// `SELECT COUNT(*)` of a table.
pub(crate) async fn count(store: &Store, table: &str) -> anyhow::Result<i64> {
    Ok(store
        .connection()
        .query_one_raw(Statement::from_string(
            store.backend(),
            format!("SELECT COUNT(*) AS n FROM {table}"),
        ))
        .await?
        .context("no count")?
        .try_get("", "n")?)
}

/// The id of the synthetic dataset, created with its source on first use.
async fn synthetic_dataset(store: &Store) -> anyhow::Result<i32> {
    use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
    use uprgraph_store::entity::{dataset, source};
    let db = store.connection();
    if let Some(existing) = dataset::Entity::find()
        .filter(dataset::Column::Name.eq(DATASET))
        .one(db)
        .await?
    {
        return Ok(existing.id);
    }
    let source = source::ActiveModel {
        title: Set(SOURCE.to_owned()),
        publisher: Set("uprgraph benchmarks".to_owned()),
        note: Set(Some(
            "For load tests only, in a throwaway database.".to_owned(),
        )),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let dataset = dataset::ActiveModel {
        name: Set(DATASET.to_owned()),
        format: Set("synthetic".to_owned()),
        checksum: Set("synthetic".to_owned()),
        row_count: Set(0),
        imported_at: Set(chrono::Utc::now().fixed_offset()),
        source_id: Set(Some(source.id)),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(dataset.id)
}

/// Sets the synthetic dataset's row count to the rows it holds.
async fn update_row_count(store: &Store, dataset: i32) -> anyhow::Result<()> {
    let p = param(store.backend(), 1);
    execute(
        store,
        format!(
            "UPDATE datasets SET row_count = \
             (SELECT COUNT(*) FROM recommendations WHERE dataset_id = {p}) + \
             (SELECT COUNT(*) FROM aid_flows WHERE dataset_id = {p}) WHERE id = {p}"
        ),
        [dataset.into()],
    )
    .await
}

/// Adds `copies` synthetic copies of every imported recommendation, with their themes
/// and their stored relevances (`recommendation_terms`, which the importer writes for
/// real rows). The label's folded form is prepended to the folded text, exactly as
/// folding the labelled text would give, so searches see the copies as they would real
/// rows.
pub(crate) async fn copy_recommendations(store: &Store, copies: u32) -> anyhow::Result<()> {
    use recommendation::Column as C;
    let dataset = synthetic_dataset(store).await?;
    let last: i32 = store
        .connection()
        .query_one_raw(Statement::from_string(
            store.backend(),
            "SELECT COALESCE(MAX(id), 0) AS n FROM recommendations",
        ))
        .await?
        .context("no largest id")?
        .try_get("", "n")?;
    let backend = store.backend();
    let p = |n| param(backend, n);
    // The search columns are not the entity's (`entity::unlisted`): given anew below.
    let columns = copied_columns(&[C::Id, C::Text, C::DatasetId, C::NaturalKey]);
    for copy in 1..=copies {
        let label = format!("[synthetic load-test copy {copy}]");
        let folded = search_text(&label);
        let prefix = format!("synthetic-{copy}-");
        execute(
            store,
            format!(
                "INSERT INTO recommendations ({columns}, text, dataset_id, natural_key, \
                 search_text, search_words) \
                 SELECT {columns}, {} || ' ' || text, {}, {} || natural_key, \
                 {} || search_text, {} || ' ' || search_words FROM recommendations \
                 WHERE dataset_id <> {} ORDER BY id",
                p(1),
                p(2),
                p(3),
                p(4),
                p(5),
                p(2)
            ),
            [
                label.into(),
                dataset.into(),
                prefix.clone().into(),
                folded.stems.into(),
                folded.words.into(),
            ],
        )
        .await?;
        execute(
            store,
            format!(
                "INSERT INTO recommendation_themes (recommendation_id, theme_id) \
                 SELECT copy.id, rt.theme_id FROM recommendation_themes rt \
                 JOIN recommendations original ON original.id = rt.recommendation_id \
                 JOIN recommendations copy ON copy.natural_key = {} || original.natural_key \
                 WHERE original.dataset_id <> {}",
                p(1),
                p(2)
            ),
            [prefix.into(), dataset.into()],
        )
        .await?;
    }
    uprgraph_migrations::store_relevances_after(store.connection(), last).await?;
    update_row_count(store, dataset).await
}

/// Adds `copies` synthetic copies of every imported aid flow (not the documented
/// facts, which belong to no dataset). A copy is part of no larger figure.
pub(crate) async fn copy_aid_flows(store: &Store, copies: u32) -> anyhow::Result<()> {
    use aid_flow::Column as C;
    let dataset = synthetic_dataset(store).await?;
    let backend = store.backend();
    let p = |n| param(backend, n);
    // A copy is part of no larger figure: `part_of_id` is left empty.
    let columns = copied_columns(&[
        C::Id,
        C::PartOfId,
        C::SourceId,
        C::DatasetId,
        C::Note,
        C::NaturalKey,
    ]);
    for copy in 1..=copies {
        execute(
            store,
            format!(
                "INSERT INTO aid_flows ({columns}, source_id, dataset_id, note, natural_key) \
                 SELECT {columns}, (SELECT source_id FROM datasets WHERE id = {d}), {d}, {}, \
                 {} || natural_key FROM aid_flows WHERE dataset_id <> {d} ORDER BY id",
                p(2),
                p(3),
                d = p(1)
            ),
            [
                dataset.into(),
                format!("[synthetic load-test copy {copy}]").into(),
                format!("synthetic-{copy}-").into(),
            ],
        )
        .await?;
    }
    update_row_count(store, dataset).await
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rows of `table` whose copy differs from its original in a column it takes
    /// unchanged (`IS`: SQLite's comparison that takes `NULL` as a value). The pairs are
    /// found first, each copy by the index on its key.
    async fn differing(store: &Store, table: &str, columns: &str) -> anyhow::Result<i64> {
        let differs: Vec<String> = columns
            .split(", ")
            .map(|c| format!("c.{c} IS NOT o.{c}"))
            .collect();
        let sql = format!(
            "WITH pairs AS MATERIALIZED (SELECT o.id AS original, c.id AS copy FROM {table} o \
             JOIN {table} c ON c.natural_key = 'synthetic-1-' || o.natural_key) \
             SELECT COUNT(*) AS n FROM pairs JOIN {table} o ON o.id = pairs.original \
             JOIN {table} c ON c.id = pairs.copy WHERE {}",
            differs.join(" OR ")
        );
        Ok(store
            .connection()
            .query_one_raw(Statement::from_string(store.backend(), sql))
            .await?
            .context("a count")?
            .try_get("", "n")?)
    }

    /// A synthetic copy holds every value of its original but those it is given anew,
    /// whichever columns the tables have.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_copy_keeps_every_column_it_is_not_given_anew() -> anyhow::Result<()> {
        let dir = tempfile::tempdir()?;
        let url = format!(
            "sqlite://{}?mode=rwc",
            dir.path().join("copies.db").display()
        );
        let store = Store::connect(&url, 4).await?;
        store.migrate().await?;
        let data = crate::datasets::folder();
        import(
            &store,
            Format::UprInfo,
            &[data.join("upr-info/sessions-10-13.csv")],
        )
        .await?;
        let aid = data.join("foreign-assistance/us_foreign_aid_country.csv");
        import(&store, Format::ForeignAssistance, &[aid]).await?;
        let recommendations = count(&store, "recommendations").await?;
        let aid_flows = count(&store, "aid_flows").await?;
        let terms = count(&store, "recommendation_terms").await?;
        let stems = count(&store, "search_stems").await?;
        copy_recommendations(&store, 1).await?;
        copy_aid_flows(&store, 1).await?;
        assert_eq!(count(&store, "recommendations").await?, 2 * recommendations);
        // Every copy has its stored relevances, the label's stems numbered anew.
        assert!(count(&store, "recommendation_terms").await? > 2 * terms);
        assert!(count(&store, "search_stems").await? > stems);
        let without_terms = "recommendations r WHERE NOT EXISTS \
             (SELECT 1 FROM recommendation_terms t WHERE t.recommendation_id = r.id)";
        assert_eq!(count(&store, without_terms).await?, 0);
        // The documented facts belong to no dataset and are not copied.
        let copied_flows = count(&store, "aid_flows").await? - aid_flows;
        assert!(copied_flows > 10_000, "{copied_flows} aid flows copied");

        use recommendation::Column as R;
        let columns = copied_columns(&[R::Id, R::Text, R::DatasetId, R::NaturalKey]);
        assert!(
            columns.contains("source_line") && columns.contains("paragraph"),
            "{columns}"
        );
        assert_eq!(differing(&store, "recommendations", &columns).await?, 0);
        use aid_flow::Column as A;
        let fresh = [
            A::Id,
            A::PartOfId,
            A::SourceId,
            A::DatasetId,
            A::Note,
            A::NaturalKey,
        ];
        let columns = copied_columns(&fresh);
        assert_eq!(differing(&store, "aid_flows", &columns).await?, 0);
        store.close().await?;
        Ok(())
    }
}
