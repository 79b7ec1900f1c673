//! One figure, counted once: an aid figure that the database already holds, or that
//! an earlier file of the same import brings, is not taken again.
//!
//! A figure is a fact of one source (the publication it names, or the dataset's
//! source: ForeignAssistance.gov, OECD DAC Table 2a, ...) about a donor, a recipient,
//! a category, a transaction type, a fiscal year or a period, a programme and an
//! agency, in a currency. A row of a file is compared with every figure held but those
//! of an earlier import of the same file (which the import matches by natural key):
//!
//! - the same fact with the same amount is the same figure: the row is left out, and
//!   the report names its place and the figure held;
//! - the same fact with another amount contradicts the figure held: the row is refused
//!   with its place (an updated file is imported under the name of the one it
//!   updates, which then changes);
//! - a period inside the period of a figure held for the same source, parties and
//!   measure is a part of that figure (a year of a multi-year total): left out and
//!   named, as the same figure is;
//! - a period that holds the period of a figure held is a total of which the database
//!   holds a part: refused, since a sum would add the part twice.
//!
//! So within one source no fact is held twice, and aid sums, which are always kept
//! apart by source (`stats.rs`), never add one fact twice.

use std::collections::HashMap;

use chrono::NaiveDate;
use sea_orm::{
    sea_query::{Expr, ExprTrait, Query},
    ConnectionTrait, FromQueryResult,
};
use uprgraph_domain::{AidCategory, Currency, Money, TransactionType};

use crate::import::{
    read::Parsed,
    rows::{Donor, NewAidFlow, Rows, SourceRef},
    Format, RowError,
};

use crate::{
    entity::{
        aid_flow,
        code::{StoredAidCategory, StoredCurrency, StoredTransactionType},
        dataset, source,
    },
    StoreError,
};

/// A row of a file left out because its figure is held already: where it is, and
/// what holds the figure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlreadyHeld {
    /// The line of the row (from 1; the header is line 1), or its row in a sheet.
    pub line: u64,
    /// What the row is, and what holds it already.
    pub reason: String,
}

/// Whose figure a fact is.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum SourceIdent {
    /// A source the database has.
    Id(i32),
    /// A source a row names that the database does not have yet.
    Named(SourceRef),
    /// A format's source that the database does not have yet.
    Format(&'static str),
}

/// What a figure is about, but its period.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Parties {
    source: SourceIdent,
    donor: Donor,
    recipient: i32,
    category: AidCategory,
    transaction: TransactionType,
    currency: Currency,
    programme: Option<String>,
    agency: Option<String>,
}

/// A fact: what a figure is about, and its period.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Fact {
    parties: Parties,
    fiscal_year: Option<i32>,
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
}

/// A figure held, and where.
#[derive(Debug)]
struct Figure {
    fact: Fact,
    amount: Money,
    /// "the reference data", "dataset F, line N", "F, line N of this import".
    held_in: String,
}

/// A held figure's row, as read.
#[derive(Debug, FromQueryResult)]
struct HeldRow {
    donor_state_id: Option<i32>,
    donor_organization_id: Option<i32>,
    recipient_state_id: i32,
    category: StoredAidCategory,
    transaction_type: StoredTransactionType,
    fiscal_year: Option<i32>,
    period_start: Option<NaiveDate>,
    period_end: Option<NaiveDate>,
    amount_minor: i64,
    currency: StoredCurrency,
    programme: Option<String>,
    agency: Option<String>,
    source_id: Option<i32>,
    source_line: Option<i32>,
    dataset_source_id: Option<i32>,
    dataset_name: Option<String>,
}

/// A source, as read.
#[derive(Debug, FromQueryResult)]
struct SourceRow {
    id: i32,
    key: Option<String>,
    title: String,
    publisher: String,
    url: Option<String>,
}

/// The figures the database holds, indexed by fact, and those the import's files
/// bring as they are checked.
#[derive(Debug, Default)]
pub(crate) struct Held {
    figures: Vec<Figure>,
    by_fact: HashMap<Fact, usize>,
    /// The figures for a period (not a fiscal year), by what they are about.
    by_parties: HashMap<Parties, Vec<usize>>,
    sources_by_ref: HashMap<(String, String, Option<String>), i32>,
    sources_by_key: HashMap<String, i32>,
}

