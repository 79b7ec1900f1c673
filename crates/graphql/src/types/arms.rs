//! Arms transfers: SIPRI's deals and their deliveries, their sums in SIPRI TIV, and
//! the arms between states set beside what they recommended to each other. A SIPRI
//! trend-indicator value is a measure of military capability, not money: it has a
//! type of its own here ([`SipriTiv`]) and is never added to an aid amount.

use std::sync::Arc;

use async_graphql::{Context, Object, SimpleObject, ID};
use uprgraph_domain::Tiv;
use uprgraph_graphql_macros::list_fields;
use uprgraph_store::{
    entity::{arms_delivery, arms_transfer, dataset, state},
    ArmedState, DeliveriesOfArmsTransfer, HasId, PairArms, ReviewArms, Store,
};

use super::{
    children, crosslink::RecommendationCount, load_required, source::Dataset, state::State,
    stats::Grouped,
};
use crate::{
    batch::{Of, PerParent, PerParentFuture},
    connection::{connection, root_connection, Paged},
    enums::{ArmsStatus, Bound},
    filters::{arms_transfer_filter, ArmsTransferFilterInput},
    ids::global_id,
    plan::{Field, How, Planned, Planner, Unplanned},
    scalars::Decimal,
    ApiError, OrApiError,
};

/// What a SIPRI TIV is called wherever the API gives one.
const TIV_UNIT: &str = "million SIPRI TIV";

/// A volume of arms in SIPRI trend-indicator values (TIV): SIPRI's measure of the
/// military capability transferred, priced per weapon in constant terms. **Not money**:
/// never comparable with, or added to, an aid amount.
#[derive(Debug, Clone, SimpleObject)]
pub struct SipriTiv {
    /// The volume in millions of SIPRI TIV, exact (`227.37`).
    millions: Decimal,
    /// The unit, always `million SIPRI TIV`, so that no one reads the number as dollars.
    unit: &'static str,
}

fn sipri_tiv(tiv: Tiv) -> SipriTiv {
    SipriTiv {
        millions: Decimal(tiv.to_millions_string()),
        unit: TIV_UNIT,
    }
}

fn stored_tiv(thousandths: Option<i64>) -> Option<SipriTiv> {
    thousandths.map(|t| sipri_tiv(Tiv::from_thousandths(t)))
}

/// A deal of SIPRI's Arms Transfers Database: one supplier's weapons of one kind for one
/// recipient, ordered in a year and delivered over one or more years.
#[derive(Debug, Clone)]
pub struct ArmsTransfer(pub(crate) arms_transfer::Model);

impl From<arms_transfer::Model> for ArmsTransfer {
    fn from(row: arms_transfer::Model) -> Self {
        Self(row)
    }
}

/// A deal of SIPRI's Arms Transfers Database: one supplier's weapons of one kind for one
/// recipient, ordered in a year and delivered over one or more years. Values SIPRI marks
/// uncertain have an `...IsEstimate` flag beside them; volumes are in SIPRI TIV, not money.
#[Object]
impl ArmsTransfer {
    /// The global ID of this deal, for `node(id:)`.
    pub(crate) async fn id(&self) -> ID {
        global_id("ArmsTransfer", self.0.id)
    }

    /// The supplying state.
    async fn supplier(&self, ctx: &Context<'_>) -> async_graphql::Result<State> {
        load_required::<state::Entity>(ctx, self.0.supplier_state_id)
            .await
            .map(State)
    }

    /// The receiving state.
    async fn recipient(&self, ctx: &Context<'_>) -> async_graphql::Result<State> {
        load_required::<state::Entity>(ctx, self.0.recipient_state_id)
            .await
            .map(State)
    }

    /// SIPRI's `SIPRI AT Database ID` of the deal, where the export gives it (the newer
    /// layout); null for the trade register, which has none.
    async fn sipri_id(&self) -> Option<String> {
        self.0.sipri_id.map(|id| id.to_string())
    }

    /// The year the deal was ordered.
    async fn order_year(&self) -> i32 {
        self.0.order_year
    }

    /// Whether SIPRI marks the order year uncertain.
    async fn order_year_is_estimate(&self) -> bool {
        self.0.order_year_is_estimate
    }

