//! Cycles, sessions and reviews.

use async_graphql::{Context, Object, ID};
use uprgraph_domain::{CycleNumber, SessionNumber};
use uprgraph_graphql_macros::list_fields;

use super::stats::Grouped;
use uprgraph_store::{
    entity::{cycle, review, session, source, state},
    AidScope, HasId, RecommendationScope, RecommendationsOfReview, ReviewsOfCycle,
    ReviewsOfSession, ReviewsReplacedBy, SessionsOfCycle, Store,
};

use super::{
    aid::{AidGroupBy, AidTotal},
    children,
    crosslink::{AidRelation, ReviewRecommender},
    load_opt, load_required,
    recommendation::{RecommendationConnection, RecommendationGroupBy, RecommendationStat},
    source::Source,
    state::{state_by_code, State},
};

use crate::{
    connection::{child_connection, connection, root_connection, NoFilter, NoOrder, Paged},
    enums::ReviewStatus,
    ids::global_id,
    plan::{Field, How, Planned, Planner, Unplanned},
    scalars::Date,
    OrApiError,
};

/// A UPR cycle: every state is reviewed once in each cycle of about four and a half years
/// (cycle 1: sessions 1-12, 2008-2011; cycle 4: from session 41, November 2022).
#[derive(Debug, Clone)]
pub struct Cycle(pub(crate) cycle::Model);

impl From<cycle::Model> for Cycle {
    fn from(row: cycle::Model) -> Self {
        Self(row)
    }
}

/// A UPR cycle: every state is reviewed once in each cycle of about four and a half years
/// (cycle 1: sessions 1-12, 2008-2011; cycle 4: from session 41, November 2022).
#[list_fields]
#[Object]
impl Cycle {
    /// The global ID of this cycle, for `node(id:)`.
    pub(crate) async fn id(&self) -> ID {
        global_id("Cycle", self.0.id)
    }

    /// The cycle number, from 1.
    async fn number(&self) -> i32 {
        self.0.number
    }

    /// The number of the cycle's first session.
    async fn first_session(&self) -> i32 {
        self.0.first_session
    }

    /// The number of the cycle's last session; null while the cycle runs.
    async fn last_session(&self) -> Option<i32> {
        self.0.last_session
    }

    /// The year the cycle began.
    async fn start_year(&self) -> i32 {
        self.0.start_year
    }

    /// The year the cycle ended; null while it runs.
    async fn end_year(&self) -> Option<i32> {
        self.0.end_year
    }

    /// The cycle's sessions known to this database, in order.
    async fn sessions(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Session>> {
        children(ctx, SessionsOfCycle, self.0.id()).await
    }

    /// The reviews of the cycle.
    #[paged(noun = "reviews")]
    async fn reviews(
        &self,
        ctx: &Context<'_>,
        page: Paged<crate::filters::ReviewFilterInput, crate::order::ReviewOrder>,
    ) -> async_graphql::Result<ReviewConnection> {
        child_connection(ctx, ReviewsOfCycle, self.0.id(), page).await
    }
}

/// A session of the UPR Working Group, at which a batch of states is reviewed.
#[derive(Debug, Clone)]
pub struct Session(pub(crate) session::Model);

impl From<session::Model> for Session {
    fn from(row: session::Model) -> Self {
        Self(row)
    }
}

/// A session of the UPR Working Group, at which a batch of states is reviewed.
#[list_fields]
#[Object]
impl Session {
    /// The global ID of this session, for `node(id:)`.
    pub(crate) async fn id(&self) -> ID {
        global_id("Session", self.0.id)
    }

    /// The session number, from 1.
    async fn number(&self) -> i32 {
        self.0.number
    }

    /// The cycle the session belongs to.
    async fn cycle(&self, ctx: &Context<'_>) -> async_graphql::Result<Cycle> {
        load_required::<cycle::Entity>(ctx, self.0.cycle_id)
            .await
            .map(Cycle)
    }

    /// The first day of the session; null until a source for it is recorded.
    async fn starts_on(&self) -> Option<Date> {
        self.0.starts_on.map(Date)
    }

    /// The last day of the session; null until a source for it is recorded.
    async fn ends_on(&self) -> Option<Date> {
        self.0.ends_on.map(Date)
    }

