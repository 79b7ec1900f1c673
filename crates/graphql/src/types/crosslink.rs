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
use crate::{
    batch::{AidedBy, Of, RecommendersAt},
    filters::{aid_flow_filter, AidFlowFilterInput},
};

/// Which recommending states to keep, by the aid between them and the state under review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
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

/// What the sums between two states are grouped by (and always by currency).
const PAIR_DIMENSIONS: &[AidGroupBy] = &[
    AidGroupBy::Donor,
    AidGroupBy::Recipient,
    AidGroupBy::TransactionType,
];

fn to_total(aid: &PairAid) -> AidTotal {
    AidTotal::new(
        uprgraph_store::AidTotal {
            parent: None,
            key: uprgraph_store::AidGroupKey {
                donor: Some(aid.donor),
                recipient: Some(aid.recipient),
                transaction_type: Some(aid.transaction_type),
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

    /// How many of them it noted.
    async fn noted(&self) -> i64 {
        self.0.noted
    }

    /// How many of them have no response recorded yet.
    async fn pending(&self) -> i64 {
        self.0.pending
    }

    /// The share supported, from 0 to 1 (0 when there are none).
    async fn supported_share(&self) -> f64 {
        if self.0.count == 0 {
            0.0
        } else {
            self.0.supported as f64 / self.0.count as f64
        }
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

    /// Aid the recommending state gave to the state under review: one sum per transaction type
    /// and currency (a handful).
    async fn aid_to_state_under_review(&self) -> Vec<AidTotal> {
        self.recommender.aid_given.iter().map(to_total).collect()
    }

    /// Aid the recommending state received from the state under review: one sum per
    /// transaction type and currency (a handful).
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

    /// The aid the donor gave it: one sum per transaction type and currency (a handful).
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
        .filter(|r| {
            let (gives, receives) = (!r.aid_given.is_empty(), !r.aid_received.is_empty());
            match relation {
                AidRelation::Any => true,
                AidRelation::Donors => gives,
                AidRelation::Recipients => receives,
                AidRelation::DonorsOrRecipients => gives || receives,
                AidRelation::Neither => !gives && !receives,
                AidRelation::ArmsSuppliers => arms.as_ref().is_some_and(|arms| {
                    RecommenderArms {
                        arms: arms.clone(),
                        state: r.state,
                        state_under_review: r.state_under_review,
                    }
                    .supplied()
                }),
            }
        })
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
