//! Importers: files users downloaded from the UPR databases and aid trackers,
//! taken whole or not at all.
//!
//! An import reads every file, decodes it, parses every row into a checked record
//! and resolves every state, before it writes anything. If any row is bad, the
//! import stops and reports each one (file, line, column, value, reason) unless it
//! was told to skip bad rows. Then it writes all files in one transaction: rows
//! are matched to earlier imports of the same file by a natural key, so importing
//! the same file again changes nothing and importing an updated file changes only
//! what changed. A dry run does all of it and rolls back.

mod formats;
#[cfg(test)]
mod properties;
mod read;
mod rows;
mod write;

use std::{collections::BTreeMap, fmt, str::FromStr, time::Duration};

use encoding_rs::Encoding;
pub use read::decode::encoding_by_label;
use sea_orm::{ConnectionTrait, TransactionTrait};
use sha2::{Digest, Sha256};
use uprgraph_domain::{Alpha2Code, StateCode};
pub use write::held::AlreadyHeld;

use crate::{Store, StoreError};

/// The file formats `uprgraph import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// The UPR Info database export (`To,To-Rgrp,To-Org,Text,From,...,Session`).
    UprInfo,
    /// The OHCHR Universal Human Rights Index export, as CSV.
    Uhri,
    /// ForeignAssistance.gov's country-level CSV.
    ForeignAssistance,
    /// uprgraph's generic aid-flow CSV (see the README).
    AidCsv,
    /// SIPRI's Arms Transfers Database export (the trade register, either layout).
    Sipri,
    /// OECD DAC Table 2a: official development assistance from every donor, one year a file.
    OecdDac2a,
}

impl Format {
    /// Every format, in the order help texts list them.
    pub const ALL: [Self; 6] = [
        Self::UprInfo,
        Self::Uhri,
        Self::ForeignAssistance,
        Self::AidCsv,
        Self::Sipri,
        Self::OecdDac2a,
    ];

    /// The name used on the command line and stored with each dataset.
    pub fn name(self) -> &'static str {
        self.spec().name
    }

    /// What the format's module declares of it.
    fn spec(self) -> &'static formats::spec::FormatSpec {
        match self {
            Self::UprInfo => &formats::upr_info::SPEC,
            Self::Uhri => &formats::uhri::SPEC,
            Self::ForeignAssistance => &formats::foreign_assistance::SPEC,
            Self::AidCsv => &formats::aid_csv::SPEC,
            Self::Sipri => &formats::sipri::SPEC,
            Self::OecdDac2a => &formats::oecd_dac2a::SPEC,
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Format {
    type Err = String;

    fn from_str(input: &str) -> Result<Self, String> {
        Self::ALL
            .into_iter()
            .find(|f| f.name() == input)
            .ok_or_else(|| {
                let names: Vec<_> = Self::ALL.iter().map(|f| f.name()).collect();
                format!(
                    "unknown format `{input}`; expected one of: {}",
                    names.join(", ")
                )
            })
    }
}

/// A file to import: its name (as recorded in the dataset) and its bytes.
#[derive(Debug, Clone)]
pub struct InputFile {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// The largest recommendation text an import takes by default, in bytes of UTF-8.
pub const DEFAULT_MAX_TEXT_BYTES: usize = 64 * 1024;
/// The smallest and largest limits `max_text_bytes` may be set to: the checks on the
/// folded text keep the index within both databases' limits up to the largest.
pub const MAX_TEXT_BYTES_RANGE: std::ops::RangeInclusive<usize> = 1024..=1024 * 1024;

/// How to import.
#[derive(Debug, Clone, Copy)]
pub struct ImportOptions {
    /// Do everything, report, and roll back.
    pub dry_run: bool,
    /// Take the good rows and report the bad ones instead of refusing the files.
    pub skip_invalid: bool,
    /// Read the files in this encoding instead of detecting it.
    pub encoding: Option<&'static Encoding>,
    /// Take a file that has a header but no data rows (an empty dataset).
    pub allow_empty: bool,
    /// The largest recommendation text taken, in bytes (see [`MAX_TEXT_BYTES_RANGE`]).
    pub max_text_bytes: usize,
    /// The year every figure of the files is for, for a format whose files do not
    /// say it in their rows (OECD DAC Table 2a); without it, the year in each file's name.
    pub year: Option<i32>,
}

impl Default for ImportOptions {
    fn default() -> Self {
        Self {
            dry_run: false,
            skip_invalid: false,
            encoding: None,
            allow_empty: false,
            max_text_bytes: DEFAULT_MAX_TEXT_BYTES,
            year: None,
        }
    }
}

/// A row that cannot be taken, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub file: String,
    /// The sheet of a spreadsheet the row is on; `None` for a CSV file.
    pub sheet: Option<String>,
    /// The line the row starts on, from 1 (the header is line 1); in a sheet, its row.
    pub line: u64,
    /// The column, by its name in the header; empty for the row as a whole (or for a
    /// cell beyond the header).
    pub column: String,
    /// The cell (`B5`) in a sheet, for an error about one cell.
    pub cell: Option<String>,
    /// The value, shortened when it is long.
    pub value: String,
    pub reason: String,
    /// The row's fields as read, for the file of rejected rows.
    pub fields: Vec<String>,
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.sheet {
            Some(sheet) => write!(f, "{}, sheet {sheet}, row {}: ", self.file, self.line)?,
            None => write!(f, "{}:{}: ", self.file, self.line)?,
        }
        match (self.column.is_empty(), &self.cell) {
            (false, Some(cell)) => write!(f, "column {} (cell {cell}), ", self.column)?,
            (false, None) => write!(f, "column {}, ", self.column)?,
            (true, Some(cell)) => write!(f, "cell {cell}, ")?,
            (true, None) => {}
        }
        write!(f, "value {:?}: {}", self.value, self.reason)
    }
}

