//! Exports of filtered recommendation, aid and arms-transfer lists as CSV, JSON lines
//! or XLSX, read in chunks of rows by keyset, so that memory stays bounded however many
//! rows match. The same rows serve `uprgraph export` and `GET /export/...`.
//!
//! No connection or transaction is held between chunks (a slow download holds nothing
//! of the database), so each chunk is read at the data version the first one was read
//! at (`Store::read_at`): when an import commits part-way through, the export stops with
//! an error rather than going on with rows of the other state of the database.
//!
//! CSV and JSON lines are written a chunk at a time as the rows are read. A spreadsheet
//! is a zip whose sheets are complete files, so an XLSX export reads every row first,
//! writing each sheet's rows to a temporary file ([`xlsx`]), and then zips the sheets
//! out as they are read back.

pub mod xlsx;

use std::{io::IsTerminal as _, path::PathBuf};

use anyhow::Context as _;
use chrono::NaiveDate;
use clap::{Args, ValueEnum};
use futures_util::{stream, Stream, StreamExt as _};
use serde_json::{json, Value};
use uprgraph_domain::{Money, Tiv};
use uprgraph_store::{
    AidFlowRow, ArmsTransferRow, DataVersion, Filter, RecommendationRow, Store, StoreError,
};

use crate::settings::DatabaseSettings;

/// Rows read per statement.
const CHUNK: u64 = 2_000;

/// What to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportKind {
    /// Recommendations, with states, cycle, session, response, themes and text.
    Recommendations,
    /// Aid flows, with donor, recipient, year, category, type and exact amount.
    AidFlows,
    /// Arms transfers (SIPRI's deals), with supplier, recipient, years of order and
    /// delivery, weapon, numbers and SIPRI TIVs.
    ArmsTransfers,
}

/// How rows are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// Comma-separated values with a header line (RFC 4180), UTF-8.
    Csv,
    /// One JSON object per line.
    Jsonl,
    /// An Excel workbook: numbers as numbers, dates as dates, a header row on every sheet.
    Xlsx,
}

impl ExportFormat {
    /// The HTTP media type.
    pub fn content_type(self) -> &'static str {
        match self {
            Self::Csv => "text/csv; charset=utf-8",
            Self::Jsonl => "application/jsonl; charset=utf-8",
            Self::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    }

    /// The file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::Jsonl => "jsonl",
            Self::Xlsx => "xlsx",
        }
    }

    /// Every format, in the order they are offered.
    pub const ALL: [Self; 3] = [Self::Csv, Self::Jsonl, Self::Xlsx];
}

impl ExportKind {
    /// Every kind, in the order they are offered.
    pub const ALL: [Self; 3] = [Self::Recommendations, Self::AidFlows, Self::ArmsTransfers];

    /// The name of the kind in file names and URLs (`aid-flows`).
    pub fn name(self) -> &'static str {
        match self {
            Self::Recommendations => "recommendations",
            Self::AidFlows => "aid-flows",
            Self::ArmsTransfers => "arms-transfers",
        }
    }

    /// The filter given as JSON in the API's terms: a `RecommendationFilter`, an
    /// `AidFlowFilter` or an `ArmsTransferFilter`.
    pub fn filter(self, json: Option<&str>) -> Result<Filter, String> {
        let Some(json) = json.filter(|j| !j.trim().is_empty()) else {
            return Ok(Filter::All);
        };
        let value: Value =
            serde_json::from_str(json).map_err(|e| format!("the filter is not JSON: {e}"))?;
        match self {
            Self::Recommendations => uprgraph_graphql::recommendation_filter_from_json(value),
            Self::AidFlows => uprgraph_graphql::aid_flow_filter_from_json(value),
            Self::ArmsTransfers => uprgraph_graphql::arms_transfer_filter_from_json(value),
        }
        .map_err(|e| format!("filter: {e}"))
    }

    /// The columns, in the order every format writes them.
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            Self::Recommendations => RECOMMENDATION_COLUMNS,
            Self::AidFlows => AID_FLOW_COLUMNS,
            Self::ArmsTransfers => ARMS_TRANSFER_COLUMNS,
        }
    }
}

/// One value of an exported row, typed, so that each format writes it as what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    /// No value (SQL `NULL`).
    Empty,
    /// A whole number: an id, a year, a count.
    Int(i64),
    /// A yes or no.
    Bool(bool),
    /// Text.
    Text(String),
    /// A day.
    Date(NaiveDate),
    /// An exact decimal number, as its decimal text (a TIV in millions, `227.37`).
    Decimal(String),
    /// An amount of money, as its exact decimal text (`21700000000.00`). A spreadsheet
    /// writes it twice: as a number, and as that text beside it.
    Amount(String),
}

