//! SIPRI's Arms Transfers Database, as its export writes it, in either of its two
//! layouts, told apart by the header:
//!
//! - the trade register (`Recipient, Supplier, Year of order, , Number ordered, , ...`):
//!   one row per deal, with its years of delivery as a list (`2022; 2023`) and the
//!   number and TIV delivered over all of them; an unnamed column after the year of
//!   order, the number ordered and the number delivered holds `?` when SIPRI is
//!   unsure of the value;
//! - the newer layout with ids (`SIPRI AT Database ID, Supplier, Recipient, ...`):
//!   one row per deal and year of delivery, with an "is estimate" column beside the
//!   order date, the number delivered and the year.
//!
//! Both start with a preamble of notes, whose `Data generated:` line gives the day of
//! the export. Volumes are SIPRI trend-indicator values in millions ([`Tiv`]), never
//! money. Parties that are not UN member or observer states (former states such as
//! the Soviet Union, armed groups, NATO, `unknown supplier(s)`) are left out and
//! counted by name in the report.

use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDate;
use serde::Deserialize;
use uprgraph_domain::{ArmsStatus, Tiv};

use crate::import::{
    formats::spec::{FormatSpec, Input, SourceSpec},
    read::raw::{self, Column, Layout, Line, Note},
    read::resolve::Resolver,
    read::sheet::{row_hash, tick, Sheet},
    read::table::Record,
    rows::{NewArmsDelivery, NewArmsTransfer, Rows},
};

/// SIPRI's Arms Transfers Database export.
pub(crate) const SPEC: FormatSpec = FormatSpec {
    name: "sipri",
    file: "a SIPRI Arms Transfers Database export (trade register)",
    licence: Some("(c) SIPRI; credit the SIPRI Arms Transfers Database"),
    source: SourceSpec {
        title: "SIPRI Arms Transfers Database",
        publisher: "Stockholm International Peace Research Institute (SIPRI)",
        organization: None,
        url: Some("https://www.sipri.org/databases/armstransfers"),
    },
    columns,
    aliases: &[],
    parse,
};

/// A row of the trade register: one deal.
#[derive(Debug, Deserialize)]
#[serde(bound(deserialize = "'de: 'r"))]
struct Register<'r> {
    #[serde(rename = "Recipient")]
    recipient: Line<'r>,
    #[serde(rename = "Supplier")]
    supplier: Line<'r>,
    #[serde(rename = "Year of order")]
    order_year: Line<'r>,
    #[serde(rename = "Number ordered")]
    number_ordered: Line<'r>,
    #[serde(rename = "Weapon designation")]
    designation: Line<'r>,
    #[serde(rename = "Weapon description")]
    description: Line<'r>,
    #[serde(rename = "Number delivered")]
    number_delivered: Line<'r>,
    #[serde(rename = "Year(s) of delivery")]
    delivery_years: Line<'r>,
    status: Line<'r>,
    #[serde(rename = "Comments")]
    comments: Note<'r>,
    #[serde(rename = "SIPRI TIV per unit")]
    tiv_per_unit: Line<'r>,
    #[serde(rename = "SIPRI TIV for total order")]
    tiv_order: Line<'r>,
    #[serde(rename = "SIPRI TIV of delivered weapons")]
    tiv_delivered: Line<'r>,
}

