//! Aid flows between states.

use async_graphql::{Context, Object, SimpleObject, ID};
use uprgraph_domain::{Currency, Money as DomainMoney};
use uprgraph_graphql_macros::list_fields;

use super::stats::Grouped;
use uprgraph_store::{
    entity::{aid_flow, dataset, organization, source, state},
    HasId, PartsOfAidFlow,
};

use super::{
    children, load_opt, load_required,
    organization::Organization,
    source::{Dataset, Source},
    state::State,
};

use crate::{
    connection::{connection, root_connection, Paged},
    enums::{AidCategory, Bound, TransactionType},
    ids::global_id,
    plan::{Field, How, Planned, Planner, Unplanned},
    scalars::{Date, Decimal},
};

/// An exact amount of money.
#[derive(Debug, Clone, SimpleObject)]
pub struct Money {
    /// The amount, exact, with the currency's decimals (`21700000000.00`).
    pub(crate) amount: Decimal,
    /// The ISO 4217 currency code, e.g. `USD`.
    pub(crate) currency: String,
}

fn money(minor_units: i64, currency: Currency) -> Money {
    let value = DomainMoney::from_minor_units(minor_units, currency);
    Money {
        amount: Decimal(value.to_decimal_string()),
        currency: currency.code().to_owned(),
    }
}

/// Money a state or an organisation gave, lent or promised a state over a fiscal year or a
/// period, as a source reports it.
#[derive(Debug, Clone)]
pub struct AidFlow(pub(crate) aid_flow::Model);

impl From<aid_flow::Model> for AidFlow {
    fn from(row: aid_flow::Model) -> Self {
        Self(row)
    }
}

/// Money a state or an organisation gave, lent or promised a state over a fiscal year or a
/// period, as a source reports it. The donor is a state (`donor`) or an organisation
/// (`donorOrganization`: the EU institutions, a development bank, a UN agency, a fund or a
/// private donor of OECD's DAC Table 2a); exactly one of the two is set.
#[Object]
impl AidFlow {
    /// The global ID of this aid flow, for `node(id:)`.
    pub(crate) async fn id(&self) -> ID {
        global_id("AidFlow", self.0.id)
    }

