//! uprgraph's generic aid-flow CSV, for figures from any publication. Columns, by
//! name in the header and in any order (see the README for the full description):
//!
//! - required: `donor` (a state or an organisation, by code or any known name),
//!   `recipient` (a state, by ISO code or any known name), `category`,
//!   `transaction_type`, `amount` (exact decimal), `currency` (ISO 4217), and
//!   `fiscal_year` or `period_start` (YYYY-MM-DD);
//! - optional: `period_end`, `bound` (`EXACT`, `AT_LEAST`, `MORE_THAN`; default
//!   `EXACT`), `constant_amount`, `constant_base_year`, `programme`, `agency`,
//!   `source_title`, `source_publisher`, `source_url`, `note`.

use chrono::NaiveDate;
use serde::Deserialize;
use uprgraph_domain::{AidCategory, Bound, Currency, Money, TransactionType};

use crate::import::{
    formats::spec::{FormatSpec, Input, SourceSpec},
    read::raw::{self, given, Line, Note},
    read::resolve::Resolver,
    read::sheet::Sheet,
    read::table::Record,
    rows::{Donor, NewAidFlow, Rows, SourceRef},
};

/// uprgraph's generic aid-flow CSV.
pub(crate) const SPEC: FormatSpec = FormatSpec {
    name: "aid-csv",
    file: "an aid CSV",
    licence: None,
    source: SourceSpec {
        title: "Aid-flow files imported with uprgraph's generic aid CSV format",
        publisher: "Various; each figure names its own source",
        organization: None,
        url: None,
    },
    columns: raw::columns::<Raw>,
    aliases: &[],
    parse,
};

/// A record of the file: a note, and one-line values, by their names in the header.
#[derive(Debug, Deserialize)]
#[serde(bound(deserialize = "'de: 'r"))]
struct Raw<'r> {
    donor: Line<'r>,
    recipient: Line<'r>,
    category: Line<'r>,
    transaction_type: Line<'r>,
    amount: Line<'r>,
    currency: Line<'r>,
    fiscal_year: Option<Line<'r>>,
    period_start: Option<Line<'r>>,
    period_end: Option<Line<'r>>,
    bound: Option<Line<'r>>,
    constant_amount: Option<Line<'r>>,
    constant_base_year: Option<Line<'r>>,
    programme: Option<Line<'r>>,
    agency: Option<Line<'r>>,
    source_title: Option<Line<'r>>,
    source_publisher: Option<Line<'r>>,
    source_url: Option<Line<'r>>,
    note: Option<Note<'r>>,
}

fn parse(mut input: Input<'_>) -> Result<Rows, String> {
    let layout = input.layout::<Raw>()?;
    if !layout.has("fiscal_year") && !layout.has("period_start") {
        return Err("not an aid CSV: it needs a fiscal_year or a period_start column".to_owned());
    }
    let resolver = input.resolver;
    let mut rows = Vec::with_capacity(input.table.records.len());
    input.each(&layout, |sheet, record, raw: Raw<'_>| {
        let mut reader = Reader {
            raw: &raw,
            sheet,
            record,
        };
        if let Some(checked) = reader.check(resolver) {
            rows.push(reader.aid_flow(checked));
        }
    });
    Ok(Rows::AidFlows(rows))
}

/// A record's values, checked.
struct Checked {
    donor: Donor,
    recipient: i32,
    category: AidCategory,
    transaction: TransactionType,
    bound: Bound,
    amount: Money,
    constant: Option<Money>,
    fiscal: Option<i32>,
    base_year: Option<i32>,
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
    source: Option<SourceRef>,
}

/// Reads one record, recording each bad value in the sheet.
struct Reader<'a> {
    raw: &'a Raw<'a>,
    sheet: &'a mut Sheet,
    record: &'a Record,
}