    /// How many weapons were ordered; null when SIPRI does not know yet, or the layout
    /// does not say (the newer layout).
    async fn number_ordered(&self) -> Option<i32> {
        self.0.number_ordered
    }

    /// Whether SIPRI marks the number ordered uncertain.
    async fn number_ordered_is_estimate(&self) -> bool {
        self.0.number_ordered_is_estimate
    }

    /// The weapon's designation (`F-35A`, `M-113`).
    async fn designation(&self) -> &str {
        &self.0.designation
    }

    /// What the weapon is (`FGA aircraft`, `armoured personnel carrier`).
    async fn description(&self) -> &str {
        &self.0.description
    }

    /// SIPRI's armament category (`Aircraft`, `Missiles`, ...), where the layout gives it.
    async fn armament_category(&self) -> Option<&str> {
        self.0.armament_category.as_deref()
    }

    /// New or second-hand weapons.
    async fn status(&self) -> ArmsStatus {
        self.0.status.0.into()
    }

    /// SIPRI's comments on the deal (its value in money, versions, financing), as given.
    async fn comments(&self) -> Option<&str> {
        self.0.comments.as_deref()
    }

    /// SIPRI TIV of one weapon of the deal.
    async fn tiv_per_unit(&self) -> Option<SipriTiv> {
        stored_tiv(self.0.tiv_per_unit)
    }

    /// The newer layout's `SIPRI estimate`: SIPRI TIV of one such weapon before the
    /// deal's own adjustment (it differs from `tivPerUnit` for second-hand weapons).
    async fn tiv_sipri_estimate(&self) -> Option<SipriTiv> {
        stored_tiv(self.0.tiv_sipri_estimate)
    }

    /// SIPRI TIV of the whole order, where SIPRI gives it (the register).
    async fn tiv_order(&self) -> Option<SipriTiv> {
        stored_tiv(self.0.tiv_order)
    }

    /// How many weapons were delivered, over every year of `deliveries`.
    async fn number_delivered(&self) -> Option<i32> {
        self.0.number_delivered
    }

    /// Whether SIPRI marks the number delivered uncertain.
    async fn number_delivered_is_estimate(&self) -> bool {
        self.0.number_delivered_is_estimate
    }

    /// SIPRI TIV of the weapons delivered, over every year of `deliveries`.
    async fn tiv_delivered(&self) -> Option<SipriTiv> {
        stored_tiv(self.0.tiv_delivered)
    }

    /// Whether the weapons were produced in the recipient's country under licence, where
    /// the layout says.
    async fn local_production(&self) -> Option<bool> {
        self.0.local_production
    }

    /// The deal's deliveries, one per year, earliest first.
    async fn deliveries(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<ArmsDelivery>> {
        let mut deliveries: Vec<ArmsDelivery> =
            children(ctx, DeliveriesOfArmsTransfer, self.0.id()).await?;
        deliveries.sort_by_key(|d| d.0.year);
        Ok(deliveries)
    }

    /// The imported file the deal comes from.
    async fn dataset(&self, ctx: &Context<'_>) -> async_graphql::Result<Dataset> {
        load_required::<dataset::Entity>(ctx, self.0.dataset_id)
            .await
            .map(Dataset)
    }

    /// The line of the imported file the deal was read from (its first row).
    async fn source_line(&self) -> Option<i32> {
        self.0.source_line
    }
}

/// One year of a deal's deliveries.
#[derive(Debug, Clone)]
pub struct ArmsDelivery(arms_delivery::Model);

impl From<arms_delivery::Model> for ArmsDelivery {
    fn from(row: arms_delivery::Model) -> Self {
        Self(row)
    }
}

/// One year of a deal's deliveries. The trade register gives a deal's number and TIV
/// delivered over all its years together: for a deal it delivered over several years,
/// each year is here with no number or TIV of its own (null), and the totals are on the
/// deal.
#[Object]
impl ArmsDelivery {
    /// The year of delivery.
    async fn year(&self) -> i32 {
        self.0.year
    }

    /// Whether SIPRI marks the year uncertain; null where the layout does not say.
    async fn year_is_estimate(&self) -> Option<bool> {
        self.0.year_is_estimate
    }

    /// How many weapons were delivered that year, where the export says.
    async fn number(&self) -> Option<i32> {
        self.0.number
    }