    /// The reviews scheduled at the session.
    #[paged(noun = "reviews")]
    async fn reviews(
        &self,
        ctx: &Context<'_>,
        page: Paged<crate::filters::ReviewFilterInput, crate::order::ReviewOrder>,
    ) -> async_graphql::Result<ReviewConnection> {
        child_connection(ctx, ReviewsOfSession, self.0.id(), page).await
    }
}

/// One state's review at one session. A state has one review per cycle, unless a review it
/// boycotted or that was postponed was replaced by a later one (see `replacedBy`).
#[derive(Debug, Clone)]
pub struct Review(pub(crate) review::Model);

impl From<review::Model> for Review {
    fn from(row: review::Model) -> Self {
        Self(row)
    }
}

/// One state's review at one session. A state has one review per cycle, unless a review it
/// boycotted or that was postponed was replaced by a later one (see `replacedBy`).
#[list_fields]
#[Object]
impl Review {
    /// The global ID of this review, for `node(id:)`.
    pub(crate) async fn id(&self) -> ID {
        global_id("Review", self.0.id)
    }

    /// The state under review.
    async fn state(&self, ctx: &Context<'_>) -> async_graphql::Result<State> {
        load_required::<state::Entity>(ctx, self.0.state_id)
            .await
            .map(State)
    }

    /// The cycle of the review.
    async fn cycle(&self, ctx: &Context<'_>) -> async_graphql::Result<Cycle> {
        load_required::<cycle::Entity>(ctx, self.0.cycle_id)
            .await
            .map(Cycle)
    }

    /// The session the review was held or scheduled at.
    async fn session(&self, ctx: &Context<'_>) -> async_graphql::Result<Session> {
        load_required::<session::Entity>(ctx, self.0.session_id)
            .await
            .map(Session)
    }

    /// Whether the review was held, boycotted, postponed or is still to come.
    async fn status(&self) -> ReviewStatus {
        self.0.status.0.into()
    }

    /// The day the review was scheduled for, where a source gives it.
    async fn scheduled_on(&self) -> Option<Date> {
        self.0.scheduled_on.map(Date)
    }

    /// The day the review took place; null if it did not.
    async fn held_on(&self) -> Option<Date> {
        self.0.held_on.map(Date)
    }

    /// The symbol of the outcome report of the Working Group, e.g. `A/HRC/16/11`.
    async fn outcome_symbol(&self) -> Option<&str> {
        self.0.outcome_symbol.as_deref()
    }

    /// Remarks on the review.
    async fn note(&self) -> Option<&str> {
        self.0.note.as_deref()
    }

