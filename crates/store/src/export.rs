//! Flat rows for export, read in keyset chunks: a million-row export holds one chunk
//! in memory at a time and no connection or transaction between chunks.

use sea_orm::{
    sea_query::{Alias, Expr, ExprTrait, Order, Query},
    ConnectionTrait,
};

use crate::{Filter, Store, StoreError};

/// One recommendation, flattened with the names a spreadsheet needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecommendationRow {
    pub id: i32,
    pub state_under_review_code: String,
    pub state_under_review: String,
    pub recommending_state_code: Option<String>,
    pub recommending_state: Option<String>,
    pub cycle: i32,
    pub session: i32,
    pub response: String,
    pub action_category: Option<i16>,
    /// Theme names, sorted, joined by `; `.
    pub themes: String,
    pub text: String,
    pub document_symbol: Option<String>,
    pub dataset: Option<String>,
}

/// One aid flow, flattened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AidFlowRow {
    pub id: i32,
    pub donor_code: String,
    pub donor: String,
    pub recipient_code: String,
    pub recipient: String,
    pub fiscal_year: Option<i32>,
    pub period_start: Option<chrono::NaiveDate>,
    pub period_end: Option<chrono::NaiveDate>,
    pub category: String,
    pub transaction_type: String,
    pub amount_minor: i64,
    pub currency: String,
    pub amount_bound: String,
    pub part_of_id: Option<i32>,
    pub source: Option<String>,
    pub dataset: Option<String>,
}

fn col(table: &str, column: &str) -> Expr {
    Expr::col((Alias::new(table), Alias::new(column)))
}

impl Store {
    /// Up to `limit` recommendations passing `filter` with ids above `after`, in id order.
    pub async fn recommendation_rows(
        &self,
        filter: &Filter,
        after: i32,
        limit: u64,
    ) -> Result<Vec<RecommendationRow>, StoreError> {
        let themes = self.dialect().sorted_string_agg(
            "t.name",
            "recommendation_themes rt JOIN themes t ON t.id = rt.theme_id \
             WHERE rt.recommendation_id = recommendations.id",
            "; ",
        );
        let mut select = Query::select();
        select
            .from(Alias::new("recommendations"))
            .inner_join(
                Alias::new("reviews"),
                col("reviews", "id")
                    .equals((Alias::new("recommendations"), Alias::new("review_id"))),
            )
            .inner_join(
                Alias::new("cycles"),
                col("cycles", "id").equals((Alias::new("reviews"), Alias::new("cycle_id"))),
            )
            .inner_join(
                Alias::new("sessions"),
                col("sessions", "id").equals((Alias::new("reviews"), Alias::new("session_id"))),
            )
            .join_as(
                sea_orm::JoinType::InnerJoin,
                Alias::new("states"),
                Alias::new("sur"),
                col("sur", "id").equals((
                    Alias::new("recommendations"),
                    Alias::new("state_under_review_id"),
                )),
            )
            .join_as(
                sea_orm::JoinType::LeftJoin,
                Alias::new("states"),
                Alias::new("rec"),
                col("rec", "id").equals((
                    Alias::new("recommendations"),
                    Alias::new("recommending_state_id"),
                )),
            )
            .left_join(
                Alias::new("datasets"),
                col("datasets", "id")
                    .equals((Alias::new("recommendations"), Alias::new("dataset_id"))),
            )
            .expr_as(col("recommendations", "id"), Alias::new("id"))
            .expr_as(col("sur", "alpha3"), Alias::new("sur_code"))
            .expr_as(col("sur", "short_name"), Alias::new("sur_name"))
            .expr_as(col("rec", "alpha3"), Alias::new("rec_code"))
            .expr_as(col("rec", "short_name"), Alias::new("rec_name"))
            .expr_as(col("cycles", "number"), Alias::new("cycle"))
            .expr_as(col("sessions", "number"), Alias::new("session"))
            .expr_as(col("recommendations", "response"), Alias::new("response"))
            .expr_as(
                col("recommendations", "action_category"),
                Alias::new("action_category"),
            )
            .expr_as(Expr::cust(themes), Alias::new("themes"))
            .expr_as(col("recommendations", "text"), Alias::new("text"))
            .expr_as(
                col("recommendations", "document_symbol"),
                Alias::new("document_symbol"),
            )
            .expr_as(col("datasets", "name"), Alias::new("dataset"))
            .cond_where(filter.condition(self.dialect()))
            .and_where(col("recommendations", "id").gt(after))
            .order_by(
                (Alias::new("recommendations"), Alias::new("id")),
                Order::Asc,
            )
            .limit(limit);
        self.connection()
            .query_all(&select)
            .await?
            .into_iter()
            .map(|row| {
                Ok(RecommendationRow {
                    id: row.try_get("", "id")?,
                    state_under_review_code: row.try_get("", "sur_code")?,
                    state_under_review: row.try_get("", "sur_name")?,
                    recommending_state_code: row.try_get("", "rec_code")?,
                    recommending_state: row.try_get("", "rec_name")?,
                    cycle: row.try_get("", "cycle")?,
                    session: row.try_get("", "session")?,
                    response: row.try_get("", "response")?,
                    action_category: row.try_get("", "action_category")?,
                    themes: row
                        .try_get::<Option<String>>("", "themes")?
                        .unwrap_or_default(),
                    text: row.try_get("", "text")?,
                    document_symbol: row.try_get("", "document_symbol")?,
                    dataset: row.try_get("", "dataset")?,
                })
            })
            .collect()
    }

