//! The Relay `Node` interface: any object by its global ID.

use async_graphql::{Context, Interface, Object, ID};
use uprgraph_store::entity::{
    aid_flow, arms_transfer, cycle, dataset, figure, organization, recommendation, review, session,
    source, state, theme,
};

use async_graphql::Pos;
use uprgraph_store::Table;

use crate::{
    batch::ById,
    ids::parse_global_id,
    plan::{
        loads::{Loaded, Wants},
        nested::One,
        out::{Out, Written},
        write_list, Field, How, Nested, Planned, Planner, Unplanned,
    },
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
    async fn nodes(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Global IDs from `id` fields.")] ids: Vec<ID>,
    ) -> async_graphql::Result<Vec<Option<Node>>> {
        if let Some(error) = too_many_ids(&ids) {
            return Err(error.into_graphql());
        }
        futures_join(ctx, &ids).await
    }
}

/// The refusal of a `nodes(ids:)` asking for more objects than a page holds (the
/// field's description says how many: a test checks it).
fn too_many_ids(ids: &[ID]) -> Option<crate::ApiError> {
    (ids.len() > crate::MAX_PAGE_SIZE as usize).then(|| {
        crate::ApiError::bad_input(format!("at most {} IDs at once", crate::MAX_PAGE_SIZE))
    })
}

/// Resolves every ID concurrently so that the loader batches them.
async fn futures_join(ctx: &Context<'_>, ids: &[ID]) -> async_graphql::Result<Vec<Option<Node>>> {
    let lookups = ids.iter().map(|id| find(ctx, id));
    futures_util::future::try_join_all(lookups).await
}

/// Objects found by global ID in a plan: `node(id:)` (one) or `nodes(ids:)` (a list, in
/// the order asked). Each type's objects are read by one key kind, with the selection
/// planned for that type.
struct NodesById {
    /// Each ID asked for: the index of its type in `types` and its row id; `None` for an
    /// ID of a type that has no nodes.
    items: Vec<Option<(usize, i32)>>,
    types: Vec<Box<dyn Nested<i32>>>,
    /// `node(id:)`: the one object, not a list.
    single: bool,
}

impl Nested<()> for NodesById {
    fn want(&self, _: &[&()], depth: usize, loaded: &Loaded, wants: &mut Wants) {
        for (index, nested) in self.types.iter().enumerate() {
            let ids: Vec<&i32> = self
                .items
                .iter()
                .flatten()
                .filter(|(t, _)| *t == index)
                .map(|(_, id)| id)
                .collect();
            nested.want(&ids, depth, loaded, wants);
        }
    }

    fn write<'p>(&'p self, _: &(), loaded: &Loaded, out: &mut Out<'p>, pos: Pos) -> Written {
        let one = |item: &Option<(usize, i32)>, out: &mut Out<'p>| match item {
            Some((index, id)) => self.types[*index].write(id, loaded, out, pos),
            None => {
                out.null();
                Ok(())
            }
        };
        if self.single {
            match self.items.first() {
                Some(item) => one(item, out),
                None => {
                    out.null();
                    Ok(())
                }
            }
        } else {
            write_list(&self.items, true, out, one)
        }
    }
}

/// The objects of `T` (rows of `E`) among the IDs, as a field's selection selects them.
fn of_type<'d, T, E>(
    plan: &mut Planner<'d>,
    f: &Field<'_, 'd>,
) -> Result<Box<dyn Nested<i32>>, Unplanned>
where
    T: Planned<Row = E::Model>,
    E: Table,
{
    let object = plan.object_of::<T>(f)?;
    Ok(Box::new(One {
        slot: plan.slot(),
        local: Box::new(|id: &i32| Some(*id)),
        key: Box::new(ById::<E>::new),
        row: crate::plan::nested::same,
        required: false,
        object,
    }))
}

/// Plans the objects of the given IDs; an ID whose type has no nodes is null.
fn plan_ids<'d>(
    plan: &mut Planner<'d>,
    f: &Field<'_, 'd>,
    ids: &[ID],
    single: bool,
) -> Result<How<()>, Unplanned> {
    let mut parsed = Vec::with_capacity(ids.len());
    for id in ids {
        match parse_global_id(id) {
            Ok(id) => parsed.push(id),
            Err(error) => return Ok(How::Error(f.error(error))),
        }
    }
    let mut names: Vec<String> = Vec::new();
    let mut types: Vec<Box<dyn Nested<i32>>> = Vec::new();
    let mut items = Vec::with_capacity(parsed.len());
    for (type_name, id) in parsed {
        if let Some(index) = names.iter().position(|n| *n == type_name) {
            items.push(Some((index, id)));
            continue;
        }
        let nested = match type_name.as_str() {
            "State" => of_type::<State, state::Entity>(plan, f)?,
            "Cycle" => of_type::<Cycle, cycle::Entity>(plan, f)?,
            "Session" => of_type::<Session, session::Entity>(plan, f)?,
            "Review" => of_type::<Review, review::Entity>(plan, f)?,
            "Recommendation" => of_type::<Recommendation, recommendation::Entity>(plan, f)?,
            "Theme" => of_type::<Theme, theme::Entity>(plan, f)?,
            "AidFlow" => of_type::<AidFlow, aid_flow::Entity>(plan, f)?,
            "Organization" => of_type::<Organization, organization::Entity>(plan, f)?,
            "Source" => of_type::<Source, source::Entity>(plan, f)?,
            "Dataset" => of_type::<Dataset, dataset::Entity>(plan, f)?,
            "Figure" => of_type::<Figure, figure::Entity>(plan, f)?,
            "ArmsTransfer" => of_type::<ArmsTransfer, arms_transfer::Entity>(plan, f)?,
            _ => {
                items.push(None);
                continue;
            }
        };
        items.push(Some((types.len(), id)));
        names.push(type_name);
        types.push(nested);
    }
    Ok(How::nested(NodesById {
        items,
        types,
        single,
    }))
}

/// The root fields of global IDs, as the plan answers them; `None` for another field.
pub(crate) fn plan_root<'d>(
    f: &Field<'_, 'd>,
    plan: &mut Planner<'d>,
) -> Option<Result<How<()>, Unplanned>> {
    Some(match f.name() {
        "node" => match f.argument::<ID>("id") {
            Ok(id) => plan_ids(plan, f, &[id], true),
            Err(error) => Ok(How::Error(error)),
        },
        "nodes" => match f.argument::<Vec<ID>>("ids") {
            Ok(ids) => match too_many_ids(&ids) {
                Some(error) => Ok(How::Error(f.error(error))),
                None => plan_ids(plan, f, &ids, false),
            },
            Err(error) => Ok(How::Error(error)),
        },
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_description_of_nodes_states_how_many_ids_it_takes() {
        let sdl = crate::sdl();
        let field = sdl.find("\tnodes(").expect("Query.nodes in the schema");
        // The text between the last two triple quotes before the field.
        let description = sdl[..field].rsplit("\"\"\"").nth(1).unwrap_or_default();
        let stated = format!("At most {} IDs.", crate::MAX_PAGE_SIZE);
        assert!(
            description.contains(&stated),
            "the description of Query.nodes ({description:?}) should say {stated:?}"
        );
    }
}
