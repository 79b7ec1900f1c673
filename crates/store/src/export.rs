//! Flat rows for export, read in keyset chunks: a million-row export holds one chunk
//! in memory at a time and no connection or transaction between chunks.

use sea_orm::{
    sea_query::{Expr, ExprTrait, Func, IntoIden, Order, Query, SelectStatement},
    ColumnTrait, ConnectionTrait, DeriveIden, FromQueryResult, JoinType,
};

use crate::{
    entity::{
        aid_flow, arms_delivery, arms_transfer,
        code::{StoredArmsStatus, StoredCurrency},
        cycle, dataset, organization, recommendation, recommendation_theme, review, session,
        source, state, theme,
    },
    Filter, Store, StoreError,
};

/// One recommendation, flattened with the names a spreadsheet needs.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
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
    pub paragraph: Option<String>,
    pub dataset: Option<String>,
}

/// One aid flow, flattened.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
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
    /// Read as the domain's currency, so that a code it cannot read fails the row rather
    /// than leaving its amount in minor units.
    pub currency: StoredCurrency,
    pub amount_bound: String,
    pub part_of_id: Option<i32>,
    pub source: Option<String>,
    pub dataset: Option<String>,
}

/// One arms transfer (a deal of SIPRI's register), flattened. Volumes are in
/// thousandths of a million SIPRI TIV, as stored ([`uprgraph_domain::Tiv`]).
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct ArmsTransferRow {
    pub id: i32,
    pub sipri_id: Option<i64>,
    pub supplier_code: String,
    pub supplier: String,
    pub recipient_code: String,
    pub recipient: String,
    pub order_year: i32,
    pub order_year_is_estimate: bool,
    pub number_ordered: Option<i32>,
    pub number_ordered_is_estimate: bool,
    pub designation: String,
    pub description: String,
    pub armament_category: Option<String>,
    pub number_delivered: Option<i32>,
    pub number_delivered_is_estimate: bool,
    /// The years of delivery, earliest first, joined by `; ` as SIPRI's register writes
    /// them (`2022; 2023`); empty for a deal not delivered yet.
    pub delivery_years: String,
    /// Read as the domain's status, so that a code it cannot read fails the row.
    pub status: StoredArmsStatus,
    pub comments: Option<String>,
    pub tiv_per_unit: Option<i64>,
    pub tiv_sipri_estimate: Option<i64>,
    pub tiv_order: Option<i64>,
    pub tiv_delivered: Option<i64>,
    pub local_production: Option<bool>,
    pub dataset: Option<String>,
}

/// The parts states play in an exported row, each a join of `states`.
#[derive(Debug, Clone, Copy, DeriveIden)]
enum Role {
    UnderReview,
    Recommending,
    Donor,
    DonorOrganization,
    Recipient,
    Supplier,
}

/// The names of the exported fields that are not a column of the exported table,
/// those of the fields of [`RecommendationRow`], [`AidFlowRow`] and [`ArmsTransferRow`].
#[derive(Debug, Clone, Copy, DeriveIden)]
enum Field {
    StateUnderReviewCode,
    StateUnderReview,
    RecommendingStateCode,
    RecommendingState,
    Cycle,
    Session,
    Themes,
    DonorCode,
    Donor,
    RecipientCode,
    Recipient,
    Source,
    Dataset,
    SupplierCode,
    Supplier,
    DeliveryYears,
}

/// Joins `states` as `role` on `on` (the exported table's column of the state's id),
/// and selects its code as `code` and its name as `name`.
fn join_state(
    select: &mut SelectStatement,
    join: JoinType,
    role: Role,
    on: (impl IntoIden, impl IntoIden),
    code: Field,
    name: Field,
) {
    select
        .join_as(
            join,
            state::Entity,
            role,
            Expr::col((role, state::Column::Id)).equals(on),
        )
        .expr_as(Expr::col((role, state::Column::Alpha3)), code)
        .expr_as(Expr::col((role, state::Column::ShortName)), name);
}