impl Cell {
    /// The value in a JSON line: numbers and booleans as themselves, everything else
    /// (exact decimals too) as a string.
    fn json(&self) -> Value {
        match self {
            Self::Empty => Value::Null,
            Self::Int(n) => json!(n),
            Self::Bool(b) => json!(b),
            Self::Text(s) | Self::Decimal(s) | Self::Amount(s) => json!(s),
            Self::Date(d) => json!(d.to_string()),
        }
    }

    /// The value in a CSV field, written as its JSON value would be, `NULL` empty.
    fn csv(&self) -> String {
        match self {
            Self::Empty => String::new(),
            Self::Int(n) => n.to_string(),
            Self::Bool(b) => b.to_string(),
            Self::Text(s) | Self::Decimal(s) | Self::Amount(s) => s.clone(),
            Self::Date(d) => d.to_string(),
        }
    }
}

/// `From` each type of value for the cell that holds it.
macro_rules! cells_from {
    ($($type:ty => $cell:ident),+ $(,)?) => {
        $(impl From<$type> for Cell {
            fn from(value: $type) -> Self {
                Self::$cell(value.into())
            }
        })+
    };
}

cells_from!(
    i64 => Int,
    i32 => Int,
    i16 => Int,
    bool => Bool,
    String => Text,
    NaiveDate => Date,
);

impl From<Tiv> for Cell {
    /// Millions of TIV, exact, as SIPRI writes them.
    fn from(tiv: Tiv) -> Self {
        Self::Decimal(tiv.to_millions_string())
    }
}

impl<T: Into<Cell>> From<Option<T>> for Cell {
    fn from(value: Option<T>) -> Self {
        value.map_or(Self::Empty, Into::into)
    }
}

