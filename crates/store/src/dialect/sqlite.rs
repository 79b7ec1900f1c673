//! SQLite.

use std::{path::PathBuf, time::Duration};

use sea_orm::{
    sea_query::{extension::sqlite::SqliteBinOper, Expr, ExprTrait, Query, SimpleExpr},
    ColumnTrait, Condition, ConnectOptions, DatabaseBackend, DatabaseConnection, Statement, Value,
};
use uprgraph_domain::search::SearchQuery;

use super::{ChildPageStrategy, DataVersionSignal, Dialect};
use crate::{
    entity::{recommendation, unlisted::RecommendationsFts},
    search,
    values::List,
};

/// Lists up to this long are written out, which SQLite's planner reads best; longer
/// ones are one JSON array read by `json_each`.
const INLINE_LIST: usize = 64;

/// The page cache of every SQLite connection, in KiB when negative: SQLite's default
/// of 2 MiB, said explicitly because a connection's cache fills up to its size with
/// the pages it reads. Reads go through the operating system's file cache anyway, and
/// a server holds several connections: at 64 MiB each, an export of a million rows
/// would leave each connection it used 64 MiB larger. Imports take a larger cache for
/// their transaction only (`IMPORT_CACHE_SIZE`).
const SQLITE_CACHE_SIZE: &str = "-2048";

/// The page cache of an import's transaction, in KiB (negative): 64 MiB.
const IMPORT_CACHE_SIZE: &str = "-65536";

/// SQLite's dialect.
#[derive(Debug)]
pub(crate) struct Sqlite;

impl Dialect for Sqlite {
    fn session_settings(&self, options: &mut ConnectOptions) {
        // Set on every connection of the pool. WAL: readers no longer wait for a
        // writer. A writer waits for another instead of failing at once. In WAL mode
        // `synchronous = NORMAL` loses no transaction when the process crashes, only
        // possibly the last ones on a power cut, and saves a sync per commit.
        options.map_sqlx_sqlite_opts(|opts| {
            use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
            opts.journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .busy_timeout(Duration::from_secs(5))
                .foreign_keys(true)
                .pragma("cache_size", SQLITE_CACHE_SIZE)
        });
    }

    /// The file of a `sqlite:` URL, unless the database is in memory.
    fn pool_size(&self, db: &DatabaseConnection) -> (u32, usize) {
        let pool = db.get_sqlite_connection_pool();
        (pool.size(), pool.num_idle())
    }

    fn database_file(&self, url: &str) -> Option<PathBuf> {
        let rest = url.strip_prefix("sqlite:")?;
        let rest = rest.strip_prefix("//").unwrap_or(rest);
        let path = rest.split('?').next().unwrap_or_default();
        let in_memory = path.is_empty() || path == ":memory:" || url.contains("mode=memory");
        (!in_memory).then(|| PathBuf::from(path))
    }

    /// `group_concat` takes no order of its own: the rows are sorted in a subquery,
    /// whose order SQLite keeps.
    fn sorted_string_agg(&self, value: &str, from: &str, separator: &str) -> String {
        format!(
            "(SELECT group_concat(v, '{separator}') FROM \
             (SELECT {value} AS v FROM {from} ORDER BY {value}))"
        )
    }

    fn in_values(&self, expr: SimpleExpr, list: &dyn List) -> SimpleExpr {
        if list.len() <= INLINE_LIST {
            return expr.is_in(list.values());
        }
        // The placeholders are SQLite's own, taken in order.
        Expr::cust_with_exprs(
            "? IN (SELECT value FROM json_each(?))",
            [expr, Expr::val(list.json())],
        )
    }

    /// SQLite compares text by bytes already.
    fn text_sort_key(&self, text: Expr) -> Expr {
        text
    }

    fn full_text_condition(&self, query: &SearchQuery) -> Condition {
        let matching = Query::select()
            .column(RecommendationsFts::Rowid)
            .from(RecommendationsFts::Table)
            .and_where(
                Expr::col(RecommendationsFts::Table)
                    .binary(SqliteBinOper::Match, Expr::val(search::fts5_query(query))),
            )
            .to_owned();
        Condition::all().add(recommendation::Column::Id.in_subquery(matching))
    }

    fn announce_data_version(&self) -> Option<Statement> {
        None
    }

    fn data_version_signal(&self) -> DataVersionSignal {
        DataVersionSignal::FileChanges
    }

    /// SQLite analyzes what it judges worth it.
    fn analyze(&self, _tables: &[&str]) -> String {
        "PRAGMA optimize".to_owned()
    }

    fn bulk_write_settings(&self) -> Vec<String> {
        vec![
            // 64 MiB of page cache instead of 2: bulk imports insert into several indexes
            // at random places, and every miss is a read. Set back before the end so the
            // connection returns to the pool with the small cache (the pages over it are
            // freed as the transaction ends).
            format!("PRAGMA cache_size = {IMPORT_CACHE_SIZE}"),
            // Each multi-row INSERT keeps a statement journal of the pages it changes,
            // to undo itself alone if refused; kept in a temporary file, that was most
            // of an import's time (hundreds of thousands of small writes). In memory it
            // costs a copy of each page an INSERT changes that it did not make. Set back
            // with the cache size.
            "PRAGMA temp_store = MEMORY".to_owned(),
        ]
    }

    fn bulk_write_settings_reset(&self) -> Vec<String> {
        vec![
            format!("PRAGMA cache_size = {SQLITE_CACHE_SIZE}"),
            "PRAGMA temp_store = DEFAULT".to_owned(),
        ]
    }

    fn statement(&self, sql: &str, values: Vec<Value>) -> Statement {
        Statement::from_sql_and_values(DatabaseBackend::Sqlite, sql, values)
    }

    /// SQLite has one writer, and an import's transaction has written (the dataset
    /// row) before it inserts, so it alone assigns ids until it commits: it numbers
    /// the rows itself and need not read the ids back row by row. The first free id
    /// is one more than the largest the table has held (AUTOINCREMENT never reuses
    /// ids).
    fn next_id(&self, table: &str) -> Option<Statement> {
        Some(Statement::from_string(
            DatabaseBackend::Sqlite,
            format!(
                "SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = '{table}'), 0), \
                 COALESCE((SELECT MAX(id) FROM \"{table}\"), 0)) + 1 AS next"
            ),
        ))
    }

    fn child_page_strategy(&self) -> ChildPageStrategy {
        ChildPageStrategy::Numbered
    }
}
