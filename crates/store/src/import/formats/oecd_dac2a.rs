//! OECD DAC Table 2a: official development assistance (net disbursements, current US
//! dollars, in millions) from every donor to every recipient in one year, as a pivot
//! table: a recipient a row, a donor a column. The year is not in the table: it comes
//! from `--year` or from the file's name (`ODA-2019-DAC2a.csv`), and the report says
//! which.
//!
//! Each non-empty cell between a donor and a state is one aid figure for the year,
//! transaction type `DISBURSEMENT`, converted exactly (`409.23` millions is 409,230,000
//! dollars) and kept negative where the table is (a recipient repaid more than it
//! received). A donor is a state, or an organisation the reference data knows by the
//! table's name for it (`EU Institutions` is the European Union, `African Development
//! Bank [AfDB]` the bank: `m20261207_000701_add_aid_from_organizations`). The figures of
//! states and public organisations are of category `OFFICIAL_DEVELOPMENT_ASSISTANCE`;
//! those of private donors (foundations, charities, lotteries) of category
//! `PRIVATE_DEVELOPMENT_FINANCE`, since OECD keeps them apart from official assistance.
//! Left out, and counted by name in the report: aggregate rows and columns (`All
//! Recipients`, `…, Total`, `…, regional`, `Other donor countries`, `Other
//! Multilaterals`), donors that are neither (`Chinese Taipei`, a column the reference
//! data does not know) and recipients that are not UN member or observer states.
//!
//! The header starts with the labels of the recipients' column and of a blank column
//! (`Recipient,"FakeColumn"` in the copies most people have, `"","Donor(s)"` in
//! OECD's own export); some years' copies keep OECD's `Donor(s)` label as a third
//! header cell that no data column is under. The donors are the header's cells after
//! those labels, and every row holds its recipient, the blank cell, then one value
//! per donor.

use uprgraph_domain::{AidCategory, Bound, Currency, Money, OrganizationKind, TransactionType};

use crate::import::{
    formats::spec::{FormatSpec, Input, SourceSpec},
    read::raw::Column,
    read::sheet::tick,
    rows::{Donor, NewAidFlow, Rows},
};

/// OECD DAC Table 2a.
pub(crate) const SPEC: FormatSpec = FormatSpec {
    name: "oecd-dac2a",
    file: "an OECD DAC Table 2a file",
    licence: Some("(c) OECD; see the OECD's terms and conditions"),
    source: SourceSpec {
        title: "OECD DAC Table 2a: Aid (ODA) disbursements to countries and regions",
        publisher: "Organisation for Economic Co-operation and Development (OECD), Development Assistance Committee",
        organization: None,
        url: Some("https://stats.oecd.org/Index.aspx?DataSetCode=TABLE2A"),
    },
    columns: Vec::<Column>::new,
    aliases: &[],
    parse,
};

/// The header cells that label the recipients' column and the blank one after it.
const LABELS: [&str; 4] = ["", "recipient", "fakecolumn", "donor(s)"];

/// Whether a donor column sums others.
fn aggregate_donor(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with(", total") || lower == "other donor countries" || lower == "other multilaterals"
}

/// Whether a recipient row sums others (a region, an income group, all recipients) or
/// stands for no one recipient.
fn aggregate_recipient(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with(", total")
        || lower.ends_with(", regional")
        || lower == "all recipients"
        || lower.contains("unspecified")
        || lower.contains("unallocated")
        || lower.contains("income countries")
        || lower.contains("not classified")
}

/// The year a file's name holds: its one run of four digits that reads as a year.
fn year_in_name(name: &str) -> Option<i32> {
    let mut years = name
        .split(|c: char| !c.is_ascii_digit())
        .filter(|run| run.len() == 4)
        .filter_map(|run| run.parse::<i32>().ok())
        .filter(|year| (1960..=2100).contains(year));
    let year = years.next()?;
    years.all(|other| other == year).then_some(year)
}

/// What a donor column is.
enum DonorColumn {
    /// A donor, and the category of its figures.
    Donor(Donor, AidCategory),
    Aggregate,
    Unknown,
}

