//! The documented facts uprgraph ships from day one, each linked to its source:
//! the reviews of the United States and Israel (including the two refusals to
//! take part), US military aid to Israel since 7 October 2023, and the Gaza
//! Ministry of Health's count of Palestinians killed. Files: `data/facts/`.

use std::collections::HashMap;

use chrono::NaiveDate;
use sea_orm::Value;
use sea_orm_migration::prelude::*;
use serde::Deserialize;
use uprgraph_domain::{
    AidCategory, Bound, Currency, FigureMeasure, Money, ReviewStatus, TransactionType,
};

use crate::seed::{id_map, insert_rows, lookup, opt_date, opt_text, read_csv};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(Deserialize)]
struct SourceRow {
    key: String,
    title: String,
    publisher: String,
    publisher_organization: Option<String>,
    url: Option<String>,
    published_on: Option<NaiveDate>,
    document_symbol: Option<String>,
    note: Option<String>,
}

#[derive(Deserialize)]
struct ReviewRow {
    state: String,
    cycle: i32,
    session: i32,
    status: String,
    scheduled_on: Option<NaiveDate>,
    held_on: Option<NaiveDate>,
    replaced_by_session: Option<i32>,
    outcome_symbol: Option<String>,
    source: String,
    note: Option<String>,
}

#[derive(Deserialize)]
struct AidRow {
    key: String,
    donor: String,
    recipient: String,
    category: String,
    transaction_type: String,
    fiscal_year: Option<i32>,
    period_start: Option<NaiveDate>,
    period_end: Option<NaiveDate>,
    amount: String,
    currency: String,
    bound: String,
    part_of: Option<String>,
    source: String,
    note: Option<String>,
}

#[derive(Deserialize)]
struct FigureRow {
    state: String,
    measure: String,
    value: i64,
    bound: String,
    period_start: Option<NaiveDate>,
    as_of: Option<NaiveDate>,
    description: String,
    source: String,
    note: Option<String>,
}

