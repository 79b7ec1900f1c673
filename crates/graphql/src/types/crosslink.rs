//! Recommendations beside aid: who recommended what to a state under review and what
//! aid flows between them, and the states a donor aids with what they recommended to it.

use async_graphql::{Context, Enum, Object};
use uprgraph_store::{entity::state, PairAid, RecommendationCounts};

use super::{
    aid::{AidGroupBy, AidTotal},
    arms::{arms_before_review, RecommenderArms},
    load_required,
    state::State,
};
use std::sync::Arc;

use uprgraph_store::ReviewArms;

use crate::{
    batch::{AidedBy, Of, PerParent, PerParentFuture, RecommendersAt},
    filters::{aid_flow_filter, AidFlowFilterInput},
    plan::{Field, How, Planned, Planner, Unplanned},
    ApiError,
};

/// Which recommending states to keep, by the aid between them and the state under review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Enum)]
pub enum AidRelation {
    /// Every recommending state.
    Any,
    /// States that gave aid to the state under review.
    Donors,
    /// States that received aid from the state under review.
    Recipients,
    /// States that gave aid to it or received aid from it.
    DonorsOrRecipients,
    /// States with no aid either way.
    Neither,
    /// States that delivered arms to the state under review in the years before the review
    /// (`armsYearsBefore`), as SIPRI's imported exports record them; none when the review
    /// has no date.
    ArmsSuppliers,
}

/// What the sums between two states are grouped by (and always by source and currency).
const PAIR_DIMENSIONS: &[AidGroupBy] = &[
    AidGroupBy::Donor,
    AidGroupBy::Recipient,
    AidGroupBy::Category,
    AidGroupBy::TransactionType,
];

fn to_total(aid: &PairAid) -> AidTotal {
    AidTotal::new(
        uprgraph_store::AidTotal {
            parent: None,
            key: uprgraph_store::AidGroupKey {
                donor: Some(aid.donor),
                recipient: Some(aid.recipient),
                category: Some(aid.category),
                transaction_type: Some(aid.transaction_type),
                source: aid.source,
                ..uprgraph_store::AidGroupKey::in_currency(aid.currency)
            },
            sum: aid.sum,
        },
        PAIR_DIMENSIONS.into(),
    )
}

/// A state's recommendations to another, counted by response.
#[derive(Debug, Clone, Copy)]
pub struct RecommendationCount(pub(crate) RecommendationCounts);

/// How many recommendations one state made to another, by response.
#[Object]
impl RecommendationCount {
    /// How many recommendations.
    async fn count(&self) -> i64 {
        self.0.count
    }

    /// How many of them the state under review supported.
    async fn supported(&self) -> i64 {
        self.0.supported
    }

    /// How many of them it supported in part and noted in part (UHRI's
    /// `Supported/Noted`): neither among the supported nor among the noted.
    async fn partly_supported(&self) -> i64 {
        self.0.partly_supported
    }

    /// How many of them it noted.
    async fn noted(&self) -> i64 {
        self.0.noted
    }

    /// How many of them have no response recorded yet.
    async fn pending(&self) -> i64 {
        self.0.pending
    }

    /// The share supported, from 0 to 1 (0 when there are none); the partly supported are
    /// not among the supported.
    async fn supported_share(&self) -> f64 {
        super::recommendation::share(self.0.supported, self.0.count)
    }
}

/// A state that made recommendations at a review, with the aid between it and the state
/// under review.
#[derive(Debug, Clone)]
pub struct ReviewRecommender {
    recommender: uprgraph_store::Recommender,
    review: i32,
    /// How many years before the review its arms are summed over.
    arms_years_before: i32,
}

/// A state that made recommendations at a review, with the aid between it and the state
/// under review. Aid is summed per transaction type and currency over the aid filter given.
/// A review's list holds at most one of these per state (195 in the reference data), so it
/// is not paged.
#[Object]
impl ReviewRecommender {
    /// The recommending state.
    async fn state(&self, ctx: &Context<'_>) -> async_graphql::Result<State> {
        Ok(State(
            load_required::<state::Entity>(ctx, self.recommender.state).await?,
        ))
    }

    /// Its recommendations at this review, by response.
    async fn recommendations(&self) -> RecommendationCount {
        RecommendationCount(self.recommender.recommendations)
    }

