//! The OHCHR Universal Human Rights Index export, as its spreadsheet (XLSX, or CSV saved
//! from it) and as its JSON export, with OHCHR's column names (misspellings included,
//! and the corrected spellings of later exports). Every value is written as an item of
//! a list: multi-valued cells hold one value a line, each starting `- `, and one-value
//! cells start `- ` too (`- Supported`, `- 28th Session - Cycle 2`); a hyphen inside a
//! name (`Timor-Leste`) is part of it. Dates may be Excel serial numbers (with a
//! fraction of a day), ISO dates or `DD/MM/YYYY`.
//!
//! Only UPR recommendations are taken; other records (treaty bodies' and special
//! procedures' recommendations, `Concerns/Observations`) are counted and left out. A
//! recommendation that UHRI attributes to several states becomes one recommendation per
//! state, as UPR documents count them. Its text starts with its paragraph in the report
//! (`166.6.`), which is kept as the recommendation's paragraph, the text without it.
//!
//! A state concerned is named by a name, a spelling or an ISO code (`- IQ`). A UPR
//! recommendation concerns one state under review; a record that names several (two
//! values, or one value joining two names: `South Sudan - Sudan`) is given to the one of
//! them that the file's other records of the same document (its symbol: one review's
//! report) name alone, and refused when there is not exactly one.

use std::collections::{BTreeSet, HashMap};

use chrono::{Days, NaiveDate};
use serde::Deserialize;
use uprgraph_domain::{search::SearchText, Response};

use crate::import::{
    formats::spec::{FormatSpec, Input, SourceSpec},
    read::fields,
    read::raw::{self, given, Line, Lines, Text},
    read::resolve::Resolver,
    read::sheet::{one_value, Sheet},
    read::table::Record,
    rows::{NewRecommendation, Rows},
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
    aliases: ALIASES,
    parse,
};

/// The other names of the columns: the corrected spellings of later spreadsheets, and
/// the keys of the JSON export. The export's three other columns (`Regions Concerned`,
/// `Recommending Regions`, `Date of publication on UHRI`; the JSON's `Regions`,
/// `UprRecommendingRegions`, `PublicationDateOnUhri`, `DocumentId`, `UprCycle`) are not
/// read: the regions follow from the states, the cycle from the session.
const ALIASES: &[(&str, &str)] = &[
    ("Recommending Body", "Reccomending Body"),
    ("UPR Recommending States", "UPR Reccomending States"),
    ("AnnotationId", "OHCHR Annotation Id"),
    ("AnnotationType", "Type"),
    ("Body", "Reccomending Body"),
    ("Countries", "Countries Concerned"),
    ("Symbol", "Document Symbol"),
    ("AffectedPersons", "Affected Persons"),
    ("PublicationDate", "Document Publication Date"),
    ("UprRecommendingCountry", "UPR Reccomending States"),
    ("UprRecommendingStates", "UPR Reccomending States"),
    ("UprPositions", "UPR Position"),
    ("UprPosition", "UPR Position"),
    ("UprSession", "UPR Session"),
];

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
        let value = one_value(line);
        if !value.is_empty() && !out.iter().any(|v| v == value) {
            out.push(value.to_owned());
        }
    }
    out
}

