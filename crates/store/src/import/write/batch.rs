//! The statements every table's writer uses: batch inserts, updates and deletions
//! by id, and the reading of what an earlier import wrote.

use std::collections::HashMap;

use futures_util::future::join;

use sea_orm::{
    sea_query::{CaseStatement, DynIden, Expr, ExprTrait, IntoIden, Query, SelectStatement},
    ColumnTrait, ConnectionTrait, DatabaseTransaction, DbErr, IdenStatic, QueryResult, TryGetable,
    Value,
};

use super::{Fields, Place};
use crate::{
    dialect::Dialect,
    import::{
        rows::Keyed,
        write::reconcile::{Existing, Plan, Written},
        ImportError, Progress,
    },
};

/// Rows or ids per statement where a statement is built by sea-query (memberships,
/// deletions): few of them in an import.
pub(super) const BATCH: usize = 500;

/// Bind parameters one INSERT of [`Writer::insert_batches`] carries at most: SQLite's
/// limit (32,766), the lower of the two backends' (PostgreSQL's is 65,535).
const MAX_PARAMETERS: usize = 32_766;

/// Rows one INSERT of [`Writer::insert_batches`] carries: as many as the parameters
/// allow, so that the statements of an import grow with its size divided by
/// thousands of rows. The search terms (three columns) go in about 10,900 rows a
/// statement, the recommendations (fifteen) in 2,184.
fn rows_per_statement(width: usize) -> usize {
    MAX_PARAMETERS / width.max(1)
}

/// What writing one file's rows takes: the import's transaction and its dialect,
/// where the rows come from, and whom to tell how far the writing has got.
#[derive(Clone, Copy)]
pub(super) struct Writer<'a> {
    pub txn: &'a DatabaseTransaction,
    pub dialect: &'a dyn Dialect,
    pub place: &'a Place<'a>,
    pub progress: &'a dyn Progress,
}

/// What a batch insert writes: the table, and what a row of it is to the file's row
/// it comes from (for errors).
pub(super) struct Insert<'a> {
    pub table: DynIden,
    /// `this row`, `the row's search terms`, ...
    pub what: &'a str,
    /// The columns of the inserted rows to read back, if any.
    pub returning: Vec<DynIden>,
}

impl<'a> Insert<'a> {
    /// An insert into `table` that reads nothing back.
    pub(super) fn new(table: impl IntoIden, what: &'a str) -> Self {
        Self {
            table: table.into_iden(),
            what,
            returning: Vec::new(),
        }
    }
}

/// Rows whose line one UPDATE sets: three parameters each, within SQLite's 32,766.
const MOVED_PER_UPDATE: usize = 5_000;

/// A table whose rows an import matches by natural key, by its columns.
#[derive(Debug, Clone, Copy)]
pub(super) struct MatchedTable<C> {
    pub id: C,
    pub natural_key: C,
    pub row_hash: C,
    /// The line of the file the row was read from.
    pub line: C,
    pub dataset: C,
}

