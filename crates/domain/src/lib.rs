//! uprgraph's domain: the values the Universal Periodic Review and aid data are
//! made of, each built through a constructor that refuses invalid input.
//!
//! This crate knows nothing of databases or GraphQL (an invariant checked in CI):
//! the store and the API translate to and from these types at their edges.

mod arms;
mod citation;
mod codes;
mod enums;
mod error;
mod money;
mod names;
pub mod search;

pub use arms::Tiv;
pub use citation::{CitationFacts, CitationStyle, CitedDataset, CitedSource, Day};
pub use codes::{ActionCategory, Alpha2Code, CycleNumber, SessionNumber, StateCode, StateKey};
pub use enums::{
    AidCategory, ArmsStatus, Bound, FigureMeasure, OrganizationKind, RegionalGroup, Response,
    ReviewStatus, TransactionType, UnStatus,
};
pub use error::DomainError;
pub use money::{Currency, Money};
pub use names::normalize_name;
