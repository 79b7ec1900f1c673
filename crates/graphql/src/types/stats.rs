//! Grouped counts and sums as fields of states and reviews: each parent's groups,
//! loaded for all parents of a level in one statement.

use std::{collections::HashMap, sync::Arc};

use async_graphql::Context;
use uprgraph_store::{AidScope, Filter, RecommendationScope, Store, StoreError};

use super::{
    aid::{AidGroupBy, AidTotal},
    recommendation::{RecommendationGroupBy, RecommendationStat},
};
use crate::{
    batch::{Of, PerParent, PerParentFuture},
    filters::{
        aid_flow_filter, recommendation_filter, AidFlowFilterInput, RecommendationFilterInput,
    },
    sizes::{DEFAULT_GROUPS, MAX_GROUPS},
    ApiError,
};

/// Checks the number of groups asked for.
pub(crate) fn group_cap(first: Option<i32>) -> async_graphql::Result<u64> {
    let first = first.unwrap_or(DEFAULT_GROUPS);
    if (1..=MAX_GROUPS).contains(&first) {
        Ok(first as u64)
    } else {
        Err(ApiError::bad_input(group_count_message(i64::from(first))).into_graphql())
    }
}

/// What a client is told when it asks for a number of groups out of bounds.
pub(crate) fn group_count_message(first: i64) -> String {
    format!(
        "`first` must be between 1 and {MAX_GROUPS} groups, not {first}; narrow the filter or group by fewer dimensions"
    )
}

/// What a list of statistics costs for the complexity limit (`limits.rs`): its groups
/// times what each costs.
pub(crate) fn groups_complexity(first: Option<i32>, child_complexity: u64) -> u64 {
    let groups = first.unwrap_or(DEFAULT_GROUPS).clamp(1, MAX_GROUPS);
    u64::try_from(groups)
        .unwrap_or(1)
        .saturating_mul(child_complexity)
}

/// The dimensions in the order given, each once.
pub(crate) fn dimensions<G: Copy + Into<D>, D: PartialEq>(group_by: Vec<G>) -> Vec<D> {
    let mut out: Vec<D> = Vec::with_capacity(group_by.len());
    for by in group_by {
        let dimension = by.into();
        if !out.contains(&dimension) {
            out.push(dimension);
        }
    }
    out
}

/// The arguments every grouped statistic takes, which `#[grouped]` writes out: a
/// filter, the dimensions to group by, and how many groups at most.
#[derive(Debug)]
pub(crate) struct Grouped<F, G> {
    filter: Option<F>,
    group_by: Vec<G>,
    first: Option<i32>,
}

impl<F, G: Copy + PartialEq> Grouped<F, G> {
    /// The arguments as a client sent them.
    pub(crate) fn new(filter: Option<F>, group_by: Vec<G>, first: Option<i32>) -> Self {
        Self {
            filter,
            group_by,
            first,
        }
    }

    /// The arguments checked: the filter read by `filter`, the dimensions (each once,
    /// as the client named them and as the store's), and the number of groups.
    pub(crate) fn check<D: PartialEq>(
        self,
        filter: impl FnOnce(Option<F>) -> async_graphql::Result<Filter>,
    ) -> async_graphql::Result<Checked<G, D>>
    where
        G: Into<D>,
    {
        Ok(Checked {
            shown: dimensions::<G, G>(self.group_by.clone()).into(),
            filter: filter(self.filter)?,
            dimensions: dimensions(self.group_by),
            cap: group_cap(self.first)?,
        })
    }
}

/// A statistic's arguments, checked.
pub(crate) struct Checked<G, D> {
    /// The dimensions as the client named them, which each group shows.
    pub(crate) shown: Arc<[G]>,
    pub(crate) filter: Filter,
    pub(crate) dimensions: Vec<D>,
    pub(crate) cap: u64,
}

/// A grouped statistic `S` as a resolver answers it: of a parent (batched with every
/// other parent of its level), or of all.
pub(crate) async fn statistic<S: Statistic>(
    ctx: &Context<'_>,
    parent: Option<(S::Scope, i32)>,
    groups: Grouped<S::Filter, S::GroupBy>,
) -> async_graphql::Result<Vec<S::Object>> {
    let checked = groups.check(S::filter)?;
    let question = StatisticOf::<S>::new(checked, parent.map(|(scope, _)| scope));
    let parent = parent.map_or(0, |(_, id)| id);
    super::load_list(ctx, Of { parent, question }).await
}