/// Declares a list's columns once: each column's name beside the value written under
/// it, as `NAMES` (the header) and a function making a row's cells in the same order.
/// The row is taken apart field by field, with no `..`, and an unused field is an error:
/// a field added to the row does not compile until a column writes it.
macro_rules! columns {
    (
        $(#[$doc:meta])*
        $names:ident, $cells:ident($row:ident { $($field:ident),+ $(,)? }) {
            $($name:literal => $value:expr),+ $(,)?
        }
    ) => {
        $(#[$doc])*
        const $names: &[&str] = &[$($name),+];

        #[deny(unused_variables)]
        fn $cells(row: $row) -> Vec<Cell> {
            let $row { $($field),+ } = row;
            vec![$(Cell::from($value)),+]
        }
    };
}

columns! {
    /// A recommendation, with the names of its states.
    RECOMMENDATION_COLUMNS, recommendation_cells(RecommendationRow {
        id, state_under_review_code, state_under_review, recommending_state_code,
        recommending_state, cycle, session, response, action_category, themes, text,
        document_symbol, paragraph, dataset,
    }) {
        "id" => id,
        "state_under_review_code" => state_under_review_code,
        "state_under_review" => state_under_review,
        "recommending_state_code" => recommending_state_code,
        "recommending_state" => recommending_state,
        "cycle" => cycle,
        "session" => session,
        "response" => response,
        "action_category" => action_category,
        "themes" => themes,
        "text" => text,
        "document_symbol" => document_symbol,
        "paragraph" => paragraph,
        "dataset" => dataset,
    }
}

columns! {
    /// An aid flow. Amounts as exact decimal strings, as the API gives them.
    AID_FLOW_COLUMNS, aid_flow_cells(AidFlowRow {
        id, donor_code, donor, recipient_code, recipient, fiscal_year, period_start,
        period_end, category, transaction_type, amount_minor, currency, amount_bound,
        part_of_id, source, dataset,
    }) {
        "id" => id,
        "donor_code" => donor_code,
        "donor" => donor,
        "recipient_code" => recipient_code,
        "recipient" => recipient,
        "fiscal_year" => fiscal_year,
        "period_start" => period_start,
        "period_end" => period_end,
        "category" => category,
        "transaction_type" => transaction_type,
        "amount" => Cell::Amount(
            Money::from_minor_units(amount_minor, currency.0).to_decimal_string(),
        ),
        "currency" => currency.0.code().to_owned(),
        "amount_bound" => amount_bound,
        "part_of_id" => part_of_id,
        "source" => source,
        "dataset" => dataset,
    }
}

columns! {
    /// An arms transfer. Volumes in millions of SIPRI TIV, exact.
    ARMS_TRANSFER_COLUMNS, arms_transfer_cells(ArmsTransferRow {
        id, sipri_id, supplier_code, supplier, recipient_code, recipient, order_year,
        order_year_is_estimate, number_ordered, number_ordered_is_estimate, designation,
        description, armament_category, number_delivered, number_delivered_is_estimate,
        delivery_years, status, comments, tiv_per_unit, tiv_sipri_estimate, tiv_order,
        tiv_delivered, local_production, dataset,
    }) {
        "id" => id,
        "sipri_id" => sipri_id,
        "supplier_code" => supplier_code,
        "supplier" => supplier,
        "recipient_code" => recipient_code,
        "recipient" => recipient,
        "order_year" => order_year,
        "order_year_is_estimate" => order_year_is_estimate,
        "number_ordered" => number_ordered,
        "number_ordered_is_estimate" => number_ordered_is_estimate,
        "designation" => designation,
        "description" => description,
        "armament_category" => armament_category,
        "number_delivered" => number_delivered,
        "number_delivered_is_estimate" => number_delivered_is_estimate,
        "delivery_years" => delivery_years,
        "status" => status.0.code().to_owned(),
        "comments" => comments,
        "tiv_per_unit" => tiv_per_unit.map(Tiv::from_thousandths),
        "tiv_sipri_estimate" => tiv_sipri_estimate.map(Tiv::from_thousandths),
        "tiv_order" => tiv_order.map(Tiv::from_thousandths),
        "tiv_delivered" => tiv_delivered.map(Tiv::from_thousandths),
        "local_production" => local_production,
        "dataset" => dataset,
    }
}

/// One chunk of rows after `after`, as cells in column order, with the last id.
async fn chunk(
    store: &Store,
    kind: ExportKind,
    filter: &Filter,
    after: i32,
) -> Result<(Vec<Vec<Cell>>, Option<i32>), StoreError> {
    Ok(match kind {
        ExportKind::Recommendations => {
            let rows = store.recommendation_rows(filter, after, CHUNK).await?;
            let last = rows.last().map(|r| r.id);
            (rows.into_iter().map(recommendation_cells).collect(), last)
        }
        ExportKind::AidFlows => {
            let rows = store.aid_flow_rows(filter, after, CHUNK).await?;
            let last = rows.last().map(|r| r.id);
            (rows.into_iter().map(aid_flow_cells).collect(), last)
        }
        ExportKind::ArmsTransfers => {
            let rows = store.arms_transfer_rows(filter, after, CHUNK).await?;
            let last = rows.last().map(|r| r.id);
            (rows.into_iter().map(arms_transfer_cells).collect(), last)
        }
    })
}

fn encode(kind: ExportKind, format: ExportFormat, header: bool, rows: Vec<Vec<Cell>>) -> Vec<u8> {
    let columns = kind.columns();
    match format {
        ExportFormat::Csv => {
            let mut writer = csv::Writer::from_writer(Vec::new());
            if header {
                // Writing to memory cannot fail.
                let _ = writer.write_record(columns);
            }
            for row in rows {
                let _ = writer.write_record(row.iter().map(Cell::csv));
            }
            writer.into_inner().unwrap_or_default()
        }
        ExportFormat::Jsonl => {
            let mut out = Vec::new();
            for row in rows {
                let object: serde_json::Map<String, Value> = columns
                    .iter()
                    .map(|c| (*c).to_owned())
                    .zip(row.iter().map(Cell::json))
                    .collect();
                let _ = serde_json::to_writer(&mut out, &Value::Object(object));
                out.push(b'\n');
            }
            out
        }
        ExportFormat::Xlsx => {
            unreachable!("a workbook is written by `xlsx`, not a chunk at a time")
        }
    }
}

/// The rows of an export, a chunk at a time: the first chunk always (empty when
/// nothing matches), every chunk read at the data version of the first; when an import
/// changes it part-way, the stream ends with [`StoreError::DataChanged`].
pub(crate) fn chunks(
    store: Store,
    kind: ExportKind,
    filter: Filter,
) -> impl Stream<Item = Result<Vec<Vec<Cell>>, StoreError>> + 'static {
    struct State {
        store: Store,
        filter: Filter,
        /// The data version every chunk is read at, once the first was.
        version: Option<DataVersion>,
        after: i32,
        first: bool,
        done: bool,
    }
    let state = State {
        store,
        filter,
        version: None,
        after: 0,
        first: true,
        done: false,
    };
    stream::unfold(state, move |mut state| async move {
        if state.done {
            return None;
        }
        let version = match &state.version {
            Some(version) => Ok(version.clone()),
            None => state.store.data_state().await,
        };
        let read = match version {
            Ok(version) => {
                let read = chunk(&state.store, kind, &state.filter, state.after);
                let read = state.store.read_at(&version, read).await;
                state.version = Some(version);
                read
            }
            Err(e) => Err(e),
        };
        match read {
            Ok((rows, last)) => {
                let first = std::mem::replace(&mut state.first, false);
                match last {
                    Some(last) if rows.len() as u64 == CHUNK => state.after = last,
                    _ => state.done = true,
                }
                if rows.is_empty() && !first {
                    return None;
                }
                Some((Ok(rows), state))
            }
            Err(e) => {
                state.done = true;
                Some((Err(e), state))
            }
        }
    })
}

/// A CSV or JSON-lines export as a stream of byte chunks: the CSV header first (even
/// when nothing matches), then one chunk per statement (see [`chunks`]). An XLSX
/// export is not a stream of rows: see [`xlsx`].
pub fn stream(
    store: Store,
    kind: ExportKind,
    filter: Filter,
    format: ExportFormat,
) -> impl Stream<Item = Result<Vec<u8>, StoreError>> + 'static {
    assert!(
        format != ExportFormat::Xlsx,
        "an XLSX export is written by `xlsx`"
    );
    let mut header = true;
    chunks(store, kind, filter).map(move |rows| {
        let header = std::mem::replace(&mut header, false);
        rows.map(|rows| encode(kind, format, header, rows))
    })
}

