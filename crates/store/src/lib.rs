//! uprgraph's persistence: the sea-orm entities, the connection (SQLite or
//! PostgreSQL, migrated on connect), and the batched queries the API is built on.
//!
//! Every query that serves a list takes many parents at once, so that the API can
//! answer a request with a number of statements that depends on the shape of the
//! query, never on the number of rows.

mod arms;
mod citation;
mod crosslinks;
mod dialect;
pub mod entity;
mod error;
mod export;
mod filter;
mod fuse;
mod id;
mod import;
mod links;
mod lookups;
mod order;
mod page;
mod search;
mod secrets;
mod stats;
mod store;
mod values;
mod version;

pub use arms::{ArmedState, ArmsDimension, ArmsGroupKey, ArmsSum, ArmsTotal, PairArms, ReviewArms};
pub use crosslinks::{AidedState, PairAid, RecommendationCounts, Recommender};
pub use error::StoreError;
pub use export::{AidFlowRow, ArmsTransferRow, RecommendationRow};
pub use filter::{
    AidFlowFilter, ArmsTransferFilter, Filter, Nested, RecommendationFilter, ReviewFilter,
    StateFilter,
};
pub use fuse::{Flush, Fuser};
pub use id::Id;
pub use import::{
    check_file, decode_text, encoding_by_label, AlreadyHeld, Counts, FileReport, Format,
    ImportError, ImportOptions, ImportReport, InputFile, KnownStates, Progress, RowError, Silent,
    DEFAULT_MAX_TEXT_BYTES, MAX_TEXT_BYTES_RANGE,
};
pub use links::*;
pub use order::{position_fits, Position, SortKey, SortTerm, SortValue};
pub use page::{Page, PageRequest};
pub use sea_orm::{Condition, DatabaseBackend};
pub use secrets::{redact_secrets, url_password};
pub use stats::{
    AidDimension, AidGroupKey, AidScope, AidSum, AidTotal, GroupKey, RecommendationDimension,
    RecommendationScope, RecommendationStat,
};
pub use store::{PoolState, Store};
pub use version::{DataVersion, DataVersionWatch};

/// A row with an id, typed by the entity it is a row of.
pub trait HasId {
    /// The entity whose rows these are.
    type Entity;
    /// The row's primary key.
    fn id(&self) -> Id<Self::Entity>;
}

/// A table whose rows have ids: what the API loads by id and lists page by page. The
/// store's functions over tables take any of these, so that its callers name tables by
/// their entities without knowing the ORM behind them.
pub trait Table: sea_orm::EntityTrait<Model: HasId<Entity = Self> + Clone + Send + Sync> {
    /// The table's name in the database.
    fn name() -> &'static str {
        sea_orm::EntityName::table_name(&Self::default())
    }
}

macro_rules! has_id {
    ($($module:ident),+ $(,)?) => {
        $(impl HasId for entity::$module::Model {
            type Entity = entity::$module::Entity;
            fn id(&self) -> Id<Self::Entity> {
                Id::new(self.id)
            }
        }
        impl Table for entity::$module::Entity {})+
    };
}

has_id!(
    state,
    state_alias,
    regional_group_membership,
    organization,
    source,
    dataset,
    cycle,
    session,
    review,
    theme,
    affected_person,
    sdg_target,
    recommendation,
    aid_flow,
    figure,
    arms_transfer,
    arms_delivery
);