/// Recommendations joined to their review, its cycle and its session, selecting their
/// id: what the export's rows and the citations' facts are read from.
pub(crate) fn recommendations_in_reviews() -> SelectStatement {
    let mut select = Query::select();
    select
        .from(recommendation::Entity)
        .inner_join(
            review::Entity,
            review::Column::Id
                .into_expr()
                .equals((recommendation::Entity, recommendation::Column::ReviewId)),
        )
        .inner_join(
            cycle::Entity,
            cycle::Column::Id
                .into_expr()
                .equals((review::Entity, review::Column::CycleId)),
        )
        .inner_join(
            session::Entity,
            session::Column::Id
                .into_expr()
                .equals((review::Entity, review::Column::SessionId)),
        )
        .expr(recommendation::Column::Id.into_expr());
    select
}

impl Store {
    /// Up to `limit` rows of `select` passing `filter` with ids (`id`) above `after`,
    /// in id order.
    async fn rows_after<Row: FromQueryResult>(
        &self,
        mut select: SelectStatement,
        id: (impl IntoIden + Copy, impl IntoIden + Copy + ColumnTrait),
        filter: &Filter,
        after: i32,
        limit: u64,
    ) -> Result<Vec<Row>, StoreError> {
        select
            .cond_where(filter.condition(self.dialect()))
            .and_where(id.1.gt(after))
            .order_by(id, Order::Asc)
            .limit(limit);
        let rows = self.connection().query_all(&select).await?;
        Ok(rows
            .iter()
            .map(|row| Row::from_query_result(row, ""))
            .collect::<Result<_, _>>()?)
    }
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
            theme::Column::Name.into_expr(),
            Query::select()
                .from(recommendation_theme::Entity)
                .inner_join(
                    theme::Entity,
                    theme::Column::Id.into_expr().equals((
                        recommendation_theme::Entity,
                        recommendation_theme::Column::ThemeId,
                    )),
                )
                .and_where(
                    recommendation_theme::Column::RecommendationId
                        .into_expr()
                        .equals((recommendation::Entity, recommendation::Column::Id)),
                )
                .to_owned(),
            "; ",
        );
        let mut select = recommendations_in_reviews();
        join_state(
            &mut select,
            JoinType::InnerJoin,
            Role::UnderReview,
            (
                recommendation::Entity,
                recommendation::Column::StateUnderReviewId,
            ),
            Field::StateUnderReviewCode,
            Field::StateUnderReview,
        );
        join_state(
            &mut select,
            JoinType::LeftJoin,
            Role::Recommending,
            (
                recommendation::Entity,
                recommendation::Column::RecommendingStateId,
            ),
            Field::RecommendingStateCode,
            Field::RecommendingState,
        );
        select
            .left_join(
                dataset::Entity,
                dataset::Column::Id
                    .into_expr()
                    .equals((recommendation::Entity, recommendation::Column::DatasetId)),
            )
            .expr_as(cycle::Column::Number.into_expr(), Field::Cycle)
            .expr_as(session::Column::Number.into_expr(), Field::Session)
            .expr(recommendation::Column::Response.into_expr())
            .expr(recommendation::Column::ActionCategory.into_expr())
            // A recommendation without themes has none to join: an empty text.
            .expr_as(Func::coalesce([themes, Expr::val("")]), Field::Themes)
            .expr(recommendation::Column::Text.into_expr())
            .expr(recommendation::Column::DocumentSymbol.into_expr())
            .expr(recommendation::Column::Paragraph.into_expr())
            .expr_as(dataset::Column::Name.into_expr(), Field::Dataset);
        self.rows_after(
            select,
            (recommendation::Entity, recommendation::Column::Id),
            filter,
            after,
            limit,
        )
        .await
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
            .from(aid_flow::Entity)
            .expr(aid_flow::Column::Id.into_expr());
        // The donor is a state or an organisation: its code and name are the one's
        // that is there.
        let (state, organization) = (Role::Donor, Role::DonorOrganization);
        select
            .join_as(
                JoinType::LeftJoin,
                state::Entity,
                state,
                Expr::col((state, state::Column::Id))
                    .equals((aid_flow::Entity, aid_flow::Column::DonorStateId)),
            )
            .join_as(
                JoinType::LeftJoin,
                organization::Entity,
                organization,
                Expr::col((organization, organization::Column::Id))
                    .equals((aid_flow::Entity, aid_flow::Column::DonorOrganizationId)),
            )
            .expr_as(
                Func::coalesce([
                    Expr::col((state, state::Column::Alpha3)),
                    Expr::col((organization, organization::Column::Code)),
                ]),
                Field::DonorCode,
            )
            .expr_as(
                Func::coalesce([
                    Expr::col((state, state::Column::ShortName)),
                    Expr::col((organization, organization::Column::Name)),
                ]),
                Field::Donor,
            );
        join_state(
            &mut select,
            JoinType::InnerJoin,
            Role::Recipient,
            (aid_flow::Entity, aid_flow::Column::RecipientStateId),
            Field::RecipientCode,
            Field::Recipient,
        );
        select
            .left_join(
                source::Entity,
                source::Column::Id
                    .into_expr()
                    .equals((aid_flow::Entity, aid_flow::Column::SourceId)),
            )
            .left_join(
                dataset::Entity,
                dataset::Column::Id
                    .into_expr()
                    .equals((aid_flow::Entity, aid_flow::Column::DatasetId)),
            )
            .expr_as(source::Column::Title.into_expr(), Field::Source)
            .expr_as(dataset::Column::Name.into_expr(), Field::Dataset);
        for column in [
            aid_flow::Column::FiscalYear,
            aid_flow::Column::PeriodStart,
            aid_flow::Column::PeriodEnd,
            aid_flow::Column::Category,
            aid_flow::Column::TransactionType,
            aid_flow::Column::AmountMinor,
            aid_flow::Column::Currency,
            aid_flow::Column::AmountBound,
            aid_flow::Column::PartOfId,
        ] {
            select.expr(column.into_expr());
        }
        self.rows_after(
            select,
            (aid_flow::Entity, aid_flow::Column::Id),
            filter,
            after,
            limit,
        )
        .await
    }

    /// Up to `limit` arms transfers passing `filter` with ids above `after`, in id order.
    pub async fn arms_transfer_rows(
        &self,
        filter: &Filter,
        after: i32,
        limit: u64,
    ) -> Result<Vec<ArmsTransferRow>, StoreError> {
        // Years have four digits, so that their text sorts as they do.
        let delivery_years = self.dialect().sorted_string_agg(
            arms_delivery::Column::Year.into_expr().cast_as("TEXT"),
            Query::select()
                .from(arms_delivery::Entity)
                .and_where(
                    arms_delivery::Column::TransferId
                        .into_expr()
                        .equals((arms_transfer::Entity, arms_transfer::Column::Id)),
                )
                .to_owned(),
            "; ",
        );
        let mut select = Query::select();
        select
            .from(arms_transfer::Entity)
            .expr(arms_transfer::Column::Id.into_expr());
        join_state(
            &mut select,
            JoinType::InnerJoin,
            Role::Supplier,
            (
                arms_transfer::Entity,
                arms_transfer::Column::SupplierStateId,
            ),
            Field::SupplierCode,
            Field::Supplier,
        );
        join_state(
            &mut select,
            JoinType::InnerJoin,
            Role::Recipient,
            (
                arms_transfer::Entity,
                arms_transfer::Column::RecipientStateId,
            ),
            Field::RecipientCode,
            Field::Recipient,
        );
        select
            .left_join(
                dataset::Entity,
                dataset::Column::Id
                    .into_expr()
                    .equals((arms_transfer::Entity, arms_transfer::Column::DatasetId)),
            )
            // A deal not delivered yet has no year to join: an empty text.
            .expr_as(
                Func::coalesce([delivery_years, Expr::val("")]),
                Field::DeliveryYears,
            )
            .expr_as(dataset::Column::Name.into_expr(), Field::Dataset);
        for column in [
            arms_transfer::Column::SipriId,
            arms_transfer::Column::OrderYear,
            arms_transfer::Column::OrderYearIsEstimate,
            arms_transfer::Column::NumberOrdered,
            arms_transfer::Column::NumberOrderedIsEstimate,
            arms_transfer::Column::Designation,
            arms_transfer::Column::Description,
            arms_transfer::Column::ArmamentCategory,
            arms_transfer::Column::NumberDelivered,
            arms_transfer::Column::NumberDeliveredIsEstimate,
            arms_transfer::Column::Status,
            arms_transfer::Column::Comments,
            arms_transfer::Column::TivPerUnit,
            arms_transfer::Column::TivSipriEstimate,
            arms_transfer::Column::TivOrder,
            arms_transfer::Column::TivDelivered,
            arms_transfer::Column::LocalProduction,
        ] {
            select.expr(column.into_expr());
        }
        self.rows_after(
            select,
            (arms_transfer::Entity, arms_transfer::Column::Id),
            filter,
            after,
            limit,
        )
        .await
    }
}