/// A row of the newer layout: one year of a deal's deliveries.
#[derive(Debug, Deserialize)]
#[serde(bound(deserialize = "'de: 'r"))]
struct WithIds<'r> {
    #[serde(rename = "SIPRI AT Database ID")]
    id: Line<'r>,
    #[serde(rename = "Supplier")]
    supplier: Line<'r>,
    #[serde(rename = "Recipient")]
    recipient: Line<'r>,
    #[serde(rename = "Designation")]
    designation: Line<'r>,
    #[serde(rename = "Description")]
    description: Line<'r>,
    #[serde(rename = "Armament category")]
    category: Line<'r>,
    #[serde(rename = "Order date")]
    order_year: Line<'r>,
    #[serde(rename = "Order date is estimate")]
    order_year_estimate: Line<'r>,
    #[serde(rename = "Numbers delivered")]
    number: Line<'r>,
    #[serde(rename = "Numbers delivered is estimate")]
    number_estimate: Line<'r>,
    #[serde(rename = "Delivery year")]
    year: Line<'r>,
    #[serde(rename = "Delivery year is estimate")]
    year_estimate: Line<'r>,
    #[serde(rename = "Status")]
    status: Line<'r>,
    #[serde(rename = "SIPRI estimate")]
    sipri_estimate: Line<'r>,
    #[serde(rename = "TIV deal unit")]
    tiv_per_unit: Line<'r>,
    #[serde(rename = "TIV delivery values")]
    tiv: Line<'r>,
    #[serde(rename = "Local production")]
    local_production: Line<'r>,
}

/// The columns of both layouts.
fn columns() -> Vec<Column> {
    let mut columns = raw::columns::<WithIds>();
    columns.extend(raw::columns::<Register>());
    columns
}

fn parse(mut input: Input<'_>) -> Result<Rows, String> {
    let generated_on = generated_on(&input.table.preamble, input.sheet);
    let deals = if let Ok(layout) = Layout::find::<WithIds>(&input.table.header) {
        read_with_ids(&mut input, &layout)
    } else {
        let layout = input.layout::<Register>()?;
        read_register(&mut input, &layout)?
    };
    let several = deals
        .iter()
        .filter(|d| d.deliveries.len() > 1 && d.deliveries.iter().all(|y| y.tiv.is_none()))
        .count();
    if several > 0 {
        input.sheet.notes.push(format!(
            "{several} deals were delivered over several years: the register gives their numbers and SIPRI TIV delivered for all those years together, so their years of delivery are kept without a number or TIV each"
        ));
    }
    Ok(Rows::ArmsTransfers {
        generated_on,
        deals,
    })
}

/// The day of the preamble's `Data generated: 23 Oct 2025 5:22:49 PM`, if it has one
/// that reads as a date (a remark otherwise).
fn generated_on(preamble: &[(u64, String)], sheet: &mut Sheet) -> Option<NaiveDate> {
    let (line, text) = preamble
        .iter()
        .find(|(_, text)| text.trim_start().starts_with("Data generated:"))?;
    let value = text.trim_start()["Data generated:".len()..].trim();
    let day: Vec<&str> = value.split_whitespace().take(3).collect();
    match NaiveDate::parse_from_str(&day.join(" "), "%d %b %Y") {
        Ok(date) => Some(date),
        Err(_) => {
            sheet.notes.push(format!(
                "line {line}: the day the data was generated, {value:?}, is not a date of the form `23 Oct 2025`; it is not kept"
            ));
            None
        }
    }
}

/// The register's records, with each record that SIPRI's export cut in two joined
/// again: the export writes a line break that ends a comment unquoted, so the deal's
/// last three fields (its TIVs) follow on a line of their own, which starts with the
/// rest of the comment.
fn joined_records(input: &mut Input<'_>, width: usize) -> Vec<Record> {
    let table = input.table;
    let records = &table.records;
    let mut joined = Vec::with_capacity(records.len());
    let mut index = 0;
    while let Some(record) = records.get(index) {
        let next = records.get(index + 1);
        let cut = width.checked_sub(3).is_some_and(|head| {
            record.fields.len() == head
                && next.is_some_and(|n| n.fields.len() == 4 && n.line == record.line + 1)
        });
        match next.filter(|_| cut) {
            Some(rest) => {
                let mut fields = record.fields.clone();
                if let Some(comment) = fields.last_mut() {
                    if !rest.fields[0].trim().is_empty() {
                        comment.push('\n');
                        comment.push_str(&rest.fields[0]);
                    }
                }
                fields.extend(rest.fields[1..].iter().cloned());
                input.sheet.notes.push(format!(
                    "lines {} and {}: one deal whose comment ends in a line break the export did not quote; read as one row",
                    record.line, rest.line
                ));
                joined.push(Record {
                    line: record.line,
                    fields,
                });
                index += 2;
            }
            None => {
                joined.push(record.clone());
                index += 1;
            }
        }
    }
    joined
}