    /// Whether SIPRI marks that number uncertain.
    async fn number_is_estimate(&self) -> Option<bool> {
        self.0.number_is_estimate
    }

    /// SIPRI TIV delivered that year, where the export says.
    async fn tiv(&self) -> Option<SipriTiv> {
        stored_tiv(self.0.tiv)
    }
}

connection!(
    ArmsTransferConnection,
    ArmsTransferEdge,
    ArmsTransfer,
    arms_transfer::Model,
    "A page of arms transfers.",
    "An arms transfer in a page of arms transfers."
);

/// What `armsTotals` can sum SIPRI TIV by (and always by dataset).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, async_graphql::Enum)]
#[graphql(remote = "uprgraph_store::ArmsDimension")]
pub enum ArmsGroupBy {
    /// The supplying state.
    Supplier,
    /// The receiving state.
    Recipient,
    /// The year of delivery.
    DeliveryYear,
    /// The year of the order.
    OrderYear,
    /// SIPRI's armament category (null for deals of the register, which gives none).
    ArmamentCategory,
}

/// The SIPRI TIV of a group of deliveries from one dataset, with the dimensions it is
/// grouped by.
#[derive(Debug, Clone)]
pub struct ArmsTotal(uprgraph_store::ArmsTotal, Arc<[ArmsGroupBy]>);

/// The SIPRI TIV of a group of deliveries that share the values of the `groupBy`
/// dimensions and a dataset. Sums are always per dataset: two exports of SIPRI's database
/// hold the same deals, and adding them would count deliveries twice.
#[Object]
impl ArmsTotal {
    /// The dimensions this group shares values of, in the order `groupBy` gave them (the
    /// dataset is always one).
    async fn grouped_by(&self) -> &[ArmsGroupBy] {
        &self.1
    }

    /// The imported file the deals come from.
    async fn dataset(&self, ctx: &Context<'_>) -> async_graphql::Result<Dataset> {
        load_required::<dataset::Entity>(ctx, self.0.key.dataset)
            .await
            .map(Dataset)
    }

