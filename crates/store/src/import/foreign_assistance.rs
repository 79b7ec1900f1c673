//! ForeignAssistance.gov's country-level CSV: US aid to each country by fiscal year
//! and transaction type, in current and constant dollars. The donor is always the
//! United States. Regions, the world total, territories and former states are not
//! states: their rows are left out and counted by recipient in the report.

use chrono::NaiveDate;
use uprgraph_domain::{AidCategory, Bound, Currency, Money, TransactionType};

use super::{
    fields::FieldKind,
    records::{row_hash, tick, NewAidFlow, Sheet},
    resolve::Resolver,
    table::Table,
    Format, Progress,
};

const COLUMNS: [&str; 6] = [
    "Country Code",
    "Country Name",
    "Transaction Type Name",
    "Fiscal Year",
    "current_amount",
    "constant_amount",
];

/// What each column holds: every column it reads holds one line.
pub(crate) fn field_kind(name: &str) -> Option<FieldKind> {
    COLUMNS
        .iter()
        .any(|c| c.eq_ignore_ascii_case(name))
        .then_some(FieldKind::Line)
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

pub(crate) fn parse(
    table: &Table,
    sheet: &mut Sheet,
    resolver: &Resolver,
    progress: &dyn Progress,
) -> Result<Vec<NewAidFlow>, String> {
    let columns = table.columns(&COLUMNS).map_err(|missing| {
        format!(
            "not a ForeignAssistance.gov country file: no column {}",
            missing.join(", ")
        )
    })?;
    let [code, name, kind, year, current, constant] = COLUMNS.map(|c| columns[c]);
    let donor = resolver
        .state_by_code("USA")
        .ok_or("the United States is missing from the reference data")?;
    let mut rows = Vec::with_capacity(table.records.len());
    for (done, record) in table.records.iter().enumerate() {
        tick(progress, done);
        if !sheet.check_width(record) {
            continue;
        }
        let field = |i: usize| record.fields[i].trim();
        let errors_before = sheet.errors.len();
        let transaction = transaction_type(field(kind));
        if transaction.is_none() {
            sheet.reject(record, kind, "not a transaction type of this file");
        }
        // The transition quarter of 1976 (1 July to 30 September) came between two fiscal
        // years when the US fiscal year moved from July to October.
        let (fiscal_year, period) = match field(year) {
            "1976tq" | "1976TQ" => (
                None,
                NaiveDate::from_ymd_opt(1976, 7, 1).zip(NaiveDate::from_ymd_opt(1976, 9, 30)),
            ),
            y => match y.parse::<i32>() {
                Ok(y) if (1900..=2200).contains(&y) => (Some(y), None),
                _ => {
                    sheet.reject(record, year, "not a fiscal year");
                    (None, None)
                }
            },
        };
        let money = |sheet: &mut Sheet, column: usize| match Money::parse_decimal(
            field(column),
            Currency::USD,
        ) {
            Ok(m) => Some(m),
            Err(e) => {
                sheet.reject(record, column, e.to_string());
                None
            }
        };
        let amount = money(sheet, current);
        let constant_amount = if field(constant).is_empty() {
            None
        } else {
            money(sheet, constant)
        };
        if sheet.errors.len() > errors_before {
            continue;
        }
        let Some(recipient) = resolver.state_by_code(field(code)) else {
            sheet.leave_out(format!(
                "recipient is not a UN member or observer state (a region, the world, a territory or a former state): {} {}",
                field(code),
                field(name)
            ));
            continue;
        };
        let (Some(transaction), Some(amount)) = (transaction, amount) else {
            continue;
        };
        let natural_key = sheet.natural_key(
            Format::ForeignAssistance,
            &[field(code), field(kind), field(year)],
        );
        let row_hash = row_hash(&[field(current), field(constant)]);
        rows.push(NewAidFlow {
            line: record.line,
            natural_key,
            row_hash,
            donor,
            recipient,
            category: AidCategory::Total,
            transaction_type: transaction,
            fiscal_year,
            period_start: period.map(|p| p.0),
            period_end: period.map(|p| p.1),
            amount,
            bound: Bound::Exact,
            constant_amount,
            constant_base_year: None,
            programme: None,
            agency: None,
            note: period.map(|_| "Transition quarter, July to September 1976".to_owned()),
            source: None,
        });
    }
    if rows.iter().any(|r| r.constant_amount.is_some()) {
        sheet.notes.push(
            "constant-dollar amounts are kept as the file gives them; the file does not state their base year".to_owned(),
        );
    }
    Ok(rows)
}
