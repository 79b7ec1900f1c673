//! Recommendations set beside aid: for reviews, what each recommending state said and
//! the aid between it and the state under review; for donors, the states they aid and
//! what those states recommended to them. Two grouped statements for any number of
//! reviews or donors, joined in memory by state pair.

use std::collections::HashMap;

use sea_orm::{
    sea_query::{Asterisk, Expr, ExprTrait, Func, Query, SelectStatement},
    ColumnTrait, Condition, ConnectionTrait, DeriveIden, FromQueryResult,
};
use uprgraph_domain::{AidCategory, Currency, Response, TransactionType};

use crate::{
    entity::{
        aid_flow,
        code::{StoredAidCategory, StoredCurrency, StoredTransactionType},
        recommendation,
    },
    stats::{group_by, AidSum, AidSumColumns, Measure},
    values::one_of,
    Filter, Store, StoreError,
};

/// How many recommendations one state made to another, by response. Read from the
/// columns [`RecommendationCounts::select`] adds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, FromQueryResult)]
pub struct RecommendationCounts {
    pub count: i64,
    pub supported: i64,
    /// Recommendations supported in part and noted in part.
    pub partly_supported: i64,
    pub noted: i64,
    /// Recommendations with no response recorded yet.
    pub pending: i64,
}

/// An exact sum of aid from one state to another, of one source, category, transaction
/// type and currency: two sources' figures of the same money (ForeignAssistance.gov's and
/// OECD's, say) are never added.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PairAid {
    pub donor: i32,
    pub recipient: i32,
    pub source: Option<i32>,
    pub category: AidCategory,
    pub transaction_type: TransactionType,
    pub currency: Currency,
    pub sum: AidSum,
}

/// A state that made recommendations at a review, with the aid between it and the
/// state under review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recommender {
    pub state: i32,
    pub state_under_review: i32,
    pub recommendations: RecommendationCounts,
    /// Aid from the recommending state to the state under review.
    pub aid_given: Vec<PairAid>,
    /// Aid from the state under review to the recommending state.
    pub aid_received: Vec<PairAid>,
}

/// A state that a donor aids, with what it recommended to the donor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AidedState {
    pub state: i32,
    pub aid: Vec<PairAid>,
    pub recommendations_to_donor: RecommendationCounts,
}

/// The names of the columns [`RecommendationCounts::select`] adds, those of the
/// fields of [`RecommendationCounts`].
#[derive(Debug, Clone, Copy, DeriveIden)]
enum Counted {
    Count,
    Supported,
    PartlySupported,
    Noted,
    Pending,
}

impl Measure for RecommendationCounts {
    /// The number of recommendations of a group.
    fn total() -> Expr {
        Expr::col(Asterisk).count()
    }

    /// Adds the counts' columns to a grouped select of `recommendations`.
    fn select(select: &mut SelectStatement) {
        let with = |response: Response| {
            Func::count(Expr::case(
                recommendation::Column::Response.eq(response.code()),
                1,
            ))
        };
        select
            .expr_as(Self::total(), Counted::Count)
            .expr_as(with(Response::Supported), Counted::Supported)
            .expr_as(with(Response::PartlySupported), Counted::PartlySupported)
            .expr_as(with(Response::Noted), Counted::Noted)
            .expr_as(with(Response::Pending), Counted::Pending);
    }

    fn columns() -> Vec<String> {
        [
            Counted::Count,
            Counted::Supported,
            Counted::PartlySupported,
            Counted::Noted,
            Counted::Pending,
        ]
        .map(|c| sea_orm::sea_query::Iden::to_string(&c))
        .into()
    }
}

/// A row of [`Store::pair_aid`].
#[derive(FromQueryResult)]
struct PairAidRow {
    donor_state_id: i32,
    recipient_state_id: i32,
    source_id: Option<i32>,
    category: StoredAidCategory,
    transaction_type: StoredTransactionType,
    currency: StoredCurrency,
    #[sea_orm(nested)]
    sum: AidSumColumns,
}

/// The recommendations one state made to another, counted.
#[derive(FromQueryResult)]
struct PairCountsRow {
    state_under_review_id: i32,
    recommending_state_id: i32,
    #[sea_orm(nested)]
    recommendations: RecommendationCounts,
}