/// Reads a date as UHRI exports write them.
pub(crate) fn parse_date(value: &str) -> Option<NaiveDate> {
    let value = one_value(value);
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

/// The session number in a value such as `9`, `Session 9`, `UPR 9th session` or
/// `- 28th Session - Cycle 2` (the first number: sessions are numbered across cycles).
fn session_number(value: &str) -> Option<i32> {
    let digits: String = value
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

/// The paragraph number a recommendation's text starts with (`166.6.` or `166.6 `: a
/// number, a dot and a number, or more, before the capital letter that starts the
/// recommendation), and the text after it.
fn paragraph(text: &str) -> (Option<&str>, &str) {
    let trimmed = text.trim_start();
    let number_end = trimmed
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(trimmed.len());
    let number = trimmed[..number_end].trim_end_matches('.');
    let parts: Vec<&str> = number.split('.').collect();
    let rest = &trimmed[number_end..];
    let numbered = parts.len() >= 2
        && parts.iter().all(|p| !p.is_empty() && p.len() <= 4)
        && rest
            .trim_start()
            .chars()
            .next()
            .is_some_and(char::is_uppercase);
    if numbered {
        (Some(number), rest.trim_start())
    } else {
        (None, text)
    }
}

/// Why a record is not a UPR recommendation, if it is not one.
fn not_a_upr_recommendation(kind: &str, body: &str) -> Option<String> {
    let (kind, body) = (one_value(kind), one_value(body));
    let lower = (kind.to_lowercase(), body.to_lowercase());
    if !lower.0.contains("recommendation") {
        Some(format!("not a recommendation (Type `{kind}`)"))
    } else if !(lower.1.contains("upr")
        || lower.1.contains("universal periodic review")
        || lower.0.contains("upr"))
    {
        Some(format!(
            "a recommendation of another body than the UPR (`{body}`)"
        ))
    } else {
        None
    }
}

fn parse(mut input: Input<'_>) -> Result<Rows, String> {
    let layout = input.layout::<Raw>()?;
    let resolver = input.resolver;
    let mut taken = Vec::new();
    input.each(
        &layout,
        |sheet, record, raw: Raw<'_>| match not_a_upr_recommendation(
            raw.kind.text(),
            raw.body.text(),
        ) {
            Some(reason) => sheet.leave_out(reason),
            None => taken.push((record, raw)),
        },
    );
    let concerned: Vec<Result<Vec<i32>, String>> = taken
        .iter()
        .map(|(_, raw)| states_concerned(raw, resolver))
        .collect();
    let reviewed = reviewed_by_document(&taken, &concerned);
    let texts: Vec<&str> = taken
        .iter()
        .map(|(_, raw)| paragraph(raw.text.raw()).1)
        .collect();
    let folded = fields::search_texts(&texts);
    let sheet = &mut *input.sheet;
    let mut given_by_document = 0;
    let mut rows = Vec::new();
    for (((record, raw), concerned), folded) in taken.iter().zip(concerned).zip(folded) {
        let state_under_review = match concerned {
            Ok(states) => match states.as_slice() {
                [one] => Some(*one),
                several => {
                    let state = state_under_review(raw, several, &reviewed);
                    match state {
                        Ok(state) => {
                            given_by_document += 1;
                            Some(state)
                        }
                        Err(reason) => {
                            sheet.reject(record, raw.concerned, reason);
                            None
                        }
                    }
                }
            },
            Err(reason) => {
                sheet.reject(record, raw.concerned, reason);
                None
            }
        };
        let checked = check(raw, sheet, resolver, record, state_under_review, folded);
        if let Some(checked) = checked {
            recommendations(raw, sheet, record, checked, &mut rows);
        }
    }
    if given_by_document > 0 {
        sheet.notes.push(format!(
            "{given_by_document} records name several states concerned; each was given to the \
             one that the other records of its document name alone"
        ));
    }
    Ok(Rows::Recommendations(rows))
}

/// The states a record concerns, or why one of its values names none.
fn states_concerned(raw: &Raw<'_>, resolver: &Resolver) -> Result<Vec<i32>, String> {
    let values = values(raw.concerned.text());
    if values.is_empty() {
        return Err("a UPR recommendation concerns a state under review; none is named".into());
    }
    let mut states = Vec::new();
    for value in values {
        let found = resolver.state(&value).map(|id| vec![id]).or_else(|| {
            // One value joining two names: `South Sudan - Sudan`.
            value
                .split(" - ")
                .map(|name| resolver.state(name.trim()))
                .collect::<Option<Vec<i32>>>()
                .filter(|ids| ids.len() > 1)
        });
        match found {
            Some(ids) => {
                for id in ids {
                    if !states.contains(&id) {
                        states.push(id);
                    }
                }
            }
            None => {
                return Err(format!(
                    "no state is known by the name or code `{value}`; add the spelling as an alias if it is one"
                ))
            }
        }
    }
    Ok(states)
}

/// For each document symbol, the states that the records naming one state concerned
/// name: the state its review is of.
fn reviewed_by_document<'r>(
    taken: &[(&Record, Raw<'r>)],
    concerned: &[Result<Vec<i32>, String>],
) -> HashMap<&'r str, BTreeSet<i32>> {
    let mut reviewed: HashMap<&str, BTreeSet<i32>> = HashMap::new();
    for ((_, raw), states) in taken.iter().zip(concerned) {
        if let Ok([one]) = states.as_deref() {
            reviewed.entry(raw.symbol.text()).or_default().insert(*one);
        }
    }
    reviewed
}

/// The state under review of a record that names `several` states concerned: the one
/// its document's other records name alone.
fn state_under_review(
    raw: &Raw<'_>,
    several: &[i32],
    reviewed: &HashMap<&str, BTreeSet<i32>>,
) -> Result<i32, String> {
    let symbol = raw.symbol.text();
    let alone: Vec<i32> = reviewed
        .get(symbol)
        .map(|states| {
            several
                .iter()
                .copied()
                .filter(|s| states.contains(s))
                .collect()
        })
        .unwrap_or_default();
    match alone.as_slice() {
        [one] if !symbol.is_empty() => Ok(*one),
        _ => Err(format!(
            "names {} states concerned, and a UPR recommendation concerns one state under review: \
             exactly one of them must be named alone by the other records of its document{}",
            several.len(),
            if symbol.is_empty() {
                String::new()
            } else {
                format!(" ({symbol})")
            }
        )),
    }
}

/// A UPR recommendation's values, checked.
struct Checked<'r> {
    state_under_review: i32,
    /// One recommendation is made of the record for each, or one without a state.
    recommending: Vec<Option<i32>>,
    response: Response,
    session: (i32, (i32, i32)),
    published_on: Option<NaiveDate>,
    paragraph: Option<&'r str>,
    text: &'r str,
    search: SearchText,
}

