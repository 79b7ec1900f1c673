//! Aid flows between states.

use async_graphql::{Context, Object, SimpleObject, ID};
use uprgraph_domain::{Currency, Money as DomainMoney};
use uprgraph_graphql_macros::list_fields;

use super::stats::Grouped;
use uprgraph_store::{
    entity::{aid_flow, dataset, source, state},
    PartsOfAidFlow,
};

use super::{
    children, load_opt, load_required,
    source::{Dataset, Source},
    state::State,
};

use crate::{
    connection::{connection, root_connection, Paged},
    enums::{AidCategory, Bound, TransactionType},
    ids::global_id,
    scalars::{Date, Decimal},
};

/// An exact amount of money.
#[derive(Debug, Clone, SimpleObject)]
pub struct Money {
    /// The amount, exact, with the currency's decimals (`21700000000.00`).
    amount: Decimal,
    /// The ISO 4217 currency code, e.g. `USD`.
    currency: String,
}

fn money(minor_units: i64, currency: Currency) -> Money {
    let value = DomainMoney::from_minor_units(minor_units, currency);
    Money {
        amount: Decimal(value.to_decimal_string()),
        currency: currency.code().to_owned(),
    }
}

/// Money one state gave, lent or promised another over a fiscal year or a period, as a source
/// reports it.
#[derive(Debug, Clone)]
pub struct AidFlow(pub(crate) aid_flow::Model);

impl From<aid_flow::Model> for AidFlow {
    fn from(row: aid_flow::Model) -> Self {
        Self(row)
    }
}

/// Money one state gave, lent or promised another over a fiscal year or a period, as a source
/// reports it.
#[Object]
impl AidFlow {
    /// The global ID of this aid flow, for `node(id:)`.
    pub(crate) async fn id(&self) -> ID {
        global_id("AidFlow", self.0.id)
    }

    /// The state that gave the aid.
    async fn donor(&self, ctx: &Context<'_>) -> async_graphql::Result<State> {
        load_required::<state::Entity>(ctx, self.0.donor_state_id)
            .await
            .map(State)
    }

    /// The state that received the aid.
    async fn recipient(&self, ctx: &Context<'_>) -> async_graphql::Result<State> {
        load_required::<state::Entity>(ctx, self.0.recipient_state_id)
            .await
            .map(State)
    }

    /// What the aid is for.
    async fn category(&self) -> AidCategory {
        self.0.category.0.into()
    }

    /// The stage of the money the figure measures.
    async fn transaction_type(&self) -> TransactionType {
        self.0.transaction_type.0.into()
    }

    /// The donor's fiscal year the figure is for; null when it covers a period instead.
    async fn fiscal_year(&self) -> Option<i32> {
        self.0.fiscal_year
    }

    /// The first day of the period the figure covers, when it is not a fiscal year.
    async fn period_start(&self) -> Option<Date> {
        self.0.period_start.map(Date)
    }

    /// The last day of the period the figure covers, when it is not a fiscal year.
    async fn period_end(&self) -> Option<Date> {
        self.0.period_end.map(Date)
    }

    /// The amount in current money, exact.
    async fn amount(&self) -> Money {
        money(self.0.amount_minor, self.0.currency.0)
    }

    /// How the amount relates to the true value (`AT_LEAST` for a published lower bound).
    async fn bound(&self) -> Bound {
        self.0.amount_bound.0.into()
    }

    /// The amount in constant money of `constantBaseYear`, where the source gives it.
    async fn constant_amount(&self) -> Option<Money> {
        self.0
            .constant_amount_minor
            .map(|minor| money(minor, self.0.currency.0))
    }

    /// The base year of `constantAmount`.
    async fn constant_base_year(&self) -> Option<i32> {
        self.0.constant_base_year
    }

    /// The programme the aid was given under, where the source names it.
    async fn programme(&self) -> Option<&str> {
        self.0.programme.as_deref()
    }

    /// The agency that manages the aid, where the source names it.
    async fn agency(&self) -> Option<&str> {
        self.0.agency.as_deref()
    }

    /// Remarks on the figure.
    async fn note(&self) -> Option<&str> {
        self.0.note.as_deref()
    }

