//! ForeignAssistance.gov's country-level CSV: US aid to each country by fiscal year
//! and transaction type, in current and constant dollars. The donor is always the
//! United States. Regions, the world total, territories and former states are not
//! states: their rows are left out and counted by recipient in the report.

use chrono::NaiveDate;
use serde::Deserialize;
use uprgraph_domain::{AidCategory, Bound, Currency, Money, TransactionType};

use crate::import::{
    formats::spec::{FormatSpec, Input, SourceSpec},
    read::raw::{self, Line},
    read::resolve::Resolver,
    read::sheet::Sheet,
    read::table::Record,
    rows::{Donor, NewAidFlow, Rows},
};

/// ForeignAssistance.gov's country-level CSV.
pub(crate) const SPEC: FormatSpec = FormatSpec {
    name: "foreign-assistance",
    file: "a ForeignAssistance.gov country file",
    licence: Some("Public domain (U.S. Government work)"),
    source: SourceSpec {
        title: "ForeignAssistance.gov: U.S. foreign assistance by country",
        publisher: "U.S. Department of State and USAID",
        organization: Some("USGFA"),
        url: Some("https://foreignassistance.gov/"),
    },
    columns: raw::columns::<Raw>,
    aliases: &[],
    parse,
};

/// A record of the file: every column it reads holds one line.
#[derive(Debug, Deserialize)]
#[serde(bound(deserialize = "'de: 'r"))]
struct Raw<'r> {
    #[serde(rename = "Country Code")]
    code: Line<'r>,
    #[serde(rename = "Country Name")]
    name: Line<'r>,
    #[serde(rename = "Transaction Type Name")]
    kind: Line<'r>,
    #[serde(rename = "Fiscal Year")]
    year: Line<'r>,
    current_amount: Line<'r>,
    constant_amount: Line<'r>,
}

/// The transaction types the file uses, by name.
fn transaction_type(name: &str) -> Option<TransactionType> {
    Some(match name {
        "Obligations" => TransactionType::Obligation,
        "Disbursements" => TransactionType::Disbursement,
        "President's Budget Requests" => TransactionType::Request,
        "Appropriated and Planned" => TransactionType::Appropriation,
        "Initial Allocations" => TransactionType::Allocation,
        _ => return None,
    })
}

fn parse(mut input: Input<'_>) -> Result<Rows, String> {
    let layout = input.layout::<Raw>()?;
    let resolver = input.resolver;
    let donor = resolver
        .state_by_code("USA")
        .ok_or("the United States is missing from the reference data")?;
    let mut rows = Vec::with_capacity(input.table.records.len());
    input.each(&layout, |sheet, record, raw: Raw<'_>| {
        rows.extend(read(&raw, sheet, resolver, record, donor));
    });
    if rows.iter().any(|r| r.constant_amount.is_some()) {
        input.sheet.notes.push(
            "constant-dollar amounts are kept as the file gives them; the file does not state their base year".to_owned(),
        );
    }
    Ok(Rows::AidFlows(rows))
}

/// The aid flow a record holds from `donor`, or `None` when it is refused (and
/// recorded in `sheet`) or left out.
fn read(
    raw: &Raw<'_>,
    sheet: &mut Sheet,
    resolver: &Resolver,
    record: &Record,
    donor: i32,
) -> Option<NewAidFlow> {
    let errors_before = sheet.errors.len();
    let transaction = transaction_type(raw.kind.text());
    if transaction.is_none() {
        sheet.reject(record, raw.kind, "not a transaction type of this file");
    }
    let (fiscal_year, period) = fiscal_year(sheet, record, raw.year);
    let amount = money(sheet, record, raw.current_amount);
    let constant_amount = if raw.constant_amount.is_empty() {
        None
    } else {
        money(sheet, record, raw.constant_amount)
    };
    if sheet.errors.len() > errors_before {
        return None;
    }
    let Some(recipient) = resolver.state_by_code(raw.code.text()) else {
        sheet.leave_out(format!(
            "recipient is not a UN member or observer state (a region, the world, a territory or a former state): {} {}",
            raw.code.text(),
            raw.name.text()
        ));
        return None;
    };
    let natural_key = sheet.natural_key(&[raw.code.text(), raw.kind.text(), raw.year.text()]);
    Some(NewAidFlow {
        line: record.line,
        natural_key,
        donor: Donor::State(donor),
        recipient,
        category: AidCategory::Total,
        transaction_type: transaction?,
        fiscal_year,
        period_start: period.map(|p| p.0),
        period_end: period.map(|p| p.1),
        amount: amount?,
        bound: Bound::Exact,
        constant_amount,
        constant_base_year: None,
        programme: None,
        agency: None,
        note: period.map(|_| "Transition quarter, July to September 1976".to_owned()),
        source: None,
    })
}

/// The fiscal year in `cell`, or the period of the transition quarter of 1976
/// (1 July to 30 September), which came between two fiscal years when the US fiscal
/// year moved from July to October.
fn fiscal_year(
    sheet: &mut Sheet,
    record: &Record,
    cell: Line<'_>,
) -> (Option<i32>, Option<(NaiveDate, NaiveDate)>) {
    match cell.text() {
        "1976tq" | "1976TQ" => (
            None,
            NaiveDate::from_ymd_opt(1976, 7, 1).zip(NaiveDate::from_ymd_opt(1976, 9, 30)),
        ),
        y => match y.parse::<i32>() {
            Ok(y) if (1900..=2200).contains(&y) => (Some(y), None),
            _ => {
                sheet.reject(record, cell, "not a fiscal year");
                (None, None)
            }
        },
    }
}

/// An amount in dollars.
fn money(sheet: &mut Sheet, record: &Record, cell: Line<'_>) -> Option<Money> {
    sheet.value(record, cell, |value| {
        Money::parse_decimal(value, Currency::USD)
    })
}