/// The recommendations one state made to another at a review, counted.
#[derive(FromQueryResult)]
struct RecommenderRow {
    review_id: i32,
    #[sea_orm(nested)]
    pair: PairCountsRow,
}

impl Store {
    /// Aid sums by donor, recipient, source, category, transaction type and currency for
    /// the flows that pass `filter` and `pairs` (parts of larger figures left out).
    async fn pair_aid(
        &self,
        filter: &Filter,
        pairs: Condition,
    ) -> Result<Vec<PairAid>, StoreError> {
        let mut select = Query::select();
        select
            .from(aid_flow::Entity)
            .cond_where(filter.condition(self.dialect()))
            .cond_where(pairs)
            .and_where(aid_flow::Column::PartOfId.is_null());
        group_by(
            &mut select,
            [
                aid_flow::Column::DonorStateId,
                aid_flow::Column::RecipientStateId,
                aid_flow::Column::SourceId,
                aid_flow::Column::Category,
                aid_flow::Column::TransactionType,
                aid_flow::Column::Currency,
            ],
        );
        AidSum::select(&mut select);
        self.connection()
            .query_all(&select)
            .await?
            .iter()
            .map(|row| {
                let row = PairAidRow::from_query_result(row, "")?;
                Ok(PairAid {
                    donor: row.donor_state_id,
                    recipient: row.recipient_state_id,
                    source: row.source_id,
                    category: row.category.0,
                    transaction_type: row.transaction_type.0,
                    currency: row.currency.0,
                    sum: row.sum.into(),
                })
            })
            .collect()
    }

    /// For each review, the states that made recommendations at it with their counts,
    /// and the aid (passing `aid_filter`) between each of them and the state under
    /// review, both ways. Most recommendations first.
    pub async fn recommenders_with_aid(
        &self,
        reviews: &[i32],
        aid_filter: &Filter,
    ) -> Result<HashMap<i32, Vec<Recommender>>, StoreError> {
        let dialect = self.dialect();
        let mut select = Query::select();
        select
            .from(recommendation::Entity)
            .and_where(one_of(
                recommendation::Column::ReviewId.into_expr(),
                reviews.iter().copied(),
                dialect,
            ))
            .and_where(recommendation::Column::RecommendingStateId.is_not_null());
        group_by(
            &mut select,
            [
                recommendation::Column::ReviewId,
                recommendation::Column::StateUnderReviewId,
                recommendation::Column::RecommendingStateId,
            ],
        );
        RecommendationCounts::select(&mut select);
        let rows = self.connection().query_all(&select).await?;
        let mut found: Vec<(i32, Recommender)> = Vec::with_capacity(rows.len());
        for row in &rows {
            let row = RecommenderRow::from_query_result(row, "")?;
            found.push((
                row.review_id,
                Recommender {
                    state: row.pair.recommending_state_id,
                    state_under_review: row.pair.state_under_review_id,
                    recommendations: row.pair.recommendations,
                    aid_given: Vec::new(),
                    aid_received: Vec::new(),
                },
            ));
        }
        if found.is_empty() {
            return Ok(HashMap::new());
        }
        let mut recommenders: Vec<i32> = found.iter().map(|(_, r)| r.state).collect();
        let mut reviewed: Vec<i32> = found.iter().map(|(_, r)| r.state_under_review).collect();
        recommenders.sort_unstable();
        recommenders.dedup();
        reviewed.sort_unstable();
        reviewed.dedup();
        let between = |donors: &[i32], recipients: &[i32]| {
            Condition::all()
                .add(one_of(
                    aid_flow::Column::DonorStateId.into_expr(),
                    donors.iter().copied(),
                    dialect,
                ))
                .add(one_of(
                    aid_flow::Column::RecipientStateId.into_expr(),
                    recipients.iter().copied(),
                    dialect,
                ))
        };
        let pairs = Condition::any()
            .add(between(&recommenders, &reviewed))
            .add(between(&reviewed, &recommenders));
        let mut by_pair: HashMap<(i32, i32), Vec<PairAid>> = HashMap::new();
        for aid in self.pair_aid(aid_filter, pairs).await? {
            by_pair
                .entry((aid.donor, aid.recipient))
                .or_default()
                .push(aid);
        }
        let mut out: HashMap<i32, Vec<Recommender>> = HashMap::new();
        for (review, mut recommender) in found {
            let (them, reviewed) = (recommender.state, recommender.state_under_review);
            recommender.aid_given = by_pair.get(&(them, reviewed)).cloned().unwrap_or_default();
            recommender.aid_received = by_pair.get(&(reviewed, them)).cloned().unwrap_or_default();
            out.entry(review).or_default().push(recommender);
        }
        for list in out.values_mut() {
            list.sort_by(|a, b| {
                b.recommendations
                    .count
                    .cmp(&a.recommendations.count)
                    .then(a.state.cmp(&b.state))
            });
            for recommender in list.iter_mut() {
                sort_aid(&mut recommender.aid_given);
                sort_aid(&mut recommender.aid_received);
            }
        }
        Ok(out)
    }