/// Counts a row's fate in an import.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    pub created: u64,
    pub updated: u64,
    pub unchanged: u64,
    /// Rows of an earlier import of the file that the new version no longer has.
    pub removed: u64,
}

/// What happened to one file.
#[derive(Debug, Clone)]
pub struct FileReport {
    pub file: String,
    pub format: Format,
    /// The encoding the file was read in, and whether it was detected.
    pub encoding: &'static str,
    pub encoding_detected: bool,
    pub rows_read: u64,
    pub counts: Counts,
    pub rejected: Vec<RowError>,
    /// Rows deliberately not taken (aggregates that are not states, records that are
    /// not UPR recommendations), by reason.
    pub left_out: BTreeMap<String, u64>,
    /// Remarks on the data, such as rows that name no recommending state.
    pub notes: Vec<String>,
    /// Aid figures left out because the database (or an earlier file of the import)
    /// holds them already, or holds a figure they are a part of, each with its place.
    pub already_held: Vec<AlreadyHeld>,
}

/// What an import did.
#[derive(Debug, Clone)]
pub struct ImportReport {
    pub files: Vec<FileReport>,
    /// Whether the changes were committed (false for a dry run or a refused import).
    pub committed: bool,
    pub elapsed: Duration,
}

/// Why an import changed nothing.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// Some rows are bad and bad rows were not to be skipped; the report lists them.
    #[error("{} rows cannot be imported; nothing was changed", .0.files.iter().map(|f| f.rejected.len()).sum::<usize>())]
    Rejected(ImportReport),
    /// A file cannot be read as the format at all.
    #[error("{file}: {reason}; nothing was changed")]
    Unreadable { file: String, reason: String },
    /// The database refused what a file asked to write: the row that caused it (its
    /// line, or row of its sheet) when a row did, and the database's reason.
    #[error("{}the database refused {what}: {reason}; nothing was changed", place(file, sheet.as_deref(), *line))]
    Refused {
        file: String,
        sheet: Option<String>,
        line: Option<u64>,
        /// What was being written (`this row`, `the row's search terms`, ...).
        what: String,
        reason: String,
    },
    /// The caller stopped the import after the files were checked (the rejected rows
    /// could not be saved, say), before anything was written.
    #[error("{0}; nothing was changed")]
    Stopped(String),
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// `file:line: `, `file, sheet S, row N: ` or `file: `.
fn place(file: &str, sheet: Option<&str>, line: Option<u64>) -> String {
    match (sheet, line) {
        (Some(sheet), Some(line)) => format!("{file}, sheet {sheet}, row {line}: "),
        (None, Some(line)) => format!("{file}:{line}: "),
        _ => format!("{file}: "),
    }
}

