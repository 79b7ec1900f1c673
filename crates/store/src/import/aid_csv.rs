//! uprgraph's generic aid-flow CSV, for figures from any publication. Columns, by
//! name in the header and in any order (see the README for the full description):
//!
//! - required: `donor`, `recipient` (ISO code or any known name), `category`,
//!   `transaction_type`, `amount` (exact decimal), `currency` (ISO 4217), and
//!   `fiscal_year` or `period_start` (YYYY-MM-DD);
//! - optional: `period_end`, `bound` (`EXACT`, `AT_LEAST`, `MORE_THAN`; default
//!   `EXACT`), `constant_amount`, `constant_base_year`, `programme`, `agency`,
//!   `source_title`, `source_publisher`, `source_url`, `note`.

use chrono::NaiveDate;
use uprgraph_domain::{AidCategory, Bound, Currency, Money, TransactionType};

use super::{
    fields::FieldKind,
    records::{row_hash, tick, NewAidFlow, Sheet, SourceRef},
    resolve::Resolver,
    table::{Record, Table},
    Format, Progress,
};

const REQUIRED: [&str; 6] = [
    "donor",
    "recipient",
    "category",
    "transaction_type",
    "amount",
    "currency",
];
const OPTIONAL: [&str; 12] = [
    "fiscal_year",
    "period_start",
    "period_end",
    "bound",
    "constant_amount",
    "constant_base_year",
    "programme",
    "agency",
    "source_title",
    "source_publisher",
    "source_url",
    "note",
];

/// What each column holds: a note, and one-line values.
pub(crate) fn field_kind(name: &str) -> Option<FieldKind> {
    if name.eq_ignore_ascii_case("note") {
        Some(FieldKind::Note)
    } else {
        REQUIRED
            .iter()
            .chain(&OPTIONAL)
            .any(|c| c.eq_ignore_ascii_case(name))
            .then_some(FieldKind::Line)
    }
}