    /// The publication the figure comes from.
    async fn source(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Source>> {
        Ok(load_opt::<source::Entity>(ctx, self.0.source_id)
            .await?
            .map(Source))
    }

    /// The imported file the figure comes from.
    async fn dataset(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Dataset>> {
        Ok(load_opt::<dataset::Entity>(ctx, self.0.dataset_id)
            .await?
            .map(Dataset))
    }

    /// The line of the imported file the figure was read from.
    async fn source_line(&self) -> Option<i32> {
        self.0.source_line
    }

    /// The larger figure this one is a part of (one year of a multi-year total).
    async fn part_of(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<AidFlow>> {
        Ok(load_opt::<aid_flow::Entity>(ctx, self.0.part_of_id)
            .await?
            .map(AidFlow))
    }

    /// The figures this one is made of, e.g. the years of a multi-year total.
    async fn parts(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<AidFlow>> {
        children(ctx, PartsOfAidFlow, self.0.id).await
    }
}

connection!(
    AidFlowConnection,
    AidFlowEdge,
    AidFlow,
    aid_flow::Model,
    "A page of aid flows.",
    "An aid flow in a page of aid flows."
);

/// Root fields for aid.
#[derive(Debug, Default)]
pub struct AidQuery;

#[list_fields]
#[Object]
impl AidQuery {
    /// All aid flows, in the order they were recorded unless `orderBy` says otherwise.
    #[paged(noun = "aid flows")]
    async fn aid_flows(
        &self,
        ctx: &Context<'_>,
        page: Paged<crate::filters::AidFlowFilterInput, crate::order::AidFlowOrder>,
    ) -> async_graphql::Result<AidFlowConnection> {
        root_connection(ctx, aid_flow::Entity, page).await
    }
}

/// What `aidTotals` can sum aid flows by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, async_graphql::Enum)]
#[graphql(remote = "uprgraph_store::AidDimension")]
pub enum AidGroupBy {
    /// The donor state.
    Donor,
    /// The recipient state.
    Recipient,
    /// The fiscal year (figures for a period rather than a fiscal year form a group whose year is null).
    FiscalYear,
    /// The aid category.
    Category,
    /// The transaction type.
    TransactionType,
}

/// The exact sum of a group of aid flows that share the values of the `groupBy`
/// dimensions and a currency, with the dimensions it is grouped by.
#[derive(Debug, Clone)]
pub struct AidTotal(
    pub(crate) uprgraph_store::AidTotal,
    pub(crate) std::sync::Arc<[AidGroupBy]>,
);

impl AidTotal {
    pub(crate) fn new(
        total: uprgraph_store::AidTotal,
        grouped_by: std::sync::Arc<[AidGroupBy]>,
    ) -> Self {
        Self(total, grouped_by)
    }
}

/// The exact sum of a group of aid flows that share the values of the `groupBy`
/// dimensions and a currency. `groupedBy` tells which dimensions the group has: a dimension
/// in it whose field is null is the group of flows without a value there (the fiscal year of
/// a figure for a period, say); a dimension not in it is null because the sums were not
/// grouped by it.
#[Object]
impl AidTotal {
    /// The dimensions this group shares values of, in the order `groupBy` gave them (the
    /// currency is always one, and is in `amount`).
    async fn grouped_by(&self) -> &[AidGroupBy] {
        &self.1
    }

    /// The donor shared by the group.
    async fn donor(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<State>> {
        Ok(load_opt::<state::Entity>(ctx, self.0.key.donor)
            .await?
            .map(State))
    }

    /// The recipient shared by the group.
    async fn recipient(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<State>> {
        Ok(load_opt::<state::Entity>(ctx, self.0.key.recipient)
            .await?
            .map(State))
    }

    /// The fiscal year shared by the group.
    async fn fiscal_year(&self) -> Option<i32> {
        self.0.key.fiscal_year
    }

    /// The category shared by the group.
    async fn category(&self) -> Option<AidCategory> {
        self.0.key.category.map(AidCategory::from)
    }

    /// The transaction type shared by the group.
    async fn transaction_type(&self) -> Option<TransactionType> {
        self.0.key.transaction_type.map(TransactionType::from)
    }

    /// The sum, exact, in the group's currency.
    async fn amount(&self) -> Money {
        money(self.0.sum.amount_minor, self.0.key.currency)
    }

    /// How the sum relates to the true total of the group: `EXACT` when every figure
    /// summed is exact, `MORE_THAN` when one is a "more than" figure, else `AT_LEAST` when
    /// one is an "at least" figure (the true total is then at least the sum).
    async fn bound(&self) -> Bound {
        self.0.sum.bound.into()
    }

    /// How many figures were summed.
    async fn flows(&self) -> i64 {
        self.0.sum.flows
    }
}

/// Root fields for aid sums.
#[derive(Debug, Default)]
pub struct AidStatsQuery;

#[list_fields]
#[Object]
impl AidStatsQuery {
    /// Exact sums of aid flows grouped by the dimensions given and always by currency, largest
    /// first, computed by the database. Figures that are parts of a larger one (the years of a
    /// multi-year total) are left out, so that nothing counts twice. Example: US aid to Israel by
    /// fiscal year and transaction type: `aidTotals(filter: { donor: ["USA"], recipient: ["ISR"] },
    /// groupBy: [FISCAL_YEAR, TRANSACTION_TYPE]) { fiscalYear transactionType amount { amount } }`.
    #[grouped(noun = "aid flows")]
    async fn aid_totals(
        &self,
        ctx: &Context<'_>,
        groups: Grouped<crate::filters::AidFlowFilterInput, AidGroupBy>,
    ) -> async_graphql::Result<Vec<AidTotal>> {
        super::stats::aid_totals(ctx, None, groups).await
    }
}