    /// The supplier shared by the group.
    async fn supplier(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<State>> {
        optional_state(ctx, self.0.key.supplier).await
    }

    /// The recipient shared by the group.
    async fn recipient(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<State>> {
        optional_state(ctx, self.0.key.recipient).await
    }

    /// The year of delivery shared by the group.
    async fn delivery_year(&self) -> Option<i32> {
        self.0.key.delivery_year
    }

    /// The order year shared by the group.
    async fn order_year(&self) -> Option<i32> {
        self.0.key.order_year
    }

    /// The armament category shared by the group.
    async fn armament_category(&self) -> Option<&str> {
        self.0.key.armament_category.as_deref()
    }

    /// The SIPRI TIV delivered, exact: the sum of the deliveries that have a TIV of their
    /// own. Not money.
    async fn tiv(&self) -> SipriTiv {
        sipri_tiv(self.0.sum.tiv)
    }

    /// `EXACT` when every delivery summed has a TIV of its own; `AT_LEAST` when some do
    /// not (`deliveriesWithoutTiv`): the true volume is then `tiv` or more.
    async fn bound(&self) -> Bound {
        total_bound(&self.0)
    }

    /// How many deliveries (a deal's deliveries in one year) were summed.
    async fn deliveries(&self) -> i64 {
        self.0.sum.deliveries
    }

    /// How many of them have no TIV of their own: years of a deal the trade register
    /// delivered over several years and gives one TIV for.
    async fn deliveries_without_tiv(&self) -> i64 {
        self.0.sum.deliveries_without_tiv
    }

    /// How many deals the deliveries belong to.
    async fn deals(&self) -> i64 {
        self.0.sum.deals
    }
}

async fn optional_state(
    ctx: &Context<'_>,
    id: Option<i32>,
) -> async_graphql::Result<Option<State>> {
    Ok(super::load_opt::<state::Entity>(ctx, id).await?.map(State))
}

/// What the sums between two states are grouped by (and always by dataset).
const PAIR_DIMENSIONS: &[ArmsGroupBy] = &[ArmsGroupBy::Supplier, ArmsGroupBy::Recipient];

/// The arms between two states as a total of one dataset.
fn pair_total(pair: &PairArms) -> ArmsTotal {
    ArmsTotal(
        uprgraph_store::ArmsTotal {
            key: uprgraph_store::ArmsGroupKey {
                dataset: pair.dataset,
                supplier: Some(pair.supplier),
                recipient: Some(pair.recipient),
                ..uprgraph_store::ArmsGroupKey::default()
            },
            sum: pair.sum,
        },
        PAIR_DIMENSIONS.into(),
    )
}

/// Root fields for arms transfers.
#[derive(Debug, Default)]
pub struct ArmsQuery;

#[list_fields]
#[Object]
impl ArmsQuery {
    /// All arms transfers (SIPRI's deals), in the order they were imported unless `orderBy`
    /// says otherwise.
    #[paged(noun = "arms transfers")]
    async fn arms_transfers(
        &self,
        ctx: &Context<'_>,
        page: Paged<ArmsTransferFilterInput, crate::order::ArmsTransferOrder>,
    ) -> async_graphql::Result<ArmsTransferConnection> {
        root_connection(ctx, arms_transfer::Entity, page).await
    }

    /// SIPRI TIV delivered, exact, grouped by the dimensions given and always by dataset,
    /// largest first, computed by the database. A filter's delivery years limit the
    /// deliveries summed. Example: who armed Israel from 2019 to 2023, by supplier:
    /// `armsTotals(filter: { recipient: ["ISR"], deliveryYearFrom: 2019, deliveryYearTo:
    /// 2023 }, groupBy: [SUPPLIER]) { supplier { name } tiv { millions unit } bound
    /// dataset { name } }`.
    #[grouped(noun = "arms deliveries", ungrouped = "one group per dataset")]
    async fn arms_totals(
        &self,
        ctx: &Context<'_>,
        groups: Grouped<ArmsTransferFilterInput, ArmsGroupBy>,
    ) -> async_graphql::Result<Vec<ArmsTotal>> {
        let super::stats::Checked {
            shown,
            filter,
            dimensions,
            cap,
        } = groups.check(arms_transfer_filter)?;
        let totals = ctx
            .data_unchecked::<Store>()
            .arms_totals(&filter, &dimensions, cap)
            .await
            .api()?;
        Ok(totals
            .into_iter()
            .map(|total| ArmsTotal(total, Arc::clone(&shown)))
            .collect())
    }
}

/// The years a review's arms are summed over.
#[derive(Debug, Clone, Copy, SimpleObject)]
pub struct YearRange {
    /// The first year.
    first_year: i32,
    /// The last year.
    last_year: i32,
}

/// The arms to and from the state under review in the years before each review.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct ArmsBeforeReview {
    pub years_before: i32,
}

impl PerParent for ArmsBeforeReview {
    type Item = ReviewArms;

    fn fetch(self, store: Store, reviews: Vec<i32>) -> PerParentFuture<Self::Item> {
        Box::pin(async move {
            let found = store
                .arms_before_reviews(&reviews, self.years_before)
                .await?;
            Ok(found
                .into_iter()
                .map(|(review, arms)| (review, vec![arms]))
                .collect())
        })
    }
}

/// The most years before a review its arms may be summed over.
const MAX_YEARS_BEFORE: i32 = 50;

/// The arms between the state under review of `review` and other states in the
/// `years_before` years before it, loaded with every other review of the request.
pub(crate) async fn arms_before_review(
    ctx: &Context<'_>,
    review: i32,
    years_before: i32,
) -> async_graphql::Result<Arc<ReviewArms>> {
    check_years_before(years_before).api()?;
    let key = Of {
        parent: review,
        question: ArmsBeforeReview { years_before },
    };
    Ok(Arc::new(
        super::load_list(ctx, key)
            .await?
            .into_iter()
            .next()
            .unwrap_or_default(),
    ))
}

/// Checks the number of years before a review its arms are summed over.
pub(crate) fn check_years_before(years_before: i32) -> Result<(), ApiError> {
    if (1..=MAX_YEARS_BEFORE).contains(&years_before) {
        Ok(())
    } else {
        Err(ApiError::bad_input(format!(
            "`armsYearsBefore` must be between 1 and {MAX_YEARS_BEFORE}, not {years_before}"
        )))
    }
}

/// Whether `supplier` delivered arms to `recipient` among the arms before a review.
pub(crate) fn supplied(arms: &ReviewArms, supplier: i32, recipient: i32) -> bool {
    arms.pairs
        .iter()
        .any(|p| p.supplier == supplier && p.recipient == recipient)
}

/// The arms between a recommending state and the state under review, in the years before
/// the review.
#[derive(Debug, Clone)]
pub struct RecommenderArms {
    pub(crate) arms: Arc<ReviewArms>,
    pub(crate) state: i32,
    pub(crate) state_under_review: i32,
}

impl RecommenderArms {
    /// The years summed.
    fn year_range(&self) -> Option<YearRange> {
        self.arms.years.map(|(first_year, last_year)| YearRange {
            first_year,
            last_year,
        })
    }

