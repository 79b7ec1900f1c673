//! The relations the API follows from a parent row to its children, each a small
//! type naming the parent's entity, the child's, and how a child points to its parent.
//! The store runs one query for all parents of a batch (see `Store::child_pages`), and
//! takes the parents' ids typed by the link's parent, so a link is followed only from
//! the rows it starts at:
//!
//! ```
//! # use uprgraph_store::{entity::state, HasId, ReviewsOfState, Store, StoreError};
//! async fn reviews(store: &Store, usa: &state::Model) -> Result<(), StoreError> {
//!     let reviews = store.children::<ReviewsOfState>(&[usa.id()]).await?;
//!     # let _ = reviews;
//!     Ok(())
//! }
//! ```
//!
//! while the reviews of a state looked for from a cycle do not compile:
//!
//! ```compile_fail,E0308
//! # use uprgraph_store::{entity::cycle, HasId, ReviewsOfState, Store, StoreError};
//! async fn reviews(store: &Store, first: &cycle::Model) -> Result<(), StoreError> {
//!     let reviews = store.children::<ReviewsOfState>(&[first.id()]).await?;
//!     # let _ = reviews;
//!     Ok(())
//! }
//! ```

use std::{fmt::Debug, hash::Hash};

use sea_orm::{
    sea_query::{DynIden, IntoIden},
    ColumnTrait, EntityTrait, FromQueryResult,
};

use crate::{entity::*, Id, Table};

/// How a child row names its parent.
#[derive(Debug, Clone)]
pub enum Parent {
    /// A column of the child table holds the parent's id.
    Column(DynIden),
    /// A link table holds `(child, parent)` pairs.
    Through {
        /// The link table.
        table: DynIden,
        /// Its column holding the child's id.
        child: DynIden,
        /// Its column holding the parent's id.
        parent: DynIden,
    },
}

/// A relation from the rows of one entity, the parents, to the children of another.
pub trait ChildLink: Copy + Eq + Hash + Debug + Send + Sync + 'static {
    /// The parent entity: whose ids the relation is followed from.
    type Parent: Table;
    /// The child entity.
    type Entity: EntityTrait<Model = Self::Model>;
    /// The child row type.
    type Model: FromQueryResult + Clone + Send + Sync + 'static;
    /// How a child names its parent.
    fn parent() -> Parent;
    /// The relation's name, which tells its lists from those of other relations.
    const NAME: &'static str;
}

/// The id of a parent along the link `L`: `Id<L::Parent>`, spelt so that a derive on a
/// type holding one asks nothing of the parent's entity.
pub type ParentId<L> = Id<<L as ChildLink>::Parent>;

