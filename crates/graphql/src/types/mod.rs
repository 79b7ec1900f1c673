//! The API's object types, one module per aggregate, each with its root fields.

use async_graphql::Context;
use uprgraph_store::{ChildLink, Id, Table};

use crate::{
    batch::{ById, Children},
    OrApiError, RequestLoader,
};

pub(crate) mod aid;
pub(crate) mod arms;
pub(crate) mod crosslink;
pub(crate) mod live;
pub(crate) mod organization;
pub(crate) mod recommendation;
pub(crate) mod review;
pub(crate) mod search;
pub(crate) mod source;
pub(crate) mod state;
pub(crate) mod stats;

/// A row of `E` by id, batched with every other such lookup of the request.
pub(crate) async fn load<E>(ctx: &Context<'_>, id: i32) -> async_graphql::Result<Option<E::Model>>
where
    E: Table,
{
    ctx.data_unchecked::<RequestLoader>()
        .load(ById::<E>::new(id))
        .await
        .api()
}

/// A batched list: what `key` finds, or nothing.
pub(crate) async fn load_list<K, T>(ctx: &Context<'_>, key: K) -> async_graphql::Result<Vec<T>>
where
    K: crate::batch::BatchKey<Value = Vec<T>>,
    T: Clone + Send + Sync + 'static,
{
    Ok(ctx
        .data_unchecked::<RequestLoader>()
        .load(key)
        .await
        .api()?
        .unwrap_or_default())
}

/// A row that a foreign key guarantees exists.
pub(crate) async fn load_required<E>(ctx: &Context<'_>, id: i32) -> async_graphql::Result<E::Model>
where
    E: Table,
{
    load::<E>(ctx, id).await?.ok_or_else(|| {
        tracing::error!(table = E::name(), id, "dangling reference");
        crate::ApiError::Internal.into_graphql()
    })
}

/// Loads a row through an optional foreign key.
pub(crate) async fn load_opt<E>(
    ctx: &Context<'_>,
    id: Option<i32>,
) -> async_graphql::Result<Option<E::Model>>
where
    E: Table,
{
    match id {
        Some(id) => load::<E>(ctx, id).await,
        None => Ok(None),
    }
}

/// All of a parent's children along a bounded relation, mapped to an API type.
pub(crate) async fn children<L, T>(
    ctx: &Context<'_>,
    link: L,
    parent: Id<L::Parent>,
) -> async_graphql::Result<Vec<T>>
where
    L: ChildLink,
    T: From<L::Model>,
{
    let rows = ctx
        .data_unchecked::<RequestLoader>()
        .load(Children { link, parent })
        .await
        .api()?
        .unwrap_or_default();
    Ok(rows.into_iter().map(T::from).collect())
}

/// The root fields, as the plan answers them: each aggregate's module plans its own.
impl crate::plan::Planned for crate::Query {
    type Row = ();
    const NAME: &'static str = "Query";

    fn field<'d>(
        f: &crate::plan::Field<'_, 'd>,
        plan: &mut crate::plan::Planner<'d>,
    ) -> Result<crate::plan::How<()>, crate::plan::Unplanned> {
        state::plan_root(f, plan)
            .or_else(|| review::plan_root(f, plan))
            .or_else(|| recommendation::plan_root(f, plan))
            .or_else(|| aid::plan_root(f, plan))
            .or_else(|| organization::plan_root(f, plan))
            .or_else(|| source::plan_root(f, plan))
            .or_else(|| arms::plan_root(f, plan))
            .or_else(|| crate::node::plan_root(f, plan))
            .unwrap_or(Err(crate::plan::Unplanned))
    }
}