impl Held {
    /// The aid figures of the database, but those of an earlier import of one of the
    /// `files` of `format` (the import matches them itself).
    pub(crate) async fn load<C: ConnectionTrait>(
        db: &C,
        format: Format,
        files: &[&str],
    ) -> Result<Self, StoreError> {
        let mut held = Self::default();
        let sources = Query::select()
            .columns([
                source::Column::Id,
                source::Column::Key,
                source::Column::Title,
                source::Column::Publisher,
                source::Column::Url,
            ])
            .from(source::Entity)
            .to_owned();
        for row in db.query_all(&sources).await? {
            let row = SourceRow::from_query_result(&row, "")?;
            if let Some(key) = row.key {
                held.sources_by_key.insert(key, row.id);
            }
            held.sources_by_ref
                .insert((row.title, row.publisher, row.url), row.id);
        }
        let mut select = Query::select();
        select
            .columns(
                [
                    aid_flow::Column::DonorStateId,
                    aid_flow::Column::DonorOrganizationId,
                    aid_flow::Column::RecipientStateId,
                    aid_flow::Column::Category,
                    aid_flow::Column::TransactionType,
                    aid_flow::Column::FiscalYear,
                    aid_flow::Column::PeriodStart,
                    aid_flow::Column::PeriodEnd,
                    aid_flow::Column::AmountMinor,
                    aid_flow::Column::Currency,
                    aid_flow::Column::Programme,
                    aid_flow::Column::Agency,
                    aid_flow::Column::SourceId,
                    aid_flow::Column::SourceLine,
                ]
                .map(|column| (aid_flow::Entity, column)),
            )
            .expr_as(
                Expr::col((dataset::Entity, dataset::Column::SourceId)),
                "dataset_source_id",
            )
            .expr_as(
                Expr::col((dataset::Entity, dataset::Column::Name)),
                "dataset_name",
            )
            .from(aid_flow::Entity)
            .left_join(
                dataset::Entity,
                Expr::col((dataset::Entity, dataset::Column::Id))
                    .equals((aid_flow::Entity, aid_flow::Column::DatasetId)),
            );
        // The flows of an earlier import of one of the files are matched by the import.
        for name in files {
            select.and_where(
                Expr::col((dataset::Entity, dataset::Column::Id))
                    .is_null()
                    .or(Expr::col((dataset::Entity, dataset::Column::Format)).ne(format.name()))
                    .or(Expr::col((dataset::Entity, dataset::Column::Name)).ne(*name)),
            );
        }
        for row in db.query_all(&select).await? {
            let row = HeldRow::from_query_result(&row, "")?;
            let Some(donor) = Donor::stored(row.donor_state_id, row.donor_organization_id) else {
                continue;
            };
            let source = row.source_id.or(row.dataset_source_id);
            let held_in = match (&row.dataset_name, row.source_line) {
                (Some(name), Some(line)) => format!("dataset {name}, line {line}"),
                (Some(name), None) => format!("dataset {name}"),
                (None, _) => "the reference data".to_owned(),
            };
            let currency = row.currency.0;
            held.add(Figure {
                fact: Fact {
                    parties: Parties {
                        source: source.map_or(SourceIdent::Format(""), SourceIdent::Id),
                        donor,
                        recipient: row.recipient_state_id,
                        category: row.category.0,
                        transaction: row.transaction_type.0,
                        currency,
                        programme: row.programme,
                        agency: row.agency,
                    },
                    fiscal_year: row.fiscal_year,
                    start: row.period_start,
                    end: row.period_end,
                },
                amount: Money::from_minor_units(row.amount_minor, currency),
                held_in,
            });
        }
        Ok(held)
    }

    /// Indexes a figure. The first figure of a fact is the one others are compared with.
    fn add(&mut self, figure: Figure) {
        let index = self.figures.len();
        self.by_fact.entry(figure.fact.clone()).or_insert(index);
        if figure.fact.fiscal_year.is_none() && figure.fact.start.is_some() {
            self.by_parties
                .entry(figure.fact.parties.clone())
                .or_default()
                .push(index);
        }
        self.figures.push(figure);
    }

