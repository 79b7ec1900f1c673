//! SQLite.

use std::{path::PathBuf, time::Duration};

use sea_orm::{
    sea_query::{
        extension::sqlite::SqliteBinOper, Asterisk, DynIden, Expr, ExprTrait, Func, IntoIden,
        Order, Query, SelectStatement, SimpleExpr, UnionType, WindowStatement,
    },
    ColumnTrait, Condition, ConnectOptions, DatabaseBackend, DatabaseConnection, DeriveIden,
    Statement, Value,
};
use uprgraph_domain::search::SearchQuery;

use super::{DataVersionSignal, Dialect};
use crate::{
    entity::{
        recommendation,
        unlisted::{AnyTable, RecommendationsFts, SqliteSequence},
    },
    search,
    store::{ChildPages, Paging},
    values::{one_of, List},
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

/// The names of [`Sqlite::sorted_string_agg`]'s sorted subquery.
#[derive(Debug, Clone, Copy, DeriveIden)]
enum Sorted {
    Table,
    Value,
}

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

    /// `group_concat` of the values sorted in a subquery: SQLite takes no order inside
    /// the aggregate and keeps the subquery's.
    fn sorted_string_agg(
        &self,
        value: SimpleExpr,
        mut rows: SelectStatement,
        separator: &str,
    ) -> SimpleExpr {
        rows.expr_as(value.clone(), Sorted::Value)
            .order_by_expr(value, Order::Asc);
        Query::select()
            .expr(
                Func::cust("group_concat")
                    .arg(Expr::col((Sorted::Table, Sorted::Value)))
                    .arg(separator.to_owned()),
            )
            .from_subquery(rows, Sorted::Table)
            .to_owned()
            .into()
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

    /// 16 bytes of SQLite's pseudo-random generator, seeded from the system's.
    fn random_stamp(&self) -> SimpleExpr {
        Expr::cust("lower(hex(randomblob(16)))")
    }

    fn data_version_signal(&self) -> DataVersionSignal {
        DataVersionSignal::FileChanges
    }

    /// SQLite analyzes what it judges worth it, among all tables (`0x10000`): a table
    /// whose rows grew or shrank 25 times since it was last analyzed is analyzed again
    /// (`0x2`), reading its indexes whole: the row limit (`0x10`) is not asked for, and
    /// after an import of 250,000 recommendations asking for it saved nothing
    /// measurable (`docs/benchmarks.md`). Without `0x10000` only the tables the
    /// connection has read are looked at, and the pool's connection that ran it was not
    /// always the import's: one import of the aid file in three kept `aid_flows` at the
    /// statistics of the reference data's three rows, and the aid totals were planned
    /// over the index of a transaction type (4,000 rows read) rather than that of a
    /// recipient (150).
    fn analyze(&self, _tables: &[&str]) -> String {
        "PRAGMA optimize = 0x10002".to_owned()
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

    /// The table's indexes but its unique ones, as the schema defines them. Its foreign
    /// keys are part of the table's own definition, and kept.
    fn set_aside_upkeep(&self, table: &str) -> Option<Statement> {
        Some(Statement::from_sql_and_values(
            DatabaseBackend::Sqlite,
            "SELECT 'DROP INDEX \"' || name || '\"' AS set_aside, sql AS restore, 1 AS step \
             FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL \
               AND sql NOT LIKE 'CREATE UNIQUE %'",
            [table.into()],
        ))
    }

    fn statement(&self, sql: &str, values: Vec<Value>) -> Statement {
        Statement::from_sql_and_values(DatabaseBackend::Sqlite, sql, values)
    }

    /// SQLite has one writer, and an import's transaction has written (the dataset
    /// row) before it inserts, so it alone assigns ids until it commits: it numbers
    /// the rows itself and need not read the ids back row by row. The first free id
    /// is one more than the largest the table has held (AUTOINCREMENT never reuses
    /// ids).
    fn next_id(&self, table: DynIden) -> Option<SelectStatement> {
        let assigned = Query::select()
            .column(SqliteSequence::Seq)
            .from(SqliteSequence::Table)
            .and_where(Expr::col(SqliteSequence::Name).eq(table.to_string()))
            .to_owned();
        let held = Query::select()
            .expr(Func::max(Expr::col(AnyTable::Id)))
            .from(table)
            .to_owned();
        let largest = |select: SelectStatement| {
            Expr::from(Func::coalesce([
                Expr::SubQuery(None, Box::new(select.into())),
                Expr::val(0),
            ]))
        };
        // SQLite's MAX of two values is the larger of them.
        let next = Expr::from(Func::cust("MAX").args([largest(assigned), largest(held)])).add(1);
        Some(Query::select().expr(next).to_owned())
    }

    /// SQLite has no `LATERAL`: each parent's page is a select of its own, read in list
    /// order from the `(parent, …)` index and cut at its limit, so that only what is
    /// kept is read, and the pages are put together with UNION ALL; past
    /// [`PAGES_APART`] parents, [`numbered_pages`].
    fn child_pages(&self, pages: &ChildPages<'_>) -> (SelectStatement, Vec<(DynIden, Order)>) {
        if pages.parents.len() > PAGES_APART {
            return numbered_pages(pages, self);
        }
        let mut terms = pages.parents.iter().map(|parent| {
            let mut page = pages.children(Expr::col(pages.parent.clone()).eq(*parent));
            for (expr, direction) in pages.by() {
                page.order_by_expr(expr, direction);
            }
            page.limit(pages.per_parent());
            Query::select()
                .column(Asterisk)
                .from_subquery(page, Paging::Page)
                .to_owned()
        });
        let Some(mut union) = terms.next() else {
            return numbered_pages(pages, self);
        };
        for term in terms {
            union.union(UnionType::All, term);
        }
        let mut outer = Query::select();
        outer.column(Asterisk).from_subquery(union, Paging::Parents);
        let order_by = pages.by_parent_columns();
        for (column, direction) in &order_by {
            outer.order_by(column.clone(), direction.clone());
        }
        (outer, order_by)
    }
}

/// Up to this many parents, their pages of children are read one select each (see
/// [`Sqlite::child_pages`]); past it (SQLite takes at most 500 selects in one compound
/// statement), every child of the parents is numbered in one window and the first of
/// each kept.
const PAGES_APART: usize = 200;

/// The pages of children of many parents, read by numbering every child of each parent
/// in the list's order and keeping the first of each.
fn numbered_pages(
    pages: &ChildPages<'_>,
    dialect: &Sqlite,
) -> (SelectStatement, Vec<(DynIden, Order)>) {
    let mut numbered = pages.children(one_of(
        Expr::col(pages.parent.clone()),
        pages.parents.iter().copied(),
        dialect,
    ));
    let mut numbering = WindowStatement::partition_by(pages.parent.clone());
    for (expr, direction) in pages.by() {
        numbering.order_by_expr(expr, direction);
    }
    numbered.expr_window_as(Func::cust("ROW_NUMBER"), numbering, Paging::Rn);
    let page = Query::select()
        .column(Asterisk)
        .from_subquery(numbered, Paging::Page)
        .and_where(Expr::col(Paging::Rn).lte(pages.per_parent()))
        .order_by(Paging::Parent, Order::Asc)
        .order_by(Paging::Rn, Order::Asc)
        .to_owned();
    let order_by = vec![
        (Paging::Parent.into_iden(), Order::Asc),
        (Paging::Rn.into_iden(), Order::Asc),
    ];
    (page, order_by)
}

#[cfg(test)]
mod tests {
    use sea_orm::{sea_query::IntoIden, ConnectionTrait, Database};

    use super::*;

    /// The first free id is past every id the table has assigned, deleted or not, and
    /// 1 in a table that has assigned none.
    #[tokio::test]
    async fn the_next_id_is_past_every_id_assigned() {
        let db = Database::connect("sqlite::memory:").await.unwrap();
        db.execute_unprepared(
            "CREATE TABLE recommendations (id INTEGER PRIMARY KEY AUTOINCREMENT, text TEXT)",
        )
        .await
        .unwrap();
        let next = || async {
            let select = Sqlite.next_id(recommendation::Entity.into_iden()).unwrap();
            let row = db.query_one(&select).await.unwrap().unwrap();
            row.try_get_by_index::<i64>(0).unwrap()
        };
        assert_eq!(next().await, 1);
        db.execute_unprepared("INSERT INTO recommendations (text) VALUES ('a'), ('b'), ('c')")
            .await
            .unwrap();
        assert_eq!(next().await, 4);
        db.execute_unprepared("DELETE FROM recommendations WHERE id = 3")
            .await
            .unwrap();
        assert_eq!(next().await, 4);
        // A row inserted with its own id, as an import inserts them, moves it past that.
        db.execute_unprepared("INSERT INTO recommendations (id, text) VALUES (9, 'd')")
            .await
            .unwrap();
        assert_eq!(next().await, 10);
    }

    /// SQLite is built without its memory statistics (`.cargo/config.toml`), which would
    /// make every allocation of every connection take one shared mutex.
    #[tokio::test]
    async fn sqlite_is_built_without_memory_statistics() {
        let db = Database::connect("sqlite::memory:").await.unwrap();
        let options: Vec<String> = db
            .query_all_raw(sea_orm::Statement::from_string(
                sea_orm::DatabaseBackend::Sqlite,
                "PRAGMA compile_options",
            ))
            .await
            .unwrap()
            .iter()
            .map(|row| row.try_get_by_index(0).unwrap())
            .collect();
        assert!(
            options.iter().any(|option| option == "DEFAULT_MEMSTATUS=0"),
            "{options:?}"
        );
    }
}