impl From<sea_orm::DbErr> for ImportError {
    fn from(err: sea_orm::DbErr) -> Self {
        Self::Store(err.into())
    }
}

/// Hears how far an import has got, to show progress.
pub trait Progress: Send + Sync {
    /// A phase begins, over `total` rows.
    fn start(&self, file: &str, phase: &str, total: u64);
    /// `done` rows of the phase are done.
    fn advance(&self, done: u64);
    /// The phase is over.
    fn finish(&self);
    /// Every file is checked and nothing is written yet: the last moment to keep what
    /// the checks found (the rejected rows) before the changes are committed. An error
    /// stops the import, which then changes nothing.
    fn checked(&self, files: &[&FileReport]) -> Result<(), String> {
        let _ = files;
        Ok(())
    }
}

/// Progress that shows nothing.
#[derive(Debug)]
pub struct Silent;

impl Progress for Silent {
    fn start(&self, _: &str, _: &str, _: u64) {}
    fn advance(&self, _: u64) {}
    fn finish(&self) {}
}

/// States and sessions to check files against without a database, for tests and
/// fuzzing of the parsers: [`check_file`] resolves names and numbers through these.
#[derive(Debug, Clone, Default)]
pub struct KnownStates {
    states: Vec<(i32, StateCode, Alpha2Code, Vec<String>)>,
    sessions: Vec<(i32, i32, i32)>,
}

impl KnownStates {
    /// Adds a state by id, ISO codes and the names it is known by.
    ///
    /// # Panics
    ///
    /// When `alpha3` is not three letters or `alpha2` not two: the codes are a test's
    /// own, and a mistyped one should stop it.
    pub fn state(mut self, id: i32, alpha3: &str, alpha2: &str, names: &[&str]) -> Self {
        let names = names.iter().map(|n| (*n).to_owned()).collect();
        let alpha3 = StateCode::parse(alpha3).expect("an alpha-3 code");
        let alpha2 = Alpha2Code::parse(alpha2).expect("an alpha-2 code");
        self.states.push((id, alpha3, alpha2, names));
        self
    }

    /// Adds a UPR session by number, with its id and its cycle's id.
    pub fn session(mut self, number: i32, id: i32, cycle_id: i32) -> Self {
        self.sessions.push((number, id, cycle_id));
        self
    }
}

/// Decodes, parses and checks one file as an import does before it writes anything,
/// against `known` instead of a database: the report of what an import would take,
/// reject and leave out (its counts of created rows aside).
pub fn check_file(
    format: Format,
    file: &InputFile,
    options: &ImportOptions,
    known: &KnownStates,
) -> Result<FileReport, ImportError> {
    let resolver = read::resolve::Resolver::from_parts(&known.states, &known.sessions);
    read::parse_file(format, file, options, &resolver, &Silent).map(|parsed| parsed.report)
}

/// Decodes a file's bytes as an import does: in `declared` encoding, or in the one
/// detected. Returns the text and the encoding's name, or why the bytes are refused.
pub fn decode_text(
    bytes: &[u8],
    declared: Option<&'static Encoding>,
) -> Result<(String, &'static str), String> {
    read::decode::decode(bytes, declared).map(|d| (d.text, d.encoding.name()))
}

/// `work` done on `items` cut in as many parts as the machine has cores, each part on
/// a thread of its own, and the parts' results in the order of the parts; on the
/// calling thread alone for fewer than `alone_below` items, where starting threads
/// would cost more than it saves. An import's large files are otherwise read by one
/// thread each, while the other core waits.
pub(crate) fn on_every_core<T: Sync, R: Send>(
    items: &[T],
    alone_below: usize,
    work: impl Fn(&[T]) -> R + Sync,
) -> Vec<R> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    if cores == 1 || items.len() < alone_below.max(cores) {
        return vec![work(items)];
    }
    let work = &work;
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(items.len().div_ceil(cores))
            .map(|part| scope.spawn(move || work(part)))
            .collect();
        joined(handles)
    })
}

/// The results of scoped threads, in their order; a thread's panic goes on in the
/// caller.
fn joined<R>(handles: Vec<std::thread::ScopedJoinHandle<'_, R>>) -> Vec<R> {
    handles
        .into_iter()
        .map(|handle| {
            handle
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        })
        .collect()
}