/// The unnamed `?` columns of the register: the column right after each of these.
const UNCERTAIN_AFTER: [&str; 3] = ["Year of order", "Number ordered", "Number delivered"];

fn read_register(input: &mut Input<'_>, layout: &Layout) -> Result<Vec<NewArmsTransfer>, String> {
    let table = input.table;
    let header = &table.header;
    for name in UNCERTAIN_AFTER {
        let at = header.iter().position(|h| h == name);
        if !at.is_some_and(|at| header.get(at + 1).is_some_and(String::is_empty)) {
            return Err(format!(
                "not {}: the column after `{name}` must be SIPRI's unnamed `?` column",
                input.file
            ));
        }
    }
    let records = joined_records(input, header.len());
    let resolver = input.resolver;
    let mut deals = Vec::with_capacity(records.len());
    let mut repeated_years = 0;
    for (done, record) in records.iter().enumerate() {
        tick(input.progress, done);
        let sheet = &mut *input.sheet;
        let Some(raw) = sheet.read::<Register>(layout, record) else {
            continue;
        };
        let errors_before = sheet.errors.len();
        let order_year = year(sheet, record, raw.order_year);
        let order_year_is_estimate = uncertain(sheet, record, raw.order_year);
        let number_ordered = number(sheet, record, raw.number_ordered);
        let number_ordered_is_estimate = uncertain(sheet, record, raw.number_ordered);
        let number_delivered = number(sheet, record, raw.number_delivered);
        let number_delivered_is_estimate = uncertain(sheet, record, raw.number_delivered);
        let years = delivery_years(sheet, record, raw.delivery_years);
        let status = sheet.value(record, raw.status, str::parse::<ArmsStatus>);
        let tiv_per_unit = tiv(sheet, record, raw.tiv_per_unit);
        let tiv_order = tiv(sheet, record, raw.tiv_order);
        let tiv_delivered = tiv(sheet, record, raw.tiv_delivered);
        if sheet.errors.len() > errors_before {
            continue;
        }
        let Some((supplier, recipient)) = parties(sheet, resolver, raw.supplier, raw.recipient)
        else {
            continue;
        };
        let (Some(order_year), Some(status), Some(years)) = (order_year, status, years) else {
            continue;
        };
        let distinct: BTreeSet<i32> = years.iter().copied().collect();
        if distinct.len() < years.len() {
            repeated_years += 1;
        }
        let single = distinct.len() == 1;
        let deliveries = distinct
            .into_iter()
            .map(|year| NewArmsDelivery {
                year,
                year_is_estimate: None,
                number: number_delivered.flatten().filter(|_| single),
                number_is_estimate: single.then_some(number_delivered_is_estimate),
                tiv: tiv_delivered.flatten().filter(|_| single),
            })
            .collect();
        let natural_key = sheet.natural_key(&[
            "deal",
            &supplier.to_string(),
            &recipient.to_string(),
            raw.order_year.text(),
            raw.designation.text(),
            raw.description.text(),
        ]);
        let deal = NewArmsTransfer {
            line: record.line,
            natural_key,
            supplier,
            recipient,
            sipri_id: None,
            order_year,
            order_year_is_estimate,
            number_ordered: number_ordered.flatten(),
            number_ordered_is_estimate,
            designation: raw.designation.text().to_owned(),
            description: raw.description.text().to_owned(),
            armament_category: None,
            status,
            comments: Some(raw.comments.text().to_owned()).filter(|c| !c.is_empty()),
            tiv_per_unit: tiv_per_unit.flatten(),
            tiv_sipri_estimate: None,
            tiv_order: tiv_order.flatten(),
            number_delivered: number_delivered.flatten(),
            number_delivered_is_estimate,
            tiv_delivered: tiv_delivered.flatten(),
            local_production: None,
            deliveries,
        };
        deals.push(deal);
    }
    if repeated_years > 0 {
        input.sheet.notes.push(format!(
            "{repeated_years} deals list a year of delivery more than once; each year is kept once"
        ));
    }
    Ok(deals)
}