    /// Aid the recommending state gave to the state under review: one sum per source, category,
    /// transaction type and currency (a handful); two sources' reports of the same money are
    /// never added.
    async fn aid_to_state_under_review(&self) -> Vec<AidTotal> {
        self.recommender.aid_given.iter().map(to_total).collect()
    }

    /// Aid the recommending state received from the state under review: one sum per source,
    /// category, transaction type and currency (a handful); two sources' reports of the same
    /// money are never added.
    async fn aid_from_state_under_review(&self) -> Vec<AidTotal> {
        self.recommender.aid_received.iter().map(to_total).collect()
    }

    /// The arms between the recommending state and the state under review in the years
    /// before the review (`armsYearsBefore`), both ways, in SIPRI TIV (not money), loaded
    /// for every review of the request at once.
    async fn arms(&self, ctx: &Context<'_>) -> async_graphql::Result<RecommenderArms> {
        let arms = arms_before_review(ctx, self.review, self.arms_years_before).await?;
        Ok(RecommenderArms {
            arms,
            state: self.recommender.state,
            state_under_review: self.recommender.state_under_review,
        })
    }
}

/// A state a donor aids, with what it recommended to the donor.
#[derive(Debug, Clone)]
pub struct AidedStateWithRecommendations(uprgraph_store::AidedState);

/// A state a donor aids, with the aid (per transaction type and currency) and what the
/// aided state recommended to the donor in the donor's reviews. A donor's list holds at most
/// one of these per state (195 in the reference data), so it is not paged.
#[Object]
impl AidedStateWithRecommendations {
    /// The aided state.
    async fn state(&self, ctx: &Context<'_>) -> async_graphql::Result<State> {
        Ok(State(
            load_required::<state::Entity>(ctx, self.0.state).await?,
        ))
    }

    /// The aid the donor gave it: one sum per source, category, transaction type and currency
    /// (a handful); two sources' reports of the same money are never added.
    async fn aid(&self) -> Vec<AidTotal> {
        self.0.aid.iter().map(to_total).collect()
    }

    /// What the aided state recommended to the donor in the donor's reviews, by response.
    async fn recommendations_to_donor(&self) -> RecommendationCount {
        RecommendationCount(self.0.recommendations_to_donor)
    }
}

/// The recommenders of a review, with aid, kept by `relation`; their arms are summed over
/// the `arms_years_before` years before the review.
pub(crate) async fn recommenders(
    ctx: &Context<'_>,
    review: i32,
    aid_filter: Option<AidFlowFilterInput>,
    relation: AidRelation,
    arms_years_before: i32,
) -> async_graphql::Result<Vec<ReviewRecommender>> {
    let key = Of {
        parent: review,
        question: RecommendersAt {
            aid_filter: aid_flow_filter(aid_filter)?,
        },
    };
    // The arms are read only to keep the suppliers, and then with every other review's.
    let arms = match relation {
        AidRelation::ArmsSuppliers => {
            Some(arms_before_review(ctx, review, arms_years_before).await?)
        }
        _ => None,
    };
    let found = super::load_list(ctx, key).await?;
    Ok(found
        .into_iter()
        .filter(|r| kept(relation, r, arms.as_deref()))
        .map(|recommender| ReviewRecommender {
            recommender,
            review,
            arms_years_before,
        })
        .collect())
}

/// The states a donor aids, with what they recommended to it.
pub(crate) async fn aided_states(
    ctx: &Context<'_>,
    donor: i32,
    aid_filter: Option<AidFlowFilterInput>,
) -> async_graphql::Result<Vec<AidedStateWithRecommendations>> {
    let key = Of {
        parent: donor,
        question: AidedBy {
            aid_filter: aid_flow_filter(aid_filter)?,
        },
    };
    let found = super::load_list(ctx, key).await?;
    Ok(found
        .into_iter()
        .map(AidedStateWithRecommendations)
        .collect())
}

impl Planned for RecommendationCount {
    type Row = RecommendationCounts;
    const NAME: &'static str = "RecommendationCount";

