//! Counts of recommendations grouped by any of their dimensions, computed by the
//! database (GROUP BY), never by loading rows.

use std::iter;

use sea_orm::{
    sea_query::{
        Asterisk, Expr, ExprTrait, Func, Iden, IntoIden, Order, OverStatement, Query,
        SelectStatement, WindowStatement,
    },
    ColumnTrait, ConnectionTrait, DbErr, DeriveIden, FromQueryResult, IdenStatic, QueryResult,
};
use uprgraph_domain::{
    ActionCategory, AidCategory, Bound, Currency, RegionalGroup, Response, TransactionType,
};

use crate::{
    dialect::Dialect,
    entity::{
        aid_flow,
        code::{
            StoredActionCategory, StoredAidCategory, StoredCurrency, StoredRegionalGroup,
            StoredResponse, StoredTransactionType,
        },
        cycle, recommendation, recommendation_theme, regional_group_membership, review, session,
        unlisted::AnyTable,
    },
    fuse::{Part, Rows},
    values::one_of,
    Filter, RecommendationCounts, Store, StoreError,
};

/// What recommendations can be grouped by. Each names its value's column in a grouped
/// count (`response`, `theme`, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, DeriveIden)]
pub enum RecommendationDimension {
    Response,
    Theme,
    ActionCategory,
    RecommendingState,
    /// The recommending state's current regional group.
    RecommendingRegionalGroup,
    StateUnderReview,
    Cycle,
    Session,
}

/// The values one group shares; a dimension not grouped by is `None`, and so is a
/// grouped value the data lacks (a recommendation with no theme or no recommending state).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GroupKey {
    pub response: Option<Response>,
    pub theme: Option<i32>,
    pub action_category: Option<ActionCategory>,
    pub recommending_state: Option<i32>,
    pub recommending_regional_group: Option<RegionalGroup>,
    pub state_under_review: Option<i32>,
    pub cycle: Option<i32>,
    pub session: Option<i32>,
}

/// Whose recommendations are counted apart, parent by parent, in one statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RecommendationScope {
    /// The recommendations each of these states received.
    StatesUnderReview,
    /// The recommendations each of these states made.
    RecommendingStates,
    /// The recommendations made at each of these reviews.
    Reviews,
}

impl RecommendationScope {
    /// The column of `recommendations` naming the parent.
    fn column(self) -> recommendation::Column {
        match self {
            Self::StatesUnderReview => recommendation::Column::StateUnderReviewId,
            Self::RecommendingStates => recommendation::Column::RecommendingStateId,
            Self::Reviews => recommendation::Column::ReviewId,
        }
    }
}

/// Whose aid is summed apart, state by state, in one statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AidScope {
    /// The aid each of these states gave.
    Donors,
    /// The aid each of these states received.
    Recipients,
    /// The aid each of these organisations gave.
    DonorOrganizations,
}

impl AidScope {
    /// The column of `aid_flows` naming the state or organisation.
    fn column(self) -> aid_flow::Column {
        match self {
            Self::Donors => aid_flow::Column::DonorStateId,
            Self::Recipients => aid_flow::Column::RecipientStateId,
            Self::DonorOrganizations => aid_flow::Column::DonorOrganizationId,
        }
    }
}

/// The names a grouped select counted per parent gives the groups' numbering.
#[derive(Debug, Clone, Copy, DeriveIden)]
enum Ranked {
    /// The grouped select, read by the select that keeps each parent's first groups.
    Table,
    /// The parent a group belongs to.
    Parent,
    /// The group's place among its parent's groups.
    Place,
}

/// Restricts a grouped count to some parents, each with its own groups, and keeps
/// the first `cap` groups of each (of all, without parents) in the order given by
/// `rank` (an aggregate, largest first) and then by the group's keys.
pub(crate) struct Grouping<'a> {
    parent: Option<(Expr, &'a [i32])>,
    rank: Expr,
    keys: Vec<Expr>,
    cap: u64,
}

