//! Exports of filtered recommendation and aid lists as CSV or JSON lines, streamed in
//! chunks of rows read by keyset, so that memory stays constant however many rows
//! match. The same stream serves `uprgraph export` and `GET /export/...`.
//!
//! No connection or transaction is held between chunks (a slow download holds nothing
//! of the database), so each chunk is read at the data version the first one was read
//! at (`Store::read_at`): when an import commits part-way through, the export stops with
//! an error rather than going on with rows of the other state of the database.

use std::{io::Write as _, path::PathBuf};

use anyhow::Context as _;
use clap::{Args, ValueEnum};
use futures_util::{stream, Stream, StreamExt as _};
use serde_json::{json, Value};
use uprgraph_domain::Money;
use uprgraph_store::{AidFlowRow, DataVersion, Filter, RecommendationRow, Store, StoreError};

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
}

/// How rows are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// Comma-separated values with a header line (RFC 4180), UTF-8.
    Csv,
    /// One JSON object per line.
    Jsonl,
}

impl ExportFormat {
    /// The HTTP media type.
    pub fn content_type(self) -> &'static str {
        match self {
            Self::Csv => "text/csv; charset=utf-8",
            Self::Jsonl => "application/jsonl; charset=utf-8",
        }
    }

    /// The file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::Jsonl => "jsonl",
        }
    }
}

impl ExportKind {
    /// The filter given as JSON in the API's terms: a `RecommendationFilter` or an
    /// `AidFlowFilter`.
    pub fn filter(self, json: Option<&str>) -> Result<Filter, String> {
        let Some(json) = json.filter(|j| !j.trim().is_empty()) else {
            return Ok(Filter::All);
        };
        let value: Value =
            serde_json::from_str(json).map_err(|e| format!("the filter is not JSON: {e}"))?;
        match self {
            Self::Recommendations => uprgraph_graphql::recommendation_filter_from_json(value),
            Self::AidFlows => uprgraph_graphql::aid_flow_filter_from_json(value),
        }
        .map_err(|e| format!("filter: {e}"))
    }

    fn columns(self) -> &'static [&'static str] {
        match self {
            Self::Recommendations => &[
                "id",
                "state_under_review_code",
                "state_under_review",
                "recommending_state_code",
                "recommending_state",
                "cycle",
                "session",
                "response",
                "action_category",
                "themes",
                "text",
                "document_symbol",
                "paragraph",
                "dataset",
            ],
            Self::AidFlows => &[
                "id",
                "donor_code",
                "donor",
                "recipient_code",
                "recipient",
                "fiscal_year",
                "period_start",
                "period_end",
                "category",
                "transaction_type",
                "amount",
                "currency",
                "amount_bound",
                "part_of_id",
                "source",
                "dataset",
            ],
        }
    }
}

fn recommendation_values(row: RecommendationRow) -> Vec<Value> {
    vec![
        json!(row.id),
        json!(row.state_under_review_code),
        json!(row.state_under_review),
        json!(row.recommending_state_code),
        json!(row.recommending_state),
        json!(row.cycle),
        json!(row.session),
        json!(row.response),
        json!(row.action_category),
        json!(row.themes),
        json!(row.text),
        json!(row.document_symbol),
        json!(row.paragraph),
        json!(row.dataset),
    ]
}

fn aid_flow_values(row: AidFlowRow) -> Vec<Value> {
    // Amounts as exact decimal strings, as the API gives them.
    let currency = row.currency.0;
    let amount = Money::from_minor_units(row.amount_minor, currency).to_decimal_string();
    vec![
        json!(row.id),
        json!(row.donor_code),
        json!(row.donor),
        json!(row.recipient_code),
        json!(row.recipient),
        json!(row.fiscal_year),
        json!(row.period_start.map(|d| d.to_string())),
        json!(row.period_end.map(|d| d.to_string())),
        json!(row.category),
        json!(row.transaction_type),
        json!(amount),
        json!(currency.code()),
        json!(row.amount_bound),
        json!(row.part_of_id),
        json!(row.source),
        json!(row.dataset),
    ]
}