impl Writer<'_> {
    /// Inserts rows in batches, each row's columns and values made by `fields` from an
    /// item that came from the file's row on `line`. This is the one place of the
    /// importer that writes SQL text itself rather than through sea-query: bulk
    /// loads spend their time here, and each value is made once, straight into its
    /// statement (again only to find a refused row). The table's and columns' names
    /// still come from typed identifiers.
    ///
    /// Each batch runs inside a savepoint, so that when the database refuses one (and
    /// PostgreSQL then refuses the rest of the transaction) the batch can be undone and
    /// its rows tried one by one, to name the file's row that the database refused.
    pub(super) async fn insert_batches<T>(
        &self,
        insert: Insert<'_>,
        items: &[T],
        fields: impl Fn(&T) -> Fields,
        line: impl Fn(&T) -> Option<u64>,
    ) -> Result<Vec<QueryResult>, ImportError> {
        let Some(first) = items.first() else {
            return Ok(Vec::new());
        };
        let columns: Vec<DynIden> = fields(first).into_iter().map(|(c, _)| c).collect();
        let width = columns.len();
        let head = format!(
            "INSERT INTO \"{}\" ({}) VALUES ",
            insert.table,
            quoted(&columns)
        );
        let returning = match insert.returning.is_empty() {
            true => String::new(),
            false => format!(" RETURNING {}", quoted(&insert.returning)),
        };
        let statement = |count: usize, values: Vec<Value>| {
            let mut sql = head.clone();
            sql.push_str(&placeholders(count, width));
            sql.push_str(&returning);
            self.dialect.statement(&sql, values)
        };
        let values = |item: &T| fields(item).into_iter().map(|(_, value)| value);
        let batch = |chunk: &[T]| statement(chunk.len(), chunk.iter().flat_map(values).collect());
        let (txn, place) = (self.txn, self.place);
        let mut returned = Vec::new();
        let mut done = 0;
        let mut chunks = items.chunks(rows_per_statement(width));
        let mut next = chunks.next().map(|chunk| (chunk, batch(chunk)));
        while let Some((chunk, this)) = next.take() {
            txn.execute_unprepared("SAVEPOINT import_batch").await?;
            // The next statement is made while the database runs this one: the
            // database works on its own thread (SQLite's worker) or process, and
            // making a statement's values is most of the importer's own time.
            let following = async { chunks.next().map(|chunk| (chunk, batch(chunk))) };
            let (result, following) = join(txn.query_all_raw(this), following).await;
            next = following;
            match result {
                Ok(rows) => returned.extend(rows),
                Err(err) => {
                    txn.execute_unprepared("ROLLBACK TO SAVEPOINT import_batch")
                        .await?;
                    for item in chunk {
                        let one = statement(1, values(item).collect());
                        txn.execute_unprepared("SAVEPOINT import_row").await?;
                        if let Err(err) = txn.query_all_raw(one).await {
                            return Err(place.refused(line(item), insert.what, err));
                        }
                        txn.execute_unprepared("RELEASE SAVEPOINT import_row")
                            .await?;
                    }
                    // No row alone was refused: the batch as a whole was.
                    let first = chunk.first().and_then(&line);
                    return Err(place.refused(first, insert.what, err));
                }
            }
            txn.execute_unprepared("RELEASE SAVEPOINT import_batch")
                .await?;
            done += chunk.len();
            self.progress.advance(done as u64);
        }
        Ok(returned)
    }

    /// Inserts new rows of a matched table and returns their ids by natural key. On a
    /// backend that numbers new rows itself (SQLite) the ids are given in the
    /// statement; otherwise they are read back.
    pub(super) async fn insert_keyed<C: ColumnTrait, T: Keyed>(
        &self,
        table: MatchedTable<C>,
        rows: &[&T],
        fields: impl Fn(&T) -> Fields,
        line: impl Fn(&T) -> u64,
    ) -> Result<HashMap<String, i32>, ImportError> {
        let entity = table.id.entity_name();
        let next_id = match self.dialect.next_id(entity.clone()) {
            Some(next_id) => Some(
                self.txn
                    .query_one(&next_id)
                    .await?
                    .ok_or_else(|| DbErr::RecordNotFound(entity.to_string()))?,
            ),
            None => None,
        };
        let line = |row: &&T| Some(line(row));
        if let Some(next_id) = next_id {
            let first = next_id.try_get_by_index::<i64>(0)? as i32;
            let ids: HashMap<String, i32> = rows
                .iter()
                .zip(first..)
                .map(|(row, id)| (row.natural_key().to_owned(), id))
                .collect();
            let with_id = |row: &&T| {
                let mut all = vec![(table.id.into_iden(), ids[row.natural_key()].into())];
                all.extend(fields(row));
                all
            };
            let insert = Insert::new(entity, "this row");
            self.insert_batches(insert, rows, with_id, line).await?;
            Ok(ids)
        } else {
            let insert = Insert {
                returning: vec![table.id.into_iden(), table.natural_key.into_iden()],
                ..Insert::new(entity, "this row")
            };
            let returned = self
                .insert_batches(insert, rows, |row| fields(row), line)
                .await?;
            returned
                .into_iter()
                .map(|row| Ok((get(&row, table.natural_key)?, get(&row, table.id)?)))
                .collect::<Result<_, DbErr>>()
                .map_err(ImportError::from)
        }
    }

    /// Deletes the rows a plan removes and updates the rows it changes, each row's
    /// columns and values made by `fields`.
    pub(super) async fn apply_changes<C: ColumnTrait, T>(
        &self,
        table: MatchedTable<C>,
        plan: &Plan<'_, T>,
        fields: impl Fn(&T) -> Fields,
        line: impl Fn(&T) -> u64,
    ) -> Result<(), ImportError> {
        delete_ids(self.txn, table.id.entity_name(), table.id, &plan.delete).await?;
        for (id, row) in &plan.update {
            self.update_row(table.id, *id, fields(row), line(row))
                .await?;
        }
        // The lines of unchanged rows that moved, a statement for many rows.
        for moved in plan.moved.chunks(MOVED_PER_UPDATE) {
            let mut lines = CaseStatement::new();
            for (id, line) in moved {
                let line = i32::try_from(*line).ok();
                lines = lines.case(Expr::col(table.id).eq(*id), Expr::val(line));
            }
            let update = Query::update()
                .table(table.id.entity_name())
                .value(table.line, lines)
                .and_where(Expr::col(table.id).is_in(moved.iter().map(|(id, _)| *id)))
                .to_owned();
            self.txn.execute(&update).await?;
        }
        Ok(())
    }

    /// Sets the columns of the row `id` to new values, from the file's row on `line`.
    async fn update_row<C: ColumnTrait>(
        &self,
        id_column: C,
        id: i32,
        fields: Fields,
        line: u64,
    ) -> Result<(), ImportError> {
        let update = Query::update()
            .table(id_column.entity_name())
            .values(fields.into_iter().map(|(c, v)| (c, Expr::val(v))))
            .and_where(Expr::col(id_column).eq(id))
            .to_owned();
        self.txn
            .execute(&update)
            .await
            .map_err(|err| self.place.refused(Some(line), "this row", err))?;
        Ok(())
    }
}

