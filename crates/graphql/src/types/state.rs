//! States: the 193 UN members and the two observer states.

use async_graphql::{Context, Object, SimpleObject, ID};
use chrono::NaiveDate;
use uprgraph_domain::StateKey;
use uprgraph_graphql_macros::list_fields;

use super::stats::Grouped;
use uprgraph_store::{
    entity::{regional_group_membership, state},
    AidProvided, AidReceived, AidScope, AliasesOfState, ArmsReceived, ArmsSupplied, FiguresOfState,
    HasId, Id, MembershipsOfState, OrganizationsOfState, RecommendationScope, RecommendationsMade,
    RecommendationsReceived, ReviewsOfState, Store,
};

use super::{
    aid::{AidFlowConnection, AidGroupBy, AidTotal},
    arms::{ArmedStateWithRecommendations, ArmsTransferConnection},
    children,
    crosslink::AidedStateWithRecommendations,
    organization::Organization,
    recommendation::{RecommendationConnection, RecommendationGroupBy, RecommendationStat},
    review::{Review, ReviewConnection},
    source::FigureConnection,
};

use super::{aid::AidFlow, recommendation::Recommendation, source::Figure};
use crate::{
    connection::{child_connection, connection, root_connection, NoFilter, NoOrder, Paged},
    enums::{RegionalGroup, UnStatus},
    ids::global_id,
    plan::{Field, How, Planned, Planner, Unplanned},
    scalars::Date,
    ApiError, OrApiError,
};

/// A state: a UN member state or an observer state (the State of Palestine, the Holy See).
#[derive(Debug, Clone)]
pub struct State(pub(crate) state::Model);

impl From<state::Model> for State {
    fn from(row: state::Model) -> Self {
        Self(row)
    }
}

/// A state's membership of a UN regional group over a period. Membership can change:
/// Israel joined the Western European and Others Group in Geneva on 1 January 2014.
#[derive(Debug, Clone, SimpleObject)]
pub struct RegionalGroupMembership {
    /// The group.
    group: RegionalGroup,
    /// The first day of the membership; null when it predates the records.
    valid_from: Option<Date>,
    /// The last day of the membership; null while it lasts.
    valid_to: Option<Date>,
    /// Remarks on the membership.
    note: Option<String>,
}

impl RegionalGroupMembership {
    fn covers(&self, day: NaiveDate) -> bool {
        self.valid_from.is_none_or(|from| from.0 <= day)
            && self.valid_to.is_none_or(|to| day <= to.0)
    }
}

fn membership(
    row: regional_group_membership::Model,
) -> async_graphql::Result<RegionalGroupMembership> {
    Ok(RegionalGroupMembership {
        group: row.regional_group.0.into(),
        valid_from: row.valid_from.map(Date),
        valid_to: row.valid_to.map(Date),
        note: row.note,
    })
}

async fn memberships(
    ctx: &Context<'_>,
    state: Id<state::Entity>,
) -> async_graphql::Result<Vec<RegionalGroupMembership>> {
    children::<_, regional_group_membership::Model>(ctx, MembershipsOfState, state)
        .await?
        .into_iter()
        .map(membership)
        .collect()
}

/// A state: a UN member state or an observer state (the State of Palestine, the Holy See).
#[list_fields]
#[Object]
impl State {
    /// The global ID of this state, for `node(id:)`.
    pub(crate) async fn id(&self) -> ID {
        global_id("State", self.0.id)
    }

    /// ISO 3166-1 alpha-3 code, e.g. `USA`.
    async fn code(&self) -> &str {
        self.0.alpha3.0.code()
    }

    /// ISO 3166-1 alpha-2 code, e.g. `US`.
    async fn alpha2(&self) -> &str {
        self.0.alpha2.0.code()
    }

    /// ISO 3166-1 numeric code, three digits, e.g. `840`.
    async fn numeric_code(&self) -> &str {
        &self.0.numeric_code
    }

