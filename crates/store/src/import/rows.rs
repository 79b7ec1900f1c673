//! The checked rows a format makes of a file and the writer writes: what the
//! formats and the writer share, so that neither depends on the other.

use chrono::NaiveDate;
use uprgraph_domain::{
    search::SearchText, ActionCategory, AidCategory, Bound, Money, Response, TransactionType,
};

/// A recommendation read from a file, checked and resolved.
#[derive(Debug, Clone)]
pub(crate) struct NewRecommendation {
    pub line: u64,
    pub natural_key: String,
    pub row_hash: String,
    pub state_under_review: i32,
    pub session_id: i32,
    pub cycle_id: i32,
    pub recommending_state: Option<i32>,
    pub text: String,
    pub response: Response,
    pub action: Option<ActionCategory>,
    pub themes: Vec<String>,
    pub affected_persons: Vec<String>,
    pub sdg_targets: Vec<String>,
    pub document_symbol: Option<String>,
    pub published_on: Option<NaiveDate>,
    /// The text folded for the search index, checked against the index's limits.
    pub search: SearchText,
}

/// Where an aid figure says it comes from.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct SourceRef {
    pub title: String,
    pub publisher: String,
    pub url: Option<String>,
}

/// An aid flow read from a file, checked and resolved.
#[derive(Debug, Clone)]
pub(crate) struct NewAidFlow {
    pub line: u64,
    pub natural_key: String,
    pub row_hash: String,
    pub donor: i32,
    pub recipient: i32,
    pub category: AidCategory,
    pub transaction_type: TransactionType,
    pub fiscal_year: Option<i32>,
    pub period_start: Option<NaiveDate>,
    pub period_end: Option<NaiveDate>,
    pub amount: Money,
    pub bound: Bound,
    pub constant_amount: Option<Money>,
    pub constant_base_year: Option<i32>,
    pub programme: Option<String>,
    pub agency: Option<String>,
    pub note: Option<String>,
    pub source: Option<SourceRef>,
}

/// What one file holds.
#[derive(Debug)]
pub(crate) enum Rows {
    Recommendations(Vec<NewRecommendation>),
    AidFlows(Vec<NewAidFlow>),
}

impl Rows {
    /// How many rows the file holds.
    pub(crate) fn len(&self) -> usize {
        match self {
            Self::Recommendations(rows) => rows.len(),
            Self::AidFlows(rows) => rows.len(),
        }
    }
}

/// A row matched to an earlier import's rows by its natural key, and told unchanged
/// by the hash of what it stores.
pub(crate) trait Keyed {
    /// The key that finds the row again in a later import of its file.
    fn natural_key(&self) -> &str;
    /// The hash of the row's stored fields.
    fn row_hash(&self) -> &str;
}

impl Keyed for NewRecommendation {
    fn natural_key(&self) -> &str {
        &self.natural_key
    }

    fn row_hash(&self) -> &str {
        &self.row_hash
    }
}

impl Keyed for NewAidFlow {
    fn natural_key(&self) -> &str {
        &self.natural_key
    }

    fn row_hash(&self) -> &str {
        &self.row_hash
    }
}