    /// The review that took the place of this one, when it was boycotted or postponed.
    async fn replaced_by(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Review>> {
        Ok(load_opt::<review::Entity>(ctx, self.0.replaced_by_id)
            .await?
            .map(Review))
    }

    /// The reviews this one replaced.
    async fn replaces(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Review>> {
        children(ctx, ReviewsReplacedBy, self.0.id()).await
    }

    /// Where the facts of this review come from.
    async fn source(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Source>> {
        Ok(load_opt::<source::Entity>(ctx, self.0.source_id)
            .await?
            .map(Source))
    }

    /// The recommendations made to the state under review in this review.
    #[paged(noun = "recommendations")]
    async fn recommendations(
        &self,
        ctx: &Context<'_>,
        page: Paged<crate::filters::RecommendationFilterInput, crate::order::RecommendationOrder>,
    ) -> async_graphql::Result<RecommendationConnection> {
        child_connection(ctx, RecommendationsOfReview, self.0.id(), page).await
    }

    /// Counts of the recommendations made at this review, by response, grouped by the
    /// dimensions given, largest group first. Computed by the database, for every review of
    /// a list in one statement. Example: the share supported per recommending regional group:
    /// `recommendationStats(groupBy: [RECOMMENDING_REGIONAL_GROUP]) { recommendingRegionalGroup
    /// count supportedShare }`.
    #[grouped(noun = "recommendations", ungrouped = "one group")]
    async fn recommendation_stats(
        &self,
        ctx: &Context<'_>,
        groups: Grouped<crate::filters::RecommendationFilterInput, RecommendationGroupBy>,
    ) -> async_graphql::Result<Vec<RecommendationStat>> {
        let parent = Some((RecommendationScope::Reviews, self.0.id));
        super::stats::statistic::<super::stats::Counts>(ctx, parent, groups).await
    }

    /// The states that made recommendations at this review, each with its recommendations by
    /// response and the aid between it and the state under review, both ways (summed per
    /// source, category, transaction type and currency over `aidFilter`); most recommendations first. Answers
    /// "which recommending states receive military aid from the state under review, and how
    /// much?": `recommenders(relation: RECIPIENTS, aidFilter: { category: [MILITARY] }) { state
    /// { name } recommendations { count supportedShare } aidFromStateUnderReview {
    /// transactionType amount { amount currency } } }`. Each also has the arms between it and
    /// the state under review in the years before the review (`arms`, in SIPRI TIV), and
    /// `relation: ARMS_SUPPLIERS` keeps those that armed it: `recommenders(relation:
    /// ARMS_SUPPLIERS) { state { name } recommendations { count } arms { years { firstYear
    /// lastYear } toStateUnderReview { tiv { millions unit } bound dataset { name } } } }`.
    async fn recommenders(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "Which recommending states to keep, by the aid between them and the state under review.",
            default_with = "AidRelation::Any"
        )]
        relation: AidRelation,
        #[graphql(
            desc = "Which aid flows to sum (category, transaction type, fiscal years); donor and recipient are set by the link."
        )]
        aid_filter: Option<crate::filters::AidFlowFilterInput>,
        #[graphql(
            desc = "How many years before the review each recommender's `arms` are summed over (the year of the review left out), from 1 to 50.",
            default = 5
        )]
        arms_years_before: i32,
    ) -> async_graphql::Result<Vec<ReviewRecommender>> {
        super::crosslink::recommenders(ctx, self.0.id, aid_filter, relation, arms_years_before)
            .await
    }

    /// Exact sums of the aid the state under review received, grouped by the dimensions given
    /// and always by source and currency, largest first: the aid context of the review. Narrow it with a
    /// filter, e.g. `{ fiscalYearFrom: 2020, fiscalYearTo: 2024 }` or `{ donor: ["USA"] }`.
    #[grouped(noun = "aid flows", ungrouped = "one group per source and currency")]
    async fn aid_totals(
        &self,
        ctx: &Context<'_>,
        groups: Grouped<crate::filters::AidFlowFilterInput, AidGroupBy>,
    ) -> async_graphql::Result<Vec<AidTotal>> {
        let parent = Some((AidScope::Recipients, self.0.state_id));
        super::stats::statistic::<super::stats::Sums>(ctx, parent, groups).await
    }
}

connection!(
    ReviewConnection,
    ReviewEdge,
    Review,
    review::Model,
    "A page of reviews.",
    "A review in a page of reviews."
);
connection!(
    SessionConnection,
    SessionEdge,
    Session,
    session::Model,
    "A page of sessions.",
    "A session in a page of sessions."
);

/// The standing review of a state in a cycle (see `Store::review_of`).
pub(crate) async fn review_of(
    ctx: &Context<'_>,
    state: &state::Model,
    cycle: i32,
) -> async_graphql::Result<Option<Review>> {
    let store = ctx.data_unchecked::<Store>();
    let number = CycleNumber::new(i64::from(cycle)).api()?;
    let Some(cycle) = store.cycle_by_number(number).await.api()? else {
        return Ok(None);
    };
    Ok(store.review_of(state.id, cycle.id).await.api()?.map(Review))
}

/// Root fields for cycles, sessions and reviews.
#[derive(Debug, Default)]
pub struct ReviewQuery;

#[list_fields]
#[Object]
impl ReviewQuery {
    /// A UPR cycle by number. Null when there is no such cycle.
    async fn cycle(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The cycle number, from 1.")] number: i32,
    ) -> async_graphql::Result<Option<Cycle>> {
        let number = CycleNumber::new(i64::from(number)).api()?;
        Ok(ctx
            .data_unchecked::<Store>()
            .cycle_by_number(number)
            .await
            .api()?
            .map(Cycle))
    }

