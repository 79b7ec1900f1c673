//! `uprgraph import`: files in, with a report out.

use std::{
    fs::File,
    io::IsTerminal,
    path::{Path, PathBuf},
    sync::Mutex,
};

use anyhow::{bail, Context};
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use uprgraph_store::{
    encoding_by_label, FileReport, Format, ImportError, ImportOptions, ImportReport, InputFile,
    Progress, DEFAULT_MAX_TEXT_BYTES, MAX_TEXT_BYTES_RANGE,
};

use crate::settings::DatabaseSettings;

/// What to import and how.
#[derive(Debug, Clone, Args)]
pub struct ImportArgs {
    /// The format of the files: upr-info, uhri, foreign-assistance, aid-csv, sipri or
    /// oecd-dac2a.
    #[arg(value_parser = clap::value_parser!(FormatArg))]
    pub format: FormatArg,

    /// The files to import, all in one transaction: CSV, or XLSX (the first sheet).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,

    /// Check and count everything, then roll back: nothing is changed.
    #[arg(long)]
    pub dry_run: bool,

    /// Take the good rows and write the bad ones, with reasons, to the --rejects file,
    /// instead of refusing the import.
    #[arg(long)]
    pub skip_invalid: bool,

    /// Where --skip-invalid writes the rows it did not take. The file is created before
    /// the import starts and written before anything is committed.
    #[arg(long, default_value = "rejected-rows.csv")]
    pub rejects: PathBuf,

    /// Take a file that has a header but no data rows, as an empty dataset (an updated
    /// file that no longer has any rows, say). Without it such a file is refused.
    #[arg(long)]
    pub allow_empty: bool,

    /// The largest recommendation text taken, in bytes of UTF-8; a row with a longer
    /// one is refused. Other fields have fixed limits (see `docs/importing.md`).
    #[arg(long, default_value_t = DEFAULT_MAX_TEXT_BYTES, value_parser = max_text_bytes)]
    pub max_text_bytes: usize,

    /// Read the files in this encoding (utf-8, windows-1252, macintosh, latin1, ...)
    /// instead of detecting it.
    #[arg(long)]
    pub encoding: Option<String>,

    /// The year every figure of the files is for, for OECD DAC Table 2a, whose rows do
    /// not say it; without it, the year in each file's name (`ODA-2019-DAC2a.csv`).
    #[arg(long, value_parser = clap::value_parser!(i32).range(1960..=2100))]
    pub year: Option<i32>,

    #[command(flatten)]
    pub database: DatabaseSettings,
}

/// A format named on the command line.
#[derive(Debug, Clone, Copy)]
pub struct FormatArg(pub Format);

impl std::str::FromStr for FormatArg {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        s.parse().map(Self)
    }
}

fn max_text_bytes(value: &str) -> Result<usize, String> {
    let bytes: usize = value
        .parse()
        .map_err(|_| "not a number of bytes".to_owned())?;
    if MAX_TEXT_BYTES_RANGE.contains(&bytes) {
        Ok(bytes)
    } else {
        Err(format!(
            "between {} and {} bytes",
            MAX_TEXT_BYTES_RANGE.start(),
            MAX_TEXT_BYTES_RANGE.end()
        ))
    }
}