    /// The short name the United Nations uses, e.g. `United States of America`.
    async fn name(&self) -> &str {
        &self.0.short_name
    }

    /// The official name, e.g. `United States of America`.
    async fn official_name(&self) -> &str {
        &self.0.official_name
    }

    /// Member or observer state of the United Nations.
    async fn un_status(&self) -> UnStatus {
        self.0.un_status.0.into()
    }

    /// The day the state was admitted to the United Nations; null for observer states.
    async fn admitted_on(&self) -> Option<Date> {
        self.0.admitted_on.map(Date)
    }

    /// The UN regional group the state belongs to now; null for a state in none (the Holy See).
    async fn regional_group(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<RegionalGroup>> {
        Ok(memberships(ctx, self.0.id())
            .await?
            .into_iter()
            .find(|m| m.valid_to.is_none())
            .map(|m| m.group))
    }

    /// The UN regional group the state belonged to on a given day; null if it was in none.
    async fn regional_group_on(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The day to look at.")] date: Date,
    ) -> async_graphql::Result<Option<RegionalGroup>> {
        Ok(memberships(ctx, self.0.id())
            .await?
            .into_iter()
            .find(|m| m.covers(date.0))
            .map(|m| m.group))
    }

    /// Every regional-group membership of the state, with its dates.
    async fn regional_group_memberships(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<RegionalGroupMembership>> {
        memberships(ctx, self.0.id()).await
    }

    /// Other names and spellings of the state found in UN and UPR data, which importers resolve
    /// to this state (e.g. `DPR Korea`, `Swaziland`).
    async fn aliases(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<String>> {
        let rows: Vec<uprgraph_store::entity::state_alias::Model> =
            children(ctx, AliasesOfState, self.0.id()).await?;
        Ok(rows.into_iter().map(|a| a.alias).collect())
    }

    /// The intergovernmental organisations the state belongs to, as UPR data records them.
    async fn organizations(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Organization>> {
        children(ctx, OrganizationsOfState, self.0.id()).await
    }

    /// The state's own reviews, cycle by cycle, in the order they were recorded unless
    /// `orderBy` says otherwise.
    #[paged(noun = "reviews")]
    async fn reviews(
        &self,
        ctx: &Context<'_>,
        page: Paged<crate::filters::ReviewFilterInput, crate::order::ReviewOrder>,
    ) -> async_graphql::Result<ReviewConnection> {
        child_connection(ctx, ReviewsOfState, self.0.id(), page).await
    }

    /// The state's review in a cycle: the one that stands, when a boycotted or postponed review
    /// was replaced. Null when the state has no review recorded in that cycle.
    async fn review(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The cycle number, from 1.")] cycle: i32,
    ) -> async_graphql::Result<Option<Review>> {
        super::review::review_of(ctx, &self.0, cycle).await
    }

    /// Recommendations this state made in other states' reviews.
    #[paged(noun = "recommendations")]
    async fn recommendations_made(
        &self,
        ctx: &Context<'_>,
        page: Paged<crate::filters::RecommendationFilterInput, crate::order::RecommendationOrder>,
    ) -> async_graphql::Result<RecommendationConnection> {
        child_connection(ctx, RecommendationsMade, self.0.id(), page).await
    }

    /// Recommendations this state received in its own reviews.
    #[paged(noun = "recommendations")]
    async fn recommendations_received(
        &self,
        ctx: &Context<'_>,
        page: Paged<crate::filters::RecommendationFilterInput, crate::order::RecommendationOrder>,
    ) -> async_graphql::Result<RecommendationConnection> {
        child_connection(ctx, RecommendationsReceived, self.0.id(), page).await
    }

    /// Aid this state gave to others.
    #[paged(noun = "aid flows")]
    async fn aid_provided(
        &self,
        ctx: &Context<'_>,
        page: Paged<crate::filters::AidFlowFilterInput, crate::order::AidFlowOrder>,
    ) -> async_graphql::Result<AidFlowConnection> {
        child_connection(ctx, AidProvided, self.0.id(), page).await
    }

    /// Aid this state received from others.
    #[paged(noun = "aid flows")]
    async fn aid_received(
        &self,
        ctx: &Context<'_>,
        page: Paged<crate::filters::AidFlowFilterInput, crate::order::AidFlowOrder>,
    ) -> async_graphql::Result<AidFlowConnection> {
        child_connection(ctx, AidReceived, self.0.id(), page).await
    }

    /// Arms this state supplied to others: SIPRI's deals, volumes in SIPRI TIV (not money).
    #[paged(noun = "arms transfers")]
    async fn arms_supplied(
        &self,
        ctx: &Context<'_>,
        page: Paged<crate::filters::ArmsTransferFilterInput, crate::order::ArmsTransferOrder>,
    ) -> async_graphql::Result<ArmsTransferConnection> {
        child_connection(ctx, ArmsSupplied, self.0.id(), page).await
    }

    /// Arms this state received from others: SIPRI's deals, volumes in SIPRI TIV (not money).
    #[paged(noun = "arms transfers")]
    async fn arms_received(
        &self,
        ctx: &Context<'_>,
        page: Paged<crate::filters::ArmsTransferFilterInput, crate::order::ArmsTransferOrder>,
    ) -> async_graphql::Result<ArmsTransferConnection> {
        child_connection(ctx, ArmsReceived, self.0.id(), page).await
    }

    /// The states this state delivered arms to (under the deals that pass `filter`, in its
    /// delivery years if it names any), each with the SIPRI TIV delivered (one sum per
    /// dataset) and what that state recommended to this one in its reviews; largest first.
    /// Example: `state(code: "USA") { armedStates(filter: { deliveryYearFrom: 2019,
    /// deliveryYearTo: 2023 }) { state { name } arms { tiv { millions unit } bound dataset
    /// { name } } recommendationsToSupplier { count supported noted } } }`.
    async fn armed_states(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "Which deals to sum (recipients, delivery years, categories); the supplier is this state."
        )]
        filter: Option<crate::filters::ArmsTransferFilterInput>,
    ) -> async_graphql::Result<Vec<ArmedStateWithRecommendations>> {
        super::arms::armed_states(ctx, self.0.id, filter).await
    }

    /// Documented figures about the state, such as counts of people killed, each with its
    /// source, in id order.
    #[paged(noun = "figures")]
    async fn figures(
        &self,
        ctx: &Context<'_>,
        page: Paged,
    ) -> async_graphql::Result<FigureConnection> {
        child_connection(ctx, FiguresOfState, self.0.id(), page).await
    }

    /// Counts of the recommendations this state received (or made), by response, grouped by
    /// the dimensions given, largest group first. Computed by the database, for every state of
    /// a list in one statement. Example: the themes Israel was most often recommended, with the
    /// responses: `recommendationStats(groupBy: [THEME], first: 10) { theme { name } count
    /// supported noted }`.
    #[grouped(noun = "recommendations", ungrouped = "one group")]
    async fn recommendation_stats(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "Count the recommendations the state received (the default) or made.",
            default_with = "RecommendationRole::Received"
        )]
        role: RecommendationRole,
        groups: Grouped<crate::filters::RecommendationFilterInput, RecommendationGroupBy>,
    ) -> async_graphql::Result<Vec<RecommendationStat>> {
        let scope = match role {
            RecommendationRole::Received => RecommendationScope::StatesUnderReview,
            RecommendationRole::Made => RecommendationScope::RecommendingStates,
        };
        super::stats::statistic::<super::stats::Counts>(ctx, Some((scope, self.0.id)), groups).await
    }