    /// Every UPR cycle, in order.
    async fn cycles(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Cycle>> {
        let rows = ctx
            .data_unchecked::<Store>()
            .all::<cycle::Entity>()
            .await
            .api()?;
        Ok(rows.into_iter().map(Cycle).collect())
    }

    /// A Working Group session by number. Null when there is no such session.
    async fn session(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The session number, from 1.")] number: i32,
    ) -> async_graphql::Result<Option<Session>> {
        let number = SessionNumber::new(i64::from(number)).api()?;
        Ok(ctx
            .data_unchecked::<Store>()
            .session_by_number(number)
            .await
            .api()?
            .map(Session))
    }

    /// All Working Group sessions known to this database, in order.
    #[paged(noun = "sessions")]
    async fn sessions(
        &self,
        ctx: &Context<'_>,
        page: Paged,
    ) -> async_graphql::Result<SessionConnection> {
        root_connection(ctx, session::Entity, page).await
    }

    /// A state's review in a cycle: the one that stands when a boycotted or postponed review was
    /// replaced (Israel's cycle-2 review is the one held at session 17). Null when the state or
    /// the review is unknown.
    async fn review(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The state under review, by ISO 3166-1 alpha-3 or alpha-2 code.")]
        state: String,
        #[graphql(desc = "The cycle number, from 1.")] cycle: i32,
    ) -> async_graphql::Result<Option<Review>> {
        let Some(state) = state_by_code(ctx.data_unchecked::<Store>(), &state).await? else {
            return Ok(None);
        };
        review_of(ctx, &state, cycle).await
    }

    /// All reviews, in the order they were recorded unless `orderBy` says otherwise.
    #[paged(noun = "reviews")]
    async fn reviews(
        &self,
        ctx: &Context<'_>,
        page: Paged<crate::filters::ReviewFilterInput, crate::order::ReviewOrder>,
    ) -> async_graphql::Result<ReviewConnection> {
        root_connection(ctx, review::Entity, page).await
    }
}

impl Planned for Cycle {
    type Row = cycle::Model;
    const NAME: &'static str = "Cycle";

    fn field<'d>(f: &Field<'_, 'd>, plan: &mut Planner<'d>) -> Result<How<Self::Row>, Unplanned> {
        type Row = cycle::Model;
        Ok(match f.name() {
            "id" => How::Value(|r: &Row, o| o.str(&global_id("Cycle", r.id))),
            "number" => How::Value(|r: &Row, o| o.int(r.number)),
            "firstSession" => How::Value(|r: &Row, o| o.int(r.first_session)),
            "lastSession" => How::Value(|r: &Row, o| o.opt_int(r.last_session)),
            "startYear" => How::Value(|r: &Row, o| o.int(r.start_year)),
            "endYear" => How::Value(|r: &Row, o| o.opt_int(r.end_year)),
            "sessions" => plan.children::<_, Session, _>(f, SessionsOfCycle, Row::id)?,
            "reviews" => plan.child_connection::<_, Review, _, crate::filters::ReviewFilterInput, crate::order::ReviewOrder>(f, ReviewsOfCycle, Row::id)?,
            _ => return Err(Unplanned),
        })
    }
}

impl Planned for Session {
    type Row = session::Model;
    const NAME: &'static str = "Session";

    fn field<'d>(f: &Field<'_, 'd>, plan: &mut Planner<'d>) -> Result<How<Self::Row>, Unplanned> {
        type Row = session::Model;
        Ok(match f.name() {
            "id" => How::Value(|r: &Row, o| o.str(&global_id("Session", r.id))),
            "number" => How::Value(|r: &Row, o| o.int(r.number)),
            "cycle" => plan.by_id::<_, Cycle, cycle::Entity>(f, |r: &Row| Some(r.cycle_id), true)?,
            "startsOn" => How::Value(|r: &Row, o| o.date(r.starts_on)),
            "endsOn" => How::Value(|r: &Row, o| o.date(r.ends_on)),
            "reviews" => plan.child_connection::<_, Review, _, crate::filters::ReviewFilterInput, crate::order::ReviewOrder>(f, ReviewsOfSession, Row::id)?,
            _ => return Err(Unplanned),
        })
    }
}

impl Planned for Review {
    type Row = review::Model;
    const NAME: &'static str = "Review";

