//! The OHCHR Universal Human Rights Index export, as CSV, with OHCHR's column names
//! (misspellings included). Multi-valued cells hold one value a line, each line
//! starting `- `. Dates may be ISO dates, `DD/MM/YYYY`, or Excel serial numbers.
//! Only UPR recommendations are taken; other records (treaty-body or special
//! procedures recommendations) are counted and left out. A recommendation that
//! UHRI attributes to several states becomes one recommendation per state, as UPR
//! documents count them.

use chrono::{Days, NaiveDate};
use uprgraph_domain::Response;

use super::{
    fields::FieldKind,
    records::{row_hash, tick, NewRecommendation, Sheet},
    resolve::Resolver,
    table::Table,
    Format, Progress,
};

const COLUMNS: [&str; 11] = [
    "Text",
    "Countries Concerned",
    "Reccomending Body",
    "Document Symbol",
    "Themes",
    "Affected Persons",
    "Sdgs",
    "Document Publication Date",
    "UPR Reccomending States",
    "UPR Position",
    "Type",
];
const ANNOTATION_ID: &str = "OHCHR Annotation Id";
const SESSION: &str = "UPR Session";

/// The multi-valued cells, one value a line.
const MULTI_VALUED: [&str; 5] = [
    "Countries Concerned",
    "Themes",
    "Affected Persons",
    "Sdgs",
    "UPR Reccomending States",
];

/// What each column holds: the text, multi-valued cells, and one-line values.
pub(crate) fn field_kind(name: &str) -> Option<FieldKind> {
    let is = |columns: &[&str]| columns.iter().any(|c| c.eq_ignore_ascii_case(name));
    if name.eq_ignore_ascii_case("Text") {
        Some(FieldKind::Text)
    } else if is(&MULTI_VALUED) {
        Some(FieldKind::Lines)
    } else if is(&COLUMNS) || is(&[ANNOTATION_ID, SESSION]) {
        Some(FieldKind::Line)
    } else {
        None
    }
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

pub(crate) fn parse(
    table: &Table,
    sheet: &mut Sheet,
    resolver: &Resolver,
    progress: &dyn Progress,
) -> Result<Vec<NewRecommendation>, String> {
    let mut wanted = COLUMNS.to_vec();
    wanted.extend([ANNOTATION_ID, SESSION]);
    let columns = table.columns(&wanted).map_err(|missing| {
        format!(
            "not a Universal Human Rights Index export: no column {}",
            missing.join(", ")
        )
    })?;
    let [text, concerned, body, symbol, themes, affected, sdgs, published, recommenders, position, kind] =
        COLUMNS.map(|c| columns[c]);
    let (annotation, session) = (columns[ANNOTATION_ID], columns[SESSION]);
    let mut rows = Vec::new();
    for (done, record) in table.records.iter().enumerate() {
        tick(progress, done);
        if !sheet.check_width(record) {
            continue;
        }
        let field = |i: usize| record.fields[i].trim();
        if !is_upr_recommendation(field(kind), field(body)) {
            sheet.leave_out(format!(
                "not a UPR recommendation (Type `{}`, body `{}`)",
                field(kind),
                field(body)
            ));
            continue;
        }
        let errors_before = sheet.errors.len();
        let states = values(field(concerned));
        let state_under_review = match states.as_slice() {
            [one] => {
                let found = resolver.state_by_name(one);
                if found.is_none() {
                    sheet.reject(
                        record,
                        concerned,
                        "no state is known by this name; add the spelling as an alias if it is one",
                    );
                }
                found
            }
            _ => {
                sheet.reject(
                    record,
                    concerned,
                    "a UPR recommendation concerns exactly one state under review",
                );
                None
            }
        };
        let mut recommending = Vec::new();
        for name in values(field(recommenders)) {
            match resolver.state_by_name(&name) {
                Some(id) => recommending.push(Some(id)),
                None => sheet.reject(
                    record,
                    recommenders,
                    format!("no state is known as `{name}`"),
                ),
            }
        }
        if recommending.is_empty() && sheet.errors.len() == errors_before {
            recommending.push(None);
        }
        let response = match field(position).to_lowercase().as_str() {
            "" => Some(Response::Pending),
            p => match p.parse::<Response>() {
                Ok(r) => Some(r),
                Err(e) => {
                    sheet.reject(record, position, e.to_string());
                    None
                }
            },
        };
        let session_ids = match session_number(field(session)).map(|n| (n, resolver.session(n))) {
            Some((n, Some(ids))) => Some((n, ids)),
            _ => {
                sheet.reject(record, session, "not a known UPR session");
                None
            }
        };
        let published_on = if field(published).is_empty() {
            None
        } else {
            let date = parse_date(field(published));
            if date.is_none() {
                sheet.reject(
                    record,
                    published,
                    "not a date: expected YYYY-MM-DD, DD/MM/YYYY or an Excel serial number",
                );
            }
            date
        };
        if field(annotation).is_empty() {
            sheet.reject(record, annotation, "every UHRI record has an annotation id");
        }
        let search = if record.fields[text].trim().is_empty() {
            sheet.reject(record, text, "the recommendation has no text");
            None
        } else {
            sheet.search_text(record, text)
        };
        if sheet.errors.len() > errors_before {
            continue;
        }
        let (
            Some(state_under_review),
            Some(response),
            Some((number, (session_id, cycle_id))),
            Some(search),
        ) = (state_under_review, response, session_ids, search)
        else {
            continue;
        };
        let themes = values(field(themes));
        let affected_persons = values(field(affected));
        let sdg_targets: Vec<String> = values(field(sdgs)).iter().map(|v| sdg_target(v)).collect();
        let document_symbol = Some(field(symbol).to_owned()).filter(|s| !s.is_empty());
        for recommending_state in recommending {
            let recommender = recommending_state
                .map(|id| id.to_string())
                .unwrap_or_default();
            let natural_key = sheet.natural_key(Format::Uhri, &[field(annotation), &recommender]);
            let row_hash = row_hash(&[
                &record.fields[text],
                &state_under_review.to_string(),
                &number.to_string(),
                response.code(),
                &themes.join("\u{1f}"),
                &affected_persons.join("\u{1f}"),
                &sdg_targets.join("\u{1f}"),
                document_symbol.as_deref().unwrap_or_default(),
                &published_on.map(|d| d.to_string()).unwrap_or_default(),
            ]);
            rows.push(NewRecommendation {
                line: record.line,
                natural_key,
                row_hash,
                state_under_review,
                session_id,
                cycle_id,
                recommending_state,
                text: record.fields[text].clone(),
                response,
                action: None,
                themes: themes.clone(),
                affected_persons: affected_persons.clone(),
                sdg_targets: sdg_targets.clone(),
                document_symbol: document_symbol.clone(),
                published_on,
                search: search.clone(),
            });
        }
    }
    Ok(rows)
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