    /// The states this state gave aid to (over `aidFilter`), each with the aid summed per
    /// source, category, transaction type and currency and with what that state recommended to this one in its
    /// reviews; largest aid first. Example: `state(code: "USA") { aidedStates(aidFilter: {
    /// transactionType: [OBLIGATION], fiscalYearFrom: 2020 }) { state { name } aid { amount {
    /// amount currency } } recommendationsToDonor { count supported noted } } }`.
    async fn aided_states(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "Which aid flows to sum (category, transaction type, fiscal years); the donor is this state."
        )]
        aid_filter: Option<crate::filters::AidFlowFilterInput>,
    ) -> async_graphql::Result<Vec<AidedStateWithRecommendations>> {
        super::crosslink::aided_states(ctx, self.0.id, aid_filter).await
    }

    /// Exact sums of the aid this state received (or provided), grouped by the dimensions
    /// given and always by source and currency, largest first. Parts of larger figures are left
    /// out and two sources' figures are never added, so nothing counts twice. Computed by the database, for every state of a list in one
    /// statement. Example: `aidTotals(role: PROVIDED, groupBy: [RECIPIENT]) { recipient { name }
    /// amount { amount currency } }`.
    #[grouped(noun = "aid flows", ungrouped = "one group per source and currency")]
    async fn aid_totals(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "Sum the aid the state received (the default) or provided.",
            default_with = "AidRole::Received"
        )]
        role: AidRole,
        groups: Grouped<crate::filters::AidFlowFilterInput, AidGroupBy>,
    ) -> async_graphql::Result<Vec<AidTotal>> {
        let scope = match role {
            AidRole::Received => AidScope::Recipients,
            AidRole::Provided => AidScope::Donors,
        };
        super::stats::statistic::<super::stats::Sums>(ctx, Some((scope, self.0.id)), groups).await
    }
}