    fn pairs(&self, supplier: i32, recipient: i32) -> impl Iterator<Item = &PairArms> {
        self.arms
            .pairs
            .iter()
            .filter(move |p| p.supplier == supplier && p.recipient == recipient)
    }
}

/// The arms between a recommending state and the state under review in the years before
/// the review (the five before it unless `armsYearsBefore` says otherwise; the year it was
/// held, or else scheduled, left out), in SIPRI TIV, one sum per dataset.
#[Object]
impl RecommenderArms {
    /// The years summed; null when the review has no date (reviews created by an import
    /// of the UPR Info files have none), and then no arms are given.
    async fn years(&self) -> Option<YearRange> {
        self.year_range()
    }

    /// Arms the recommending state delivered to the state under review in those years:
    /// one sum per dataset.
    async fn to_state_under_review(&self) -> Vec<ArmsTotal> {
        self.pairs(self.state, self.state_under_review)
            .map(pair_total)
            .collect()
    }

    /// Arms the state under review delivered to the recommending state in those years:
    /// one sum per dataset.
    async fn from_state_under_review(&self) -> Vec<ArmsTotal> {
        self.pairs(self.state_under_review, self.state)
            .map(pair_total)
            .collect()
    }
}

/// The states a supplier armed under some deals.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct ArmedBy {
    pub filter: uprgraph_store::Filter,
}

impl PerParent for ArmedBy {
    type Item = ArmedState;

    fn fetch(self, store: Store, suppliers: Vec<i32>) -> PerParentFuture<Self::Item> {
        Box::pin(async move { store.armed_states(&suppliers, &self.filter).await })
    }
}

/// A state a supplier armed, with what it recommended to the supplier.
#[derive(Debug, Clone)]
pub struct ArmedStateWithRecommendations(ArmedState);

/// A state a supplier delivered arms to, with the SIPRI TIV delivered (one sum per
/// dataset) and what the armed state recommended to the supplier in the supplier's
/// reviews. A supplier's list holds at most one of these per state, so it is not paged.
#[Object]
impl ArmedStateWithRecommendations {
    /// The armed state.
    async fn state(&self, ctx: &Context<'_>) -> async_graphql::Result<State> {
        load_required::<state::Entity>(ctx, self.0.state)
            .await
            .map(State)
    }

    /// The SIPRI TIV the supplier delivered to it: one sum per dataset.
    async fn arms(&self) -> Vec<ArmsTotal> {
        self.0.arms.iter().map(pair_total).collect()
    }

    /// What the armed state recommended to the supplier in the supplier's reviews, by
    /// response.
    async fn recommendations_to_supplier(&self) -> RecommendationCount {
        RecommendationCount(self.0.recommendations_to_supplier)
    }
}

/// The states `supplier` armed under deals that pass `filter` (in its delivery years).
pub(crate) async fn armed_states(
    ctx: &Context<'_>,
    supplier: i32,
    filter: Option<ArmsTransferFilterInput>,
) -> async_graphql::Result<Vec<ArmedStateWithRecommendations>> {
    let key = Of {
        parent: supplier,
        question: ArmedBy {
            filter: arms_transfer_filter(filter)?,
        },
    };
    Ok(super::load_list(ctx, key)
        .await?
        .into_iter()
        .map(ArmedStateWithRecommendations)
        .collect())
}

impl Planned for SipriTiv {
    type Row = SipriTiv;
    const NAME: &'static str = "SipriTiv";