    /// The state that gave the aid; null when an organisation gave it (`donorOrganization`).
    async fn donor(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<State>> {
        Ok(load_opt::<state::Entity>(ctx, self.0.donor_state_id)
            .await?
            .map(State))
    }

    /// The organisation that gave the aid; null when a state gave it (`donor`).
    async fn donor_organization(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<Organization>> {
        Ok(
            load_opt::<organization::Entity>(ctx, self.0.donor_organization_id)
                .await?
                .map(Organization),
        )
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

    /// The publication the figure comes from: the one it names, else its dataset's source.
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
        children(ctx, PartsOfAidFlow, self.0.id()).await
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, async_graphql::Enum)]
#[graphql(remote = "uprgraph_store::AidDimension")]
pub enum AidGroupBy {
    /// The donor: a state (`donor`) or an organisation (`donorOrganization`).
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
/// dimensions, a source and a currency, with the dimensions it is grouped by.
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
/// dimensions, a source and a currency. Sums are always kept apart by source: two sources
/// may report the same money (ForeignAssistance.gov's US disbursements and OECD's official
/// development assistance of the United States), so no sum adds two sources' figures, and
/// within one source an import takes each figure once (a figure held already, or a part of
/// one, is left out). `groupedBy` tells which dimensions the group has: a dimension in it
/// whose field is null is the group of flows without a value there (the fiscal year of a
/// figure for a period, say); a dimension not in it is null because the sums were not
/// grouped by it.
#[Object]
impl AidTotal {
    /// The dimensions this group shares values of, in the order `groupBy` gave them (the
    /// source and the currency are always shared too: see `source`, and `amount`).
    async fn grouped_by(&self) -> &[AidGroupBy] {
        &self.1
    }

    /// The donor state shared by the group; null when grouped by donor, for a group whose
    /// donor is an organisation (`donorOrganization`).
    async fn donor(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<State>> {
        Ok(load_opt::<state::Entity>(ctx, self.0.key.donor)
            .await?
            .map(State))
    }

    /// The donor organisation shared by the group; null when grouped by donor, for a group
    /// whose donor is a state (`donor`).
    async fn donor_organization(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<Organization>> {
        Ok(
            load_opt::<organization::Entity>(ctx, self.0.key.donor_organization)
                .await?
                .map(Organization),
        )
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

    /// The source every figure of the group comes from: the publication a figure names,
    /// else the source of the dataset it was imported from. Sums are always grouped by it,
    /// so that two sources' figures of the same money are never added.
    async fn source(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Source>> {
        Ok(load_opt::<source::Entity>(ctx, self.0.key.source)
            .await?
            .map(Source))
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
    /// Exact sums of aid flows grouped by the dimensions given and always by source and
    /// currency, largest first, computed by the database. Figures that are parts of a larger
    /// one (the years of a multi-year total) are left out, and two sources' figures (two
    /// reports of the same money) are never added, so that nothing counts twice. Example: US aid to Israel by
    /// fiscal year and transaction type: `aidTotals(filter: { donor: ["USA"], recipient: ["ISR"] },
    /// groupBy: [FISCAL_YEAR, TRANSACTION_TYPE]) { fiscalYear transactionType amount { amount } }`.
    #[grouped(noun = "aid flows")]
    async fn aid_totals(
        &self,
        ctx: &Context<'_>,
        groups: Grouped<crate::filters::AidFlowFilterInput, AidGroupBy>,
    ) -> async_graphql::Result<Vec<AidTotal>> {
        super::stats::statistic::<super::stats::Sums>(ctx, None, groups).await
    }
}

impl Planned for AidFlow {
    type Row = aid_flow::Model;
    const NAME: &'static str = "AidFlow";

    fn field<'d>(f: &Field<'_, 'd>, plan: &mut Planner<'d>) -> Result<How<Self::Row>, Unplanned> {
        type Row = aid_flow::Model;
        Ok(match f.name() {
            "id" => How::Value(|r: &Row, o| o.str(&global_id("AidFlow", r.id))),
            "donor" => {
                plan.by_id::<_, State, state::Entity>(f, |r: &Row| r.donor_state_id, false)?
            }
            "donorOrganization" => plan.by_id::<_, Organization, organization::Entity>(
                f,
                |r: &Row| r.donor_organization_id,
                false,
            )?,
            "recipient" => plan.by_id::<_, State, state::Entity>(
                f,
                |r: &Row| Some(r.recipient_state_id),
                true,
            )?,
            "category" => How::Value(|r: &Row, o| o.enumeration(AidCategory::from(r.category.0))),
            "transactionType" => {
                How::Value(|r: &Row, o| o.enumeration(TransactionType::from(r.transaction_type.0)))
            }
            "fiscalYear" => How::Value(|r: &Row, o| o.opt_int(r.fiscal_year)),
            "periodStart" => How::Value(|r: &Row, o| o.date(r.period_start)),
            "periodEnd" => How::Value(|r: &Row, o| o.date(r.period_end)),
            "amount" => {
                plan.made::<_, Money>(f, |r: &Row| Ok(Some(money(r.amount_minor, r.currency.0))))?
            }
            "bound" => How::Value(|r: &Row, o| o.enumeration(Bound::from(r.amount_bound.0))),
            "constantAmount" => plan.made::<_, Money>(f, |r: &Row| {
                Ok(r.constant_amount_minor
                    .map(|minor| money(minor, r.currency.0)))
            })?,
            "constantBaseYear" => How::Value(|r: &Row, o| o.opt_int(r.constant_base_year)),
            "programme" => How::Value(|r: &Row, o| o.opt_str(r.programme.as_deref())),
            "agency" => How::Value(|r: &Row, o| o.opt_str(r.agency.as_deref())),
            "note" => How::Value(|r: &Row, o| o.opt_str(r.note.as_deref())),
            "source" => plan.by_id::<_, Source, source::Entity>(f, |r: &Row| r.source_id, false)?,
            "dataset" => {
                plan.by_id::<_, Dataset, dataset::Entity>(f, |r: &Row| r.dataset_id, false)?
            }
            "sourceLine" => How::Value(|r: &Row, o| o.opt_int(r.source_line)),
            "partOf" => {
                plan.by_id::<_, AidFlow, aid_flow::Entity>(f, |r: &Row| r.part_of_id, false)?
            }
            "parts" => plan.children::<_, AidFlow, _>(f, PartsOfAidFlow, Row::id)?,
            _ => return Err(Unplanned),
        })
    }
}

impl Planned for Money {
    type Row = Money;
    const NAME: &'static str = "Money";

    fn field<'d>(f: &Field<'_, 'd>, _: &mut Planner<'d>) -> Result<How<Self::Row>, Unplanned> {
        Ok(match f.name() {
            "amount" => How::Value(|r: &Money, o| o.str(&r.amount.0)),
            "currency" => How::Value(|r: &Money, o| o.str(&r.currency)),
            _ => return Err(Unplanned),
        })
    }
}

impl Planned for AidTotal {
    type Row = AidTotal;
    const NAME: &'static str = "AidTotal";

    fn field<'d>(f: &Field<'_, 'd>, plan: &mut Planner<'d>) -> Result<How<Self::Row>, Unplanned> {
        type Row = AidTotal;
        Ok(match f.name() {
            "groupedBy" => How::Value(|r: &Row, o| {
                o.raw(b"[");
                for (i, by) in r.1.iter().enumerate() {
                    if i > 0 {
                        o.raw(b",");
                    }
                    o.enumeration(*by);
                }
                o.raw(b"]");
            }),
            "donor" => plan.by_id::<_, State, state::Entity>(f, |r: &Row| r.0.key.donor, false)?,
            "donorOrganization" => plan.by_id::<_, Organization, organization::Entity>(
                f,
                |r: &Row| r.0.key.donor_organization,
                false,
            )?,
            "recipient" => {
                plan.by_id::<_, State, state::Entity>(f, |r: &Row| r.0.key.recipient, false)?
            }
            "fiscalYear" => How::Value(|r: &Row, o| o.opt_int(r.0.key.fiscal_year)),
            "category" => {
                How::Value(|r: &Row, o| o.opt_enumeration(r.0.key.category.map(AidCategory::from)))
            }
            "transactionType" => How::Value(|r: &Row, o| {
                o.opt_enumeration(r.0.key.transaction_type.map(TransactionType::from))
            }),
            "source" => {
                plan.by_id::<_, Source, source::Entity>(f, |r: &Row| r.0.key.source, false)?
            }
            "amount" => plan.made::<_, Money>(f, |r: &Row| {
                Ok(Some(money(r.0.sum.amount_minor, r.0.key.currency)))
            })?,
            "bound" => How::Value(|r: &Row, o| o.enumeration(Bound::from(r.0.sum.bound))),
            "flows" => How::Value(|r: &Row, o| o.int(r.0.sum.flows)),
            _ => return Err(Unplanned),
        })
    }
}

/// The root fields of aid, as the plan answers them; `None` for another field.
pub(crate) fn plan_root<'d>(
    f: &Field<'_, 'd>,
    plan: &mut Planner<'d>,
) -> Option<Result<How<()>, Unplanned>> {
    Some(match f.name() {
        "aidFlows" => plan.root_connection::<AidFlow, aid_flow::Entity, crate::filters::AidFlowFilterInput, crate::order::AidFlowOrder>(f),
        "aidTotals" => super::stats::plan_aid_totals::<()>(plan, f, None),
        _ => return None,
    })
}
