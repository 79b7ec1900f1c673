//! The OHCHR Universal Human Rights Index export, as CSV, with OHCHR's column names
//! (misspellings included). Multi-valued cells hold one value a line, each line
//! starting `- `. Dates may be ISO dates, `DD/MM/YYYY`, or Excel serial numbers.
//! Only UPR recommendations are taken; other records (treaty-body or special
//! procedures recommendations) are counted and left out. A recommendation that
//! UHRI attributes to several states becomes one recommendation per state, as UPR
//! documents count them.

use chrono::{Days, NaiveDate};
use serde::Deserialize;
use uprgraph_domain::{search::SearchText, Response};

use super::{
    raw::{self, given, Line, Lines, Text},
    resolve::Resolver,
    rows::{NewRecommendation, Rows},
    sheet::{row_hash, Sheet},
    spec::{FormatSpec, Input, SourceSpec},
    table::Record,
};

/// The Universal Human Rights Index export.
pub(crate) const SPEC: FormatSpec = FormatSpec {
    name: "uhri",
    file: "a Universal Human Rights Index export",
    licence: None,
    source: SourceSpec {
        title: "Universal Human Rights Index",
        publisher: "Office of the United Nations High Commissioner for Human Rights",
        organization: Some("OHCHR"),
        url: Some("https://uhri.ohchr.org/"),
    },
    columns: raw::columns::<Raw>,
    parse,
};

/// A record of the export: the text, multi-valued cells (one value a line), and
/// one-line values.
#[derive(Debug, Deserialize)]
#[serde(bound(deserialize = "'de: 'r"))]
struct Raw<'r> {
    #[serde(rename = "Text")]
    text: Text<'r>,
    #[serde(rename = "Countries Concerned")]
    concerned: Lines<'r>,
    #[serde(rename = "Reccomending Body")]
    body: Line<'r>,
    #[serde(rename = "Document Symbol")]
    symbol: Line<'r>,
    #[serde(rename = "Themes")]
    themes: Lines<'r>,
    #[serde(rename = "Affected Persons")]
    affected: Lines<'r>,
    #[serde(rename = "Sdgs")]
    sdgs: Lines<'r>,
    #[serde(rename = "Document Publication Date")]
    published: Line<'r>,
    #[serde(rename = "UPR Reccomending States")]
    recommenders: Lines<'r>,
    #[serde(rename = "UPR Position")]
    position: Line<'r>,
    #[serde(rename = "Type")]
    kind: Line<'r>,
    #[serde(rename = "OHCHR Annotation Id")]
    annotation: Line<'r>,
    #[serde(rename = "UPR Session")]
    session: Line<'r>,
}

/// The values of a multi-valued cell.
fn values(cell: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for line in cell.split(['\n', '\r']) {
        let value = line.trim();
        let value = value
            .strip_prefix("- ")
            .or_else(|| value.strip_prefix('-'))
            .unwrap_or(value)
            .trim();
        if !value.is_empty() && !out.iter().any(|v| v == value) {
            out.push(value.to_owned());
        }
    }
    out
}

/// Reads a date as UHRI exports write them.
pub(crate) fn parse_date(value: &str) -> Option<NaiveDate> {
    let value = value.trim();
    if let Ok(serial) = value.parse::<f64>() {
        // Excel's 1900 date system counts 1900-01-01 as day 1 and believes 1900 was a
        // leap year, so from day 61 on, day n is n days after 1899-12-30.
        if !(61.0..=2_958_465.0).contains(&serial) {
            return None;
        }
        return NaiveDate::from_ymd_opt(1899, 12, 30)?
            .checked_add_days(Days::new(serial.trunc() as u64));
    }
    let date_part = value.split(['T', ' ']).next().unwrap_or(value);
    NaiveDate::parse_from_str(date_part, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(value, "%d/%m/%Y"))
        .or_else(|_| NaiveDate::parse_from_str(value, "%d %B %Y"))
        .ok()
}

/// The SDG target code at the start of a value such as `16.3 - Promote the rule of law`.
fn sdg_target(value: &str) -> String {
    let code: String = value
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '.')
        .collect();
    if code.contains('.') && code.starts_with(|c: char| c.is_ascii_digit()) {
        code
    } else {
        value.to_owned()
    }
}

/// The session number in a value such as `9`, `Session 9` or `UPR 9th session`.
fn session_number(value: &str) -> Option<i32> {
    let digits: String = value
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

fn is_upr_recommendation(kind: &str, body: &str) -> bool {
    let kind = kind.to_lowercase();
    let body = body.to_lowercase();
    kind.contains("recommendation")
        && (body.contains("upr")
            || body.contains("universal periodic review")
            || kind.contains("upr"))
}

fn parse(mut input: Input<'_>) -> Result<Rows, String> {
    let layout = input.layout::<Raw>()?;
    let resolver = input.resolver;
    let mut rows = Vec::new();
    input.each(&layout, |sheet, record, raw: Raw<'_>| {
        let (kind, body) = (raw.kind.text(), raw.body.text());
        if !is_upr_recommendation(kind, body) {
            sheet.leave_out(format!(
                "not a UPR recommendation (Type `{kind}`, body `{body}`)"
            ));
        } else if let Some(checked) = check(&raw, sheet, resolver, record) {
            recommendations(&raw, sheet, record, checked, &mut rows);
        }
    });
    Ok(Rows::Recommendations(rows))
}

/// A UPR recommendation's values, checked.
struct Checked {
    state_under_review: i32,
    /// One recommendation is made of the record for each, or one without a state.
    recommending: Vec<Option<i32>>,
    response: Response,
    session: (i32, (i32, i32)),
    published_on: Option<NaiveDate>,
    search: SearchText,
}

