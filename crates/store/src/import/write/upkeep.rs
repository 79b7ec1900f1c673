//! A bulk load's upkeep set aside: a file that adds at least as many rows to a table
//! as it holds has the table's secondary indexes (and on PostgreSQL its foreign keys)
//! dropped before its rows are inserted and made again after, as they were. Making an
//! index once from all its rows, and checking a foreign key with one join, is much
//! less work than keeping them up row by row (on PostgreSQL, a whole UHRI export's
//! recommendations were written in 18 s with them and in 11 s without, remade after).
//!
//! The price, on PostgreSQL: until the import commits, the tables are locked against
//! every other reader (dropping an index takes the table's exclusive lock), where
//! otherwise they would be read as they were before it. So only a load that at least
//! doubles a table sets its upkeep aside, such as the first import of a large file.
//! SQLite's readers see the database as it was until the commit, indexes included.

use futures_util::future::join;
use sea_orm::{sea_query::DynIden, ConnectionTrait, DatabaseTransaction, FromQueryResult};

use super::batch::Writer;
use crate::{import::ImportError, store::Counted};

/// Rows a file must add for a load to be bulk: below it, keeping the indexes up costs
/// little, and the statements that drop and remake them would be most of the work.
const BULK_ROWS: usize = 5_000;

/// Whether adding `inserting` rows to a table holding `held` is a bulk load.
fn is_bulk(inserting: usize, held: u64) -> bool {
    inserting >= BULK_ROWS && inserting as u64 >= held
}

/// The upkeep a bulk load set aside, to restore before the transaction commits.
#[must_use = "the indexes and foreign keys set aside must be restored"]
pub(super) struct SetAside {
    /// For each table, the statements that make its indexes and then its foreign keys
    /// again.
    restore: Vec<Vec<String>>,
}

impl SetAside {
    /// Sets aside the upkeep of `tables` when adding `inserting` rows to the first of
    /// them is a bulk load and the backend sets upkeep aside; otherwise nothing.
    pub(super) async fn for_load(
        writer: Writer<'_>,
        tables: &[DynIden],
        inserting: usize,
    ) -> Result<Self, ImportError> {
        let none = Self {
            restore: Vec::new(),
        };
        let Some(first) = tables.first() else {
            return Ok(none);
        };
        let selects: Option<Vec<_>> = tables
            .iter()
            .map(|table| writer.dialect.set_aside_upkeep(&table.to_string()))
            .collect();
        let Some(selects) = selects else {
            return Ok(none);
        };
        if !is_bulk(inserting, held(writer.txn, first.clone()).await?) {
            return Ok(none);
        }
        let mut restore = Vec::with_capacity(selects.len());
        for select in selects {
            let mut upkeep: Vec<(i32, String, String)> = Vec::new();
            for row in writer.txn.query_all_raw(select).await? {
                upkeep.push((
                    row.try_get("", "step")?,
                    row.try_get("", "set_aside")?,
                    row.try_get("", "restore")?,
                ));
            }
            upkeep.sort_by_key(|(step, ..)| *step);
            let mut remake = Vec::with_capacity(upkeep.len());
            for (_, set_aside, statement) in upkeep {
                writer.txn.execute_unprepared(&set_aside).await?;
                remake.push(statement);
            }
            restore.push(remake);
        }
        Ok(Self { restore })
    }

    /// Makes the first table's indexes and foreign keys again while `work` runs here:
    /// they go to the database in one message, which it runs while this process does
    /// the work (the next table's rows to write, say).
    pub(super) async fn restore_first_while<R>(
        &mut self,
        txn: &DatabaseTransaction,
        work: impl FnOnce() -> R,
    ) -> Result<R, ImportError> {
        let first = self.restore.first_mut().map(std::mem::take);
        let Some(statements) = first.filter(|s| !s.is_empty()) else {
            return Ok(work());
        };
        let (made, done) = join(txn.execute_unprepared(&statements.join(";\n")), async {
            work()
        })
        .await;
        made?;
        Ok(done)
    }

    /// Makes the indexes and foreign keys left to restore again, as they were.
    pub(super) async fn restore(self, txn: &DatabaseTransaction) -> Result<(), ImportError> {
        let statements: Vec<String> = self.restore.into_iter().flatten().collect();
        if !statements.is_empty() {
            txn.execute_unprepared(&statements.join(";\n")).await?;
        }
        Ok(())
    }
}

/// The rows `table` holds.
async fn held(txn: &DatabaseTransaction, table: DynIden) -> Result<u64, ImportError> {
    let counted = txn.query_one(&Counted::of(table)).await?;
    let n = counted
        .map(|row| Counted::from_query_result(&row, ""))
        .transpose()?;
    Ok(n.map_or(0, |c| u64::try_from(c.n).unwrap_or(0)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_load_is_bulk_when_it_adds_many_rows_and_at_least_doubles_the_table() {
        assert!(is_bulk(250_000, 0));
        assert!(is_bulk(250_000, 23_484));
        assert!(is_bulk(5_000, 5_000));
        assert!(!is_bulk(4_999, 0), "a small file");
        assert!(!is_bulk(9_047, 14_437), "a file added to a larger table");
    }
}