/// `"a", "b"`: the names quoted for SQL.
fn quoted(columns: &[DynIden]) -> String {
    columns
        .iter()
        .map(|c| format!("\"{c}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `(?, ?), (?, ?)`: `rows` tuples of `width` parameters.
fn placeholders(rows: usize, width: usize) -> String {
    let mut sql = String::with_capacity(rows * width * 5);
    for row in 0..rows {
        if row > 0 {
            sql.push_str(", ");
        }
        sql.push('(');
        for column in 0..width {
            if column > 0 {
                sql.push_str(", ");
            }
            sql.push('?');
        }
        sql.push(')');
    }
    sql
}

/// Deletes the rows of `table` whose `column` is one of `ids`.
pub(super) async fn delete_ids(
    txn: &DatabaseTransaction,
    table: impl IntoIden,
    column: impl IntoIden,
    ids: &[i32],
) -> Result<(), ImportError> {
    let (table, column) = (table.into_iden(), column.into_iden());
    for chunk in ids.chunks(BATCH) {
        let delete = Query::delete()
            .from_table(table.clone())
            .and_where(Expr::col(column.clone()).is_in(chunk.iter().copied()))
            .to_owned();
        txn.execute(&delete).await?;
    }
    Ok(())
}

/// Runs `select` in the import's transaction and reads each row it gives with `read`.
pub(super) async fn read_rows<T, B: FromIterator<T>>(
    txn: &DatabaseTransaction,
    select: &SelectStatement,
    read: impl Fn(&QueryResult) -> Result<T, DbErr>,
) -> Result<B, ImportError> {
    let rows = txn.query_all(select).await?;
    Ok(rows.iter().map(read).collect::<Result<B, DbErr>>()?)
}

/// The value of `column` in a row read by [`read_rows`].
pub(super) fn get<T: TryGetable>(row: &QueryResult, column: impl IdenStatic) -> Result<T, DbErr> {
    row.try_get("", column.as_str())
}

/// `key -> id` for a whole table.
pub(super) async fn id_map<C: ColumnTrait>(
    txn: &DatabaseTransaction,
    id: C,
    key: C,
) -> Result<HashMap<String, i32>, ImportError> {
    let select = Query::select()
        .columns([id, key])
        .from(key.entity_name())
        .to_owned();
    read_rows(txn, &select, |row| Ok((get(row, key)?, get(row, id)?))).await
}

impl<C: ColumnTrait> MatchedTable<C> {
    /// The rows a dataset holds, by natural key.
    pub(super) async fn existing(
        &self,
        txn: &DatabaseTransaction,
        dataset: i32,
    ) -> Result<Existing, ImportError> {
        let select = Query::select()
            .columns([self.id, self.natural_key, self.row_hash, self.line])
            .from(self.id.entity_name())
            .and_where(Expr::col(self.dataset).eq(dataset))
            .to_owned();
        read_rows(txn, &select, |row| {
            Ok((
                get(row, self.natural_key)?,
                Written {
                    id: get(row, self.id)?,
                    row_hash: get(row, self.row_hash)?,
                    line: get(row, self.line)?,
                },
            ))
        })
        .await
    }
}
