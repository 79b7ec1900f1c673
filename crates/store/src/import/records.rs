//! The checked records importers produce, and the steps every format shares:
//! decoding, parsing, row errors and natural keys.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;
use uprgraph_domain::{ActionCategory, AidCategory, Bound, Money, Response, TransactionType};

use uprgraph_domain::search::SearchText;

use super::{
    decode::decode,
    fields,
    resolve::Resolver,
    sha256_hex, short_hash,
    table::{Record, Table},
    xlsx, Counts, FileReport, Format, ImportError, ImportOptions, InputFile, Progress, RowError,
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

/// A file read and checked, ready to write.
#[derive(Debug)]
pub(crate) struct Parsed {
    pub report: FileReport,
    pub rows: Rows,
    /// The SHA-256 of the file's bytes.
    pub checksum: String,
    /// A licence to record with the dataset, where the format's publisher states one.
    pub licence: Option<&'static str>,
    /// Organisation memberships the file states, as (organisation code, state id).
    pub memberships: BTreeSet<(String, i32)>,
    /// The sheet the rows were read from, for a spreadsheet.
    pub sheet: Option<String>,
}

/// Reads, decodes and checks one file.
pub(crate) fn parse_file(
    format: Format,
    file: &InputFile,
    options: &ImportOptions,
    resolver: &Resolver,
    progress: &dyn Progress,
) -> Result<Parsed, ImportError> {
    let unreadable = |reason: String| ImportError::Unreadable {
        file: file.name.clone(),
        reason,
    };
    let (mut table, encoding, encoding_detected) = if xlsx::is_xlsx(&file.bytes) {
        (xlsx::read(&file.bytes).map_err(unreadable)?, "XLSX", true)
    } else {
        let decoded = decode(&file.bytes, options.encoding).map_err(unreadable)?;
        let table = Table::parse(&decoded.text).map_err(|(line, reason)| {
            unreadable(format!("line {line}: not readable as CSV: {reason}"))
        })?;
        (table, decoded.encoding.name(), decoded.detected)
    };
    if table.header.iter().all(String::is_empty) && table.records.is_empty() {
        return Err(unreadable(
            "the file is empty: no header, no rows".to_owned(),
        ));
    }
    let mut sheet = Sheet {
        file: file.name.clone(),
        sheet: table.sheet.clone(),
        header: table.header.clone(),
        header_line: table.header_line,
        max_text_bytes: options.max_text_bytes,
        errors: Vec::new(),
        left_out: BTreeMap::new(),
        notes: Vec::new(),
        keys: HashMap::new(),
        memberships: BTreeSet::new(),
    };
    let rows_read = table.records.len() as u64;
    fields::check(format, &mut table, &mut sheet);
    progress.start(&file.name, "checking", table.records.len() as u64);
    let rows = match format {
        Format::UprInfo => Rows::Recommendations(
            super::upr_info::parse(&table, &mut sheet, resolver, progress).map_err(unreadable)?,
        ),
        Format::Uhri => Rows::Recommendations(
            super::uhri::parse(&table, &mut sheet, resolver, progress).map_err(unreadable)?,
        ),
        Format::ForeignAssistance => Rows::AidFlows(
            super::foreign_assistance::parse(&table, &mut sheet, resolver, progress)
                .map_err(unreadable)?,
        ),
        Format::AidCsv => Rows::AidFlows(
            super::aid_csv::parse(&table, &mut sheet, resolver, progress).map_err(unreadable)?,
        ),
    };
    progress.finish();
    if rows_read == 0 && !options.allow_empty {
        return Err(unreadable(format!(
            "no data rows: the file holds only its header ({} {}); give --allow-empty to import it as an empty dataset",
            if table.sheet.is_some() { "row" } else { "line" },
            table.header_line
        )));
    }
    // The checks common to every format run first: the errors are put back in the
    // order of the file.
    sheet.errors.sort_by_key(|e| e.line);
    let licence = match format {
        Format::ForeignAssistance => Some("Public domain (U.S. Government work)"),
        _ => None,
    };
    Ok(Parsed {
        report: FileReport {
            file: file.name.clone(),
            format,
            encoding,
            encoding_detected,
            rows_read,
            counts: Counts::default(),
            rejected: std::mem::take(&mut sheet.errors),
            left_out: std::mem::take(&mut sheet.left_out),
            notes: std::mem::take(&mut sheet.notes),
        },
        rows,
        checksum: sha256_hex(&[&file.bytes]),
        licence,
        memberships: sheet.memberships,
        sheet: sheet.sheet,
    })
}

/// The state of checking one file: its errors, what it leaves out, and the natural
/// keys seen so far (to number repeated rows).
#[derive(Debug)]
pub(crate) struct Sheet {
    pub file: String,
    /// The spreadsheet's sheet the rows come from, if the file is a spreadsheet.
    pub sheet: Option<String>,
    pub header: Vec<String>,
    pub header_line: u64,
    pub max_text_bytes: usize,
    pub errors: Vec<RowError>,
    pub left_out: BTreeMap<String, u64>,
    pub notes: Vec<String>,
    keys: HashMap<String, u32>,
    pub memberships: BTreeSet<(String, i32)>,
}

/// Values longer than this many characters are shortened in error messages (the
/// file of rejected rows keeps the whole row).
const SHOWN_CHARS: usize = 100;

fn shown(value: &str) -> String {
    match value.char_indices().nth(SHOWN_CHARS) {
        Some((end, _)) => format!("{}… ({} bytes)", &value[..end], value.len()),
        None => value.to_owned(),
    }
}

impl Sheet {
    /// Records a bad value in a column of a record.
    pub(crate) fn reject(&mut self, record: &Record, column: usize, reason: impl Into<String>) {
        self.errors.push(RowError {
            file: self.file.clone(),
            sheet: self.sheet.clone(),
            line: record.line,
            column: self.header.get(column).cloned().unwrap_or_default(),
            cell: self
                .sheet
                .as_ref()
                .map(|_| format!("{}{}", xlsx::column_letters(column), record.line)),
            value: shown(record.fields.get(column).map_or("", String::as_str)),
            reason: reason.into(),
            fields: record.fields.clone(),
        });
    }

    /// Records a bad cell whose value is not among the record's fields.
    pub(crate) fn reject_value(
        &mut self,
        record: &Record,
        column: usize,
        value: &str,
        reason: impl Into<String>,
    ) {
        self.reject(record, column, reason);
        if let Some(error) = self.errors.last_mut() {
            error.value = shown(value);
        }
    }

    /// Records a record that is wrong as a whole.
    pub(crate) fn reject_row(&mut self, record: &Record, value: String, reason: impl Into<String>) {
        self.errors.push(RowError {
            file: self.file.clone(),
            sheet: self.sheet.clone(),
            line: record.line,
            column: String::new(),
            cell: None,
            value: shown(&value),
            reason: reason.into(),
            fields: record.fields.clone(),
        });
    }

    /// Checks that a record has as many fields as the header.
    pub(crate) fn check_width(&mut self, record: &Record) -> bool {
        if record.fields.len() == self.header.len() {
            return true;
        }
        let (place, unit) = match self.sheet {
            Some(_) => ("row", "cells"),
            None => ("line", "fields"),
        };
        let reason = format!(
            "expected {} {unit}, as in the header on {place} {} ({}), found {}",
            self.header.len(),
            self.header_line,
            self.header.join(", "),
            record.fields.len()
        );
        self.reject_row(record, format!("{} {unit}", record.fields.len()), reason);
        false
    }

    /// Checks a recommendation's text as the search index will hold it, and folds it.
    pub(crate) fn search_text(&mut self, record: &Record, column: usize) -> Option<SearchText> {
        match fields::search_text(&record.fields[column]) {
            Ok(folded) => Some(folded),
            Err(reason) => {
                self.reject(record, column, reason);
                None
            }
        }
    }
    /// Counts a record left out on purpose.
    pub(crate) fn leave_out(&mut self, reason: impl Into<String>) {
        *self.left_out.entry(reason.into()).or_default() += 1;
    }

    /// The natural key of a row made of `parts`. Identical rows in one file are kept
    /// apart by their rank among the repeats, so that both are taken and a second
    /// import matches each to itself.
    pub(crate) fn natural_key(&mut self, format: Format, parts: &[&str]) -> String {
        let mut all: Vec<&[u8]> = vec![format.name().as_bytes(), self.file.as_bytes()];
        all.extend(parts.iter().map(|p| p.as_bytes()));
        let base = short_hash(&all);
        let rank = self.keys.entry(base.clone()).or_insert(0);
        *rank += 1;
        if *rank == 1 {
            base
        } else {
            short_hash(&[base.as_bytes(), rank.to_string().as_bytes()])
        }
    }
}

/// The SHA-256 of the stored fields of a row, to tell an updated row from an unchanged one.
pub(crate) fn row_hash(parts: &[&str]) -> String {
    let bytes: Vec<&[u8]> = parts.iter().map(|p| p.as_bytes()).collect();
    short_hash(&bytes)
}

/// Reports progress every so many rows.
pub(crate) fn tick(progress: &dyn Progress, done: usize) {
    if done % 1024 == 0 {
        progress.advance(done as u64);
    }
}