/// Checks every value of a UPR recommendation's record, recording each bad one in
/// `sheet`; `state_under_review` is `None` when the states concerned were refused, and
/// `folded` is its text without its paragraph, folded for the search index.
fn check<'r>(
    raw: &Raw<'r>,
    sheet: &mut Sheet,
    resolver: &Resolver,
    record: &Record,
    state_under_review: Option<i32>,
    folded: Result<SearchText, String>,
) -> Option<Checked<'r>> {
    let errors_before = sheet.errors.len();
    let mut recommending = Vec::new();
    for name in values(raw.recommenders.text()) {
        match resolver.state(&name) {
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
    let (paragraph, text) = paragraph(raw.text.raw());
    let search = if text.trim().is_empty() {
        sheet.reject(record, raw.text, "the recommendation has no text");
        None
    } else {
        sheet.folded(record, raw.text, folded)
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
        paragraph,
        text,
        search: search?,
    })
}

/// The date of publication: `Some(None)` when empty, `None` when refused.
fn published_on(raw: &Raw<'_>, sheet: &mut Sheet, record: &Record) -> Option<Option<NaiveDate>> {
    let value = one_value(raw.published.text());
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
    checked: Checked<'_>,
    rows: &mut Vec<NewRecommendation>,
) {
    let (_, (session_id, cycle_id)) = checked.session;
    let themes = values(raw.themes.text());
    let affected_persons = values(raw.affected.text());
    let sdg_targets: Vec<String> = values(raw.sdgs.text())
        .iter()
        .map(|v| sdg_target(v))
        .collect();
    let document_symbol = given(Some(raw.symbol))
        .map(one_value)
        .filter(|s| !s.is_empty())
        .map(str::to_owned);
    let paragraph = checked.paragraph.map(str::to_owned);
    for recommending_state in checked.recommending {
        let recommender = recommending_state
            .map(|id| id.to_string())
            .unwrap_or_default();
        let natural_key = sheet.natural_key(&[raw.annotation.text(), &recommender]);
        rows.push(NewRecommendation {
            line: record.line,
            natural_key,
            state_under_review: checked.state_under_review,
            session_id,
            cycle_id,
            recommending_state,
            text: checked.text.to_owned(),
            response: checked.response,
            action: None,
            themes: themes.clone(),
            affected_persons: affected_persons.clone(),
            sdg_targets: sdg_targets.clone(),
            document_symbol: document_symbol.clone(),
            paragraph: paragraph.clone(),
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
        assert_eq!(session_number("- 28th Session - Cycle 2"), Some(28));
        assert_eq!(
            values("- Timor-Leste\n- Guinea-Bissau"),
            ["Timor-Leste", "Guinea-Bissau"]
        );
    }

    #[test]
    fn paragraph_numbers_start_the_text() {
        assert_eq!(
            paragraph("166.6. Ratify the Convention"),
            (Some("166.6"), "Ratify the Convention")
        );
        assert_eq!(paragraph("121.1 Ratify"), (Some("121.1"), "Ratify"));
        assert_eq!(paragraph("94.12.Consider"), (Some("94.12"), "Consider"));
        // Not a paragraph: one number, a number in the text, a figure.
        assert_eq!(paragraph("4. Ratify"), (None, "4. Ratify"));
        assert_eq!(paragraph("Ratify 12.3 now"), (None, "Ratify 12.3 now"));
        assert_eq!(
            paragraph("1.5 million people"),
            (None, "1.5 million people")
        );
        assert_eq!(paragraph("166.6."), (None, "166.6."));
    }

    #[test]
    fn records_that_are_not_upr_recommendations() {
        assert_eq!(not_a_upr_recommendation("- Recommendation", "- UPR"), None);
        assert!(
            not_a_upr_recommendation("- Concerns/Observations", "- CEDAW")
                .unwrap()
                .contains("not a recommendation")
        );
        assert!(not_a_upr_recommendation("- Recommendation", "- CRC")
            .unwrap()
            .contains("`CRC`"));
    }
}