    /// Up to `limit` aid flows passing `filter` with ids above `after`, in id order.
    pub async fn aid_flow_rows(
        &self,
        filter: &Filter,
        after: i32,
        limit: u64,
    ) -> Result<Vec<AidFlowRow>, StoreError> {
        let mut select = Query::select();
        select
            .from(Alias::new("aid_flows"))
            .join_as(
                sea_orm::JoinType::InnerJoin,
                Alias::new("states"),
                Alias::new("donor"),
                col("donor", "id").equals((Alias::new("aid_flows"), Alias::new("donor_state_id"))),
            )
            .join_as(
                sea_orm::JoinType::InnerJoin,
                Alias::new("states"),
                Alias::new("recipient"),
                col("recipient", "id")
                    .equals((Alias::new("aid_flows"), Alias::new("recipient_state_id"))),
            )
            .left_join(
                Alias::new("sources"),
                col("sources", "id").equals((Alias::new("aid_flows"), Alias::new("source_id"))),
            )
            .left_join(
                Alias::new("datasets"),
                col("datasets", "id").equals((Alias::new("aid_flows"), Alias::new("dataset_id"))),
            )
            .expr_as(col("aid_flows", "id"), Alias::new("id"))
            .expr_as(col("donor", "alpha3"), Alias::new("donor_code"))
            .expr_as(col("donor", "short_name"), Alias::new("donor_name"))
            .expr_as(col("recipient", "alpha3"), Alias::new("recipient_code"))
            .expr_as(col("recipient", "short_name"), Alias::new("recipient_name"))
            .expr_as(col("sources", "title"), Alias::new("source"))
            .expr_as(col("datasets", "name"), Alias::new("dataset"));
        for column in [
            "fiscal_year",
            "period_start",
            "period_end",
            "category",
            "transaction_type",
            "amount_minor",
            "currency",
            "amount_bound",
            "part_of_id",
        ] {
            select.expr_as(col("aid_flows", column), Alias::new(column));
        }
        select
            .cond_where(filter.condition(self.dialect()))
            .and_where(col("aid_flows", "id").gt(after))
            .order_by((Alias::new("aid_flows"), Alias::new("id")), Order::Asc)
            .limit(limit);
        self.connection()
            .query_all(&select)
            .await?
            .into_iter()
            .map(|row| {
                Ok(AidFlowRow {
                    id: row.try_get("", "id")?,
                    donor_code: row.try_get("", "donor_code")?,
                    donor: row.try_get("", "donor_name")?,
                    recipient_code: row.try_get("", "recipient_code")?,
                    recipient: row.try_get("", "recipient_name")?,
                    fiscal_year: row.try_get("", "fiscal_year")?,
                    period_start: row.try_get("", "period_start")?,
                    period_end: row.try_get("", "period_end")?,
                    category: row.try_get("", "category")?,
                    transaction_type: row.try_get("", "transaction_type")?,
                    amount_minor: row.try_get("", "amount_minor")?,
                    currency: row.try_get("", "currency")?,
                    amount_bound: row.try_get("", "amount_bound")?,
                    part_of_id: row.try_get("", "part_of_id")?,
                    source: row.try_get("", "source")?,
                    dataset: row.try_get("", "dataset")?,
                })
            })
            .collect()
    }
}
