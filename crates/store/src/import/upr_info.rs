//! The UPR Info database export: one recommendation a row, with columns
//! `To,To-Rgrp,To-Org,Text,From,From-Rgrp,From-Org,Response,Action,Issue,Session`.
//! The regional groups and organisations it gives for each state are the states'
//! own and are checked against the reference data, not stored per row.

use uprgraph_domain::{ActionCategory, Response};

use super::{
    fields::FieldKind,
    records::{row_hash, tick, NewRecommendation, Sheet},
    resolve::Resolver,
    table::Table,
    Format, Progress,
};

const COLUMNS: [&str; 11] = [
    "To",
    "To-Rgrp",
    "To-Org",
    "Text",
    "From",
    "From-Rgrp",
    "From-Org",
    "Response",
    "Action",
    "Issue",
    "Session",
];

/// What each column holds: the text, and one-line values.
pub(crate) fn field_kind(name: &str) -> Option<FieldKind> {
    if name.eq_ignore_ascii_case("Text") {
        Some(FieldKind::Text)
    } else {
        COLUMNS
            .iter()
            .any(|c| c.eq_ignore_ascii_case(name))
            .then_some(FieldKind::Line)
    }
}

/// How UPR Info writes "no state named" in its `From` column.
const UNKNOWN_STATE: [&str; 2] = ["&#40;Unknown&#41;", "(Unknown)"];

pub(crate) fn parse(
    table: &Table,
    sheet: &mut Sheet,
    resolver: &Resolver,
    progress: &dyn Progress,
) -> Result<Vec<NewRecommendation>, String> {
    let columns = table
        .columns(&COLUMNS)
        .map_err(|missing| format!("not a UPR Info export: no column {}", missing.join(", ")))?;
    let [to, to_org, text, from, from_org, response, action, issue, session] = [
        "To", "To-Org", "Text", "From", "From-Org", "Response", "Action", "Issue", "Session",
    ]
    .map(|name| columns[name]);
    let mut rows = Vec::with_capacity(table.records.len());
    let mut unknown_recommender = 0;
    // A few hundred spellings recur in tens of thousands of rows: resolve each once.
    let mut names: std::collections::HashMap<String, Option<i32>> =
        std::collections::HashMap::new();
    let mut state_by_name = |name: &str| -> Option<i32> {
        if let Some(found) = names.get(name) {
            return *found;
        }
        let found = resolver.state_by_name(name);
        names.insert(name.to_owned(), found);
        found
    };
    for (done, record) in table.records.iter().enumerate() {
        tick(progress, done);
        if !sheet.check_width(record) {
            continue;
        }
        let field = |i: usize| record.fields[i].trim();
        let errors_before = sheet.errors.len();

        let state_under_review = state_by_name(field(to));
        if state_under_review.is_none() {
            sheet.reject(
                record,
                to,
                "no state is known by this name; add the spelling as an alias if it is one",
            );
        }
        let recommending_state = if UNKNOWN_STATE.contains(&field(from)) {
            unknown_recommender += 1;
            None
        } else {
            let found = state_by_name(field(from));
            if found.is_none() {
                sheet.reject(
                    record,
                    from,
                    "no state is known by this name; add the spelling as an alias if it is one",
                );
            }
            found
        };
        let raw_text = &record.fields[text];
        let search = if raw_text.trim().is_empty() {
            sheet.reject(record, text, "the recommendation has no text");
            None
        } else {
            sheet.search_text(record, text)
        };
        let parsed_response = if field(response).is_empty() {
            Some(Response::Pending)
        } else {
            match field(response).parse::<Response>() {
                Ok(r) => Some(r),
                Err(e) => {
                    sheet.reject(record, response, e.to_string());
                    None
                }
            }
        };
        let parsed_action = if field(action).is_empty() {
            None
        } else {
            match field(action)
                .parse::<i64>()
                .map_err(|_| "not a number".to_owned())
                .and_then(|n| ActionCategory::new(n).map_err(|e| e.to_string()))
            {
                Ok(a) => Some(a),
                Err(reason) => {
                    sheet.reject(record, action, reason);
                    None
                }
            }
        };
        let parsed_session = match field(session).parse::<i32>() {
            Ok(number) => match resolver.session(number) {
                Some(found) => Some((number, found)),
                None => {
                    sheet.reject(record, session, "no such UPR session");
                    None
                }
            },
            Err(_) => {
                sheet.reject(record, session, "not a session number");
                None
            }
        };
        if sheet.errors.len() > errors_before {
            continue;
        }
        let (
            Some(state_under_review),
            Some(response),
            Some((number, (session_id, cycle_id))),
            Some(search),
        ) = (state_under_review, parsed_response, parsed_session, search)
        else {
            continue;
        };

        for (state, organizations) in [
            (Some(state_under_review), to_org),
            (recommending_state, from_org),
        ] {
            let Some(state) = state else { continue };
            for code in field(organizations).split(',').map(str::trim) {
                if !code.is_empty() && !UNKNOWN_STATE.contains(&code) {
                    sheet.memberships.insert((code.to_owned(), state));
                }
            }
        }
        let mut themes: Vec<String> = Vec::new();
        for theme in field(issue)
            .split(',')
            .map(str::trim)
            .filter(|t| !t.is_empty())
        {
            if !themes.iter().any(|t| t == theme) {
                themes.push(theme.to_owned());
            }
        }
        let recommender = recommending_state
            .map(|id| id.to_string())
            .unwrap_or_default();
        let action_code = parsed_action
            .map(|a| a.get().to_string())
            .unwrap_or_default();
        let natural_key = sheet.natural_key(
            Format::UprInfo,
            &[
                &state_under_review.to_string(),
                &number.to_string(),
                &recommender,
                raw_text,
            ],
        );
        // The text is part of the natural key, so a row whose text changed is a new row.
        let row_hash = row_hash(&[response.code(), &action_code, &themes.join("\u{1f}")]);
        rows.push(NewRecommendation {
            line: record.line,
            natural_key,
            row_hash,
            state_under_review,
            session_id,
            cycle_id,
            recommending_state,
            text: raw_text.clone(),
            response,
            action: parsed_action,
            themes,
            affected_persons: Vec::new(),
            sdg_targets: Vec::new(),
            document_symbol: None,
            published_on: None,
            search,
        });
    }
    if unknown_recommender > 0 {
        sheet.notes.push(format!(
            "{unknown_recommender} recommendations name no recommending state (`&#40;Unknown&#41;` in the file); they are kept without one"
        ));
    }
    Ok(rows)
}