    fn field<'d>(f: &Field<'_, 'd>, _: &mut Planner<'d>) -> Result<How<Self::Row>, Unplanned> {
        type Row = RecommendationCounts;
        Ok(match f.name() {
            "count" => How::Value(|r: &Row, o| o.int(r.count)),
            "supported" => How::Value(|r: &Row, o| o.int(r.supported)),
            "partlySupported" => How::Value(|r: &Row, o| o.int(r.partly_supported)),
            "noted" => How::Value(|r: &Row, o| o.int(r.noted)),
            "pending" => How::Value(|r: &Row, o| o.int(r.pending)),
            "supportedShare" => {
                How::Value(|r: &Row, o| o.float(super::recommendation::share(r.supported, r.count)))
            }
            _ => return Err(Unplanned),
        })
    }
}

/// A recommender as the plan reads it: with the arms between it and the state under
/// review in the years before the review, when they were asked for (or the error that
/// stands in their place).
#[derive(Debug, Clone)]
pub(crate) struct RecommenderRow {
    recommender: uprgraph_store::Recommender,
    arms: Option<Result<Arc<ReviewArms>, ApiError>>,
}

impl Planned for ReviewRecommender {
    type Row = RecommenderRow;
    const NAME: &'static str = "ReviewRecommender";

    fn field<'d>(f: &Field<'_, 'd>, plan: &mut Planner<'d>) -> Result<How<Self::Row>, Unplanned> {
        type Row = RecommenderRow;
        Ok(match f.name() {
            "state" => {
                plan.by_id::<_, State, state::Entity>(f, |r: &Row| Some(r.recommender.state), true)?
            }
            "recommendations" => plan.made::<_, RecommendationCount>(f, |r: &Row| {
                Ok(Some(r.recommender.recommendations))
            })?,
            "aidToStateUnderReview" => plan.made_list::<_, AidTotal>(f, |r: &Row| {
                r.recommender.aid_given.iter().map(to_total).collect()
            })?,
            "aidFromStateUnderReview" => plan.made_list::<_, AidTotal>(f, |r: &Row| {
                r.recommender.aid_received.iter().map(to_total).collect()
            })?,
            "arms" => plan.made::<_, RecommenderArms>(f, |r: &Row| match &r.arms {
                Some(Ok(arms)) => Ok(Some(RecommenderArms {
                    arms: Arc::clone(arms),
                    state: r.recommender.state,
                    state_under_review: r.recommender.state_under_review,
                })),
                Some(Err(error)) => Err(error.clone()),
                None => Ok(None),
            })?,
            _ => return Err(Unplanned),
        })
    }
}

/// The recommenders of reviews as the plan asks for them: kept by `relation`, with the
/// arms before each review when `arms_years_before` is given (the `arms` of each
/// recommender are selected, or the relation keeps the suppliers).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct PlannedRecommenders {
    aid_filter: uprgraph_store::Filter,
    relation: AidRelation,
    arms_years_before: Option<i32>,
    /// The error of `arms` when the years are out of bounds and only `arms` reads them.
    arms_refused: Option<String>,
}

impl PerParent for PlannedRecommenders {
    type Item = RecommenderRow;

    fn fetch(self, store: uprgraph_store::Store, reviews: Vec<i32>) -> PerParentFuture<Self::Item> {
        Box::pin(async move {
            let mut found = store
                .recommenders_with_aid(&reviews, &self.aid_filter)
                .await?;
            let mut arms = match self.arms_years_before {
                Some(years) => store.arms_before_reviews(&reviews, years).await?,
                None => Default::default(),
            };
            let mut out = std::collections::HashMap::with_capacity(found.len());
            for review in reviews {
                let recommenders = found.remove(&review).unwrap_or_default();
                let review_arms = self
                    .arms_years_before
                    .map(|_| Arc::new(arms.remove(&review).unwrap_or_default()));
                let rows = recommenders
                    .into_iter()
                    .filter(|r| kept(self.relation, r, review_arms.as_deref()))
                    .map(|recommender| RecommenderRow {
                        recommender,
                        arms: match (&review_arms, &self.arms_refused) {
                            (_, Some(message)) => Some(Err(ApiError::bad_input(message.clone()))),
                            (Some(arms), None) => Some(Ok(Arc::clone(arms))),
                            (None, None) => None,
                        },
                    })
                    .collect();
                out.insert(review, rows);
            }
            Ok(out)
        })
    }
}

impl Planned for AidedStateWithRecommendations {
    type Row = uprgraph_store::AidedState;
    const NAME: &'static str = "AidedStateWithRecommendations";

