//! The relations the API follows from a parent row to its children, each a small
//! type naming the child table and how it points to the parent. The store runs
//! one query for all parents of a batch (see `Store::child_pages`).

use std::{fmt::Debug, hash::Hash};

use sea_orm::{
    sea_query::{DynIden, IntoIden},
    ColumnTrait, EntityTrait, FromQueryResult,
};

use crate::entity::*;

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

/// A relation from parents to the children of one entity.
pub trait ChildLink: Copy + Eq + Hash + Debug + Send + Sync + 'static {
    /// The child entity.
    type Entity: EntityTrait<Model = Self::Model>;
    /// The child row type.
    type Model: FromQueryResult + Clone + Send + Sync + 'static;
    /// How a child names its parent.
    fn parent() -> Parent;
    /// The relation's name, which tells its lists from those of other relations.
    const NAME: &'static str;
}

macro_rules! links {
    ($( $(#[$meta:meta])* $name:ident: $module:ident = $parent:expr; )+) => {
        $(
            $(#[$meta])*
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
            pub struct $name;

            impl ChildLink for $name {
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
    ReviewsOfState: review = column(review::Column::StateId);
    /// The reviews of a cycle.
    ReviewsOfCycle: review = column(review::Column::CycleId);
    /// The reviews of a session.
    ReviewsOfSession: review = column(review::Column::SessionId);
    /// The reviews a review replaced (a postponed or boycotted one).
    ReviewsReplacedBy: review = column(review::Column::ReplacedById);
    /// The reviews a source documents.
    ReviewsOfSource: review = column(review::Column::SourceId);
    /// The sessions of a cycle.
    SessionsOfCycle: session = column(session::Column::CycleId);
    /// The recommendations made in a review.
    RecommendationsOfReview: recommendation = column(recommendation::Column::ReviewId);
    /// The recommendations a state received in its reviews.
    RecommendationsReceived: recommendation = column(recommendation::Column::StateUnderReviewId);
    /// The recommendations a state made to others.
    RecommendationsMade: recommendation = column(recommendation::Column::RecommendingStateId);
    /// The recommendations imported from a dataset.
    RecommendationsOfDataset: recommendation = column(recommendation::Column::DatasetId);
    /// The recommendations on a theme.
    RecommendationsOfTheme: recommendation = through(recommendation_theme::Column::RecommendationId, recommendation_theme::Column::ThemeId);
    /// The themes of a recommendation.
    ThemesOfRecommendation: theme = through(recommendation_theme::Column::ThemeId, recommendation_theme::Column::RecommendationId);
    /// The groups of persons a recommendation concerns.
    AffectedPersonsOfRecommendation: affected_person =
        through(recommendation_affected_person::Column::AffectedPersonId, recommendation_affected_person::Column::RecommendationId);
    /// The Sustainable Development Goal targets a recommendation is linked to.
    SdgTargetsOfRecommendation: sdg_target =
        through(recommendation_sdg_target::Column::SdgTargetId, recommendation_sdg_target::Column::RecommendationId);
    /// The aid a state gave.
    AidProvided: aid_flow = column(aid_flow::Column::DonorStateId);
    /// The aid a state received.
    AidReceived: aid_flow = column(aid_flow::Column::RecipientStateId);
    /// The aid flows a source reports.
    AidFlowsOfSource: aid_flow = column(aid_flow::Column::SourceId);
    /// The aid flows imported from a dataset.
    AidFlowsOfDataset: aid_flow = column(aid_flow::Column::DatasetId);
    /// The parts of an aid figure (years of a multi-year total).
    PartsOfAidFlow: aid_flow = column(aid_flow::Column::PartOfId);
    /// The arms transfers a state supplied (SIPRI's deals).
    ArmsSupplied: arms_transfer = column(arms_transfer::Column::SupplierStateId);
    /// The arms transfers a state received.
    ArmsReceived: arms_transfer = column(arms_transfer::Column::RecipientStateId);
    /// The arms transfers imported from a dataset.
    ArmsTransfersOfDataset: arms_transfer = column(arms_transfer::Column::DatasetId);
    /// The deliveries of an arms transfer, a row per year.
    DeliveriesOfArmsTransfer: arms_delivery = column(arms_delivery::Column::TransferId);
    /// The names and spellings a state is known by.
    AliasesOfState: state_alias = column(state_alias::Column::StateId);
    /// A state's regional-group memberships over time.
    MembershipsOfState: regional_group_membership = column(regional_group_membership::Column::StateId);
    /// The organisations a state belongs to.
    OrganizationsOfState: organization = through(organization_member::Column::OrganizationId, organization_member::Column::StateId);
    /// The member states of an organisation.
    MembersOfOrganization: state = through(organization_member::Column::StateId, organization_member::Column::OrganizationId);
    /// The documented figures about a state.
    FiguresOfState: figure = column(figure::Column::StateId);
    /// The figures a source reports.
    FiguresOfSource: figure = column(figure::Column::SourceId);
    /// The sources an organisation published.
    SourcesOfOrganization: source = column(source::Column::PublisherOrganizationId);
}
