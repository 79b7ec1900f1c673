//! Writing a file's arms transfers: the deals matched to an earlier import's, each
//! new or changed deal's deliveries written anew, and the day the export was
//! generated on its dataset.

use chrono::NaiveDate;
use sea_orm::{
    sea_query::{Expr, ExprTrait, Query},
    ConnectionTrait,
};

use super::{
    batch::{delete_ids, Insert, MatchedTable, Writer},
    field, Fields,
};
use crate::{
    entity::{arms_delivery, arms_transfer, dataset},
    import::{
        rows::{Keyed, NewArmsDelivery, NewArmsTransfer},
        write::reconcile::Plan,
        Counts, ImportError,
    },
};

/// How `arms_transfers` rows are matched to an earlier import's.
const MATCHED: MatchedTable<arms_transfer::Column> = MatchedTable {
    id: arms_transfer::Column::Id,
    natural_key: arms_transfer::Column::NaturalKey,
    row_hash: arms_transfer::Column::RowHash,
    line: arms_transfer::Column::SourceLine,
    dataset: arms_transfer::Column::DatasetId,
};

/// Writes a file's deals to `dataset` and counts what happened to them.
pub(super) async fn write(
    writer: Writer<'_>,
    dataset: i32,
    generated_on: Option<NaiveDate>,
    deals: &[NewArmsTransfer],
) -> Result<Counts, ImportError> {
    let txn = writer.txn;
    let update = Query::update()
        .table(dataset::Entity)
        .value(dataset::Column::GeneratedOn, generated_on)
        .and_where(Expr::col(dataset::Column::Id).eq(dataset))
        .to_owned();
    txn.execute(&update).await?;

    let existing = MATCHED.existing(txn, dataset).await?;
    let plan = Plan::new(&existing, deals);
    // A changed deal's deliveries are written anew; a removed deal's go with it.
    let rewritten: Vec<i32> = plan
        .update
        .iter()
        .map(|(id, _)| *id)
        .chain(plan.delete.iter().copied())
        .collect();
    delete_ids(
        txn,
        arms_delivery::Entity,
        arms_delivery::Column::TransferId,
        &rewritten,
    )
    .await?;
    let fields = |deal: &NewArmsTransfer| fields(deal, dataset);
    writer
        .apply_changes(MATCHED, &plan, fields, |deal| deal.line)
        .await?;

    let progress = writer.progress;
    progress.start(writer.place.file, "writing", plan.insert.len() as u64);
    let inserted = writer
        .insert_keyed(MATCHED, &plan.insert, fields, |deal| deal.line)
        .await?;
    progress.finish();

    let deliveries: Vec<(i32, u64, &NewArmsDelivery)> = plan
        .insert
        .iter()
        .map(|deal| (inserted[&deal.natural_key], *deal))
        .chain(plan.update.iter().map(|(id, deal)| (*id, *deal)))
        .flat_map(|(id, deal)| deal.deliveries.iter().map(move |d| (id, deal.line, d)))
        .collect();
    let insert = Insert::new(arms_delivery::Entity, "the deal's deliveries");
    writer
        .insert_batches(
            insert,
            &deliveries,
            |(transfer, _, delivery)| delivery_fields(*transfer, delivery),
            |(_, line, _)| Some(*line),
        )
        .await?;
    Ok(plan.counts())
}

/// A deal's columns and values.
fn fields(deal: &NewArmsTransfer, dataset: i32) -> Fields {
    use arms_transfer::Column;
    let tiv = |v: Option<uprgraph_domain::Tiv>| v.map(uprgraph_domain::Tiv::thousandths);
    vec![
        field(Column::DatasetId, dataset),
        field(Column::SupplierStateId, deal.supplier),
        field(Column::RecipientStateId, deal.recipient),
        field(Column::SipriId, deal.sipri_id),
        field(Column::OrderYear, deal.order_year),
        field(Column::OrderYearIsEstimate, deal.order_year_is_estimate),
        field(Column::NumberOrdered, deal.number_ordered),
        field(
            Column::NumberOrderedIsEstimate,
            deal.number_ordered_is_estimate,
        ),
        field(Column::Designation, deal.designation.clone()),
        field(Column::Description, deal.description.clone()),
        field(Column::ArmamentCategory, deal.armament_category.clone()),
        field(Column::Status, deal.status.code()),
        field(Column::Comments, deal.comments.clone()),
        field(Column::TivPerUnit, tiv(deal.tiv_per_unit)),
        field(Column::TivSipriEstimate, tiv(deal.tiv_sipri_estimate)),
        field(Column::TivOrder, tiv(deal.tiv_order)),
        field(Column::NumberDelivered, deal.number_delivered),
        field(
            Column::NumberDeliveredIsEstimate,
            deal.number_delivered_is_estimate,
        ),
        field(Column::TivDelivered, tiv(deal.tiv_delivered)),
        field(Column::LocalProduction, deal.local_production),
        field(Column::SourceLine, i32::try_from(deal.line).ok()),
        field(Column::NaturalKey, deal.natural_key.clone()),
        field(Column::RowHash, deal.row_hash()),
    ]
}

/// A delivery's columns and values.
fn delivery_fields(transfer: i32, delivery: &NewArmsDelivery) -> Fields {
    use arms_delivery::Column;
    vec![
        field(Column::TransferId, transfer),
        field(Column::Year, delivery.year),
        field(Column::YearIsEstimate, delivery.year_is_estimate),
        field(Column::Number, delivery.number),
        field(Column::NumberIsEstimate, delivery.number_is_estimate),
        field(
            Column::Tiv,
            delivery.tiv.map(uprgraph_domain::Tiv::thousandths),
        ),
    ]
}