/// Where a nested statistic's groups belong: the scope, and the parent's id in it.
pub(crate) type GroupParent<S, R> = Option<(S, fn(&R) -> i32)>;

/// A grouped statistic as the plan reads it: the store's groups of one kind, each made
/// into the API's object with the dimensions the client asked for.
pub(crate) trait Statistic:
    Clone + PartialEq + Eq + std::hash::Hash + std::fmt::Debug + Send + Sync + 'static
{
    /// The `filter` argument.
    type Filter: async_graphql::InputType;
    /// The dimensions a client names.
    type GroupBy: async_graphql::InputType
        + Copy
        + PartialEq
        + Eq
        + std::hash::Hash
        + Send
        + Sync
        + std::fmt::Debug
        + Into<Self::Dimension>;
    /// The dimensions the store groups by.
    type Dimension: PartialEq + Eq + std::hash::Hash + Clone + Send + Sync + std::fmt::Debug;
    /// Whose groups are counted apart.
    type Scope: Copy + Eq + std::hash::Hash + Send + Sync + std::fmt::Debug;
    /// A group as the API writes it.
    type Object: crate::plan::Planned<Row = Self::Object> + Clone + Send + Sync;

    /// The store filter the `filter` argument stands for.
    fn filter(input: Option<Self::Filter>) -> async_graphql::Result<Filter>;

    /// A group as the store reads it.
    type Stored: Send;

    /// The groups, of all rows or per parent of `scope`.
    fn read<'a>(
        store: &'a Store,
        filter: &'a Filter,
        dimensions: &'a [Self::Dimension],
        scope: Option<(Self::Scope, &'a [i32])>,
        cap: u64,
    ) -> futures_util::future::BoxFuture<'a, Result<Vec<Self::Stored>, StoreError>>;

    /// A group with its parent, shown with the dimensions the client named.
    fn object(group: Self::Stored, shown: Arc<[Self::GroupBy]>) -> (Option<i32>, Self::Object);
}

/// Recommendations counted by response.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Counts;

impl Statistic for Counts {
    type Filter = RecommendationFilterInput;
    type GroupBy = RecommendationGroupBy;
    type Dimension = uprgraph_store::RecommendationDimension;
    type Scope = RecommendationScope;
    type Object = RecommendationStat;

    fn filter(input: Option<Self::Filter>) -> async_graphql::Result<Filter> {
        recommendation_filter(input)
    }

    type Stored = uprgraph_store::RecommendationStat;

    fn read<'a>(
        store: &'a Store,
        filter: &'a Filter,
        dimensions: &'a [Self::Dimension],
        scope: Option<(Self::Scope, &'a [i32])>,
        cap: u64,
    ) -> futures_util::future::BoxFuture<'a, Result<Vec<Self::Stored>, StoreError>> {
        Box::pin(store.recommendation_stats(filter, dimensions, scope, cap))
    }

    fn object(stat: Self::Stored, shown: Arc<[Self::GroupBy]>) -> (Option<i32>, Self::Object) {
        (stat.parent, RecommendationStat(stat, shown))
    }
}

/// Aid summed exactly.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Sums;

impl Statistic for Sums {
    type Filter = AidFlowFilterInput;
    type GroupBy = AidGroupBy;
    type Dimension = uprgraph_store::AidDimension;
    type Scope = AidScope;
    type Object = AidTotal;

    fn filter(input: Option<Self::Filter>) -> async_graphql::Result<Filter> {
        aid_flow_filter(input)
    }

    type Stored = uprgraph_store::AidTotal;

    fn read<'a>(
        store: &'a Store,
        filter: &'a Filter,
        dimensions: &'a [Self::Dimension],
        scope: Option<(Self::Scope, &'a [i32])>,
        cap: u64,
    ) -> futures_util::future::BoxFuture<'a, Result<Vec<Self::Stored>, StoreError>> {
        Box::pin(store.aid_totals(filter, dimensions, scope, cap))
    }

    fn object(total: Self::Stored, shown: Arc<[Self::GroupBy]>) -> (Option<i32>, Self::Object) {
        (total.parent, AidTotal::new(total, shown))
    }
}

