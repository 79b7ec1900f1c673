//! sea-orm entities, one module per table. They are database rows: the API maps
//! them to its own types and never exposes them directly.
pub mod affected_person;
pub mod aid_flow;
pub mod arms_delivery;
pub mod arms_transfer;
pub mod code;
pub mod cycle;
pub mod dataset;
pub mod figure;
pub mod organization;
pub mod organization_alias;
pub mod organization_member;
pub mod recommendation;
pub mod recommendation_affected_person;
pub mod recommendation_sdg_target;
pub mod recommendation_theme;
pub mod regional_group_membership;
pub mod review;
pub mod sdg_target;
pub mod session;
pub mod source;
pub mod state;
pub mod state_alias;
pub mod theme;
pub mod unlisted;
