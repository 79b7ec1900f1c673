//! The checked rows a format makes of a file and the writer writes: what the
//! formats and the writer share, so that neither depends on the other.

use chrono::NaiveDate;
use uprgraph_domain::{
    search::SearchText, ActionCategory, AidCategory, ArmsStatus, Bound, Money, Response, Tiv,
    TransactionType,
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
    /// The paragraph of the document (`166.6`), where the file gives it.
    pub paragraph: Option<String>,
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

/// An arms transfer (a deal of SIPRI's register) read from a file, checked and
/// resolved, with its deliveries. A flag `*_is_estimate` says that SIPRI marks the
/// value beside it uncertain.
#[derive(Debug, Clone)]
pub(crate) struct NewArmsTransfer {
    /// The line of the deal's first row.
    pub line: u64,
    pub natural_key: String,
    pub row_hash: String,
    pub supplier: i32,
    pub recipient: i32,
    /// SIPRI's `SIPRI AT Database ID`, where the layout has it.
    pub sipri_id: Option<i64>,
    pub order_year: i32,
    pub order_year_is_estimate: bool,
    pub number_ordered: Option<i32>,
    pub number_ordered_is_estimate: bool,
    pub designation: String,
    pub description: String,
    pub armament_category: Option<String>,
    pub status: ArmsStatus,
    pub comments: Option<String>,
    pub tiv_per_unit: Option<Tiv>,
    /// The newer layout's `SIPRI estimate`: the unit TIV before the deal's own
    /// adjustment (it differs from `tiv_per_unit` for second-hand weapons).
    pub tiv_sipri_estimate: Option<Tiv>,
    pub tiv_order: Option<Tiv>,
    pub number_delivered: Option<i32>,
    pub number_delivered_is_estimate: bool,
    pub tiv_delivered: Option<Tiv>,
    pub local_production: Option<bool>,
    pub deliveries: Vec<NewArmsDelivery>,
}

/// One year of an arms transfer's deliveries. The register lists a deal's years of
/// delivery without splitting its numbers and TIV among them: a deal delivered over
/// several years has its years here with no number or TIV (`None`), and its totals on
/// the deal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NewArmsDelivery {
    pub year: i32,
    pub year_is_estimate: Option<bool>,
    pub number: Option<i32>,
    pub number_is_estimate: Option<bool>,
    pub tiv: Option<Tiv>,
}

/// What one file holds.
#[derive(Debug)]
pub(crate) enum Rows {
    Recommendations(Vec<NewRecommendation>),
    AidFlows(Vec<NewAidFlow>),
    /// Arms transfers, with the day the export says it was generated.
    ArmsTransfers {
        generated_on: Option<NaiveDate>,
        deals: Vec<NewArmsTransfer>,
    },
}

impl Rows {
    /// How many rows the file holds.
    pub(crate) fn len(&self) -> usize {
        match self {
            Self::Recommendations(rows) => rows.len(),
            Self::AidFlows(rows) => rows.len(),
            Self::ArmsTransfers { deals, .. } => deals.len(),
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

impl Keyed for NewArmsTransfer {
    fn natural_key(&self) -> &str {
        &self.natural_key
    }

    fn row_hash(&self) -> &str {
        &self.row_hash
    }
}