    /// What each state recommended to each of `reviewed` in its reviews, counted by
    /// response: `(state under review, recommending state) -> counts`, in one statement.
    pub(crate) async fn recommended_to(
        &self,
        reviewed: &[i32],
    ) -> Result<HashMap<(i32, i32), RecommendationCounts>, StoreError> {
        let mut select = Query::select();
        select
            .from(recommendation::Entity)
            .and_where(one_of(
                recommendation::Column::StateUnderReviewId.into_expr(),
                reviewed.iter().copied(),
                self.dialect(),
            ))
            .and_where(recommendation::Column::RecommendingStateId.is_not_null());
        group_by(
            &mut select,
            [
                recommendation::Column::StateUnderReviewId,
                recommendation::Column::RecommendingStateId,
            ],
        );
        RecommendationCounts::select(&mut select);
        let mut recommended = HashMap::new();
        for row in self.connection().query_all(&select).await? {
            let row = PairCountsRow::from_query_result(&row, "")?;
            recommended.insert(
                (row.state_under_review_id, row.recommending_state_id),
                row.recommendations,
            );
        }
        Ok(recommended)
    }

    /// For each donor, the states it gave aid to (passing `aid_filter`), with the sums
    /// and what each of them recommended to the donor in its reviews. Largest aid first.
    pub async fn aided_states(
        &self,
        donors: &[i32],
        aid_filter: &Filter,
    ) -> Result<HashMap<i32, Vec<AidedState>>, StoreError> {
        let dialect = self.dialect();
        let pairs = Condition::all()
            .add(one_of(
                aid_flow::Column::DonorStateId.into_expr(),
                donors.iter().copied(),
                dialect,
            ))
            .add(aid_flow::Column::RecipientStateId.is_not_null());
        let aid = self.pair_aid(aid_filter, pairs).await?;
        if aid.is_empty() {
            return Ok(HashMap::new());
        }
        let recommended = self.recommended_to(donors).await?;
        let mut grouped: HashMap<(i32, i32), Vec<PairAid>> = HashMap::new();
        for flow in aid {
            grouped
                .entry((flow.donor, flow.recipient))
                .or_default()
                .push(flow);
        }
        let mut out: HashMap<i32, Vec<AidedState>> = HashMap::new();
        for ((donor, recipient), mut aid) in grouped {
            sort_aid(&mut aid);
            out.entry(donor).or_default().push(AidedState {
                state: recipient,
                aid,
                recommendations_to_donor: recommended
                    .get(&(donor, recipient))
                    .copied()
                    .unwrap_or_default(),
            });
        }
        for list in out.values_mut() {
            list.sort_by(|a, b| {
                let largest = |s: &AidedState| s.aid.iter().map(|a| a.sum.amount_minor).max();
                largest(b).cmp(&largest(a)).then(a.state.cmp(&b.state))
            });
        }
        Ok(out)
    }
}

/// Puts sums in the order of their transaction types' and currencies' codes.
fn sort_aid(aid: &mut [PairAid]) {
    fn codes(aid: &PairAid) -> (&str, &str) {
        (aid.transaction_type.code(), aid.currency.code())
    }
    aid.sort_by(|a, b| codes(a).cmp(&codes(b)));
}