    fn field<'d>(f: &Field<'_, 'd>, plan: &mut Planner<'d>) -> Result<How<Self::Row>, Unplanned> {
        type Row = uprgraph_store::AidedState;
        Ok(match f.name() {
            "state" => plan.by_id::<_, State, state::Entity>(f, |r: &Row| Some(r.state), true)?,
            "aid" => {
                plan.made_list::<_, AidTotal>(f, |r: &Row| r.aid.iter().map(to_total).collect())?
            }
            "recommendationsToDonor" => plan.made::<_, RecommendationCount>(f, |r: &Row| {
                Ok(Some(r.recommendations_to_donor))
            })?,
            _ => return Err(Unplanned),
        })
    }
}

/// Which recommenders `relation` keeps, given the arms before the review (read when the
/// relation is `ARMS_SUPPLIERS`).
fn kept(
    relation: AidRelation,
    recommender: &uprgraph_store::Recommender,
    arms: Option<&ReviewArms>,
) -> bool {
    let (gives, receives) = (
        !recommender.aid_given.is_empty(),
        !recommender.aid_received.is_empty(),
    );
    match relation {
        AidRelation::Any => true,
        AidRelation::Donors => gives,
        AidRelation::Recipients => receives,
        AidRelation::DonorsOrRecipients => gives || receives,
        AidRelation::Neither => !gives && !receives,
        AidRelation::ArmsSuppliers => arms.is_some_and(|arms| {
            super::arms::supplied(arms, recommender.state, recommender.state_under_review)
        }),
    }
}

/// `Review.recommenders` in a plan.
pub(crate) fn plan_recommenders<'d>(
    plan: &mut Planner<'d>,
    f: &Field<'_, 'd>,
) -> Result<How<uprgraph_store::entity::review::Model>, Unplanned> {
    let arguments = (|| {
        let relation = f.argument::<AidRelation>("relation")?;
        let filter = f.argument::<Option<AidFlowFilterInput>>("aidFilter")?;
        let years = f.argument::<i32>("armsYearsBefore")?;
        let filter = aid_flow_filter(filter).map_err(|error| f.graphql_error(error))?;
        Ok::<_, async_graphql::ServerError>((relation, filter, years))
    })();
    let (relation, aid_filter, years) = match arguments {
        Ok(arguments) => arguments,
        Err(error) => return Ok(How::Error(error)),
    };
    let years_checked = super::arms::check_years_before(years);
    let arms_selected = plan.selects(f.sets(), ReviewRecommender::NAME, "arms");
    let (arms_years_before, arms_refused) = match (relation, years_checked) {
        (AidRelation::ArmsSuppliers, Err(error)) => return Ok(How::Error(f.error(error))),
        (AidRelation::ArmsSuppliers, Ok(())) => (Some(years), None),
        (_, Ok(())) if arms_selected => (Some(years), None),
        (_, Err(error)) if arms_selected => (None, Some(error.to_string())),
        _ => (None, None),
    };
    let question = PlannedRecommenders {
        aid_filter,
        relation,
        arms_years_before,
        arms_refused,
    };
    plan.many::<_, ReviewRecommender, Of<PlannedRecommenders>>(
        f,
        Box::new(|review: &uprgraph_store::entity::review::Model| Some(review.id)),
        Box::new(move |parent| Of {
            parent,
            question: question.clone(),
        }),
        None,
    )
}

/// `State.aidedStates` in a plan.
pub(crate) fn plan_aided_states<'d>(
    plan: &mut Planner<'d>,
    f: &Field<'_, 'd>,
) -> Result<How<state::Model>, Unplanned> {
    let filter = f
        .argument::<Option<AidFlowFilterInput>>("aidFilter")
        .and_then(|filter| aid_flow_filter(filter).map_err(|error| f.graphql_error(error)));
    let aid_filter = match filter {
        Ok(filter) => filter,
        Err(error) => return Ok(How::Error(error)),
    };
    let question = AidedBy { aid_filter };
    plan.many::<_, AidedStateWithRecommendations, Of<AidedBy>>(
        f,
        Box::new(|donor: &state::Model| Some(donor.id)),
        Box::new(move |parent| Of {
            parent,
            question: question.clone(),
        }),
        None,
    )
}