/// Runs an import and prints its report. Returns whether it succeeded.
pub async fn run(args: ImportArgs) -> anyhow::Result<bool> {
    let encoding = match &args.encoding {
        Some(label) => {
            Some(encoding_by_label(label).with_context(|| format!("unknown encoding `{label}`"))?)
        }
        None => None,
    };
    let mut files = Vec::with_capacity(args.files.len());
    for path in &args.files {
        let bytes =
            std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
        files.push(InputFile {
            name: file_name(path),
            bytes,
        });
    }
    if files
        .iter()
        .map(|f| &f.name)
        .collect::<std::collections::HashSet<_>>()
        .len()
        != files.len()
    {
        bail!("two of the files have the same name; a dataset is known by its file name");
    }
    // The file of rejected rows is made before anything else, so that a path that
    // cannot be written stops the import before it starts, not after it committed.
    let rejects = if args.skip_invalid {
        let file = File::create(&args.rejects).with_context(|| {
            format!(
                "cannot write the file of rejected rows {}; nothing was changed",
                args.rejects.display()
            )
        })?;
        Some(Mutex::new(Some(file)))
    } else {
        None
    };
    let store = args.database.open_migrated().await?;
    let options = ImportOptions {
        dry_run: args.dry_run,
        skip_invalid: args.skip_invalid,
        encoding,
        allow_empty: args.allow_empty,
        max_text_bytes: args.max_text_bytes,
        year: args.year,
    };
    let progress = Display::new(rejects);
    let outcome = store.import(args.format.0, files, options, &progress).await;
    store.close().await.ok();
    match outcome {
        Ok(report) => {
            progress.finish();
            let outcome = if report.committed {
                "committed"
            } else {
                "dry run: nothing was changed"
            };
            print_report(&report, outcome);
            if args.skip_invalid && report.files.iter().any(|f| !f.rejected.is_empty()) {
                println!("rows not taken, with reasons: {}", args.rejects.display());
            }
            Ok(true)
        }
        Err(ImportError::Rejected(report)) => {
            progress.finish();
            print_report(&report, "refused");
            const SHOWN: usize = 50;
            let errors: Vec<_> = report.files.iter().flat_map(|f| &f.rejected).collect();
            eprintln!(
                "\n{} rows cannot be imported; nothing was changed:",
                errors.len()
            );
            for error in errors.iter().take(SHOWN) {
                eprintln!("  {error}");
            }
            if errors.len() > SHOWN {
                eprintln!(
                    "  … and {} more (--skip-invalid writes them all to a file)",
                    errors.len() - SHOWN
                );
            }
            Ok(false)
        }
        Err(e) => {
            progress.finish();
            Err(e.into())
        }
    }
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

fn print_report(report: &ImportReport, outcome: &str) {
    let mut total = 0;
    for file in &report.files {
        total += file.rows_read;
        let how = if file.encoding_detected {
            "detected"
        } else {
            "declared"
        };
        println!(
            "{} ({}, read as {} — {how})",
            file.file, file.format, file.encoding
        );
        let c = &file.counts;
        println!(
            "  {} rows read: {} created, {} updated, {} unchanged, {} removed, {} rejected, {} left out",
            file.rows_read,
            c.created,
            c.updated,
            c.unchanged,
            c.removed,
            file.rejected.len(),
            file.left_out.values().sum::<u64>()
        );
        for note in &file.notes {
            println!("  note: {note}");
        }
        for (reason, count) in &file.left_out {
            println!("  left out {count}: {reason}");
        }
        const SHOWN: usize = 50;
        for held in file.already_held.iter().take(SHOWN) {
            println!("  left out, line {}: {}", held.line, held.reason);
        }
        if file.already_held.len() > SHOWN {
            println!(
                "  … and {} more figures held already",
                file.already_held.len() - SHOWN
            );
        }
    }
    let seconds = report.elapsed.as_secs_f64();
    let rate = if seconds > 0.0 {
        total as f64 / seconds
    } else {
        0.0
    };
    println!("{total} rows in {seconds:.2} s ({rate:.0} rows/s); {outcome}");
}

/// Writes the rows the checks refused, with their places and reasons, to `file`.
fn write_rejects(file: File, reports: &[&FileReport]) -> std::io::Result<()> {
    let mut writer = csv::WriterBuilder::new().flexible(true).from_writer(file);
    writer.write_record(["file", "sheet", "line", "column", "value", "reason", "row"])?;
    for error in reports.iter().flat_map(|f| &f.rejected) {
        let mut record = vec![
            error.file.clone(),
            error.sheet.clone().unwrap_or_default(),
            error.line.to_string(),
            error.column.clone(),
            error.value.clone(),
            error.reason.clone(),
        ];
        record.extend(error.fields.iter().cloned());
        writer.write_record(&record)?;
    }
    writer.flush()?;
    writer.into_inner().map_err(|e| e.into_error())?.sync_all()
}

/// A progress bar on a terminal, plain lines otherwise; and the file of rejected rows,
/// written once the files are checked.
struct Display {
    bar: Option<Mutex<Option<ProgressBar>>>,
    rejects: Option<Mutex<Option<File>>>,
}

impl Display {
    fn new(rejects: Option<Mutex<Option<File>>>) -> Self {
        Self {
            bar: std::io::stderr().is_terminal().then(|| Mutex::new(None)),
            rejects,
        }
    }

    fn finish(&self) {
        Progress::finish(self);
    }
}

impl Progress for Display {
    fn start(&self, file: &str, phase: &str, total: u64) {
        match &self.bar {
            Some(slot) => {
                let bar = ProgressBar::new(total).with_message(format!("{phase} {file}"));
                bar.set_style(
                    ProgressStyle::with_template(
                        "{msg:40} [{bar:30}] {pos}/{len} rows ({per_sec})",
                    )
                    .unwrap_or_else(|_| ProgressStyle::default_bar())
                    .progress_chars("=> "),
                );
                if let Some(old) = slot.lock().unwrap_or_else(|p| p.into_inner()).replace(bar) {
                    old.finish_and_clear();
                }
            }
            None => eprintln!("{phase} {file}: {total} rows"),
        }
    }

    fn advance(&self, done: u64) {
        if let Some(slot) = &self.bar {
            if let Some(bar) = slot.lock().unwrap_or_else(|p| p.into_inner()).as_ref() {
                bar.set_position(done);
            }
        }
    }

    fn finish(&self) {
        if let Some(slot) = &self.bar {
            if let Some(bar) = slot.lock().unwrap_or_else(|p| p.into_inner()).take() {
                bar.finish_and_clear();
            }
        }
    }

    fn checked(&self, files: &[&FileReport]) -> Result<(), String> {
        let Some(slot) = &self.rejects else {
            return Ok(());
        };
        let Some(file) = slot.lock().unwrap_or_else(|p| p.into_inner()).take() else {
            return Ok(());
        };
        write_rejects(file, files)
            .map_err(|e| format!("cannot write the file of rejected rows: {e}"))
    }
}
