//! Grouped counts and sums as fields of states and reviews: each parent's groups,
//! loaded for all parents of a level in one statement.

use std::sync::Arc;

use async_graphql::Context;
use uprgraph_store::{AidScope, RecommendationScope};

use super::{
    aid::{AidGroupBy, AidTotal},
    recommendation::{RecommendationGroupBy, RecommendationStat},
};
use crate::{
    batch::{AidTotalsOf, Of, RecommendationStatsOf},
    filters::{
        aid_flow_filter, recommendation_filter, AidFlowFilterInput, RecommendationFilterInput,
    },
    ApiError,
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

/// A parent's recommendation counts, grouped.
pub(crate) async fn recommendation_stats_of(
    ctx: &Context<'_>,
    scope: RecommendationScope,
    parent: i32,
    filter: Option<RecommendationFilterInput>,
    group_by: Vec<RecommendationGroupBy>,
    first: Option<i32>,
) -> async_graphql::Result<Vec<RecommendationStat>> {
    let grouped_by: Arc<[RecommendationGroupBy]> = dimensions(group_by.clone()).into();
    let key = Of {
        parent,
        question: RecommendationStatsOf {
            scope,
            filter: recommendation_filter(filter)?,
            dimensions: dimensions(group_by),
            cap: group_cap(first)?,
        },
    };
    let stats = super::load_list(ctx, key).await?;
    Ok(stats
        .into_iter()
        .map(|stat| RecommendationStat(stat, Arc::clone(&grouped_by)))
        .collect())
}

/// A state's aid sums, grouped.
pub(crate) async fn aid_totals_of(
    ctx: &Context<'_>,
    scope: AidScope,
    state: i32,
    filter: Option<AidFlowFilterInput>,
    group_by: Vec<AidGroupBy>,
    first: Option<i32>,
) -> async_graphql::Result<Vec<AidTotal>> {
    let grouped_by: Arc<[AidGroupBy]> = dimensions(group_by.clone()).into();
    let key = Of {
        parent: state,
        question: AidTotalsOf {
            scope,
            filter: aid_flow_filter(filter)?,
            dimensions: dimensions(group_by),
            cap: group_cap(first)?,
        },
    };
    let totals = super::load_list(ctx, key).await?;
    Ok(totals
        .into_iter()
        .map(|total| AidTotal::new(total, Arc::clone(&grouped_by)))
        .collect())
}