/// Which of a state's recommendations to count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, async_graphql::Enum)]
pub enum RecommendationRole {
    /// The recommendations the state received in its reviews.
    Received,
    /// The recommendations the state made to others.
    Made,
}

/// Which of a state's aid flows to sum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, async_graphql::Enum)]
pub enum AidRole {
    /// The aid the state received.
    Received,
    /// The aid the state provided.
    Provided,
}

connection!(
    StateConnection,
    StateEdge,
    State,
    state::Model,
    "A page of states.",
    "A state in a page of states."
);

/// Root fields for states.
#[derive(Debug, Default)]
pub struct StateQuery;

/// Reads a state's code as clients give it, alpha-3 or alpha-2.
pub(crate) fn parse_state_key(code: &str) -> Result<StateKey, ApiError> {
    StateKey::parse(code).map_err(|_| ApiError::bad_input(format!("`{code}` is not a state code: give ISO 3166 alpha-3 (USA) or alpha-2 (US), or use `stateByName`")))
}

/// Finds a state by alpha-3 or alpha-2 code.
pub(crate) async fn state_by_code(
    store: &Store,
    code: &str,
) -> async_graphql::Result<Option<state::Model>> {
    let key = parse_state_key(code).api()?;
    store.state_by_key(key).await.api()
}

#[list_fields]
#[Object]
impl StateQuery {
    /// A state by ISO 3166-1 code, alpha-3 (`USA`) or alpha-2 (`US`), in any case. Null when no
    /// state has that code.
    async fn state(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "An ISO 3166-1 alpha-3 or alpha-2 code.")] code: String,
    ) -> async_graphql::Result<Option<State>> {
        Ok(state_by_code(ctx.data_unchecked::<Store>(), &code)
            .await?
            .map(State))
    }

    /// A state by any of its names or spellings (`Côte d'Ivoire`, `Cote d'Ivoire`, `DPR Korea`,
    /// `Bosnia & Herzegovina`), ignoring case, accents and punctuation. Null when no state is
    /// known by that name.
    async fn state_by_name(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "A name or spelling of the state.")] name: String,
    ) -> async_graphql::Result<Option<State>> {
        Ok(ctx
            .data_unchecked::<Store>()
            .state_by_name(&name)
            .await
            .api()?
            .map(State))
    }

    /// All states, members and observers.
    #[paged(noun = "states")]
    async fn states(
        &self,
        ctx: &Context<'_>,
        page: Paged<crate::filters::StateFilterInput, crate::order::StateOrder>,
    ) -> async_graphql::Result<StateConnection> {
        root_connection(ctx, state::Entity, page).await
    }
}