impl Reader<'_> {
    /// Checks every value of the record.
    fn check(&mut self, resolver: &Resolver) -> Option<Checked> {
        let raw = self.raw;
        let errors_before = self.sheet.errors.len();
        let donor = self.donor(resolver, raw.donor);
        let recipient = self.state(resolver, raw.recipient);
        let category = self.code::<AidCategory>(raw.category);
        let transaction = self.code::<TransactionType>(raw.transaction_type);
        let bound = match raw.bound.filter(|cell| !cell.is_empty()) {
            Some(cell) => self.code::<Bound>(cell),
            None => Some(Bound::Exact),
        };
        let currency = self.sheet.value(self.record, raw.currency, Currency::parse);
        let amount = self.money(currency, raw.amount);
        let constant = match raw.constant_amount.filter(|cell| !cell.is_empty()) {
            Some(cell) => self.money(currency, cell),
            None => None,
        };
        let fiscal = self.year(raw.fiscal_year);
        let base_year = self.year(raw.constant_base_year);
        let start = self.date(raw.period_start);
        let end = self.date(raw.period_end);
        if fiscal.is_none() && start.is_none() && self.sheet.errors.len() == errors_before {
            self.sheet.reject_row(
                self.record,
                String::new(),
                "give a fiscal_year or a period_start",
            );
        }
        if let (Some(start), Some(end), Some(cell)) = (start, end, raw.period_end) {
            if end < start {
                self.sheet
                    .reject(self.record, cell, "the period ends before it starts");
            }
        }
        let source = self.source();
        if self.sheet.errors.len() > errors_before {
            return None;
        }
        Some(Checked {
            donor: donor?,
            recipient: recipient?,
            category: category?,
            transaction: transaction?,
            bound: bound?,
            amount: amount?,
            constant,
            fiscal,
            base_year,
            start,
            end,
            source,
        })
    }

    /// The state, else the organisation, named or coded in `cell`.
    fn donor(&mut self, resolver: &Resolver, cell: Line<'_>) -> Option<Donor> {
        let found = resolver
            .state(cell.text())
            .map(Donor::State)
            .or_else(|| resolver.organization(cell.text()).map(Donor::Organization));
        if found.is_none() {
            self.sheet.reject(
                self.record,
                cell,
                "no state or organisation has this code or name",
            );
        }
        found
    }

    /// The state named or coded in `cell`.
    fn state(&mut self, resolver: &Resolver, cell: Line<'_>) -> Option<i32> {
        let found = resolver.state(cell.text());
        if found.is_none() {
            self.sheet
                .reject(self.record, cell, "no state has this code or name");
        }
        found
    }

    /// What `read` makes of the value in `cell`, or none, with the record refused at
    /// its column for the reason `read` gives.
    fn read<T, E: std::fmt::Display>(
        &mut self,
        cell: Line<'_>,
        read: impl FnOnce(&str) -> Result<T, E>,
    ) -> Option<T> {
        self.sheet.value(self.record, cell, read)
    }

    /// The same for a column the file may lack, or leave empty.
    fn optional<T>(
        &mut self,
        cell: Option<Line<'_>>,
        read: impl FnOnce(&str) -> Result<T, String>,
    ) -> Option<T> {
        let cell = cell.filter(|cell| !cell.is_empty())?;
        self.read(cell, read)
    }

    /// A domain code in `cell`.
    fn code<T: std::str::FromStr<Err = uprgraph_domain::DomainError>>(
        &mut self,
        cell: Line<'_>,
    ) -> Option<T> {
        self.read(cell, str::parse::<T>)
    }

    /// An amount in `currency` in `cell` (none when the currency is refused).
    fn money(&mut self, currency: Option<Currency>, cell: Line<'_>) -> Option<Money> {
        let currency = currency?;
        self.read(cell, |value| Money::parse_decimal(value, currency))
    }

    /// A year in `cell`, if the file has the column and it has a value.
    fn year(&mut self, cell: Option<Line<'_>>) -> Option<i32> {
        self.optional(cell, |value| match value.parse::<i32>() {
            Ok(year) if (1900..=2200).contains(&year) => Ok(year),
            _ => Err("not a year".to_owned()),
        })
    }

    /// A date in `cell`, if the file has the column and it has a value.
    fn date(&mut self, cell: Option<Line<'_>>) -> Option<NaiveDate> {
        self.optional(cell, |value| {
            NaiveDate::parse_from_str(value, "%Y-%m-%d")
                .map_err(|_| "not a date: expected YYYY-MM-DD".to_owned())
        })
    }

    /// The source the record names: both a title and a publisher, or none.
    fn source(&mut self) -> Option<SourceRef> {
        let raw = self.raw;
        match (given(raw.source_title), given(raw.source_publisher)) {
            (Some(title), Some(publisher)) => Some(SourceRef {
                title: title.to_owned(),
                publisher: publisher.to_owned(),
                url: given(raw.source_url).map(str::to_owned),
            }),
            (None, None) if given(raw.source_url).is_none() => None,
            _ => {
                self.sheet.reject_row(
                    self.record,
                    String::new(),
                    "a source needs both source_title and source_publisher",
                );
                None
            }
        }
    }

    /// The row of a checked record.
    fn aid_flow(&mut self, checked: Checked) -> NewAidFlow {
        let raw = self.raw;
        let fiscal_text = checked.fiscal.map(|y| y.to_string()).unwrap_or_default();
        let start_text = checked.start.map(|d| d.to_string()).unwrap_or_default();
        let end_text = checked.end.map(|d| d.to_string()).unwrap_or_default();
        let natural_key = self.sheet.natural_key(&[
            // A state as its id, as keys were before organisations gave aid.
            &format!("{:?}", checked.donor),
            &checked.recipient.to_string(),
            checked.category.code(),
            checked.transaction.code(),
            &fiscal_text,
            &start_text,
            &end_text,
            given(raw.programme).unwrap_or_default(),
            given(raw.agency).unwrap_or_default(),
            given(raw.source_title).unwrap_or_default(),
        ]);
        NewAidFlow {
            line: self.record.line,
            natural_key,
            donor: checked.donor,
            recipient: checked.recipient,
            category: checked.category,
            transaction_type: checked.transaction,
            fiscal_year: checked.fiscal,
            period_start: checked.start,
            period_end: checked.end,
            amount: checked.amount,
            bound: checked.bound,
            constant_amount: checked.constant,
            constant_base_year: checked.base_year,
            programme: given(raw.programme).map(str::to_owned),
            agency: given(raw.agency).map(str::to_owned),
            note: given(raw.note).map(str::to_owned),
            source: checked.source,
        }
    }
}
