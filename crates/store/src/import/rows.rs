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

/// Who gave an aid flow: a state or an organisation.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Donor {
    State(i32),
    Organization(i32),
}

impl Donor {
    pub(crate) fn state(self) -> Option<i32> {
        match self {
            Self::State(id) => Some(id),
            Self::Organization(_) => None,
        }
    }

    pub(crate) fn organization(self) -> Option<i32> {
        match self {
            Self::State(_) => None,
            Self::Organization(id) => Some(id),
        }
    }

    /// The donor of a stored row, `None` when it has none (which the table's check
    /// prevents).
    pub(crate) fn stored(state: Option<i32>, organization: Option<i32>) -> Option<Self> {
        state
            .map(Self::State)
            .or(organization.map(Self::Organization))
    }
}

/// A state as its id alone, as rows' hashes held it before organisations gave aid, so
/// that the hashes stored for state donors stay those of the same rows.
impl std::fmt::Debug for Donor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::State(id) => write!(f, "{id:?}"),
            Self::Organization(id) => write!(f, "organization {id:?}"),
        }
    }
}

/// An aid flow read from a file, checked and resolved.
#[derive(Debug, Clone)]
pub(crate) struct NewAidFlow {
    pub line: u64,
    pub natural_key: String,
    pub donor: Donor,
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
    /// The line of the file the row was read from.
    fn line(&self) -> u64;
    /// The hash of every value the row stores but its line: each field as its `Debug`
    /// form. Each implementation takes the row apart with no `..`, so a field added to a
    /// row does not compile until it is hashed here or said not to be stored. The same
    /// for every format: a row is unchanged only when nothing it says differs. Its line
    /// is where it stands, not what it says: an unchanged row that moved in the file
    /// keeps its row and has its line set anew (`Plan::moved`), since citations name it.
    fn row_hash(&self) -> String;
}

/// The SHA-256 (short form) of `values`' `Debug` forms.
fn stored_hash(values: &[&dyn std::fmt::Debug]) -> String {
    let parts: Vec<String> = values.iter().map(|v| format!("{v:?}")).collect();
    let parts: Vec<&[u8]> = parts.iter().map(String::as_bytes).collect();
    super::short_hash(&parts)
}

impl Keyed for NewRecommendation {
    fn natural_key(&self) -> &str {
        &self.natural_key
    }

    fn line(&self) -> u64 {
        self.line
    }

    fn row_hash(&self) -> String {
        let Self {
            line: _,
            natural_key: _,
            state_under_review,
            session_id,
            cycle_id,
            recommending_state,
            text,
            response,
            action,
            themes,
            affected_persons,
            sdg_targets,
            document_symbol,
            paragraph,
            published_on,
            // The text folded, which follows `text`.
            search: _,
        } = self;
        stored_hash(&[
            state_under_review,
            session_id,
            cycle_id,
            recommending_state,
            text,
            response,
            action,
            themes,
            affected_persons,
            sdg_targets,
            document_symbol,
            paragraph,
            published_on,
        ])
    }
}

impl Keyed for NewAidFlow {
    fn natural_key(&self) -> &str {
        &self.natural_key
    }

    fn line(&self) -> u64 {
        self.line
    }

    fn row_hash(&self) -> String {
        let Self {
            line: _,
            natural_key: _,
            donor,
            recipient,
            category,
            transaction_type,
            fiscal_year,
            period_start,
            period_end,
            amount,
            bound,
            constant_amount,
            constant_base_year,
            programme,
            agency,
            note,
            source,
        } = self;
        stored_hash(&[
            donor,
            recipient,
            category,
            transaction_type,
            fiscal_year,
            period_start,
            period_end,
            amount,
            bound,
            constant_amount,
            constant_base_year,
            programme,
            agency,
            note,
            source,
        ])
    }
}

impl Keyed for NewArmsTransfer {
    fn natural_key(&self) -> &str {
        &self.natural_key
    }

    fn line(&self) -> u64 {
        self.line
    }

    fn row_hash(&self) -> String {
        let Self {
            line: _,
            natural_key: _,
            supplier,
            recipient,
            sipri_id,
            order_year,
            order_year_is_estimate,
            number_ordered,
            number_ordered_is_estimate,
            designation,
            description,
            armament_category,
            status,
            comments,
            tiv_per_unit,
            tiv_sipri_estimate,
            tiv_order,
            number_delivered,
            number_delivered_is_estimate,
            tiv_delivered,
            local_production,
            deliveries,
        } = self;
        stored_hash(&[
            supplier,
            recipient,
            sipri_id,
            order_year,
            order_year_is_estimate,
            number_ordered,
            number_ordered_is_estimate,
            designation,
            description,
            armament_category,
            status,
            comments,
            tiv_per_unit,
            tiv_sipri_estimate,
            tiv_order,
            number_delivered,
            number_delivered_is_estimate,
            tiv_delivered,
            local_production,
            deliveries,
        ])
    }
}
