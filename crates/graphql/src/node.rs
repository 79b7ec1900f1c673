//! The Relay `Node` interface: any object by its global ID.

use async_graphql::{Context, Interface, Object, ID};
use uprgraph_store::entity::{
    aid_flow, arms_transfer, cycle, dataset, figure, organization, recommendation, review, session,
    source, state, theme,
};

use crate::{
    ids::parse_global_id,
    types::{
        aid::AidFlow,
        arms::ArmsTransfer,
        load,
        organization::Organization,
        recommendation::{Recommendation, Theme},
        review::{Cycle, Review, Session},
        source::{Dataset, Figure, Source},
        state::State,
    },
    OrApiError,
};

/// An object with a global ID, which `node(id:)` finds again.
#[derive(Interface)]
#[graphql(field(name = "id", ty = "ID", desc = "The object's global ID."))]
#[allow(clippy::large_enum_variant)] // Variants are short-lived response values.
pub enum Node {
    State(State),
    Cycle(Cycle),
    Session(Session),
    Review(Review),
    Recommendation(Recommendation),
    Theme(Theme),
    AidFlow(AidFlow),
    Organization(Organization),
    Source(Source),
    Dataset(Dataset),
    Figure(Figure),
    ArmsTransfer(ArmsTransfer),
}

async fn find(ctx: &Context<'_>, id: &ID) -> async_graphql::Result<Option<Node>> {
    let (type_name, id) = parse_global_id(id).api()?;
    Ok(match type_name.as_str() {
        "State" => load::<state::Entity>(ctx, id)
            .await?
            .map(|r| Node::State(State(r))),
        "Cycle" => load::<cycle::Entity>(ctx, id)
            .await?
            .map(|r| Node::Cycle(Cycle(r))),
        "Session" => load::<session::Entity>(ctx, id)
            .await?
            .map(|r| Node::Session(Session(r))),
        "Review" => load::<review::Entity>(ctx, id)
            .await?
            .map(|r| Node::Review(Review(r))),
        "Recommendation" => load::<recommendation::Entity>(ctx, id)
            .await?
            .map(|r| Node::Recommendation(Recommendation(r))),
        "Theme" => load::<theme::Entity>(ctx, id)
            .await?
            .map(|r| Node::Theme(Theme(r))),
        "AidFlow" => load::<aid_flow::Entity>(ctx, id)
            .await?
            .map(|r| Node::AidFlow(AidFlow(r))),
        "Organization" => load::<organization::Entity>(ctx, id)
            .await?
            .map(|r| Node::Organization(Organization(r))),
        "Source" => load::<source::Entity>(ctx, id)
            .await?
            .map(|r| Node::Source(Source(r))),
        "Dataset" => load::<dataset::Entity>(ctx, id)
            .await?
            .map(|r| Node::Dataset(Dataset(r))),
        "Figure" => load::<figure::Entity>(ctx, id)
            .await?
            .map(|r| Node::Figure(Figure(r))),
        "ArmsTransfer" => load::<arms_transfer::Entity>(ctx, id)
            .await?
            .map(|r| Node::ArmsTransfer(ArmsTransfer(r))),
        _ => None,
    })
}

/// Root fields for global IDs.
#[derive(Debug, Default)]
pub struct NodeQuery;

#[Object]
impl NodeQuery {
    /// Any object by its global ID. Null when it does not exist; an error when the ID is malformed.
    async fn node(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "A global ID from an `id` field.")] id: ID,
    ) -> async_graphql::Result<Option<Node>> {
        find(ctx, &id).await
    }

    /// Objects by global ID, in the order asked, with null for each that does not exist. At most 100 IDs.
    #[graphql(complexity = "ids.len().max(1) * child_complexity")]
    async fn nodes(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Global IDs from `id` fields.")] ids: Vec<ID>,
    ) -> async_graphql::Result<Vec<Option<Node>>> {
        if ids.len() > crate::MAX_PAGE_SIZE as usize {
            return Err(crate::ApiError::bad_input(format!(
                "at most {} IDs at once",
                crate::MAX_PAGE_SIZE
            ))
            .into_graphql());
        }
        futures_join(ctx, &ids).await
    }
}

/// Resolves every ID concurrently so that the loader batches them.
async fn futures_join(ctx: &Context<'_>, ids: &[ID]) -> async_graphql::Result<Vec<Option<Node>>> {
    let lookups = ids.iter().map(|id| find(ctx, id));
    futures_util::future::try_join_all(lookups).await
}