/// The SHA-256 of a file's bytes, in hex, as `sha256sum` prints it.
pub(crate) fn file_sha256(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// The SHA-256 of a sequence of byte strings (each prefixed with its length, so that
/// `["ab", "c"]` and `["a", "bc"]` differ), in hex.
pub(crate) fn sha256_hex(parts: &[&[u8]]) -> String {
    hex(&digest(parts))
}

/// The first 128 bits of [`sha256_hex`]: enough to tell rows apart, and a smaller index.
pub(crate) fn short_hash(parts: &[&[u8]]) -> String {
    hex(&digest(parts)[..16])
}

fn digest(parts: &[&[u8]]) -> [u8; 32] {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update((part.len() as u64).to_le_bytes());
        hasher.update(part);
    }
    hasher.finalize().into()
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        out.push(char::from(DIGITS[usize::from(byte >> 4)]));
        out.push(char::from(DIGITS[usize::from(byte & 0xf)]));
    }
    out
}

/// The tables an import writes to.
const WRITTEN_TABLES: &[&str] = &[
    "datasets",
    "sources",
    "reviews",
    "recommendations",
    "recommendation_terms",
    "search_stems",
    "recommendation_themes",
    "themes",
    "recommendation_affected_persons",
    "affected_persons",
    "recommendation_sdg_targets",
    "sdg_targets",
    "organizations",
    "organization_members",
    "aid_flows",
    "arms_transfers",
    "arms_deliveries",
];

impl Store {
    /// Brings the planner's statistics up to date after an import: PostgreSQL has none
    /// for rows just written until autovacuum runs, and a nested read planned without
    /// them ran ten times slower. SQLite is asked to analyze what it judges worth it.
    async fn analyze_after_import(&self) -> Result<(), ImportError> {
        let sql = self.dialect().analyze(WRITTEN_TABLES);
        self.connection().execute_unprepared(&sql).await?;
        Ok(())
    }

    /// Imports files of one format, all in one transaction.
    pub async fn import(
        &self,
        format: Format,
        files: Vec<InputFile>,
        options: ImportOptions,
        progress: &dyn Progress,
    ) -> Result<ImportReport, ImportError> {
        let started = std::time::Instant::now();
        let resolver = read::resolve::Resolver::load(self.connection()).await?;
        // Checking is pure computation: the files are checked side by side.
        let mut parsed: Vec<read::Parsed> = std::thread::scope(|scope| {
            let handles: Vec<_> = files
                .iter()
                .map(|file| {
                    let resolver = &resolver;
                    scope
                        .spawn(move || read::parse_file(format, file, &options, resolver, progress))
                })
                .collect();
            joined(handles).into_iter().collect::<Result<_, _>>()
        })?;
        if parsed
            .iter()
            .any(|p| matches!(p.rows, rows::Rows::AidFlows(_)))
        {
            let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
            write::held::Held::load(self.connection(), format, &names)
                .await?
                .check(format, &mut parsed);
        }
        let any_rejected = parsed.iter().any(|p| !p.report.rejected.is_empty());
        if any_rejected && !options.skip_invalid {
            return Err(ImportError::Rejected(ImportReport {
                files: parsed.into_iter().map(|p| p.report).collect(),
                committed: false,
                elapsed: started.elapsed(),
            }));
        }

        let reports: Vec<&FileReport> = parsed.iter().map(|p| &p.report).collect();
        progress.checked(&reports).map_err(ImportError::Stopped)?;

        let txn = self.connection().begin().await?;
        let dialect = self.dialect();
        for setting in dialect.bulk_write_settings() {
            txn.execute_unprepared(&setting).await?;
        }
        let mut reports = Vec::with_capacity(parsed.len());
        for (file, mut parsed) in files.iter().zip(parsed) {
            parsed.report.counts =
                write::write_file(&txn, dialect, format, file, &parsed, progress).await?;
            reports.push(parsed.report);
        }
        for setting in dialect.bulk_write_settings_reset() {
            txn.execute_unprepared(&setting).await?;
        }
        if options.dry_run {
            txn.rollback().await?;
        } else {
            crate::version::raise(&txn, self.dialect()).await?;
            txn.commit().await?;
            self.analyze_after_import().await?;
        }
        Ok(ImportReport {
            files: reports,
            committed: !options.dry_run,
            elapsed: started.elapsed(),
        })
    }
}
