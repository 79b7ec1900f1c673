//! The state of checking one file, which every format reads its records through:
//! the rows refused with their place, the rows left out, remarks, and the natural
//! keys seen so far.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use std::fmt;

use serde::Deserialize;
use uprgraph_domain::{search::SearchText, Response};

use crate::import::{
    read::fields,
    read::raw::{Cell, Layout, Line, Text},
    read::table::Record,
    read::xlsx,
    short_hash, Progress, RowError,
};

/// The state of checking one file: its errors, what it leaves out, and the natural
/// keys seen so far (to number repeated rows).
#[derive(Debug)]
pub(crate) struct Sheet {
    pub file: String,
    /// The name of the file's format, the first part of every natural key.
    format: &'static str,
    /// The spreadsheet's sheet the rows come from, if the file is a spreadsheet.
    pub sheet: Option<String>,
    pub header: Vec<String>,
    pub header_line: u64,
    pub max_text_bytes: usize,
    pub errors: Vec<RowError>,
    pub left_out: BTreeMap<String, u64>,
    pub notes: Vec<String>,
    keys: HashMap<String, u32>,
    /// Organisation memberships the file states, as (organisation code, state id).
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
    /// A sheet for the file `file` of the format named `format`, read with `header`
    /// on `header_line` (of `sheet`, for a spreadsheet).
    pub(crate) fn new(
        file: &str,
        format: &'static str,
        (header, header_line, sheet): (&[String], u64, Option<&str>),
        max_text_bytes: usize,
    ) -> Self {
        Self {
            file: file.to_owned(),
            format,
            sheet: sheet.map(str::to_owned),
            header: header.to_vec(),
            header_line,
            max_text_bytes,
            errors: Vec::new(),
            left_out: BTreeMap::new(),
            notes: Vec::new(),
            keys: HashMap::new(),
            memberships: BTreeSet::new(),
        }
    }

    /// Records a bad value in a column (an index, or a [`Cell`]) of a record.
    pub(crate) fn reject(
        &mut self,
        record: &Record,
        column: impl Into<usize>,
        reason: impl Into<String>,
    ) {
        let column = column.into();
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

    /// What `read` makes of the trimmed value of `cell`, or `None` with the record
    /// refused at the cell's column for the reason `read` gives.
    pub(crate) fn value<T, E: fmt::Display, K>(
        &mut self,
        record: &Record,
        cell: Cell<'_, K>,
        read: impl FnOnce(&str) -> Result<T, E>,
    ) -> Option<T> {
        match read(cell.text()) {
            Ok(value) => Some(value),
            Err(reason) => {
                self.reject(record, cell, reason.to_string());
                None
            }
        }
    }

    /// The response in `cell`: pending when empty. A leading `- ` is not part of it (UHRI
    /// writes every value of its exports as an item of a list, `- Supported`).
    pub(crate) fn response(&mut self, record: &Record, cell: Line<'_>) -> Option<Response> {
        self.value(record, cell, |value| match one_value(value) {
            "" => Ok(Response::Pending),
            value => value.parse::<Response>(),
        })
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

    /// A record read as the raw row `T` whose `layout` was found in the header, or
    /// `None` when it is refused: when it has not as many fields as the header.
    pub(crate) fn read<'r, T: Deserialize<'r>>(
        &mut self,
        layout: &Layout,
        record: &'r Record,
    ) -> Option<T> {
        if !self.check_width(record) {
            return None;
        }
        match layout.read(record) {
            Ok(row) => Some(row),
            Err(reason) => {
                self.reject_row(record, String::new(), reason);
                None
            }
        }
    }

    /// Checks that a record has as many fields as the header.
    fn check_width(&mut self, record: &Record) -> bool {
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

    /// Checks a recommendation's text (`text`, read from `cell`) as the search index will
    /// hold it, and folds it.
    pub(crate) fn search_text(
        &mut self,
        record: &Record,
        cell: Text<'_>,
        text: &str,
    ) -> Option<SearchText> {
        self.folded(record, cell, fields::search_text(text))
    }

    /// A recommendation's text (read from `cell`) already folded by
    /// [`fields::search_texts`], or refused with the reason it gave.
    pub(crate) fn folded(
        &mut self,
        record: &Record,
        cell: Text<'_>,
        folded: Result<SearchText, String>,
    ) -> Option<SearchText> {
        match folded {
            Ok(folded) => Some(folded),
            Err(reason) => {
                self.reject(record, cell, reason);
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
    pub(crate) fn natural_key(&mut self, parts: &[&str]) -> String {
        let mut all: Vec<&[u8]> = vec![self.format.as_bytes(), self.file.as_bytes()];
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

/// A one-value cell's value without the `- ` that UHRI's exports put before every value.
pub(crate) fn one_value(cell: &str) -> &str {
    let value = cell.trim();
    value.strip_prefix('-').map_or(value, str::trim_start)
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
