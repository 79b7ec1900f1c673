//! Grouped counts and sums as fields of states and reviews: each parent's groups,
//! loaded for all parents of a level in one statement.

use std::sync::Arc;

use async_graphql::Context;
use uprgraph_store::{AidScope, Filter, RecommendationScope, Store};

use super::{
    aid::{AidGroupBy, AidTotal},
    recommendation::{RecommendationGroupBy, RecommendationStat},
};
use crate::{
    batch::{AidTotalsOf, Of, RecommendationStatsOf},
    filters::{
        aid_flow_filter, recommendation_filter, AidFlowFilterInput, RecommendationFilterInput,
    },
    ApiError, OrApiError,
};

/// Groups returned when `first` is not given.
pub(crate) const DEFAULT_GROUPS: i32 = 100;
/// The most groups one list of statistics may return.
pub(crate) const MAX_GROUPS: i32 = 1000;

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

/// What a list of statistics costs: its groups times what each costs.
pub(crate) fn groups_complexity(first: Option<i32>, child_complexity: usize) -> usize {
    let groups = first.unwrap_or(DEFAULT_GROUPS).clamp(1, MAX_GROUPS);
    usize::try_from(groups)
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

/// Recommendation counts, grouped: of a parent (the recommendations of a state or a
/// review, batched with every other parent of its level), or of all.
pub(crate) async fn recommendation_stats(
    ctx: &Context<'_>,
    parent: Option<(RecommendationScope, i32)>,
    groups: Grouped<RecommendationFilterInput, RecommendationGroupBy>,
) -> async_graphql::Result<Vec<RecommendationStat>> {
    let Checked {
        shown,
        filter,
        dimensions,
        cap,
    } = groups.check(recommendation_filter)?;
    let stats = match parent {
        Some((scope, parent)) => {
            let question = RecommendationStatsOf {
                scope,
                filter,
                dimensions,
                cap,
            };
            super::load_list(ctx, Of { parent, question }).await?
        }
        None => ctx
            .data_unchecked::<Store>()
            .recommendation_stats(&filter, &dimensions, None, cap)
            .await
            .api()?,
    };
    Ok(stats
        .into_iter()
        .map(|stat| RecommendationStat(stat, Arc::clone(&shown)))
        .collect())
}

/// Aid sums, grouped: of a state (the aid it received or gave, batched with every other
/// state of its level), or of all.
pub(crate) async fn aid_totals(
    ctx: &Context<'_>,
    parent: Option<(AidScope, i32)>,
    groups: Grouped<AidFlowFilterInput, AidGroupBy>,
) -> async_graphql::Result<Vec<AidTotal>> {
    let Checked {
        shown,
        filter,
        dimensions,
        cap,
    } = groups.check(aid_flow_filter)?;
    let totals = match parent {
        Some((scope, parent)) => {
            let question = AidTotalsOf {
                scope,
                filter,
                dimensions,
                cap,
            };
            super::load_list(ctx, Of { parent, question }).await?
        }
        None => ctx
            .data_unchecked::<Store>()
            .aid_totals(&filter, &dimensions, None, cap)
            .await
            .api()?,
    };
    Ok(totals
        .into_iter()
        .map(|total| AidTotal::new(total, Arc::clone(&shown)))
        .collect())
}
