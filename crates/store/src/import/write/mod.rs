//! Writing a checked file in the import's transaction: the dataset row, then the
//! rows matched by natural key against what an earlier import of the file wrote
//! (`reconcile.rs` plans it, `batch.rs` applies it): `dataset.rs` writes the dataset,
//! its source and the memberships the file states, `recommendations.rs` and
//! `aid_flows.rs` each table's rows. Every table and column is named by a typed
//! identifier, and each value is written beside its column's name.

mod aid_flows;
mod arms_transfers;
mod batch;
mod dataset;
pub(crate) mod held;
mod recommendations;
pub(crate) mod reconcile;
mod upkeep;

use sea_orm::{
    sea_query::{DynIden, IntoIden},
    DatabaseTransaction, DbErr, Value,
};

use super::{read::Parsed, rows::Rows, Counts, Format, ImportError, InputFile, Progress};
use crate::{dialect::Dialect, StoreError};

/// A row to write: each column with its value.
type Fields = Vec<(DynIden, Value)>;

/// A column and the value to write to it.
fn field(column: impl IntoIden, value: impl Into<Value>) -> (DynIden, Value) {
    (column.into_iden(), value.into())
}

/// Where the rows being written come from, to say which one the database refused.
#[derive(Debug, Clone, Copy)]
struct Place<'a> {
    file: &'a str,
    sheet: Option<&'a str>,
}

impl Place<'_> {
    /// The error for a statement the database refused while writing `what`, from the
    /// row on `line` if one row caused it. A lost connection stays what it is.
    fn refused(&self, line: Option<u64>, what: &str, err: DbErr) -> ImportError {
        self.placed(line, what, err.into())
    }

    /// [`Self::refused`] for an error already read.
    fn placed(&self, line: Option<u64>, what: &str, err: ImportError) -> ImportError {
        match err {
            ImportError::Store(StoreError::Database(reason)) => ImportError::Refused {
                file: self.file.to_owned(),
                sheet: self.sheet.map(str::to_owned),
                line,
                what: what.to_owned(),
                reason,
            },
            other => other,
        }
    }
}

/// Writes one checked file and counts what happened to its rows.
pub(crate) async fn write_file(
    txn: &DatabaseTransaction,
    dialect: &dyn Dialect,
    format: Format,
    file: &InputFile,
    parsed: &Parsed,
    progress: &dyn Progress,
) -> Result<Counts, ImportError> {
    let place = Place {
        file: &file.name,
        sheet: parsed.sheet.as_deref(),
    };
    let dataset_error = |err| place.placed(None, "the file's dataset", err);
    let dataset = dataset::write_dataset(txn, format.spec(), file, parsed)
        .await
        .map_err(dataset_error)?;
    let Some((dataset, source)) = dataset else {
        // The very same file: nothing to compare, nothing to change.
        return Ok(Counts {
            unchanged: parsed.rows.len() as u64,
            ..Counts::default()
        });
    };
    dataset::write_memberships(txn, &parsed.memberships, source)
        .await
        .map_err(dataset_error)?;
    let writer = batch::Writer {
        txn,
        dialect,
        place: &place,
        progress,
    };
    match &parsed.rows {
        Rows::Recommendations(rows) => recommendations::write(writer, dataset, rows).await,
        Rows::AidFlows(rows) => aid_flows::write(writer, dataset, source, rows).await,
        Rows::ArmsTransfers {
            generated_on,
            deals,
        } => arms_transfers::write(writer, dataset, *generated_on, deals).await,
    }
}