pub(crate) fn parse(
    table: &Table,
    sheet: &mut Sheet,
    resolver: &Resolver,
    progress: &dyn Progress,
) -> Result<Vec<NewAidFlow>, String> {
    let required = table
        .columns(&REQUIRED)
        .map_err(|missing| format!("not an aid CSV: no column {}", missing.join(", ")))?;
    let optional = |name: &str| {
        table
            .header
            .iter()
            .position(|h| h.eq_ignore_ascii_case(name))
    };
    let [fiscal_year, period_start, period_end, bound, constant_amount, constant_base_year, programme, agency, source_title, source_publisher, source_url, note] =
        OPTIONAL.map(optional);
    if fiscal_year.is_none() && period_start.is_none() {
        return Err("not an aid CSV: it needs a fiscal_year or a period_start column".to_owned());
    }
    let mut rows = Vec::with_capacity(table.records.len());
    for (done, record) in table.records.iter().enumerate() {
        tick(progress, done);
        if !sheet.check_width(record) {
            continue;
        }
        let text = |column: Option<usize>| {
            column
                .map(|i| record.fields[i].trim())
                .filter(|v| !v.is_empty())
        };
        let errors_before = sheet.errors.len();

        let state = |sheet: &mut Sheet, name: &str| {
            let i = required[name];
            let found = resolver.state(record.fields[i].trim());
            if found.is_none() {
                sheet.reject(record, i, "no state has this code or name");
            }
            found
        };
        let donor = state(sheet, "donor");
        let recipient = state(sheet, "recipient");
        let category = parse_code::<AidCategory>(sheet, record, required["category"]);
        let transaction =
            parse_code::<TransactionType>(sheet, record, required["transaction_type"]);
        let bound = match bound.filter(|&i| !record.fields[i].trim().is_empty()) {
            Some(i) => parse_code::<Bound>(sheet, record, i),
            None => Some(Bound::Exact),
        };
        let currency = match Currency::parse(record.fields[required["currency"]].trim()) {
            Ok(c) => Some(c),
            Err(e) => {
                sheet.reject(record, required["currency"], e.to_string());
                None
            }
        };
        let money = |sheet: &mut Sheet, column: usize| {
            let currency = currency?;
            match Money::parse_decimal(record.fields[column].trim(), currency) {
                Ok(m) => Some(m),
                Err(e) => {
                    sheet.reject(record, column, e.to_string());
                    None
                }
            }
        };
        let amount = money(sheet, required["amount"]);
        let constant = match constant_amount.filter(|&i| !record.fields[i].trim().is_empty()) {
            Some(i) => money(sheet, i),
            None => None,
        };
        let year = |sheet: &mut Sheet, column: Option<usize>| -> Option<i32> {
            let i = column?;
            let value = record.fields[i].trim();
            if value.is_empty() {
                return None;
            }
            match value.parse::<i32>() {
                Ok(y) if (1900..=2200).contains(&y) => Some(y),
                _ => {
                    sheet.reject(record, i, "not a year");
                    None
                }
            }
        };
        let fiscal = year(sheet, fiscal_year);
        let base_year = year(sheet, constant_base_year);
        let date = |sheet: &mut Sheet, column: Option<usize>| -> Option<NaiveDate> {
            let i = column?;
            let value = record.fields[i].trim();
            if value.is_empty() {
                return None;
            }
            match NaiveDate::parse_from_str(value, "%Y-%m-%d") {
                Ok(d) => Some(d),
                Err(_) => {
                    sheet.reject(record, i, "not a date: expected YYYY-MM-DD");
                    None
                }
            }
        };
        let start = date(sheet, period_start);
        let end = date(sheet, period_end);
        if fiscal.is_none() && start.is_none() && sheet.errors.len() == errors_before {
            sheet.reject_row(
                record,
                String::new(),
                "give a fiscal_year or a period_start",
            );
        }
        if let (Some(start), Some(end)) = (start, end) {
            if end < start {
                sheet.reject(
                    record,
                    period_end.unwrap_or_default(),
                    "the period ends before it starts",
                );
            }
        }
        let source = match (text(source_title), text(source_publisher)) {
            (Some(title), Some(publisher)) => Some(SourceRef {
                title: title.to_owned(),
                publisher: publisher.to_owned(),
                url: text(source_url).map(str::to_owned),
            }),
            (None, None) if text(source_url).is_none() => None,
            _ => {
                sheet.reject_row(
                    record,
                    String::new(),
                    "a source needs both source_title and source_publisher",
                );
                None
            }
        };
        if sheet.errors.len() > errors_before {
            continue;
        }
        let (
            Some(donor),
            Some(recipient),
            Some(category),
            Some(transaction),
            Some(bound),
            Some(amount),
        ) = (donor, recipient, category, transaction, bound, amount)
        else {
            continue;
        };
        let fiscal_text = fiscal.map(|y| y.to_string()).unwrap_or_default();
        let start_text = start.map(|d| d.to_string()).unwrap_or_default();
        let end_text = end.map(|d| d.to_string()).unwrap_or_default();
        let natural_key = sheet.natural_key(
            Format::AidCsv,
            &[
                &donor.to_string(),
                &recipient.to_string(),
                category.code(),
                transaction.code(),
                &fiscal_text,
                &start_text,
                &end_text,
                text(programme).unwrap_or_default(),
                text(agency).unwrap_or_default(),
                text(source_title).unwrap_or_default(),
            ],
        );
        let row_hash = row_hash(&[
            &amount.to_string(),
            &constant.map(|c| c.to_string()).unwrap_or_default(),
            &base_year.map(|y| y.to_string()).unwrap_or_default(),
            bound.code(),
            text(note).unwrap_or_default(),
            text(source_publisher).unwrap_or_default(),
            text(source_url).unwrap_or_default(),
        ]);
        rows.push(NewAidFlow {
            line: record.line,
            natural_key,
            row_hash,
            donor,
            recipient,
            category,
            transaction_type: transaction,
            fiscal_year: fiscal,
            period_start: start,
            period_end: end,
            amount,
            bound,
            constant_amount: constant,
            constant_base_year: base_year,
            programme: text(programme).map(str::to_owned),
            agency: text(agency).map(str::to_owned),
            note: text(note).map(str::to_owned),
            source,
        });
    }
    Ok(rows)
}

fn parse_code<T: std::str::FromStr<Err = uprgraph_domain::DomainError>>(
    sheet: &mut Sheet,
    record: &Record,
    column: usize,
) -> Option<T> {
    match record.fields[column].trim().parse::<T>() {
        Ok(v) => Some(v),
        Err(e) => {
            sheet.reject(record, column, e.to_string());
            None
        }
    }
}
