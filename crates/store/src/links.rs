//! The relations the API follows from a parent row to its children, each a small
//! type naming the child table and how it points to the parent. The store runs
//! one query for all parents of a batch (see `Store::child_pages`).

use std::{fmt::Debug, hash::Hash};

use sea_orm::{EntityTrait, FromQueryResult};

use crate::entity::*;

/// How a child row names its parent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Parent {
    /// A column of the child table holds the parent's id.
    Column(&'static str),
    /// A link table holds `(child, parent)` pairs.
    Through {
        /// The link table.
        table: &'static str,
        /// Its column holding the child's id.
        child: &'static str,
        /// Its column holding the parent's id.
        parent: &'static str,
    },
}

/// A relation from parents to the children of one entity.
pub trait ChildLink: Copy + Eq + Hash + Debug + Send + Sync + 'static {
    /// The child entity.
    type Entity: EntityTrait<Model = Self::Model>;
    /// The child row type.
    type Model: FromQueryResult + Clone + Send + Sync + 'static;
    /// How a child names its parent.
    const PARENT: Parent;
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
                const PARENT: Parent = $parent;
                const NAME: &'static str = stringify!($name);
            }
        )+
    };
}

const fn through(table: &'static str, child: &'static str, parent: &'static str) -> Parent {
    Parent::Through {
        table,
        child,
        parent,
    }
}

links! {
    /// The reviews of a state.
    ReviewsOfState: review = Parent::Column("state_id");
    /// The reviews of a cycle.
    ReviewsOfCycle: review = Parent::Column("cycle_id");
    /// The reviews of a session.
    ReviewsOfSession: review = Parent::Column("session_id");
    /// The reviews a review replaced (a postponed or boycotted one).
    ReviewsReplacedBy: review = Parent::Column("replaced_by_id");
    /// The reviews a source documents.
    ReviewsOfSource: review = Parent::Column("source_id");
    /// The sessions of a cycle.
    SessionsOfCycle: session = Parent::Column("cycle_id");
    /// The recommendations made in a review.
    RecommendationsOfReview: recommendation = Parent::Column("review_id");
    /// The recommendations a state received in its reviews.
    RecommendationsReceived: recommendation = Parent::Column("state_under_review_id");
    /// The recommendations a state made to others.
    RecommendationsMade: recommendation = Parent::Column("recommending_state_id");
    /// The recommendations imported from a dataset.
    RecommendationsOfDataset: recommendation = Parent::Column("dataset_id");
    /// The recommendations on a theme.
    RecommendationsOfTheme: recommendation = through("recommendation_themes", "recommendation_id", "theme_id");
    /// The themes of a recommendation.
    ThemesOfRecommendation: theme = through("recommendation_themes", "theme_id", "recommendation_id");
    /// The groups of persons a recommendation concerns.
    AffectedPersonsOfRecommendation: affected_person =
        through("recommendation_affected_persons", "affected_person_id", "recommendation_id");
    /// The Sustainable Development Goal targets a recommendation is linked to.
    SdgTargetsOfRecommendation: sdg_target =
        through("recommendation_sdg_targets", "sdg_target_id", "recommendation_id");
    /// The aid a state gave.
    AidProvided: aid_flow = Parent::Column("donor_state_id");
    /// The aid a state received.
    AidReceived: aid_flow = Parent::Column("recipient_state_id");
    /// The aid flows a source reports.
    AidFlowsOfSource: aid_flow = Parent::Column("source_id");
    /// The aid flows imported from a dataset.
    AidFlowsOfDataset: aid_flow = Parent::Column("dataset_id");
    /// The parts of an aid figure (years of a multi-year total).
    PartsOfAidFlow: aid_flow = Parent::Column("part_of_id");
    /// The names and spellings a state is known by.
    AliasesOfState: state_alias = Parent::Column("state_id");
    /// A state's regional-group memberships over time.
    MembershipsOfState: regional_group_membership = Parent::Column("state_id");
    /// The organisations a state belongs to.
    OrganizationsOfState: organization = through("organization_members", "organization_id", "state_id");
    /// The member states of an organisation.
    MembersOfOrganization: state = through("organization_members", "state_id", "organization_id");
    /// The documented figures about a state.
    FiguresOfState: figure = Parent::Column("state_id");
    /// The figures a source reports.
    FiguresOfSource: figure = Parent::Column("source_id");
    /// The sources an organisation published.
    SourcesOfOrganization: source = Parent::Column("publisher_organization_id");
}