fn read_with_ids(input: &mut Input<'_>, layout: &Layout) -> Vec<NewArmsTransfer> {
    let resolver = input.resolver;
    let mut deals: Vec<NewArmsTransfer> = Vec::new();
    // Each deal's place in `deals`, and the hash of the fields its rows share.
    let mut seen: HashMap<i64, (usize, String)> = HashMap::new();
    input.each(layout, |sheet, record, raw: WithIds<'_>| {
        let errors_before = sheet.errors.len();
        let id = sheet.value(record, raw.id, |v| {
            v.parse::<i64>()
                .ok()
                .filter(|id| *id > 0)
                .ok_or("not a SIPRI AT Database ID: expected a positive whole number")
        });
        let order_year = year(sheet, record, raw.order_year);
        let order_year_is_estimate = yes_no(sheet, record, raw.order_year_estimate);
        let delivery_year = year(sheet, record, raw.year);
        let year_is_estimate = yes_no(sheet, record, raw.year_estimate);
        let number = number(sheet, record, raw.number);
        let number_is_estimate = yes_no(sheet, record, raw.number_estimate);
        let status = sheet.value(record, raw.status, str::parse::<ArmsStatus>);
        let sipri_estimate = tiv(sheet, record, raw.sipri_estimate);
        let tiv_per_unit = tiv(sheet, record, raw.tiv_per_unit);
        let delivered = tiv(sheet, record, raw.tiv);
        let local_production = yes_no(sheet, record, raw.local_production);
        if sheet.errors.len() > errors_before {
            return;
        }
        let Some((supplier, recipient)) = parties(sheet, resolver, raw.supplier, raw.recipient)
        else {
            return;
        };
        let (Some(id), Some(order_year), Some(year), Some(status)) =
            (id, order_year, delivery_year, status)
        else {
            return;
        };
        let shared = row_hash(&[
            raw.supplier.text(),
            raw.recipient.text(),
            raw.designation.text(),
            raw.description.text(),
            raw.category.text(),
            raw.order_year.text(),
            raw.order_year_estimate.text(),
            raw.status.text(),
            raw.sipri_estimate.text(),
            raw.tiv_per_unit.text(),
            raw.local_production.text(),
        ]);
        let delivery = NewArmsDelivery {
            year,
            year_is_estimate: year_is_estimate.flatten(),
            number: number.flatten(),
            number_is_estimate: number_is_estimate.flatten(),
            tiv: delivered.flatten(),
        };
        if let Some((at, first)) = seen.get(&id) {
            let deal = &mut deals[*at];
            if *first != shared {
                sheet.reject_row(
                    record,
                    raw.id.text().to_owned(),
                    format!(
                        "deal {id} is described otherwise on line {}: its rows must agree on supplier, recipient, weapon, category, order, status, unit TIVs and local production",
                        deal.line
                    ),
                );
            } else if deal.deliveries.iter().any(|d| d.year == year) {
                sheet.reject(
                    record,
                    raw.year,
                    format!("deal {id} has a row for {year} already"),
                );
            } else {
                deal.deliveries.push(delivery);
            }
            return;
        }
        let natural_key = sheet.natural_key(&["id", raw.id.text()]);
        seen.insert(id, (deals.len(), shared));
        deals.push(NewArmsTransfer {
            line: record.line,
            natural_key,
            supplier,
            recipient,
            sipri_id: Some(id),
            order_year,
            order_year_is_estimate: order_year_is_estimate.flatten().unwrap_or(false),
            number_ordered: None,
            number_ordered_is_estimate: false,
            designation: raw.designation.text().to_owned(),
            description: raw.description.text().to_owned(),
            armament_category: Some(raw.category.text().to_owned()).filter(|c| !c.is_empty()),
            status,
            comments: None,
            tiv_per_unit: tiv_per_unit.flatten(),
            tiv_sipri_estimate: sipri_estimate.flatten(),
            tiv_order: None,
            number_delivered: None,
            number_delivered_is_estimate: false,
            tiv_delivered: None,
            local_production: local_production.flatten(),
            deliveries: vec![delivery],
        });
    });
    for deal in &mut deals {
        deal.deliveries.sort_by_key(|d| d.year);
        let numbers: Option<Vec<i32>> = deal.deliveries.iter().map(|d| d.number).collect();
        deal.number_delivered =
            numbers.and_then(|n| n.into_iter().try_fold(0i32, i32::checked_add));
        deal.number_delivered_is_estimate = deal
            .deliveries
            .iter()
            .any(|d| d.number_is_estimate == Some(true));
        let tivs: Option<Vec<Tiv>> = deal.deliveries.iter().map(|d| d.tiv).collect();
        deal.tiv_delivered = tivs.map(|t| t.into_iter().sum());
    }
    deals
}