impl Grouping<'_> {
    /// Orders and caps `select`, a grouped select: as a whole without parents; else
    /// restricted to the parents, with each parent's groups numbered by a window and
    /// the first `cap` of each kept by a select around it.
    fn finish(self, mut select: SelectStatement, dialect: &dyn Dialect) -> SelectStatement {
        let order = iter::once((self.rank, Order::Desc))
            .chain(self.keys.into_iter().map(|key| (key, Order::Asc)));
        let Some((parent, ids)) = self.parent else {
            for (expr, direction) in order {
                select.order_by_expr(expr, direction);
            }
            select.limit(self.cap);
            return select;
        };
        let mut numbering = WindowStatement::new();
        numbering.add_partition_by(parent.clone());
        for (expr, direction) in order {
            numbering.order_by_expr(expr, direction);
        }
        select
            .expr_as(parent.clone(), Ranked::Parent)
            .add_group_by([parent.clone()])
            .and_where(one_of(parent, ids.iter().copied(), dialect))
            .expr_window_as(Func::cust("ROW_NUMBER"), numbering, Ranked::Place);
        Query::select()
            .column(Asterisk)
            .from_subquery(select, Ranked::Table)
            .and_where(Expr::col((Ranked::Table, Ranked::Place)).lte(self.cap))
            .order_by((Ranked::Table, Ranked::Parent), Order::Asc)
            .order_by((Ranked::Table, Ranked::Place), Order::Asc)
            .to_owned()
    }

    /// The parent of a group's row (its columns named with the prefix `pre`), when the
    /// groups were counted per parent.
    pub(crate) fn parent_of(
        row: &QueryResult,
        pre: &str,
        per_parent: bool,
    ) -> Result<Option<i32>, DbErr> {
        per_parent
            .then(|| row.try_get(pre, &Ranked::Parent.to_string()))
            .transpose()
    }
}

/// What the groups of a statistic are measured by: the columns it adds to a grouped
/// select, and the one its groups are ranked by, largest first.
pub(crate) trait Measure {
    /// Adds the measure's columns to a grouped select.
    fn select(select: &mut SelectStatement);
    /// The measure groups are ranked by.
    fn total() -> Expr;
    /// The names of the columns [`Measure::select`] adds.
    fn columns() -> Vec<String>;
}

impl Store {
    /// The groups of `select` with their measure `M`, largest first and then by
    /// `keys` (read under the names `names`), at most `cap` of them (of each parent,
    /// with parents). Groups counted per parent are a [`Part`] of their level.
    pub(crate) async fn groups<M: Measure>(
        &self,
        mut select: SelectStatement,
        parent: Option<(Expr, &[i32])>,
        keys: Vec<Expr>,
        names: Vec<String>,
        cap: u64,
    ) -> Result<Rows, StoreError> {
        M::select(&mut select);
        let per_parent = parent.is_some();
        let grouping = Grouping {
            parent,
            rank: M::total(),
            keys,
            cap,
        };
        let select = grouping.finish(select, self.dialect());
        if !per_parent {
            return Ok(Rows::alone(self.connection().query_all(&select).await?));
        }
        let columns = std::iter::once(Ranked::Parent.to_string())
            .chain(names)
            .chain(M::columns())
            .collect();
        self.read(Part {
            select,
            columns,
            order: vec![
                (Ranked::Parent.into_iden(), Order::Asc),
                (Ranked::Place.into_iden(), Order::Asc),
            ],
        })
        .await
    }
}

/// One group and its counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecommendationStat {
    /// The state or review the group belongs to, when counted per parent.
    pub parent: Option<i32>,
    pub key: GroupKey,
    pub count: i64,
    pub supported: i64,
    /// Supported in part and noted in part.
    pub partly_supported: i64,
    pub noted: i64,
    pub pending: i64,
}

/// Joins `select` (of reviews) to the cycle or session `numbered` that the review's
/// column `via` points to, and gives its number.
fn number_of_review(
    select: &mut SelectStatement,
    numbered: impl IntoIden,
    via: review::Column,
) -> Expr {
    let numbered = numbered.into_iden();
    select.inner_join(
        numbered.clone(),
        Expr::col((numbered.clone(), AnyTable::Id)).equals((review::Entity, via)),
    );
    Expr::col((numbered, AnyTable::Number))
}