    fn field<'d>(f: &Field<'_, 'd>, _: &mut Planner<'d>) -> Result<How<Self::Row>, Unplanned> {
        Ok(match f.name() {
            "millions" => How::Value(|r: &SipriTiv, o| o.str(&r.millions.0)),
            "unit" => How::Value(|r: &SipriTiv, o| o.str(r.unit)),
            _ => return Err(Unplanned),
        })
    }
}

impl Planned for ArmsTransfer {
    type Row = arms_transfer::Model;
    const NAME: &'static str = "ArmsTransfer";

    fn field<'d>(f: &Field<'_, 'd>, plan: &mut Planner<'d>) -> Result<How<Self::Row>, Unplanned> {
        type Row = arms_transfer::Model;
        Ok(match f.name() {
            "id" => How::Value(|r: &Row, o| o.str(&global_id("ArmsTransfer", r.id))),
            "supplier" => {
                plan.by_id::<_, State, state::Entity>(f, |r: &Row| Some(r.supplier_state_id), true)?
            }
            "recipient" => plan.by_id::<_, State, state::Entity>(
                f,
                |r: &Row| Some(r.recipient_state_id),
                true,
            )?,
            "sipriId" => {
                How::Value(|r: &Row, o| o.opt_str(r.sipri_id.map(|id| id.to_string()).as_deref()))
            }
            "orderYear" => How::Value(|r: &Row, o| o.int(r.order_year)),
            "orderYearIsEstimate" => How::Value(|r: &Row, o| o.bool(r.order_year_is_estimate)),
            "numberOrdered" => How::Value(|r: &Row, o| o.opt_int(r.number_ordered)),
            "numberOrderedIsEstimate" => {
                How::Value(|r: &Row, o| o.bool(r.number_ordered_is_estimate))
            }
            "designation" => How::Value(|r: &Row, o| o.str(&r.designation)),
            "description" => How::Value(|r: &Row, o| o.str(&r.description)),
            "armamentCategory" => {
                How::Value(|r: &Row, o| o.opt_str(r.armament_category.as_deref()))
            }
            "status" => How::Value(|r: &Row, o| o.enumeration(ArmsStatus::from(r.status.0))),
            "comments" => How::Value(|r: &Row, o| o.opt_str(r.comments.as_deref())),
            "tivPerUnit" => {
                plan.made::<_, SipriTiv>(f, |r: &Row| Ok(stored_tiv(r.tiv_per_unit)))?
            }
            "tivSipriEstimate" => {
                plan.made::<_, SipriTiv>(f, |r: &Row| Ok(stored_tiv(r.tiv_sipri_estimate)))?
            }
            "tivOrder" => plan.made::<_, SipriTiv>(f, |r: &Row| Ok(stored_tiv(r.tiv_order)))?,
            "numberDelivered" => How::Value(|r: &Row, o| o.opt_int(r.number_delivered)),
            "numberDeliveredIsEstimate" => {
                How::Value(|r: &Row, o| o.bool(r.number_delivered_is_estimate))
            }
            "tivDelivered" => {
                plan.made::<_, SipriTiv>(f, |r: &Row| Ok(stored_tiv(r.tiv_delivered)))?
            }
            "localProduction" => How::Value(|r: &Row, o| match r.local_production {
                Some(b) => o.bool(b),
                None => o.null(),
            }),
            "deliveries" => plan.children_sorted::<_, ArmsDelivery, _>(
                f,
                DeliveriesOfArmsTransfer,
                Row::id,
                |a, b| a.year.cmp(&b.year),
            )?,
            "dataset" => {
                plan.by_id::<_, Dataset, dataset::Entity>(f, |r: &Row| Some(r.dataset_id), true)?
            }
            "sourceLine" => How::Value(|r: &Row, o| o.opt_int(r.source_line)),
            _ => return Err(Unplanned),
        })
    }
}

impl Planned for ArmsDelivery {
    type Row = arms_delivery::Model;
    const NAME: &'static str = "ArmsDelivery";

