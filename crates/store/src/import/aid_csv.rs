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
    resolve::Resolver,
    rows::{NewAidFlow, Rows, SourceRef},
    sheet::{row_hash, tick, Sheet},
    spec::{columns, FormatSpec, SourceSpec},
    table::{Record, Table},
    Progress,
};

/// uprgraph's generic aid-flow CSV.
pub(crate) const SPEC: FormatSpec = FormatSpec {
    name: "aid-csv",
    licence: None,
    source: SourceSpec {
        title: "Aid-flow files imported with uprgraph's generic aid CSV format",
        publisher: "Various; each figure names its own source",
        organization: None,
        url: None,
    },
    columns: Columns::SPEC,
    parse: |table, sheet, resolver, progress| {
        parse(table, sheet, resolver, progress).map(Rows::AidFlows)
    },
};

columns! {
    /// Where the file's columns stand: a note, and one-line values.
    struct Columns {
        donor: "donor" => Line,
        recipient: "recipient" => Line,
        category: "category" => Line,
        transaction_type: "transaction_type" => Line,
        amount: "amount" => Line,
        currency: "currency" => Line,
        fiscal_year: "fiscal_year" => Line optional,
        period_start: "period_start" => Line optional,
        period_end: "period_end" => Line optional,
        bound: "bound" => Line optional,
        constant_amount: "constant_amount" => Line optional,
        constant_base_year: "constant_base_year" => Line optional,
        programme: "programme" => Line optional,
        agency: "agency" => Line optional,
        source_title: "source_title" => Line optional,
        source_publisher: "source_publisher" => Line optional,
        source_url: "source_url" => Line optional,
        note: "note" => Note optional,
    }
}

fn parse(
    table: &Table,
    sheet: &mut Sheet,
    resolver: &Resolver,
    progress: &dyn Progress,
) -> Result<Vec<NewAidFlow>, String> {
    let columns = Columns::find(&table.header)
        .map_err(|missing| format!("not an aid CSV: no column {}", missing.join(", ")))?;
    if columns.fiscal_year.is_none() && columns.period_start.is_none() {
        return Err("not an aid CSV: it needs a fiscal_year or a period_start column".to_owned());
    }
    let mut rows = Vec::with_capacity(table.records.len());
    for (done, record) in table.records.iter().enumerate() {
        tick(progress, done);
        if !sheet.check_width(record) {
            continue;
        }
        let mut reader = Reader {
            c: &columns,
            sheet: &mut *sheet,
            record,
        };
        if let Some(checked) = reader.check(resolver) {
            rows.push(reader.aid_flow(checked));
        }
    }
    Ok(rows)
}

/// A record's values, checked.
struct Checked {
    donor: i32,
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
    c: &'a Columns,
    sheet: &'a mut Sheet,
    record: &'a Record,
}