impl RecommendationDimension {
    /// Groups `select` (of `recommendations`, joined to `reviews` for a cycle or a
    /// session) by the dimension: joins the table its column is in, selects the column
    /// under the dimension's name and groups by it. Gives the column, by which groups
    /// are ordered.
    fn group(self, select: &mut SelectStatement) -> Expr {
        let column = match self {
            Self::Response => recommendation::Column::Response.into_expr(),
            Self::ActionCategory => recommendation::Column::ActionCategory.into_expr(),
            Self::RecommendingState => recommendation::Column::RecommendingStateId.into_expr(),
            Self::StateUnderReview => recommendation::Column::StateUnderReviewId.into_expr(),
            Self::Theme => {
                select.left_join(
                    recommendation_theme::Entity,
                    recommendation_theme::Column::RecommendationId
                        .into_expr()
                        .equals((recommendation::Entity, recommendation::Column::Id)),
                );
                recommendation_theme::Column::ThemeId.into_expr()
            }
            Self::RecommendingRegionalGroup => {
                select.left_join(
                    regional_group_membership::Entity,
                    regional_group_membership::Column::StateId
                        .into_expr()
                        .equals((
                            recommendation::Entity,
                            recommendation::Column::RecommendingStateId,
                        ))
                        .and(regional_group_membership::Column::ValidTo.is_null()),
                );
                regional_group_membership::Column::RegionalGroup.into_expr()
            }
            Self::Cycle => number_of_review(select, cycle::Entity, review::Column::CycleId),
            Self::Session => number_of_review(select, session::Entity, review::Column::SessionId),
        };
        select
            .expr_as(column.clone(), self)
            .add_group_by([column.clone()]);
        column
    }

    /// Reads the dimension's value of a group (its columns named with the prefix `pre`)
    /// into `key` (see [`RecommendationDimension::group`]).
    fn read(self, row: &QueryResult, pre: &str, key: &mut GroupKey) -> Result<(), DbErr> {
        let name = self.to_string();
        match self {
            Self::Response => {
                key.response = row
                    .try_get::<Option<StoredResponse>>(pre, &name)?
                    .map(|c| c.0);
            }
            Self::Theme => key.theme = row.try_get(pre, &name)?,
            Self::ActionCategory => {
                key.action_category = row
                    .try_get::<Option<StoredActionCategory>>(pre, &name)?
                    .map(|c| c.0);
            }
            Self::RecommendingState => key.recommending_state = row.try_get(pre, &name)?,
            Self::RecommendingRegionalGroup => {
                key.recommending_regional_group = row
                    .try_get::<Option<StoredRegionalGroup>>(pre, &name)?
                    .map(|c| c.0);
            }
            Self::StateUnderReview => key.state_under_review = row.try_get(pre, &name)?,
            Self::Cycle => key.cycle = row.try_get(pre, &name)?,
            Self::Session => key.session = row.try_get(pre, &name)?,
        }
        Ok(())
    }
}

impl Store {
    /// Counts the recommendations that pass `filter`, grouped by `dimensions`, largest
    /// group first, at most `cap` groups. With no dimension, one group holds them all.
    /// With a scope, each parent's recommendations are grouped apart (at most `cap`
    /// groups each), all parents in one statement.
    pub async fn recommendation_stats(
        &self,
        filter: &Filter,
        dimensions: &[RecommendationDimension],
        scope: Option<(RecommendationScope, &[i32])>,
        cap: u64,
    ) -> Result<Vec<RecommendationStat>, StoreError> {
        use RecommendationDimension as D;
        let mut select = Query::select();
        select
            .from(recommendation::Entity)
            .cond_where(filter.condition(self.dialect()));
        if dimensions
            .iter()
            .any(|d| matches!(d, D::Cycle | D::Session))
        {
            select.inner_join(
                review::Entity,
                review::Column::Id
                    .into_expr()
                    .equals((recommendation::Entity, recommendation::Column::ReviewId)),
            );
        }
        let keys = dimensions.iter().map(|d| d.group(&mut select)).collect();
        let names = dimensions
            .iter()
            .map(sea_orm::sea_query::Iden::to_string)
            .collect();
        let parent = scope.map(|(scope, ids)| (scope.column().into_expr(), ids));
        let read = self
            .groups::<RecommendationCounts>(select, parent, keys, names, cap)
            .await?;
        let pre = read.prefix.as_str();
        read.rows
            .iter()
            .map(|row| {
                let mut key = GroupKey::default();
                for dimension in dimensions {
                    dimension.read(row, pre, &mut key)?;
                }
                let counts = RecommendationCounts::from_query_result(row, pre)?;
                Ok(RecommendationStat {
                    parent: Grouping::parent_of(row, pre, scope.is_some())?,
                    key,
                    count: counts.count,
                    supported: counts.supported,
                    partly_supported: counts.partly_supported,
                    noted: counts.noted,
                    pending: counts.pending,
                })
            })
            .collect()
    }
}