/// The groups of a statistic `S` asked of every parent of one scope, or of all (the
/// parent 0): the question of an [`Of`] key, which the plan and the resolvers share.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct StatisticOf<S: Statistic> {
    filter: Filter,
    dimensions: Vec<S::Dimension>,
    cap: u64,
    shown: Arc<[S::GroupBy]>,
    scope: Option<S::Scope>,
}

impl<S: Statistic> StatisticOf<S> {
    fn new(checked: Checked<S::GroupBy, S::Dimension>, scope: Option<S::Scope>) -> Self {
        Self {
            filter: checked.filter,
            dimensions: checked.dimensions,
            cap: checked.cap,
            shown: checked.shown,
            scope,
        }
    }
}

impl<S: Statistic> PerParent for StatisticOf<S> {
    type Item = S::Object;

    fn fetch(self, store: Store, parents: Vec<i32>) -> PerParentFuture<S::Object> {
        Box::pin(async move {
            let scope = self.scope.map(|scope| (scope, parents.as_slice()));
            let groups = S::read(&store, &self.filter, &self.dimensions, scope, self.cap).await?;
            let mut by_parent: HashMap<i32, Vec<S::Object>> = HashMap::new();
            for group in groups {
                let (parent, object) = S::object(group, Arc::clone(&self.shown));
                by_parent
                    .entry(parent.unwrap_or(0))
                    .or_default()
                    .push(object);
            }
            Ok(by_parent)
        })
    }
}

/// A grouped statistic in a plan: its arguments checked as the resolver checks them,
/// and its groups read per parent (`parent` giving the parent's id in `scope`), or of all.
pub(crate) fn plan_statistic<'d, R, S>(
    plan: &mut crate::plan::Planner<'d>,
    f: &crate::plan::Field<'_, 'd>,
    parent: GroupParent<S::Scope, R>,
) -> Result<crate::plan::How<R>, crate::plan::Unplanned>
where
    R: Send + Sync + 'static,
    S: Statistic,
{
    let arguments = (|| {
        let groups = Grouped::new(
            f.argument::<Option<S::Filter>>("filter")?,
            f.argument::<Vec<S::GroupBy>>("groupBy")?,
            f.argument::<Option<i32>>("first")?,
        );
        groups
            .check::<S::Dimension>(S::filter)
            .map_err(|error| f.graphql_error(error))
    })();
    let checked = match arguments {
        Ok(checked) => checked,
        Err(error) => return Ok(crate::plan::How::Error(error)),
    };
    let question = StatisticOf::<S>::new(checked, parent.map(|(scope, _)| scope));
    let local: crate::plan::nested::Local<R> = match parent {
        Some((_, id)) => Box::new(move |row| Some(id(row))),
        None => Box::new(|_| Some(0)),
    };
    plan.many::<R, S::Object, Of<StatisticOf<S>>>(
        f,
        local,
        Box::new(move |parent| Of {
            parent,
            question: question.clone(),
        }),
        None,
    )
}

/// Recommendation counts in a plan (see [`plan_statistic`]).
pub(crate) fn plan_recommendation_stats<'d, R: Send + Sync + 'static>(
    plan: &mut crate::plan::Planner<'d>,
    f: &crate::plan::Field<'_, 'd>,
    parent: GroupParent<RecommendationScope, R>,
) -> Result<crate::plan::How<R>, crate::plan::Unplanned> {
    plan_statistic::<R, Counts>(plan, f, parent)
}

/// Aid sums in a plan (see [`plan_statistic`]).
pub(crate) fn plan_aid_totals<'d, R: Send + Sync + 'static>(
    plan: &mut crate::plan::Planner<'d>,
    f: &crate::plan::Field<'_, 'd>,
    parent: GroupParent<AidScope, R>,
) -> Result<crate::plan::How<R>, crate::plan::Unplanned> {
    plan_statistic::<R, Sums>(plan, f, parent)
}