/// `uprgraph export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// What to export.
    #[arg(value_enum)]
    kind: ExportKind,
    /// A filter in the API's terms, as JSON: a RecommendationFilter
    /// (`{"stateUnderReview": ["USA"], "cycle": [1]}`), an AidFlowFilter
    /// (`{"donor": ["USA"], "fiscalYearFrom": 2000}`) or an ArmsTransferFilter
    /// (`{"supplier": ["USA"], "deliveryYearFrom": 2015}`).
    #[arg(long)]
    filter: Option<String>,
    /// The output format. XLSX is written to standard output only when that is not a
    /// terminal (a pipe or a file); give `--output` otherwise.
    #[arg(long, value_enum, default_value_t = ExportFormat::Csv)]
    format: ExportFormat,
    /// Write to this file instead of standard output.
    #[arg(long, short)]
    output: Option<PathBuf>,
    #[command(flatten)]
    database: DatabaseSettings,
}

impl ExportArgs {
    /// The database exported from.
    pub fn database_url(&self) -> &str {
        &self.database.database_url
    }
}

/// Runs the export command.
pub async fn run(args: ExportArgs) -> anyhow::Result<()> {
    let filter = args
        .kind
        .filter(args.filter.as_deref())
        .map_err(anyhow::Error::msg)?;
    if args.format == ExportFormat::Xlsx && args.output.is_none() && std::io::stdout().is_terminal()
    {
        anyhow::bail!(
            "an XLSX file is binary and standard output is a terminal: \
             give `--output FILE.xlsx`, or redirect standard output to a file"
        );
    }
    let store = Store::connect(&args.database.database_url, 2)
        .await
        .context("cannot open the database")?;
    store
        .check_ready()
        .await
        .context("the database is not ready")?;
    let out: Box<dyn std::io::Write + Send> = match &args.output {
        Some(path) => Box::new(
            std::fs::File::create(path)
                .with_context(|| format!("cannot create {}", path.display()))?,
        ),
        None => Box::new(std::io::stdout()),
    };
    let mut out = std::io::BufWriter::new(out);
    if args.format == ExportFormat::Xlsx {
        let sheets = xlsx::fill(
            xlsx::Sheets::new(args.kind),
            chunks(store, args.kind, filter),
        )
        .await?;
        tokio::task::spawn_blocking(move || sheets.save(out)).await??;
        return Ok(());
    }
    use std::io::Write as _;
    let mut chunks = std::pin::pin!(stream(store, args.kind, filter, args.format));
    while let Some(bytes) = chunks.next().await {
        out.write_all(&bytes?)?;
    }
    out.flush()?;
    Ok(())
}