/// One chunk of rows after `after`, as values in column order, with the last id.
async fn chunk(
    store: &Store,
    kind: ExportKind,
    filter: &Filter,
    after: i32,
) -> Result<(Vec<Vec<Value>>, Option<i32>), StoreError> {
    Ok(match kind {
        ExportKind::Recommendations => {
            let rows = store.recommendation_rows(filter, after, CHUNK).await?;
            let last = rows.last().map(|r| r.id);
            (rows.into_iter().map(recommendation_values).collect(), last)
        }
        ExportKind::AidFlows => {
            let rows = store.aid_flow_rows(filter, after, CHUNK).await?;
            let last = rows.last().map(|r| r.id);
            (rows.into_iter().map(aid_flow_values).collect(), last)
        }
    })
}

fn encode(kind: ExportKind, format: ExportFormat, header: bool, rows: Vec<Vec<Value>>) -> Vec<u8> {
    let columns = kind.columns();
    match format {
        ExportFormat::Csv => {
            let mut writer = csv::Writer::from_writer(Vec::new());
            if header {
                // Writing to memory cannot fail.
                let _ = writer.write_record(columns);
            }
            for row in rows {
                let fields = row.iter().map(|v| match v {
                    Value::Null => String::new(),
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                });
                let _ = writer.write_record(fields);
            }
            writer.into_inner().unwrap_or_default()
        }
        ExportFormat::Jsonl => {
            let mut out = Vec::new();
            for row in rows {
                let object: serde_json::Map<String, Value> =
                    columns.iter().map(|c| (*c).to_owned()).zip(row).collect();
                let _ = serde_json::to_writer(&mut out, &Value::Object(object));
                out.push(b'\n');
            }
            out
        }
    }
}

/// The export as a stream of byte chunks: the CSV header first (even when nothing
/// matches), then one chunk per statement, every chunk read at the data version of the
/// first; when an import changes it part-way, the stream ends with
/// [`StoreError::DataChanged`].
pub fn stream(
    store: Store,
    kind: ExportKind,
    filter: Filter,
    format: ExportFormat,
) -> impl Stream<Item = Result<Vec<u8>, StoreError>> + 'static {
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
                let header = state.first;
                state.first = false;
                match last {
                    Some(last) if rows.len() as u64 == CHUNK => state.after = last,
                    _ => state.done = true,
                }
                if rows.is_empty() && !header {
                    return None;
                }
                Some((Ok(encode(kind, format, header, rows)), state))
            }
            Err(e) => {
                state.done = true;
                Some((Err(e), state))
            }
        }
    })
}

/// `uprgraph export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// What to export.
    #[arg(value_enum)]
    kind: ExportKind,
    /// A filter in the API's terms, as JSON: a RecommendationFilter
    /// (`{"stateUnderReview": ["USA"], "cycle": [1]}`) or an AidFlowFilter
    /// (`{"donor": ["USA"], "fiscalYearFrom": 2000}`).
    #[arg(long)]
    filter: Option<String>,
    /// The output format.
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

/// Runs the export command; the number of bytes written.
pub async fn run(args: ExportArgs) -> anyhow::Result<u64> {
    let filter = args
        .kind
        .filter(args.filter.as_deref())
        .map_err(anyhow::Error::msg)?;
    let store = Store::connect(&args.database.database_url, 2)
        .await
        .context("cannot open the database")?;
    store
        .check_ready()
        .await
        .context("the database is not ready")?;
    let mut out: Box<dyn std::io::Write> = match &args.output {
        Some(path) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(path)
                .with_context(|| format!("cannot create {}", path.display()))?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    let mut written = 0u64;
    let mut chunks = std::pin::pin!(stream(store, args.kind, filter, args.format));
    while let Some(bytes) = chunks.next().await {
        let bytes = bytes?;
        out.write_all(&bytes)?;
        written += bytes.len() as u64;
    }
    out.flush()?;
    Ok(written)
}