impl Planned for State {
    type Row = state::Model;
    const NAME: &'static str = "State";

    fn field<'d>(
        f: &Field<'_, 'd>,
        plan: &mut Planner<'d>,
    ) -> Result<How<state::Model>, Unplanned> {
        use crate::{filters, order};
        type Row = state::Model;
        fn id(row: &Row) -> i32 {
            row.id
        }
        Ok(match f.name() {
            "id" => How::Value(|r: &Row, o| o.str(&global_id("State", r.id))),
            "code" => How::Value(|r: &Row, o| o.str(r.alpha3.0.code())),
            "alpha2" => How::Value(|r: &Row, o| o.str(r.alpha2.0.code())),
            "numericCode" => How::Value(|r: &Row, o| o.str(&r.numeric_code)),
            "name" => How::Value(|r: &Row, o| o.str(&r.short_name)),
            "officialName" => How::Value(|r: &Row, o| o.str(&r.official_name)),
            "unStatus" => How::Value(|r: &Row, o| o.enumeration(UnStatus::from(r.un_status.0))),
            "admittedOn" => How::Value(|r: &Row, o| o.date(r.admitted_on)),
            "regionalGroup" => plan.read_children(MembershipsOfState, Row::id, |rows, o| {
                let current = rows.iter().find(|m| m.valid_to.is_none());
                o.opt_enumeration(current.map(|m| RegionalGroup::from(m.regional_group.0)));
            }),
            "regionalGroupOn" => match f.argument::<Date>("date") {
                Ok(date) => plan.read_children(MembershipsOfState, Row::id, move |rows, o| {
                    let on = rows
                        .iter()
                        .map(|m| membership(m.clone()))
                        .filter_map(Result::ok)
                        .find(|m| m.covers(date.0));
                    o.opt_enumeration(on.map(|m| m.group));
                }),
                Err(error) => How::Error(error),
            },
            "regionalGroupMemberships" => {
                plan.children::<_, RegionalGroupMembership, _>(f, MembershipsOfState, Row::id)?
            }
            "aliases" => plan.read_children(AliasesOfState, Row::id, |rows, o| {
                o.raw(b"[");
                for (i, alias) in rows.iter().enumerate() {
                    if i > 0 {
                        o.raw(b",");
                    }
                    o.str(&alias.alias);
                }
                o.raw(b"]");
            }),
            "organizations" => plan.children::<_, Organization, _>(f, OrganizationsOfState, Row::id)?,
            "reviews" => plan.child_connection::<_, Review, _, filters::ReviewFilterInput, order::ReviewOrder>(f, ReviewsOfState, Row::id)?,
            "review" => match f.argument::<i32>("cycle").and_then(|cycle| {
                uprgraph_domain::CycleNumber::new(i64::from(cycle))
                    .map_err(|e| f.error(ApiError::from(e)))
            }) {
                Ok(cycle) => plan.one::<_, Review, _>(
                    f,
                    Box::new(|r: &Row| Some(r.id)),
                    Box::new(move |state| crate::plan::lookups::ReviewInCycle { state, cycle }),
                    crate::plan::nested::same,
                    false,
                )?,
                Err(error) => How::Error(error),
            },
            "recommendationsMade" => plan.child_connection::<_, Recommendation, _, filters::RecommendationFilterInput, order::RecommendationOrder>(f, RecommendationsMade, Row::id)?,
            "recommendationsReceived" => plan.child_connection::<_, Recommendation, _, filters::RecommendationFilterInput, order::RecommendationOrder>(f, RecommendationsReceived, Row::id)?,
            "aidProvided" => plan.child_connection::<_, AidFlow, _, filters::AidFlowFilterInput, order::AidFlowOrder>(f, AidProvided, Row::id)?,
            "aidReceived" => plan.child_connection::<_, AidFlow, _, filters::AidFlowFilterInput, order::AidFlowOrder>(f, AidReceived, Row::id)?,
            "figures" => plan.child_connection::<_, Figure, _, NoFilter, NoOrder>(f, FiguresOfState, Row::id)?,
            "armsSupplied" => plan.child_connection::<_, super::arms::ArmsTransfer, _, filters::ArmsTransferFilterInput, order::ArmsTransferOrder>(f, ArmsSupplied, Row::id)?,
            "armsReceived" => plan.child_connection::<_, super::arms::ArmsTransfer, _, filters::ArmsTransferFilterInput, order::ArmsTransferOrder>(f, ArmsReceived, Row::id)?,
            "armedStates" => super::arms::plan_armed_states(plan, f)?,
            "recommendationStats" => {
                let scope = f.argument::<RecommendationRole>("role").map(|role| match role {
                    RecommendationRole::Received => RecommendationScope::StatesUnderReview,
                    RecommendationRole::Made => RecommendationScope::RecommendingStates,
                });
                match scope {
                    Ok(scope) => super::stats::plan_recommendation_stats(plan, f, Some((scope, id)))?,
                    Err(error) => How::Error(error),
                }
            }
            "aidedStates" => super::crosslink::plan_aided_states(plan, f)?,
            "aidTotals" => {
                let scope = f.argument::<AidRole>("role").map(|role| match role {
                    AidRole::Received => AidScope::Recipients,
                    AidRole::Provided => AidScope::Donors,
                });
                match scope {
                    Ok(scope) => super::stats::plan_aid_totals(plan, f, Some((scope, id)))?,
                    Err(error) => How::Error(error),
                }
            }
            _ => return Err(Unplanned),
        })
    }
}