/// Checks every value of a UPR recommendation's record, recording each bad one in
/// `sheet`.
fn check(
    raw: &Raw<'_>,
    sheet: &mut Sheet,
    resolver: &Resolver,
    record: &Record,
) -> Option<Checked> {
    let errors_before = sheet.errors.len();
    let state_under_review = state_under_review(raw, sheet, resolver, record);
    let mut recommending = Vec::new();
    for name in values(raw.recommenders.text()) {
        match resolver.state_by_name(&name) {
            Some(id) => recommending.push(Some(id)),
            None => sheet.reject(
                record,
                raw.recommenders,
                format!("no state is known as `{name}`"),
            ),
        }
    }
    if recommending.is_empty() && sheet.errors.len() == errors_before {
        recommending.push(None);
    }
    let response = sheet.response(record, raw.position);
    let session = match session_number(raw.session.text()).map(|n| (n, resolver.session(n))) {
        Some((n, Some(ids))) => Some((n, ids)),
        _ => {
            sheet.reject(record, raw.session, "not a known UPR session");
            None
        }
    };
    let published_on = published_on(raw, sheet, record);
    if raw.annotation.is_empty() {
        sheet.reject(
            record,
            raw.annotation,
            "every UHRI record has an annotation id",
        );
    }
    let search = if raw.text.is_empty() {
        sheet.reject(record, raw.text, "the recommendation has no text");
        None
    } else {
        sheet.search_text(record, raw.text)
    };
    if sheet.errors.len() > errors_before {
        return None;
    }
    Some(Checked {
        state_under_review: state_under_review?,
        recommending,
        response: response?,
        session: session?,
        published_on: published_on.flatten(),
        search: search?,
    })
}

/// The one state a recommendation concerns.
fn state_under_review(
    raw: &Raw<'_>,
    sheet: &mut Sheet,
    resolver: &Resolver,
    record: &Record,
) -> Option<i32> {
    match values(raw.concerned.text()).as_slice() {
        [one] => {
            let found = resolver.state_by_name(one);
            if found.is_none() {
                sheet.reject(
                    record,
                    raw.concerned,
                    "no state is known by this name; add the spelling as an alias if it is one",
                );
            }
            found
        }
        _ => {
            sheet.reject(
                record,
                raw.concerned,
                "a UPR recommendation concerns exactly one state under review",
            );
            None
        }
    }
}

/// The date of publication: `Some(None)` when empty, `None` when refused.
fn published_on(raw: &Raw<'_>, sheet: &mut Sheet, record: &Record) -> Option<Option<NaiveDate>> {
    let value = raw.published.text();
    if value.is_empty() {
        return Some(None);
    }
    let date = parse_date(value);
    if date.is_none() {
        sheet.reject(
            record,
            raw.published,
            "not a date: expected YYYY-MM-DD, DD/MM/YYYY or an Excel serial number",
        );
    }
    date.map(Some)
}

/// The rows of a checked record: one for each recommending state.
fn recommendations(
    raw: &Raw<'_>,
    sheet: &mut Sheet,
    record: &Record,
    checked: Checked,
    rows: &mut Vec<NewRecommendation>,
) {
    let (number, (session_id, cycle_id)) = checked.session;
    let themes = values(raw.themes.text());
    let affected_persons = values(raw.affected.text());
    let sdg_targets: Vec<String> = values(raw.sdgs.text())
        .iter()
        .map(|v| sdg_target(v))
        .collect();
    let document_symbol = given(Some(raw.symbol)).map(str::to_owned);
    let text = raw.text.raw();
    for recommending_state in checked.recommending {
        let recommender = recommending_state
            .map(|id| id.to_string())
            .unwrap_or_default();
        let natural_key = sheet.natural_key(&[raw.annotation.text(), &recommender]);
        let row_hash = row_hash(&[
            text,
            &checked.state_under_review.to_string(),
            &number.to_string(),
            checked.response.code(),
            &themes.join("\u{1f}"),
            &affected_persons.join("\u{1f}"),
            &sdg_targets.join("\u{1f}"),
            document_symbol.as_deref().unwrap_or_default(),
            &checked
                .published_on
                .map(|d| d.to_string())
                .unwrap_or_default(),
        ]);
        rows.push(NewRecommendation {
            line: record.line,
            natural_key,
            row_hash,
            state_under_review: checked.state_under_review,
            session_id,
            cycle_id,
            recommending_state,
            text: text.to_owned(),
            response: checked.response,
            action: None,
            themes: themes.clone(),
            affected_persons: affected_persons.clone(),
            sdg_targets: sdg_targets.clone(),
            document_symbol: document_symbol.clone(),
            published_on: checked.published_on,
            search: checked.search.clone(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_every_form_uhri_writes() {
        let expected = NaiveDate::from_ymd_opt(2021, 3, 15);
        assert_eq!(parse_date("44270"), expected);
        assert_eq!(parse_date("44270.5"), expected);
        assert_eq!(parse_date("2021-03-15"), expected);
        assert_eq!(parse_date("2021-03-15T00:00:00"), expected);
        assert_eq!(parse_date("15/03/2021"), expected);
        assert_eq!(parse_date("15 March 2021"), expected);
        assert_eq!(parse_date("soon"), None);
        assert_eq!(parse_date("12"), None);
    }

    #[test]
    fn multi_valued_cells() {
        assert_eq!(
            values("- Women's rights\n- Right to education\r\n"),
            ["Women's rights", "Right to education"]
        );
        assert_eq!(values("Israel"), ["Israel"]);
        assert_eq!(sdg_target("16.3 - Promote the rule of law"), "16.3");
        assert_eq!(session_number("UPR 43rd session"), Some(43));
    }
}