/// What aid flows can be summed by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AidDimension {
    Donor,
    Recipient,
    FiscalYear,
    Category,
    TransactionType,
}

impl AidDimension {
    /// Every dimension, in the order groups are sorted by them.
    const ALL: [Self; 5] = [
        Self::Donor,
        Self::Recipient,
        Self::FiscalYear,
        Self::Category,
        Self::TransactionType,
    ];

    /// The columns of `aid_flows` the dimension groups by, whose names its value is
    /// read by: the donor is a state or an organisation.
    fn columns(self) -> &'static [aid_flow::Column] {
        match self {
            Self::Donor => &[
                aid_flow::Column::DonorStateId,
                aid_flow::Column::DonorOrganizationId,
            ],
            Self::Recipient => &[aid_flow::Column::RecipientStateId],
            Self::FiscalYear => &[aid_flow::Column::FiscalYear],
            Self::Category => &[aid_flow::Column::Category],
            Self::TransactionType => &[aid_flow::Column::TransactionType],
        }
    }

    /// Reads the dimension's value of a group (its columns named with the prefix `pre`)
    /// into `key`.
    fn read(self, row: &QueryResult, pre: &str, key: &mut AidGroupKey) -> Result<(), DbErr> {
        let name = self.columns()[0].as_str();
        match self {
            Self::Donor => {
                key.donor = row.try_get(pre, name)?;
                key.donor_organization =
                    row.try_get(pre, aid_flow::Column::DonorOrganizationId.as_str())?;
            }
            Self::Recipient => key.recipient = row.try_get(pre, name)?,
            Self::FiscalYear => key.fiscal_year = row.try_get(pre, name)?,
            Self::Category => {
                key.category = row
                    .try_get::<Option<StoredAidCategory>>(pre, name)?
                    .map(|c| c.0);
            }
            Self::TransactionType => {
                key.transaction_type = row
                    .try_get::<Option<StoredTransactionType>>(pre, name)?
                    .map(|c| c.0);
            }
        }
        Ok(())
    }
}

/// Selects each of `columns`, read by the column's name, and groups by it.
pub(crate) fn group_by<C: ColumnTrait>(
    select: &mut SelectStatement,
    columns: impl IntoIterator<Item = C>,
) {
    for column in columns {
        select
            .expr(column.into_expr())
            .add_group_by([column.into_expr()]);
    }
}

/// The values one group of aid flows shares; a dimension not grouped by is `None`.
/// Sums are always per source and per currency: two sources may report the same money
/// (ForeignAssistance.gov and OECD both report US aid), so their figures are never
/// added, and within one source the import holds each figure once (`import/write/held.rs`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AidGroupKey {
    /// The donor, when it is a state.
    pub donor: Option<i32>,
    /// The donor, when it is an organisation.
    pub donor_organization: Option<i32>,
    pub recipient: Option<i32>,
    pub fiscal_year: Option<i32>,
    pub category: Option<AidCategory>,
    pub transaction_type: Option<TransactionType>,
    /// The source the group's figures come from (the publication a figure names, else
    /// its dataset's source).
    pub source: Option<i32>,
    pub currency: Currency,
}

impl AidGroupKey {
    /// The key of a group in `currency` grouped by nothing else.
    pub fn in_currency(currency: Currency) -> Self {
        Self {
            donor: None,
            donor_organization: None,
            recipient: None,
            fiscal_year: None,
            category: None,
            transaction_type: None,
            source: None,
            currency,
        }
    }
}

/// One group of aid flows and its exact sum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AidTotal {
    /// The state the group belongs to, when summed per state.
    pub parent: Option<i32>,
    pub key: AidGroupKey,
    pub sum: AidSum,
}

/// The sum of a group of aid figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AidSum {
    /// The sum in minor units of the currency.
    pub amount_minor: i64,
    /// How many figures were summed.
    pub flows: i64,
    /// How the sum relates to the true total: exact when every figure is; more than the
    /// sum when a figure is "more than"; else at least the sum when a figure is "at least".
    pub bound: Bound,
}