    fn field<'d>(f: &Field<'_, 'd>, plan: &mut Planner<'d>) -> Result<How<Self::Row>, Unplanned> {
        type Row = review::Model;
        fn id(row: &Row) -> i32 {
            row.id
        }
        Ok(match f.name() {
            "id" => How::Value(|r: &Row, o| o.str(&global_id("Review", r.id))),
            "state" => plan.by_id::<_, State, state::Entity>(f, |r: &Row| Some(r.state_id), true)?,
            "cycle" => plan.by_id::<_, Cycle, cycle::Entity>(f, |r: &Row| Some(r.cycle_id), true)?,
            "session" => plan.by_id::<_, Session, session::Entity>(f, |r: &Row| Some(r.session_id), true)?,
            "status" => How::Value(|r: &Row, o| o.enumeration(ReviewStatus::from(r.status.0))),
            "scheduledOn" => How::Value(|r: &Row, o| o.date(r.scheduled_on)),
            "heldOn" => How::Value(|r: &Row, o| o.date(r.held_on)),
            "outcomeSymbol" => How::Value(|r: &Row, o| o.opt_str(r.outcome_symbol.as_deref())),
            "note" => How::Value(|r: &Row, o| o.opt_str(r.note.as_deref())),
            "replacedBy" => plan.by_id::<_, Review, review::Entity>(f, |r: &Row| r.replaced_by_id, false)?,
            "replaces" => plan.children::<_, Review, _>(f, ReviewsReplacedBy, Row::id)?,
            "source" => plan.by_id::<_, Source, source::Entity>(f, |r: &Row| r.source_id, false)?,
            "recommendations" => plan.child_connection::<_, super::recommendation::Recommendation, _, crate::filters::RecommendationFilterInput, crate::order::RecommendationOrder>(f, RecommendationsOfReview, Row::id)?,
            "recommendationStats" => super::stats::plan_recommendation_stats(plan, f, Some((RecommendationScope::Reviews, id)))?,
            "recommenders" => super::crosslink::plan_recommenders(plan, f)?,
            "aidTotals" => super::stats::plan_aid_totals(plan, f, Some((AidScope::Recipients, |r: &Row| r.state_id)))?,
            _ => return Err(Unplanned),
        })
    }
}

/// The root fields of cycles, sessions and reviews, as the plan answers them; `None` for
/// another field.
pub(crate) fn plan_root<'d>(
    f: &Field<'_, 'd>,
    plan: &mut Planner<'d>,
) -> Option<Result<How<()>, Unplanned>> {
    use crate::plan::lookups::{All, CycleByNumber, ReviewOf, SessionByNumber};
    Some(match f.name() {
        "cycle" => match f.argument::<i32>("number").and_then(|n| {
            CycleNumber::new(i64::from(n)).map_err(|e| f.error(crate::ApiError::from(e)))
        }) {
            Ok(number) => plan.one::<(), Cycle, _>(
                f,
                Box::new(|_| Some(0)),
                Box::new(move |_| CycleByNumber(number)),
                crate::plan::nested::same,
                false,
            ),
            Err(error) => Ok(How::Error(error)),
        },
        "cycles" => plan.many::<(), Cycle, All<cycle::Entity>>(
            f,
            Box::new(|_| Some(0)),
            Box::new(|_| All::new()),
            None,
        ),
        "session" => match f.argument::<i32>("number").and_then(|n| {
            SessionNumber::new(i64::from(n)).map_err(|e| f.error(crate::ApiError::from(e)))
        }) {
            Ok(number) => plan.one::<(), Session, _>(
                f,
                Box::new(|_| Some(0)),
                Box::new(move |_| SessionByNumber(number)),
                crate::plan::nested::same,
                false,
            ),
            Err(error) => Ok(How::Error(error)),
        },
        "sessions" => plan.root_connection::<Session, session::Entity, NoFilter, NoOrder>(f),
        "review" => {
            let key = f.argument::<String>("state").and_then(|code| {
                let cycle = f.argument::<i32>("cycle")?;
                let state = super::state::parse_state_key(&code).map_err(|e| f.error(e))?;
                Ok(ReviewOf { state, cycle })
            });
            match key {
                Ok(key) => plan.one::<(), Review, _>(
                    f,
                    Box::new(|_| Some(0)),
                    Box::new(move |_| key.clone()),
                    |found: &Result<review::Model, crate::ApiError>| found.as_ref().map_err(Clone::clone),
                    false,
                ),
                Err(error) => Ok(How::Error(error)),
            }
        }
        "reviews" => plan.root_connection::<Review, review::Entity, crate::filters::ReviewFilterInput, crate::order::ReviewOrder>(f),
        _ => return None,
    })
}
