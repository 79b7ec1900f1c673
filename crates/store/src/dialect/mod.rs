//! Every difference between the backends the store runs on, behind one trait.
//!
//! A [`Store`](crate::Store) chooses its dialect once, from the URL it connects to,
//! and holds it; the rest of the store asks the dialect, never which backend it is on.
//! This is the only module that names a backend.

use std::{fmt::Debug, path::PathBuf};

use sea_orm::{
    sea_query::{DynIden, Expr, SelectStatement, SimpleExpr},
    Condition, ConnectOptions, DatabaseConnection, Order, Statement, Value,
};
use uprgraph_domain::search::SearchQuery;

use crate::{store::ChildPages, values::List};

pub(crate) mod postgres;
pub(crate) mod sqlite;

/// What differs between SQLite and PostgreSQL.
pub(crate) trait Dialect: Send + Sync + Debug {
    /// Sets what every connection of the pool starts with.
    fn session_settings(&self, options: &mut ConnectOptions);

    /// How many connections `db`'s pool holds, and how many of them are idle.
    fn pool_size(&self, db: &DatabaseConnection) -> (u32, usize);

    /// The database's file behind `url`, when it has one.
    fn database_file(&self, url: &str) -> Option<PathBuf>;

    /// A subquery joining the text `value` of the rows `rows` selects (its tables,
    /// joins and condition; no columns) by `separator`, sorted by `value`; NULL for no
    /// rows.
    fn sorted_string_agg(
        &self,
        value: SimpleExpr,
        rows: SelectStatement,
        separator: &str,
    ) -> SimpleExpr;

    /// `expr` is one of the values of `list` (false for an empty list), within the
    /// backend's limit on bound parameters.
    fn in_values(&self, expr: SimpleExpr, list: &dyn List) -> SimpleExpr;

    /// Text that sorts as `text` compared by bytes.
    fn text_sort_key(&self, text: Expr) -> Expr;

    /// The condition "`recommendations.id` matches `query`".
    fn full_text_condition(&self, query: &SearchQuery) -> Condition;

    /// A statement, run in the transaction that raises the data version, that
    /// announces the new number and stamp to listening servers (`NUMBER STAMP`); none
    /// where nothing listens.
    fn announce_data_version(&self) -> Option<Statement>;

    /// An expression of 32 random hexadecimal digits, drawn by the database: the data
    /// version's stamp.
    fn random_stamp(&self) -> SimpleExpr;

    /// How a server learns that the data version changed.
    fn data_version_signal(&self) -> DataVersionSignal;

    /// The statement that brings the planner's statistics of `tables` up to date
    /// after they were written.
    fn analyze(&self, tables: &[&str]) -> String;

    /// Settings an import's transaction starts with, for many rows written at once.
    fn bulk_write_settings(&self) -> Vec<String>;

    /// Settings that undo [`Dialect::bulk_write_settings`] before the transaction ends,
    /// so that its connection returns to the pool as it was.
    fn bulk_write_settings_reset(&self) -> Vec<String>;

    /// A bulk load's set-aside upkeep of `table`: a statement reading, for each of its
    /// secondary indexes and foreign keys, `set_aside` (the statement that drops it),
    /// `restore` (the one that makes it again as it was) and `step` (indexes, 1, are
    /// made before foreign keys, 2). None where a backend keeps them up during the load.
    fn set_aside_upkeep(&self, table: &str) -> Option<Statement>;

    /// `sql`, written with `?` for its parameters, bound to `values` in the form the
    /// backend reads.
    fn statement(&self, sql: &str, values: Vec<Value>) -> Statement;

    /// Where an import numbers the rows it inserts into `table` itself: a select of
    /// one value, the first free id. None where the database assigns them and the
    /// insert returns them.
    fn next_id(&self, table: DynIden) -> Option<SelectStatement>;

    /// The statement that reads, for each of many parents, one page of its children,
    /// each row with its parent's id as `_parent`; and the columns, each with its
    /// direction, its rows come back ordered by (which a fused read keeps, `fuse.rs`).
    fn child_pages(&self, pages: &ChildPages<'_>) -> (SelectStatement, Vec<(DynIden, Order)>);
}

/// How a server learns of a new data version (see `version.rs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DataVersionSignal {
    /// The transaction that raises it announces it on [`DATA_VERSION_CHANNEL`].
    Notify,
    /// Another process's commit changes the database's files.
    FileChanges,
}

/// The channel that carries new data versions, where they are announced.
pub(crate) const DATA_VERSION_CHANNEL: &str = "uprgraph_data_version";

/// The dialect of a database URL, or none for a backend the store does not run on.
pub(crate) fn for_url(url: &str) -> Option<&'static dyn Dialect> {
    if url.starts_with("sqlite:") {
        Some(&sqlite::Sqlite)
    } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
        Some(&postgres::Postgres)
    } else {
        None
    }
}