/// The supplier's and recipient's ids, or `None` with the row left out and counted
/// by the party that is not a UN member or observer state.
fn parties(
    sheet: &mut Sheet,
    resolver: &Resolver,
    supplier: Line<'_>,
    recipient: Line<'_>,
) -> Option<(i32, i32)> {
    match (
        resolver.state_by_name(supplier.text()),
        resolver.state_by_name(recipient.text()),
    ) {
        (Some(s), Some(r)) => Some((s, r)),
        (None, Some(_)) => {
            sheet.leave_out(format!(
                "supplier is not a UN member or observer state: {}",
                supplier.text()
            ));
            None
        }
        (Some(_), None) => {
            sheet.leave_out(format!(
                "recipient is not a UN member or observer state: {}",
                recipient.text()
            ));
            None
        }
        (None, None) => {
            sheet.leave_out(format!(
                "neither party is a UN member or observer state: {} to {}",
                supplier.text(),
                recipient.text()
            ));
            None
        }
    }
}

/// A year such as `2017`.
fn year(sheet: &mut Sheet, record: &Record, cell: Line<'_>) -> Option<i32> {
    sheet.value(record, cell, read_year)
}

fn read_year(value: &str) -> Result<i32, &'static str> {
    value
        .parse::<i32>()
        .ok()
        .filter(|y| (1900..=2100).contains(y))
        .ok_or("not a year from 1900 to 2100")
}

/// The years of the register's `Year(s) of delivery`, `2022; 2023` (none when empty).
fn delivery_years(sheet: &mut Sheet, record: &Record, cell: Line<'_>) -> Option<Vec<i32>> {
    sheet.value(record, cell, |value| {
        value
            .split(';')
            .map(str::trim)
            .filter(|y| !y.is_empty())
            .map(read_year)
            .collect::<Result<Vec<i32>, _>>()
            .map_err(|_| "not a list of years from 1900 to 2100 separated by `;`")
    })
}

/// A number of weapons, or `Some(None)` for an empty cell.
fn number(sheet: &mut Sheet, record: &Record, cell: Line<'_>) -> Option<Option<i32>> {
    sheet.value(record, cell, |value| match value {
        "" => Ok(None),
        v => v
            .parse::<u32>()
            .ok()
            .and_then(|n| i32::try_from(n).ok())
            .map(Some)
            .ok_or("not a number of weapons: expected a whole number"),
    })
}