fn parse(input: Input<'_>) -> Result<Rows, String> {
    let table = input.table;
    let labels = table
        .header
        .iter()
        .take_while(|cell| LABELS.contains(&cell.to_ascii_lowercase().as_str()))
        .count()
        .min(3);
    if labels < 2 || labels == table.header.len() {
        return Err(format!(
            "not {}: the header should start with the recipients' column and a blank one (`Recipient,FakeColumn` or `,Donor(s)`), then a column per donor",
            input.file
        ));
    }
    let donors: Vec<(usize, &str, DonorColumn)> = table.header[labels..]
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let oda = AidCategory::OfficialDevelopmentAssistance;
            let kind = if aggregate_donor(name) {
                DonorColumn::Aggregate
            } else if let Some(id) = input.resolver.state_by_name(name) {
                DonorColumn::Donor(Donor::State(id), oda)
            } else if let Some((id, kind)) = input.resolver.organization_by_name(name) {
                let category = if kind == OrganizationKind::PrivateDonor {
                    AidCategory::PrivateDevelopmentFinance
                } else {
                    oda
                };
                DonorColumn::Donor(Donor::Organization(id), category)
            } else {
                DonorColumn::Unknown
            };
            (labels + i, name.as_str(), kind)
        })
        .collect();
    let year = match (input.year, year_in_name(input.name)) {
        (Some(year), named) => {
            let mut note = format!("every figure is for {year}, the year given with --year");
            if let Some(named) = named.filter(|named| *named != year) {
                note.push_str(&format!(" (the file's name says {named})"));
            }
            input.sheet.notes.push(note);
            year
        }
        (None, Some(year)) => {
            input.sheet.notes.push(format!(
                "every figure is for {year}, the year in the file's name"
            ));
            year
        }
        (None, None) => {
            return Err(format!(
                "the year is not in the file's name ({}): give it with --year",
                input.name
            ))
        }
    };
    let year_text = year.to_string();
    let sheet = &mut *input.sheet;
    let mut rows = Vec::new();
    let mut figures = 0u64;
    for (done, record) in table.records.iter().enumerate() {
        tick(input.progress, done);
        if record.fields.len() != donors.len() + 2 {
            sheet.reject_row(
                record,
                format!("{} fields", record.fields.len()),
                format!(
                    "expected {} fields: the recipient, a blank cell and one value for each of the {} donors of the header",
                    donors.len() + 2,
                    donors.len()
                ),
            );
            continue;
        }
        let recipient_name = record.fields[0].trim();
        if !record.fields[1].trim().is_empty() {
            sheet.reject_value(
                record,
                1,
                &record.fields[1],
                "expected a blank cell between the recipient and the values",
            );
            continue;
        }
        let recipient = if aggregate_recipient(recipient_name) {
            Err("an aggregate row, not a recipient")
        } else {
            input
                .resolver
                .state_by_name(recipient_name)
                .ok_or("recipient is not a UN member or observer state")
        };
        for ((column, donor_name, donor), value) in donors.iter().zip(&record.fields[2..]) {
            let value = value.trim();
            if value.is_empty() {
                continue;
            }
            figures += 1;
            let amount = match Money::parse_millions(value, Currency::USD) {
                Ok(amount) => amount,
                Err(e) => {
                    sheet.reject_value(record, *column, value, e.to_string());
                    continue;
                }
            };
            let recipient = match recipient {
                Ok(id) => id,
                Err(reason) => {
                    sheet.leave_out(format!("{reason}: {recipient_name}"));
                    continue;
                }
            };
            let (donor, category) = match donor {
                DonorColumn::Donor(donor, category) => (*donor, *category),
                DonorColumn::Aggregate => {
                    sheet.leave_out(format!("an aggregate column, not a donor: {donor_name}"));
                    continue;
                }
                DonorColumn::Unknown => {
                    sheet.leave_out(format!(
                        "donor is neither a UN member or observer state nor a known organisation: {donor_name}"
                    ));
                    continue;
                }
            };
            let natural_key = sheet.natural_key(&[donor_name, recipient_name, &year_text]);
            rows.push(NewAidFlow {
                line: record.line,
                natural_key,
                donor,
                recipient,
                category,
                transaction_type: TransactionType::Disbursement,
                fiscal_year: Some(year),
                period_start: None,
                period_end: None,
                amount,
                bound: Bound::Exact,
                constant_amount: None,
                constant_base_year: None,
                programme: None,
                agency: None,
                note: None,
                source: None,
            });
        }
    }
    sheet.notes.push(format!(
        "each row holds one figure per donor: {figures} figures in the file, {} from a known donor to a state",
        rows.len()
    ));
    Ok(Rows::AidFlows(rows))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_year_is_the_one_in_the_name() {
        assert_eq!(year_in_name("ODA-2019-DAC2a.csv"), Some(2019));
        assert_eq!(year_in_name("2019 ODA 2019.csv"), Some(2019));
        assert_eq!(year_in_name("ODA-2018-2019.csv"), None);
        assert_eq!(year_in_name("DAC2a.csv"), None);
        assert_eq!(year_in_name("table-12345.csv"), None);
    }

    #[test]
    fn aggregates_are_told_apart() {
        assert!(aggregate_donor("DAC Countries, Total"));
        assert!(aggregate_donor("Other donor countries"));
        assert!(!aggregate_donor("Germany"));
        assert!(aggregate_recipient("All Recipients"));
        assert!(aggregate_recipient("Micronesia, Total"));
        assert!(aggregate_recipient("South of Sahara, regional"));
        assert!(aggregate_recipient("Developing countries, unspecified"));
        assert!(!aggregate_recipient("Micronesia"));
    }
}