/// The names of the columns [`AidSum::select`] adds, those of [`AidSumColumns`].
#[derive(Debug, Clone, Copy, DeriveIden)]
enum Summed {
    Total,
    Flows,
    AtLeast,
    MoreThan,
}

/// The columns of an aid sum, as read.
#[derive(Debug, FromQueryResult)]
pub(crate) struct AidSumColumns {
    total: Option<i64>,
    flows: i64,
    at_least: i64,
    more_than: i64,
}

impl Measure for AidSum {
    /// The sum of a group's amounts. SUM of BIGINT is NUMERIC on PostgreSQL; the cast
    /// keeps it an exact integer on both backends.
    fn total() -> Expr {
        Expr::expr(Func::sum(aid_flow::Column::AmountMinor.into_expr())).cast_as("BIGINT")
    }

    /// Adds the sum's columns to a grouped select of `aid_flows`, read as
    /// [`AidSumColumns`].
    fn select(select: &mut SelectStatement) {
        let with_bound = |bound: Bound| {
            Func::count(Expr::case(
                aid_flow::Column::AmountBound.eq(bound.code()),
                1,
            ))
        };
        select
            .expr_as(Self::total(), Summed::Total)
            .expr_as(Expr::col(Asterisk).count(), Summed::Flows)
            .expr_as(with_bound(Bound::AtLeast), Summed::AtLeast)
            .expr_as(with_bound(Bound::MoreThan), Summed::MoreThan);
    }

    fn columns() -> Vec<String> {
        [
            Summed::Total,
            Summed::Flows,
            Summed::AtLeast,
            Summed::MoreThan,
        ]
        .map(|c| sea_orm::sea_query::Iden::to_string(&c))
        .into()
    }
}

impl From<AidSumColumns> for AidSum {
    fn from(columns: AidSumColumns) -> Self {
        Self {
            amount_minor: columns.total.unwrap_or(0),
            flows: columns.flows,
            bound: if columns.more_than > 0 {
                Bound::MoreThan
            } else if columns.at_least > 0 {
                Bound::AtLeast
            } else {
                Bound::Exact
            },
        }
    }
}

impl Store {
    /// Sums the aid flows that pass `filter`, grouped by `dimensions` and always by
    /// source and currency, largest sum first, at most `cap` groups. Figures that are
    /// parts of a larger one (the years of a multi-year total) are left out, and two
    /// sources' figures are never added, so that nothing is counted twice. With a scope,
    /// each state's aid is summed apart (at most `cap` groups each), all states in one
    /// statement.
    pub async fn aid_totals(
        &self,
        filter: &Filter,
        dimensions: &[AidDimension],
        scope: Option<(AidScope, &[i32])>,
        cap: u64,
    ) -> Result<Vec<AidTotal>, StoreError> {
        let dimensions: Vec<AidDimension> = AidDimension::ALL
            .into_iter()
            .filter(|d| dimensions.contains(d))
            .collect();
        let mut select = Query::select();
        select
            .from(aid_flow::Entity)
            .cond_where(filter.condition(self.dialect()))
            .and_where(aid_flow::Column::PartOfId.is_null());
        let columns: Vec<aid_flow::Column> = dimensions
            .iter()
            .flat_map(|d| d.columns().iter().copied())
            .chain([aid_flow::Column::SourceId, aid_flow::Column::Currency])
            .collect();
        group_by(&mut select, columns.iter().copied());
        let names = columns.iter().map(|c| c.as_str().to_owned()).collect();
        let keys = columns.into_iter().map(ColumnTrait::into_expr).collect();
        let parent = scope.map(|(scope, ids)| (scope.column().into_expr(), ids));
        let read = self
            .groups::<AidSum>(select, parent, keys, names, cap)
            .await?;
        let pre = read.prefix.as_str();
        read.rows
            .iter()
            .map(|row| {
                let currency: StoredCurrency =
                    row.try_get(pre, aid_flow::Column::Currency.as_str())?;
                let mut key = AidGroupKey::in_currency(currency.0);
                key.source = row.try_get(pre, aid_flow::Column::SourceId.as_str())?;
                for dimension in &dimensions {
                    dimension.read(row, pre, &mut key)?;
                }
                Ok(AidTotal {
                    parent: Grouping::parent_of(row, pre, scope.is_some())?,
                    key,
                    sum: AidSumColumns::from_query_result(row, pre)?.into(),
                })
            })
            .collect()
    }
}
