//! A synthetic file in the layout of OHCHR's Universal Human Rights Index export, for
//! measuring the import at the scale of the whole export (about six times the UPR
//! Info files).
//!
//! Every row is a copy of a real UPR Info row (`../shared/datasets/upr-info/`): its
//! state under review, recommending state, text, response, issues and session. Each
//! text starts with `[synthetic load-test copy N]`, as the benchmarks' other synthetic
//! rows do, and the file's name (which becomes its dataset's name on import) starts
//! with `SYNTHETIC`. The dates are the day the file was made, in Excel's serial
//! numbers as the export writes them; the annotation ids are `synthetic-N`, one a row.

use std::path::{Path, PathBuf};

use anyhow::{ensure, Context};
use chrono::NaiveDate;

/// The file name the command writes by default, for `rows` rows.
pub(crate) fn default_name(rows: usize) -> String {
    format!("SYNTHETIC-uhri-load-test-{rows}.csv")
}

/// The export's columns, in its order and with its spellings.
const HEADER: [&str; 16] = [
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
    "OHCHR Annotation Id",
    "UPR Session",
    "Regions Concerned",
    "Recommending Regions",
    "Date of publication on UHRI",
];

/// The UPR Info files the rows are copied from.
const UPR_INFO: [&str; 3] = [
    "sessions-01-05.csv",
    "sessions-06-09.csv",
    "sessions-10-13.csv",
];

/// How UPR Info writes "no state named" in its `From` column.
const UNKNOWN_STATE: [&str; 2] = ["&#40;Unknown&#41;", "(Unknown)"];

/// A real UPR Info row, as read.
struct Original {
    to: String,
    to_group: String,
    text: String,
    from: String,
    from_group: String,
    response: String,
    issues: Vec<String>,
    session: u32,
}

/// Writes `rows` synthetic recommendations to `output` (a name in the current folder
/// by default) and returns its path.
pub(crate) fn synthetic_uhri(rows: usize, output: Option<PathBuf>) -> anyhow::Result<PathBuf> {
    ensure!(rows > 0, "ROWS must be at least 1");
    let output = output.unwrap_or_else(|| PathBuf::from(default_name(rows)));
    let originals = read_upr_info(&crate::datasets::folder().join("upr-info"))?;
    let today = excel_serial(chrono::Utc::now().date_naive());
    let mut writer =
        csv::Writer::from_path(&output).with_context(|| format!("writing {}", output.display()))?;
    writer.write_record(HEADER)?;
    for n in 0..rows {
        let original = &originals[n % originals.len()];
        let copy = n / originals.len() + 1;
        let recommender = match UNKNOWN_STATE.contains(&original.from.as_str()) {
            true => String::new(),
            false => item(&original.from),
        };
        let cycle = if original.session <= 12 { 1 } else { 2 };
        writer.write_record([
            format!("[synthetic load-test copy {copy}] {}", original.text),
            item(&original.to),
            item("UPR"),
            String::new(),
            original
                .issues
                .iter()
                .map(|i| item(i))
                .collect::<Vec<_>>()
                .join("\n"),
            String::new(),
            String::new(),
            today.clone(),
            recommender,
            item(&original.response),
            item("Recommendation"),
            format!("synthetic-{}", n + 1),
            item(&format!(
                "{} Session - Cycle {cycle}",
                ordinal(original.session)
            )),
            item(&original.to_group),
            item(&original.from_group),
            today.clone(),
        ])?;
    }
    writer.flush()?;
    Ok(output)
}

/// A value of a multi-valued cell: a line starting `- `.
fn item(value: &str) -> String {
    format!("- {value}")
}

/// `1st`, `2nd`, `3rd`, `4th`, ..., `11th`, ..., `21st`.
fn ordinal(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// A date as Excel's 1900 date system numbers it (day 1 is 1900-01-01, counting the
/// 29 February 1900 Excel believes in).
fn excel_serial(date: NaiveDate) -> String {
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30).expect("a date");
    (date - epoch).num_days().to_string()
}

/// Every row of the three UPR Info files (Mac OS Roman, CR line ends), Supported or
/// Noted as the export says (UPR Info's `Accepted` is Supported).
fn read_upr_info(folder: &Path) -> anyhow::Result<Vec<Original>> {
    let mut originals = Vec::new();
    for name in UPR_INFO {
        let path = folder.join(name);
        let bytes = std::fs::read(&path).with_context(|| path.display().to_string())?;
        let (text, _) = uprgraph_store::decode_text(&bytes, None)
            .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let headers = reader.headers()?.clone();
        let column = |name: &str| {
            headers
                .iter()
                .position(|h| h == name)
                .with_context(|| format!("{}: no column `{name}`", path.display()))
        };
        let [to, to_group, text, from, from_group, response, issue, session] = [
            "To",
            "To-Rgrp",
            "Text",
            "From",
            "From-Rgrp",
            "Response",
            "Issue",
            "Session",
        ]
        .map(column);
        let (to, to_group, text, from, from_group, response, issue, session) = (
            to?,
            to_group?,
            text?,
            from?,
            from_group?,
            response?,
            issue?,
            session?,
        );
        for record in reader.records() {
            let record = record?;
            let cell = |i: usize| record.get(i).unwrap_or_default().trim().to_owned();
            let response = match cell(response).as_str() {
                "Accepted" | "Supported" => "Supported",
                _ => "Noted",
            };
            originals.push(Original {
                to: cell(to),
                to_group: cell(to_group),
                text: cell(text),
                from: cell(from),
                from_group: cell(from_group),
                response: response.to_owned(),
                issues: cell(issue)
                    .split(',')
                    .map(str::trim)
                    .filter(|i| !i.is_empty())
                    .map(str::to_owned)
                    .collect(),
                session: cell(session)
                    .parse()
                    .with_context(|| format!("{}: a session number", path.display()))?,
            });
        }
    }
    ensure!(!originals.is_empty(), "no UPR Info rows were read");
    Ok(originals)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sessions_and_dates_as_the_export_writes_them() {
        assert_eq!(ordinal(1), "1st");
        assert_eq!(ordinal(12), "12th");
        assert_eq!(ordinal(22), "22nd");
        assert_eq!(ordinal(43), "43rd");
        let date = NaiveDate::from_ymd_opt(2021, 3, 15).unwrap();
        assert_eq!(excel_serial(date), "44270");
    }
}
