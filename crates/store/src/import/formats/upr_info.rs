//! The UPR Info database export: one recommendation a row, with columns
//! `To,To-Rgrp,To-Org,Text,From,From-Rgrp,From-Org,Response,Action,Issue,Session`.
//! The regional groups and organisations it gives for each state are the states'
//! own and are checked against the reference data, not stored per row.

use std::collections::HashMap;

use serde::Deserialize;
use uprgraph_domain::{search::SearchText, ActionCategory, Response};

use crate::import::{
    formats::spec::{FormatSpec, Input, SourceSpec},
    read::raw::{self, Line, Text},
    read::resolve::Resolver,
    read::sheet::Sheet,
    read::table::Record,
    rows::{NewRecommendation, Rows},
};

/// The UPR Info database export.
pub(crate) const SPEC: FormatSpec = FormatSpec {
    name: "upr-info",
    file: "a UPR Info export",
    licence: None,
    source: SourceSpec {
        title: "UPR Info database of UPR recommendations",
        publisher: "UPR Info",
        organization: Some("UPRINFO"),
        url: Some("https://www.upr-info.org/database/"),
    },
    columns: raw::columns::<Raw>,
    aliases: &[],
    parse,
};

/// A record of the export: the text, and one-line values. The regional groups are
/// required and checked, not read.
#[derive(Debug, Deserialize)]
#[serde(bound(deserialize = "'de: 'r"))]
struct Raw<'r> {
    #[serde(rename = "To")]
    to: Line<'r>,
    #[serde(rename = "To-Rgrp")]
    _to_rgrp: Line<'r>,
    #[serde(rename = "To-Org")]
    to_org: Line<'r>,
    #[serde(rename = "Text")]
    text: Text<'r>,
    #[serde(rename = "From")]
    from: Line<'r>,
    #[serde(rename = "From-Rgrp")]
    _from_rgrp: Line<'r>,
    #[serde(rename = "From-Org")]
    from_org: Line<'r>,
    #[serde(rename = "Response")]
    response: Line<'r>,
    #[serde(rename = "Action")]
    action: Line<'r>,
    #[serde(rename = "Issue")]
    issue: Line<'r>,
    #[serde(rename = "Session")]
    session: Line<'r>,
}

/// How UPR Info writes "no state named" in its `From` column.
const UNKNOWN_STATE: [&str; 2] = ["&#40;Unknown&#41;", "(Unknown)"];

/// The reason given for a state name that resolves to no state.
const UNKNOWN_NAME: &str =
    "no state is known by this name; add the spelling as an alias if it is one";

fn parse(mut input: Input<'_>) -> Result<Rows, String> {
    let layout = input.layout::<Raw>()?;
    let mut reader = Reader {
        resolver: input.resolver,
        names: HashMap::new(),
        unknown_recommender: 0,
    };
    let mut rows = Vec::with_capacity(input.table.records.len());
    input.each(&layout, |sheet, record, raw: Raw<'_>| {
        rows.extend(reader.read(sheet, record, &raw));
    });
    if reader.unknown_recommender > 0 {
        input.sheet.notes.push(format!(
            "{} recommendations name no recommending state (`&#40;Unknown&#41;` in the file); they are kept without one",
            reader.unknown_recommender
        ));
    }
    Ok(Rows::Recommendations(rows))
}

/// Reads the records of one file.
struct Reader<'a> {
    resolver: &'a Resolver,
    /// A few hundred spellings recur in tens of thousands of rows: each is resolved once.
    names: HashMap<String, Option<i32>>,
    /// Rows that name no recommending state.
    unknown_recommender: u64,
}

/// A record's values, checked.
struct Checked {
    state_under_review: i32,
    recommending_state: Option<i32>,
    response: Response,
    action: Option<ActionCategory>,
    session: (i32, (i32, i32)),
    search: SearchText,
}