impl Reader<'_> {
    /// The trimmed value of an optional column, if it has one.
    fn text(&self, column: Option<usize>) -> Option<&str> {
        column
            .map(|i| self.record.fields[i].trim())
            .filter(|v| !v.is_empty())
    }

    /// Checks every value of the record.
    fn check(&mut self, resolver: &Resolver) -> Option<Checked> {
        let c = self.c;
        let errors_before = self.sheet.errors.len();
        let donor = self.state(resolver, c.donor);
        let recipient = self.state(resolver, c.recipient);
        let category = self.code::<AidCategory>(c.category);
        let transaction = self.code::<TransactionType>(c.transaction_type);
        let bound = match c
            .bound
            .filter(|&i| !self.record.fields[i].trim().is_empty())
        {
            Some(i) => self.code::<Bound>(i),
            None => Some(Bound::Exact),
        };
        let currency = match Currency::parse(self.record.fields[c.currency].trim()) {
            Ok(currency) => Some(currency),
            Err(e) => {
                self.sheet.reject(self.record, c.currency, e.to_string());
                None
            }
        };
        let amount = self.money(currency, c.amount);
        let constant = match c
            .constant_amount
            .filter(|&i| !self.record.fields[i].trim().is_empty())
        {
            Some(i) => self.money(currency, i),
            None => None,
        };
        let fiscal = self.year(c.fiscal_year);
        let base_year = self.year(c.constant_base_year);
        let start = self.date(c.period_start);
        let end = self.date(c.period_end);
        if fiscal.is_none() && start.is_none() && self.sheet.errors.len() == errors_before {
            self.sheet.reject_row(
                self.record,
                String::new(),
                "give a fiscal_year or a period_start",
            );
        }
        if let (Some(start), Some(end)) = (start, end) {
            if end < start {
                let column = c.period_end.unwrap_or_default();
                self.sheet
                    .reject(self.record, column, "the period ends before it starts");
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

    /// The state named or coded in `column`.
    fn state(&mut self, resolver: &Resolver, column: usize) -> Option<i32> {
        let found = resolver.state(self.record.fields[column].trim());
        if found.is_none() {
            self.sheet
                .reject(self.record, column, "no state has this code or name");
        }
        found
    }

    /// What `read` makes of the value in `column`, or none, with the record refused at
    /// that column for the reason `read` gives.
    fn read<T>(
        &mut self,
        column: usize,
        read: impl FnOnce(&str) -> Result<T, String>,
    ) -> Option<T> {
        match read(self.record.fields[column].trim()) {
            Ok(value) => Some(value),
            Err(reason) => {
                self.sheet.reject(self.record, column, reason);
                None
            }
        }
    }

    /// The same for a column the file may lack, or leave empty.
    fn optional<T>(
        &mut self,
        column: Option<usize>,
        read: impl FnOnce(&str) -> Result<T, String>,
    ) -> Option<T> {
        let column = column?;
        if self.record.fields[column].trim().is_empty() {
            return None;
        }
        self.read(column, read)
    }

    /// A domain code in `column`.
    fn code<T: std::str::FromStr<Err = uprgraph_domain::DomainError>>(
        &mut self,
        column: usize,
    ) -> Option<T> {
        self.read(column, |value| {
            value.parse::<T>().map_err(|e| e.to_string())
        })
    }

    /// An amount in `currency` in `column` (none when the currency is refused).
    fn money(&mut self, currency: Option<Currency>, column: usize) -> Option<Money> {
        let currency = currency?;
        self.read(column, |value| {
            Money::parse_decimal(value, currency).map_err(|e| e.to_string())
        })
    }

    /// A year in `column`, if the column has a value.
    fn year(&mut self, column: Option<usize>) -> Option<i32> {
        self.optional(column, |value| match value.parse::<i32>() {
            Ok(year) if (1900..=2200).contains(&year) => Ok(year),
            _ => Err("not a year".to_owned()),
        })
    }

    /// A date in `column`, if the column has a value.
    fn date(&mut self, column: Option<usize>) -> Option<NaiveDate> {
        self.optional(column, |value| {
            NaiveDate::parse_from_str(value, "%Y-%m-%d")
                .map_err(|_| "not a date: expected YYYY-MM-DD".to_owned())
        })
    }

    /// The source the record names: both a title and a publisher, or none.
    fn source(&mut self) -> Option<SourceRef> {
        let c = self.c;
        match (self.text(c.source_title), self.text(c.source_publisher)) {
            (Some(title), Some(publisher)) => Some(SourceRef {
                title: title.to_owned(),
                publisher: publisher.to_owned(),
                url: self.text(c.source_url).map(str::to_owned),
            }),
            (None, None) if self.text(c.source_url).is_none() => None,
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
        let c = self.c;
        let text = |column: Option<usize>| {
            column
                .map(|i| self.record.fields[i].trim())
                .filter(|v| !v.is_empty())
        };
        let fiscal_text = checked.fiscal.map(|y| y.to_string()).unwrap_or_default();
        let start_text = checked.start.map(|d| d.to_string()).unwrap_or_default();
        let end_text = checked.end.map(|d| d.to_string()).unwrap_or_default();
        let natural_key = self.sheet.natural_key(&[
            &checked.donor.to_string(),
            &checked.recipient.to_string(),
            checked.category.code(),
            checked.transaction.code(),
            &fiscal_text,
            &start_text,
            &end_text,
            text(c.programme).unwrap_or_default(),
            text(c.agency).unwrap_or_default(),
            text(c.source_title).unwrap_or_default(),
        ]);
        let row_hash = row_hash(&[
            &checked.amount.to_string(),
            &checked.constant.map(|m| m.to_string()).unwrap_or_default(),
            &checked.base_year.map(|y| y.to_string()).unwrap_or_default(),
            checked.bound.code(),
            text(c.note).unwrap_or_default(),
            text(c.source_publisher).unwrap_or_default(),
            text(c.source_url).unwrap_or_default(),
        ]);
        NewAidFlow {
            line: self.record.line,
            natural_key,
            row_hash,
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
            programme: text(c.programme).map(str::to_owned),
            agency: text(c.agency).map(str::to_owned),
            note: text(c.note).map(str::to_owned),
            source: checked.source,
        }
    }
}