/// A volume in millions of SIPRI TIV, or `Some(None)` for an empty cell.
fn tiv(sheet: &mut Sheet, record: &Record, cell: Line<'_>) -> Option<Option<Tiv>> {
    sheet.value(record, cell, |value| match value {
        "" => Ok(None),
        v => Tiv::parse_millions(v).map(Some),
    })
}

/// `Yes` or `No`, or `Some(None)` for an empty cell.
fn yes_no(sheet: &mut Sheet, record: &Record, cell: Line<'_>) -> Option<Option<bool>> {
    sheet.value(record, cell, |value| match value {
        "Yes" => Ok(Some(true)),
        "No" => Ok(Some(false)),
        "" => Ok(None),
        _ => Err("expected `Yes` or `No`"),
    })
}

/// Whether the register's unnamed column after `cell` holds SIPRI's `?`.
fn uncertain(sheet: &mut Sheet, record: &Record, cell: Line<'_>) -> bool {
    let column = usize::from(cell) + 1;
    match record.fields.get(column).map(|v| v.trim()) {
        Some("?") => true,
        Some("") | None => false,
        Some(_) => {
            let after = sheet
                .header
                .get(usize::from(cell))
                .cloned()
                .unwrap_or_default();
            sheet.reject(
                record,
                column,
                format!(
                    "the column after `{after}` holds `?` when the value is uncertain, or nothing"
                ),
            );
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::import::{check_file, Format, ImportOptions, InputFile, KnownStates};

    fn check(text: &str) -> crate::import::FileReport {
        let known = KnownStates::default()
            .state(1, "ISR", "IL", &["Israel"])
            .state(2, "USA", "US", &["United States"]);
        let file = InputFile {
            name: "test-register.csv".to_owned(),
            bytes: text.as_bytes().to_vec(),
        };
        check_file(Format::Sipri, &file, &ImportOptions::default(), &known).unwrap()
    }

    const HEADER: &str = "Recipient,Supplier,Year of order, ,Number ordered, ,Weapon designation,Weapon description,Number delivered, ,Year(s) of delivery,status,Comments,SIPRI TIV per unit,SIPRI TIV for total order,SIPRI TIV of delivered weapons";

    #[test]
    fn the_register_is_read_below_its_preamble_with_cut_rows_joined() {
        let text = format!(
            "Notes of the export\nData generated: 23 Oct 2025 5:22:49 PM\n{HEADER}\n\
             Israel,United States,2019,?,25,,F-35A,FGA aircraft,25,?,2020; 2021,New,test record,80,2000,2000\n\
             Israel,United States,2020,,4,,KC-46A,tanker aircraft,0,,,New,test record ending in a break\r\n,60,240,\n\
             Israel,Soviet Union,1960,,1,,test,test,1,,1961,New,test record,1,1,1\n\
             Israel,United States,2021,maybe,1,,test,test,1,,2022,New,test record,1,1,1\n"
        );
        let report = check(&text);
        assert_eq!(report.rows_read, 5);
        assert_eq!(
            report
                .left_out
                .get("supplier is not a UN member or observer state: Soviet Union"),
            Some(&1)
        );
        assert!(
            report
                .notes
                .iter()
                .any(|n| n.starts_with("lines 5 and 6: one deal")),
            "{:?}",
            report.notes
        );
        // A `?` column holding something else is refused at that column.
        assert_eq!(report.rejected.len(), 1, "{:?}", report.rejected);
        assert_eq!(report.rejected[0].line, 8);
        assert_eq!(report.rejected[0].value, "maybe");
        assert!(report.rejected[0].reason.contains("after `Year of order`"));
    }

    #[test]
    fn a_header_of_neither_layout_is_refused() {
        let err = check_file(
            Format::Sipri,
            &InputFile {
                name: "x.csv".to_owned(),
                bytes: b"Recipient,Supplier\nIsrael,United States\n".to_vec(),
            },
            &ImportOptions::default(),
            &KnownStates::default(),
        )
        .unwrap_err();
        assert!(err.to_string().contains("no column Year of order"), "{err}");
    }
}