impl Reader<'_> {
    /// The state a name resolves to.
    fn state_by_name(&mut self, name: &str) -> Option<i32> {
        if let Some(found) = self.names.get(name) {
            return *found;
        }
        let found = self.resolver.state_by_name(name);
        self.names.insert(name.to_owned(), found);
        found
    }

    /// The recommendation a record holds, or `None` when it is refused (and
    /// recorded in `sheet`).
    fn read(
        &mut self,
        sheet: &mut Sheet,
        record: &Record,
        raw: &Raw<'_>,
    ) -> Option<NewRecommendation> {
        let checked = self.check(sheet, record, raw)?;
        for (state, organizations) in [
            (Some(checked.state_under_review), raw.to_org),
            (checked.recommending_state, raw.from_org),
        ] {
            let Some(state) = state else { continue };
            for code in organizations.text().split(',').map(str::trim) {
                if !code.is_empty() && !UNKNOWN_STATE.contains(&code) {
                    sheet.memberships.insert((code.to_owned(), state));
                }
            }
        }
        let mut themes: Vec<String> = Vec::new();
        for theme in raw
            .issue
            .text()
            .split(',')
            .map(str::trim)
            .filter(|t| !t.is_empty())
        {
            if !themes.iter().any(|t| t == theme) {
                themes.push(theme.to_owned());
            }
        }
        Some(recommendation(
            sheet,
            record,
            raw.text.raw(),
            checked,
            themes,
        ))
    }

    /// Checks every value of a record, recording each bad one in `sheet`.
    fn check(&mut self, sheet: &mut Sheet, record: &Record, raw: &Raw<'_>) -> Option<Checked> {
        let errors_before = sheet.errors.len();
        let state_under_review = self.state_by_name(raw.to.text());
        if state_under_review.is_none() {
            sheet.reject(record, raw.to, UNKNOWN_NAME);
        }
        let recommending_state = if UNKNOWN_STATE.contains(&raw.from.text()) {
            self.unknown_recommender += 1;
            None
        } else {
            let found = self.state_by_name(raw.from.text());
            if found.is_none() {
                sheet.reject(record, raw.from, UNKNOWN_NAME);
            }
            found
        };
        let search = if raw.text.is_empty() {
            sheet.reject(record, raw.text, "the recommendation has no text");
            None
        } else {
            sheet.search_text(record, raw.text, raw.text.raw())
        };
        let response = sheet.response(record, raw.response);
        let action = action(sheet, record, raw.action);
        let session = self.session(sheet, record, raw.session);
        if sheet.errors.len() > errors_before {
            return None;
        }
        Some(Checked {
            state_under_review: state_under_review?,
            recommending_state,
            response: response?,
            action: action.flatten(),
            session: session?,
            search: search?,
        })
    }

    /// The session a record names, with its number.
    fn session(
        &self,
        sheet: &mut Sheet,
        record: &Record,
        cell: Line<'_>,
    ) -> Option<(i32, (i32, i32))> {
        match cell.text().parse::<i32>() {
            Ok(number) => match self.resolver.session(number) {
                Some(found) => Some((number, found)),
                None => {
                    sheet.reject(record, cell, "no such UPR session");
                    None
                }
            },
            Err(_) => {
                sheet.reject(record, cell, "not a session number");
                None
            }
        }
    }
}

/// The action category in `cell`: `Some(None)` when empty, `None` when refused.
fn action(sheet: &mut Sheet, record: &Record, cell: Line<'_>) -> Option<Option<ActionCategory>> {
    let value = cell.text();
    if value.is_empty() {
        return Some(None);
    }
    sheet
        .value(record, cell, |value| {
            value
                .parse::<i64>()
                .map_err(|_| "not a number".to_owned())
                .and_then(|n| ActionCategory::new(n).map_err(|e| e.to_string()))
        })
        .map(Some)
}

/// The row of a checked record with text `raw_text`.
fn recommendation(
    sheet: &mut Sheet,
    record: &Record,
    raw_text: &str,
    checked: Checked,
    themes: Vec<String>,
) -> NewRecommendation {
    let (number, (session_id, cycle_id)) = checked.session;
    let recommender = checked
        .recommending_state
        .map(|id| id.to_string())
        .unwrap_or_default();
    let natural_key = sheet.natural_key(&[
        &checked.state_under_review.to_string(),
        &number.to_string(),
        &recommender,
        raw_text,
    ]);
    NewRecommendation {
        line: record.line,
        natural_key,
        state_under_review: checked.state_under_review,
        session_id,
        cycle_id,
        recommending_state: checked.recommending_state,
        text: raw_text.to_owned(),
        response: checked.response,
        action: checked.action,
        themes,
        affected_persons: Vec::new(),
        sdg_targets: Vec::new(),
        document_symbol: None,
        paragraph: None,
        published_on: None,
        search: checked.search,
    }
}