fn invalid(file: &str, detail: impl std::fmt::Display) -> DbErr {
    DbErr::Migration(format!("{file}: {detail}"))
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let state_ids = id_map::<_, String>(db, "states", "alpha3").await?;
        let organization_ids = id_map::<_, String>(db, "organizations", "code").await?;
        let cycle_ids = id_map::<_, i32>(db, "cycles", "number").await?;
        let session_ids = id_map::<_, i32>(db, "sessions", "number").await?;

        let sources: Vec<SourceRow> =
            read_csv("sources.csv", include_str!("../data/facts/sources.csv"))?;
        let mut rows = Vec::with_capacity(sources.len());
        for s in sources {
            let publisher_organization = match &s.publisher_organization {
                Some(code) => Some(lookup(&organization_ids, code, "sources.csv")?),
                None => None,
            };
            rows.push(vec![
                s.key.into(),
                s.title.into(),
                s.publisher.into(),
                publisher_organization.into(),
                opt_text(s.url),
                opt_date(s.published_on),
                opt_text(s.document_symbol),
                opt_text(s.note),
            ]);
        }
        insert_rows(
            db,
            "sources",
            &[
                "key",
                "title",
                "publisher",
                "publisher_organization_id",
                "url",
                "published_on",
                "document_symbol",
                "note",
            ],
            rows,
        )
        .await?;
        let source_ids = id_map::<_, String>(db, "sources", "key").await?;

        // Reviews go in first without their replacement links, which can point to
        // reviews of the same file; the links are set once every review has an id.
        let reviews: Vec<ReviewRow> =
            read_csv("reviews.csv", include_str!("../data/facts/reviews.csv"))?;
        let mut rows = Vec::with_capacity(reviews.len());
        for r in &reviews {
            let status: ReviewStatus = r.status.parse().map_err(|e| invalid("reviews.csv", e))?;
            rows.push(vec![
                lookup(&state_ids, &r.state, "reviews.csv")?.into(),
                lookup(&cycle_ids, &r.cycle, "reviews.csv")?.into(),
                lookup(&session_ids, &r.session, "reviews.csv")?.into(),
                status.code().into(),
                opt_date(r.scheduled_on),
                opt_date(r.held_on),
                opt_text(r.outcome_symbol.clone()),
                lookup(&source_ids, &r.source, "reviews.csv")?.into(),
                opt_text(r.note.clone()),
            ]);
        }
        insert_rows(
            db,
            "reviews",
            &[
                "state_id",
                "cycle_id",
                "session_id",
                "status",
                "scheduled_on",
                "held_on",
                "outcome_symbol",
                "source_id",
                "note",
            ],
            rows,
        )
        .await?;
        let review_ids = review_ids(db).await?;
        for r in &reviews {
            let Some(replacement) = r.replaced_by_session else {
                continue;
            };
            let state = lookup(&state_ids, &r.state, "reviews.csv")?;
            let by_session = |session: i32| -> Result<i32, DbErr> {
                let session = lookup(&session_ids, &session, "reviews.csv")?;
                review_ids.get(&(state, session)).copied().ok_or_else(|| {
                    invalid(
                        "reviews.csv",
                        format!("no review of {} at that session", r.state),
                    )
                })
            };
            let update = Query::update()
                .table(Alias::new("reviews"))
                .value(Alias::new("replaced_by_id"), by_session(replacement)?)
                .and_where(Expr::col(Alias::new("id")).eq(by_session(r.session)?))
                .to_owned();
            db.execute(&update).await?;
        }

        // Parts of a figure (a year of a two-year total) point to the whole, which
        // must come earlier in the file.
        let flows: Vec<AidRow> =
            read_csv("aid_flows.csv", include_str!("../data/facts/aid_flows.csv"))?;
        let mut flow_ids: HashMap<String, i32> = HashMap::new();
        for f in flows {
            let category: AidCategory = f
                .category
                .parse()
                .map_err(|e| invalid("aid_flows.csv", e))?;
            let transaction: TransactionType = f
                .transaction_type
                .parse()
                .map_err(|e| invalid("aid_flows.csv", e))?;
            let bound: Bound = f.bound.parse().map_err(|e| invalid("aid_flows.csv", e))?;
            let currency = Currency::parse(&f.currency).map_err(|e| invalid("aid_flows.csv", e))?;
            let amount = Money::parse_decimal(&f.amount, currency)
                .map_err(|e| invalid("aid_flows.csv", e))?;
            let part_of = match &f.part_of {
                Some(key) => Some(lookup(&flow_ids, key, "aid_flows.csv")?),
                None => None,
            };
            let insert = Query::insert()
                .into_table(Alias::new("aid_flows"))
                .columns(
                    [
                        "donor_state_id",
                        "recipient_state_id",
                        "category",
                        "transaction_type",
                        "fiscal_year",
                        "period_start",
                        "period_end",
                        "amount_minor",
                        "currency",
                        "amount_bound",
                        "part_of_id",
                        "source_id",
                        "note",
                    ]
                    .map(Alias::new),
                )
                .values_panic(
                    [
                        Value::from(lookup(&state_ids, &f.donor, "aid_flows.csv")?),
                        lookup(&state_ids, &f.recipient, "aid_flows.csv")?.into(),
                        category.code().into(),
                        transaction.code().into(),
                        f.fiscal_year.into(),
                        opt_date(f.period_start),
                        opt_date(f.period_end),
                        amount.minor_units().into(),
                        currency.code().to_owned().into(),
                        bound.code().into(),
                        part_of.into(),
                        lookup(&source_ids, &f.source, "aid_flows.csv")?.into(),
                        opt_text(f.note),
                    ]
                    .map(Expr::val),
                )
                .returning_col(Alias::new("id"))
                .to_owned();
            let row = db
                .query_one(&insert)
                .await?
                .ok_or_else(|| invalid("aid_flows.csv", "insert returned no id"))?;
            flow_ids.insert(f.key, row.try_get("", "id")?);
        }

        let figures: Vec<FigureRow> =
            read_csv("figures.csv", include_str!("../data/facts/figures.csv"))?;
        let mut rows = Vec::with_capacity(figures.len());
        for f in figures {
            let measure: FigureMeasure =
                f.measure.parse().map_err(|e| invalid("figures.csv", e))?;
            let bound: Bound = f.bound.parse().map_err(|e| invalid("figures.csv", e))?;
            rows.push(vec![
                lookup(&state_ids, &f.state, "figures.csv")?.into(),
                measure.code().into(),
                f.value.into(),
                bound.code().into(),
                opt_date(f.period_start),
                opt_date(f.as_of),
                f.description.into(),
                opt_text(f.note),
                lookup(&source_ids, &f.source, "figures.csv")?.into(),
            ]);
        }
        insert_rows(
            db,
            "figures",
            &[
                "state_id",
                "measure",
                "value",
                "bound",
                "period_start",
                "as_of",
                "description",
                "note",
                "source_id",
            ],
            rows,
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for table in ["figures", "aid_flows", "reviews"] {
            db.execute(&Query::delete().from_table(Alias::new(table)).to_owned())
                .await?;
        }
        let sources = Query::delete()
            .from_table(Alias::new("sources"))
            .and_where(Expr::col(Alias::new("key")).is_in([
                "a-hrc-16-11",
                "a-hrc-30-12",
                "ohchr-upr-usa",
                "ohchr-upr-isr",
                "costs-of-war-2025-israel",
                "gaza-moh-casualties",
            ]))
            .to_owned();
        db.execute(&sources).await?;
        Ok(())
    }
}

/// `(state id, session id) -> review id` for every review.
async fn review_ids<C: ConnectionTrait>(db: &C) -> Result<HashMap<(i32, i32), i32>, DbErr> {
    let select = Query::select()
        .columns(["id", "state_id", "session_id"].map(Alias::new))
        .from(Alias::new("reviews"))
        .to_owned();
    db.query_all(&select)
        .await?
        .into_iter()
        .map(|row| {
            Ok((
                (row.try_get("", "state_id")?, row.try_get("", "session_id")?),
                row.try_get("", "id")?,
            ))
        })
        .collect()
}