    fn field<'d>(f: &Field<'_, 'd>, plan: &mut Planner<'d>) -> Result<How<Self::Row>, Unplanned> {
        type Row = arms_delivery::Model;
        Ok(match f.name() {
            "year" => How::Value(|r: &Row, o| o.int(r.year)),
            "yearIsEstimate" => How::Value(|r: &Row, o| match r.year_is_estimate {
                Some(b) => o.bool(b),
                None => o.null(),
            }),
            "number" => How::Value(|r: &Row, o| o.opt_int(r.number)),
            "numberIsEstimate" => How::Value(|r: &Row, o| match r.number_is_estimate {
                Some(b) => o.bool(b),
                None => o.null(),
            }),
            "tiv" => plan.made::<_, SipriTiv>(f, |r: &Row| Ok(stored_tiv(r.tiv)))?,
            _ => return Err(Unplanned),
        })
    }
}

impl Planned for ArmsTotal {
    type Row = ArmsTotal;
    const NAME: &'static str = "ArmsTotal";

    fn field<'d>(f: &Field<'_, 'd>, plan: &mut Planner<'d>) -> Result<How<Self::Row>, Unplanned> {
        type Row = ArmsTotal;
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
            "dataset" => {
                plan.by_id::<_, Dataset, dataset::Entity>(f, |r: &Row| Some(r.0.key.dataset), true)?
            }
            "supplier" => {
                plan.by_id::<_, State, state::Entity>(f, |r: &Row| r.0.key.supplier, false)?
            }
            "recipient" => {
                plan.by_id::<_, State, state::Entity>(f, |r: &Row| r.0.key.recipient, false)?
            }
            "deliveryYear" => How::Value(|r: &Row, o| o.opt_int(r.0.key.delivery_year)),
            "orderYear" => How::Value(|r: &Row, o| o.opt_int(r.0.key.order_year)),
            "armamentCategory" => {
                How::Value(|r: &Row, o| o.opt_str(r.0.key.armament_category.as_deref()))
            }
            "tiv" => plan.made::<_, SipriTiv>(f, |r: &Row| Ok(Some(sipri_tiv(r.0.sum.tiv))))?,
            "bound" => How::Value(|r: &Row, o| o.enumeration(total_bound(&r.0))),
            "deliveries" => How::Value(|r: &Row, o| o.int(r.0.sum.deliveries)),
            "deliveriesWithoutTiv" => {
                How::Value(|r: &Row, o| o.int(r.0.sum.deliveries_without_tiv))
            }
            "deals" => How::Value(|r: &Row, o| o.int(r.0.sum.deals)),
            _ => return Err(Unplanned),
        })
    }
}

impl Planned for YearRange {
    type Row = YearRange;
    const NAME: &'static str = "YearRange";

    fn field<'d>(f: &Field<'_, 'd>, _: &mut Planner<'d>) -> Result<How<Self::Row>, Unplanned> {
        Ok(match f.name() {
            "firstYear" => How::Value(|r: &YearRange, o| o.int(r.first_year)),
            "lastYear" => How::Value(|r: &YearRange, o| o.int(r.last_year)),
            _ => return Err(Unplanned),
        })
    }
}

impl Planned for RecommenderArms {
    type Row = RecommenderArms;
    const NAME: &'static str = "RecommenderArms";

    fn field<'d>(f: &Field<'_, 'd>, plan: &mut Planner<'d>) -> Result<How<Self::Row>, Unplanned> {
        type Row = RecommenderArms;
        Ok(match f.name() {
            "years" => plan.made::<_, YearRange>(f, |r: &Row| Ok(r.year_range()))?,
            "toStateUnderReview" => plan.made_list::<_, ArmsTotal>(f, |r: &Row| {
                r.pairs(r.state, r.state_under_review)
                    .map(pair_total)
                    .collect()
            })?,
            "fromStateUnderReview" => plan.made_list::<_, ArmsTotal>(f, |r: &Row| {
                r.pairs(r.state_under_review, r.state)
                    .map(pair_total)
                    .collect()
            })?,
            _ => return Err(Unplanned),
        })
    }
}

impl Planned for ArmedStateWithRecommendations {
    type Row = ArmedState;
    const NAME: &'static str = "ArmedStateWithRecommendations";