    /// The source a row of `format` is a figure of.
    fn source_of(&self, format: Format, row: &NewAidFlow) -> SourceIdent {
        match &row.source {
            Some(named) => self
                .sources_by_ref
                .get(&(
                    named.title.clone(),
                    named.publisher.clone(),
                    named.url.clone(),
                ))
                .map_or_else(
                    || SourceIdent::Named(named.clone()),
                    |id| SourceIdent::Id(*id),
                ),
            None => self
                .sources_by_key
                .get(&format!("format:{}", format.name()))
                .map_or(SourceIdent::Format(format.name()), |id| {
                    SourceIdent::Id(*id)
                }),
        }
    }

    /// Takes out of each file's aid flows those whose figure is held already (into the
    /// report, with their place) or that contradict one held (refused, with their
    /// place), file after file, each file's figures then held for the next.
    pub(crate) fn check(&mut self, format: Format, files: &mut [Parsed]) {
        for parsed in files {
            let Rows::AidFlows(rows) = &mut parsed.rows else {
                continue;
            };
            let report = &mut parsed.report;
            let sheet = parsed.sheet.clone();
            let mut kept = Vec::with_capacity(rows.len());
            for row in std::mem::take(rows) {
                let fact = Fact {
                    parties: Parties {
                        source: self.source_of(format, &row),
                        donor: row.donor,
                        recipient: row.recipient,
                        category: row.category,
                        transaction: row.transaction_type,
                        currency: row.amount.currency(),
                        programme: row.programme.clone(),
                        agency: row.agency.clone(),
                    },
                    fiscal_year: row.fiscal_year,
                    start: row.period_start,
                    end: row.period_end,
                };
                match self.verdict(&fact, row.amount) {
                    Verdict::New => {
                        self.add(Figure {
                            fact,
                            amount: row.amount,
                            held_in: format!("{}, line {} of this import", report.file, row.line),
                        });
                        kept.push(row);
                    }
                    Verdict::Held(reason) => {
                        *report
                            .left_out
                            .entry("figures held already (each is listed with its line)".to_owned())
                            .or_default() += 1;
                        report.already_held.push(AlreadyHeld {
                            line: row.line,
                            reason,
                        });
                    }
                    Verdict::Contradicts(reason) => report.rejected.push(RowError {
                        file: report.file.clone(),
                        sheet: sheet.clone(),
                        line: row.line,
                        column: String::new(),
                        cell: None,
                        value: row.amount.to_string(),
                        reason,
                        fields: Vec::new(),
                    }),
                }
            }
            report.rejected.sort_by_key(|e| e.line);
            *rows = kept;
        }
    }

    /// What a row's fact and amount are to the figures held.
    fn verdict(&self, fact: &Fact, amount: Money) -> Verdict {
        if let Some(&index) = self.by_fact.get(fact) {
            let held = &self.figures[index];
            return if held.amount == amount {
                Verdict::Held(format!(
                    "the same figure ({amount}) is held already: {}",
                    held.held_in
                ))
            } else {
                Verdict::Contradicts(format!(
                    "the same source gives {} for the same donor, recipient, measure and period ({}): a figure is held once; import an updated file under the name of the one it updates",
                    held.amount, held.held_in
                ))
            };
        }
        let (Some(start), Some(end), None) = (fact.start, fact.end, fact.fiscal_year) else {
            return Verdict::New;
        };
        let periods = self.by_parties.get(&fact.parties).into_iter().flatten();
        for &index in periods {
            let held = &self.figures[index];
            let (Some(held_start), Some(held_end)) = (held.fact.start, held.fact.end) else {
                continue;
            };
            if held_start <= start && end <= held_end {
                return Verdict::Held(format!(
                    "a part ({amount}, {start} to {end}) of a figure held already ({}, {held_start} to {held_end}): {}",
                    held.amount, held.held_in
                ));
            }
            if start <= held_start && held_end <= end {
                return Verdict::Contradicts(format!(
                    "the database holds a part of this figure ({}, {held_start} to {held_end}: {}); a sum would count that part twice",
                    held.amount, held.held_in
                ));
            }
        }
        Verdict::New
    }
}

/// What a row is to the figures held.
enum Verdict {
    /// A figure not held: taken.
    New,
    /// The same figure, or a part of one, is held: left out, for this reason.
    Held(String),
    /// It contradicts a figure held: refused, for this reason.
    Contradicts(String),
}
