//! Writing a file's aid flows: the sources the rows name, then the rows matched to
//! an earlier import's.

use std::collections::HashMap;

use sea_orm::{
    sea_query::{Expr, ExprTrait, Query},
    ConnectionTrait, DatabaseTransaction,
};

use super::{
    batch::{get, Insert, MatchedTable, Writer},
    dataset::insert_source,
    field, Fields, Place,
};
use crate::{
    entity::{aid_flow, source},
    import::{
        rows::{Keyed, NewAidFlow, SourceRef},
        write::reconcile::Plan,
        Counts, ImportError,
    },
};

/// How `aid_flows` rows are matched to an earlier import's.
const MATCHED: MatchedTable<aid_flow::Column> = MatchedTable {
    id: aid_flow::Column::Id,
    natural_key: aid_flow::Column::NaturalKey,
    row_hash: aid_flow::Column::RowHash,
    line: aid_flow::Column::SourceLine,
    dataset: aid_flow::Column::DatasetId,
};

/// Writes a file's aid flows to `dataset` and counts what happened to them. A row that
/// names no source of its own is a figure of the dataset's `source`, and says so.
pub(super) async fn write(
    writer: Writer<'_>,
    dataset: i32,
    source: i32,
    rows: &[NewAidFlow],
) -> Result<Counts, ImportError> {
    let existing = MATCHED.existing(writer.txn, dataset).await?;
    let sources = sources(writer.txn, writer.place, rows).await?;
    let plan = Plan::new(&existing, rows);
    let fields = |row: &NewAidFlow| fields(row, &sources, dataset, source);
    writer
        .apply_changes(MATCHED, &plan, fields, |row| row.line)
        .await?;
    let progress = writer.progress;
    progress.start(writer.place.file, "writing", plan.insert.len() as u64);
    let insert = Insert::new(aid_flow::Entity, "this row");
    writer
        .insert_batches(
            insert,
            &plan.insert,
            |row| fields(row),
            |row| Some(row.line),
        )
        .await?;
    progress.finish();
    Ok(plan.counts())
}

/// An aid flow's columns and values, with the id of the source it names.
fn fields(
    row: &NewAidFlow,
    sources: &HashMap<SourceRef, i32>,
    dataset: i32,
    source: i32,
) -> Fields {
    use aid_flow::Column;
    vec![
        field(Column::DonorStateId, row.donor.state()),
        field(Column::DonorOrganizationId, row.donor.organization()),
        field(Column::RecipientStateId, row.recipient),
        field(Column::Category, row.category.code()),
        field(Column::TransactionType, row.transaction_type.code()),
        field(Column::FiscalYear, row.fiscal_year),
        field(Column::PeriodStart, row.period_start),
        field(Column::PeriodEnd, row.period_end),
        field(Column::AmountMinor, row.amount.minor_units()),
        field(Column::Currency, row.amount.currency().code().to_owned()),
        field(Column::AmountBound, row.bound.code()),
        field(
            Column::ConstantAmountMinor,
            row.constant_amount.map(|m| m.minor_units()),
        ),
        field(Column::ConstantBaseYear, row.constant_base_year),
        field(Column::Programme, row.programme.clone()),
        field(Column::Agency, row.agency.clone()),
        field(
            Column::SourceId,
            row.source.as_ref().map_or(source, |s| sources[s]),
        ),
        field(Column::DatasetId, dataset),
        field(Column::Note, row.note.clone()),
        field(Column::SourceLine, i32::try_from(row.line).ok()),
        field(Column::NaturalKey, row.natural_key.clone()),
        field(Column::RowHash, row.row_hash()),
    ]
}

/// The ids of the sources the rows name, found by title, publisher and address, or
/// made.
async fn sources(
    txn: &DatabaseTransaction,
    place: &Place<'_>,
    rows: &[NewAidFlow],
) -> Result<HashMap<SourceRef, i32>, ImportError> {
    use source::Column;
    let mut sources: HashMap<SourceRef, i32> = HashMap::new();
    for (line, named) in rows
        .iter()
        .filter_map(|r| r.source.as_ref().map(|s| (r.line, s)))
    {
        if sources.contains_key(named) {
            continue;
        }
        let mut select = Query::select();
        select
            .column(Column::Id)
            .from(source::Entity)
            .and_where(Expr::col(Column::Title).eq(named.title.clone()))
            .and_where(Expr::col(Column::Publisher).eq(named.publisher.clone()));
        match &named.url {
            Some(url) => select.and_where(Expr::col(Column::Url).eq(url.clone())),
            None => select.and_where(Expr::col(Column::Url).is_null()),
        };
        let id = match txn.query_one(&select).await? {
            Some(row) => get(&row, Column::Id)?,
            None => insert_source(txn, None, named, None)
                .await
                .map_err(|err| place.placed(Some(line), "the source the row names", err))?,
        };
        sources.insert(named.clone(), id);
    }
    Ok(sources)
}