/// Declares each link as `Name: parent -> child = how a child names its parent;`, the
/// parent and the child being entities' modules.
macro_rules! links {
    ($( $(#[$meta:meta])* $name:ident: $from:ident -> $module:ident = $parent:expr; )+) => {
        $(
            $(#[$meta])*
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
            pub struct $name;

            impl ChildLink for $name {
                type Parent = $from::Entity;
                type Entity = $module::Entity;
                type Model = $module::Model;
                fn parent() -> Parent {
                    $parent
                }
                const NAME: &'static str = stringify!($name);
            }
        )+
    };
}

/// The child's own column `column` holds the parent's id.
fn column(column: impl ColumnTrait) -> Parent {
    Parent::Column(column.into_iden())
}

/// The link table of `child` and `parent`, its columns holding the two ids.
fn through<C: ColumnTrait>(child: C, parent: C) -> Parent {
    Parent::Through {
        table: child.entity_name(),
        child: child.into_iden(),
        parent: parent.into_iden(),
    }
}

links! {
    /// The reviews of a state.
    ReviewsOfState: state -> review = column(review::Column::StateId);
    /// The reviews of a cycle.
    ReviewsOfCycle: cycle -> review = column(review::Column::CycleId);
    /// The reviews of a session.
    ReviewsOfSession: session -> review = column(review::Column::SessionId);
    /// The reviews a review replaced (a postponed or boycotted one).
    ReviewsReplacedBy: review -> review = column(review::Column::ReplacedById);
    /// The reviews a source documents.
    ReviewsOfSource: source -> review = column(review::Column::SourceId);
    /// The sessions of a cycle.
    SessionsOfCycle: cycle -> session = column(session::Column::CycleId);
    /// The recommendations made in a review.
    RecommendationsOfReview: review -> recommendation = column(recommendation::Column::ReviewId);
    /// The recommendations a state received in its reviews.
    RecommendationsReceived: state -> recommendation = column(recommendation::Column::StateUnderReviewId);
    /// The recommendations a state made to others.
    RecommendationsMade: state -> recommendation = column(recommendation::Column::RecommendingStateId);
    /// The recommendations imported from a dataset.
    RecommendationsOfDataset: dataset -> recommendation = column(recommendation::Column::DatasetId);
    /// The recommendations on a theme.
    RecommendationsOfTheme: theme -> recommendation = through(recommendation_theme::Column::RecommendationId, recommendation_theme::Column::ThemeId);
    /// The themes of a recommendation.
    ThemesOfRecommendation: recommendation -> theme = through(recommendation_theme::Column::ThemeId, recommendation_theme::Column::RecommendationId);
    /// The groups of persons a recommendation concerns.
    AffectedPersonsOfRecommendation: recommendation -> affected_person =
        through(recommendation_affected_person::Column::AffectedPersonId, recommendation_affected_person::Column::RecommendationId);
    /// The Sustainable Development Goal targets a recommendation is linked to.
    SdgTargetsOfRecommendation: recommendation -> sdg_target =
        through(recommendation_sdg_target::Column::SdgTargetId, recommendation_sdg_target::Column::RecommendationId);
    /// The aid a state gave.
    AidProvided: state -> aid_flow = column(aid_flow::Column::DonorStateId);
    /// The aid an organisation gave.
    AidProvidedByOrganization: organization -> aid_flow = column(aid_flow::Column::DonorOrganizationId);
    /// The aid a state received.
    AidReceived: state -> aid_flow = column(aid_flow::Column::RecipientStateId);
    /// The aid flows a source reports.
    AidFlowsOfSource: source -> aid_flow = column(aid_flow::Column::SourceId);
    /// The aid flows imported from a dataset.
    AidFlowsOfDataset: dataset -> aid_flow = column(aid_flow::Column::DatasetId);
    /// The parts of an aid figure (years of a multi-year total).
    PartsOfAidFlow: aid_flow -> aid_flow = column(aid_flow::Column::PartOfId);
    /// The arms transfers a state supplied (SIPRI's deals).
    ArmsSupplied: state -> arms_transfer = column(arms_transfer::Column::SupplierStateId);
    /// The arms transfers a state received.
    ArmsReceived: state -> arms_transfer = column(arms_transfer::Column::RecipientStateId);
    /// The arms transfers imported from a dataset.
    ArmsTransfersOfDataset: dataset -> arms_transfer = column(arms_transfer::Column::DatasetId);
    /// The deliveries of an arms transfer, a row per year.
    DeliveriesOfArmsTransfer: arms_transfer -> arms_delivery = column(arms_delivery::Column::TransferId);
    /// The names and spellings a state is known by.
    AliasesOfState: state -> state_alias = column(state_alias::Column::StateId);
    /// A state's regional-group memberships over time.
    MembershipsOfState: state -> regional_group_membership = column(regional_group_membership::Column::StateId);
    /// The organisations a state belongs to.
    OrganizationsOfState: state -> organization = through(organization_member::Column::OrganizationId, organization_member::Column::StateId);
    /// The member states of an organisation.
    MembersOfOrganization: organization -> state = through(organization_member::Column::StateId, organization_member::Column::OrganizationId);
    /// The documented figures about a state.
    FiguresOfState: state -> figure = column(figure::Column::StateId);
    /// The figures a source reports.
    FiguresOfSource: source -> figure = column(figure::Column::SourceId);
    /// The sources an organisation published.
    SourcesOfOrganization: organization -> source = column(source::Column::PublisherOrganizationId);
}