impl Planned for RegionalGroupMembership {
    type Row = regional_group_membership::Model;
    const NAME: &'static str = "RegionalGroupMembership";

    fn field<'d>(f: &Field<'_, 'd>, _: &mut Planner<'d>) -> Result<How<Self::Row>, Unplanned> {
        type Row = regional_group_membership::Model;
        Ok(match f.name() {
            "group" => {
                How::Value(|r: &Row, o| o.enumeration(RegionalGroup::from(r.regional_group.0)))
            }
            "validFrom" => How::Value(|r: &Row, o| o.date(r.valid_from)),
            "validTo" => How::Value(|r: &Row, o| o.date(r.valid_to)),
            "note" => How::Value(|r: &Row, o| o.opt_str(r.note.as_deref())),
            _ => return Err(Unplanned),
        })
    }
}

/// The root fields of states, as the plan answers them; `None` for another field.
pub(crate) fn plan_root<'d>(
    f: &Field<'_, 'd>,
    plan: &mut Planner<'d>,
) -> Option<Result<How<()>, Unplanned>> {
    use crate::plan::lookups::{StateByKey, StateByName};
    Some(match f.name() {
        "state" => match f.argument::<String>("code").and_then(|code| {
            parse_state_key(&code).map_err(|e| f.error(e))
        }) {
            Ok(key) => plan.one::<(), State, _>(
                f,
                Box::new(|_| Some(0)),
                Box::new(move |_| StateByKey(key)),
                crate::plan::nested::same,
                false,
            ),
            Err(error) => Ok(How::Error(error)),
        },
        "stateByName" => match f.argument::<String>("name") {
            Ok(name) => plan.one::<(), State, _>(
                f,
                Box::new(|_| Some(0)),
                Box::new(move |_| StateByName(name.clone())),
                crate::plan::nested::same,
                false,
            ),
            Err(error) => Ok(How::Error(error)),
        },
        "states" => plan.root_connection::<State, state::Entity, crate::filters::StateFilterInput, crate::order::StateOrder>(f),
        _ => return None,
    })
}