    fn field<'d>(f: &Field<'_, 'd>, plan: &mut Planner<'d>) -> Result<How<Self::Row>, Unplanned> {
        type Row = ArmedState;
        Ok(match f.name() {
            "state" => plan.by_id::<_, State, state::Entity>(f, |r: &Row| Some(r.state), true)?,
            "arms" => plan
                .made_list::<_, ArmsTotal>(f, |r: &Row| r.arms.iter().map(pair_total).collect())?,
            "recommendationsToSupplier" => plan.made::<_, RecommendationCount>(f, |r: &Row| {
                Ok(Some(r.recommendations_to_supplier))
            })?,
            _ => return Err(Unplanned),
        })
    }
}

/// How a sum of arms relates to the true total: at least, when deliveries without a TIV
/// of their own are in it.
fn total_bound(total: &uprgraph_store::ArmsTotal) -> Bound {
    if total.sum.deliveries_without_tiv > 0 {
        Bound::AtLeast
    } else {
        Bound::Exact
    }
}

/// `State.armedStates` in a plan.
pub(crate) fn plan_armed_states<'d>(
    plan: &mut Planner<'d>,
    f: &Field<'_, 'd>,
) -> Result<How<state::Model>, Unplanned> {
    let filter = f
        .argument::<Option<ArmsTransferFilterInput>>("filter")
        .and_then(|filter| arms_transfer_filter(filter).map_err(|error| f.graphql_error(error)));
    let filter = match filter {
        Ok(filter) => filter,
        Err(error) => return Ok(How::Error(error)),
    };
    let question = ArmedBy { filter };
    plan.many::<_, ArmedStateWithRecommendations, Of<ArmedBy>>(
        f,
        Box::new(|supplier: &state::Model| Some(supplier.id)),
        Box::new(move |parent| Of {
            parent,
            question: question.clone(),
        }),
        None,
    )
}

/// The sums of arms deliveries at the root, as the plan reads them.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct RootArmsTotals {
    filter: uprgraph_store::Filter,
    dimensions: Vec<uprgraph_store::ArmsDimension>,
    cap: u64,
    shown: Arc<[ArmsGroupBy]>,
}

impl crate::batch::BatchKey for RootArmsTotals {
    type Value = Vec<ArmsTotal>;

    fn load(
        store: Store,
        keys: Vec<Self>,
    ) -> futures_util::future::BoxFuture<
        'static,
        Result<std::collections::HashMap<Self, Self::Value>, uprgraph_store::StoreError>,
    > {
        Box::pin(async move {
            let mut out = std::collections::HashMap::with_capacity(keys.len());
            for key in keys {
                let totals = store
                    .arms_totals(&key.filter, &key.dimensions, key.cap)
                    .await?
                    .into_iter()
                    .map(|total| ArmsTotal(total, Arc::clone(&key.shown)))
                    .collect();
                out.insert(key, totals);
            }
            Ok(out)
        })
    }
}

/// The root fields of arms transfers, as the plan answers them; `None` for another field.
pub(crate) fn plan_root<'d>(
    f: &Field<'_, 'd>,
    plan: &mut Planner<'d>,
) -> Option<Result<How<()>, Unplanned>> {
    Some(match f.name() {
        "armsTransfers" => plan.root_connection::<ArmsTransfer, arms_transfer::Entity, ArmsTransferFilterInput, crate::order::ArmsTransferOrder>(f),
        "armsTotals" => {
            let checked = (|| {
                let groups = Grouped::new(
                    f.argument::<Option<ArmsTransferFilterInput>>("filter")?,
                    f.argument::<Vec<ArmsGroupBy>>("groupBy")?,
                    f.argument::<Option<i32>>("first")?,
                );
                groups
                    .check(arms_transfer_filter)
                    .map_err(|error| f.graphql_error(error))
            })();
            match checked {
                Ok(super::stats::Checked {
                    shown,
                    filter,
                    dimensions,
                    cap,
                }) => {
                    let key = RootArmsTotals {
                        filter,
                        dimensions,
                        cap,
                        shown,
                    };
                    plan.many::<(), ArmsTotal, RootArmsTotals>(
                        f,
                        Box::new(|_| Some(0)),
                        Box::new(move |_| key.clone()),
                        None,
                    )
                }
                Err(error) => Ok(How::Error(error)),
            }
        }
        _ => return None,
    })
}
