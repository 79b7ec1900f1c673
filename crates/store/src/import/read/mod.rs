//! Reading one file for an import: decoding it (or opening it as a workbook), the
//! checks every field passes, and its format's parse, into the rows to write.

pub(crate) mod decode;
pub(crate) mod fields;
pub(crate) mod json;
pub(crate) mod raw;
pub(crate) mod resolve;
pub(crate) mod sheet;
pub(crate) mod table;
pub(crate) mod xlsx;

use std::collections::BTreeSet;

use self::{decode::decode, resolve::Resolver, sheet::Sheet, table::Table};
use crate::import::{
    file_sha256, formats::spec::Input, rows::Rows, sha256_hex, Counts, FileReport, Format,
    ImportError, ImportOptions, InputFile, Progress,
};

/// A file read and checked, ready to write.
#[derive(Debug)]
pub(crate) struct Parsed {
    pub report: FileReport,
    pub rows: Rows,
    /// The SHA-256 of the file's bytes, as `sha256sum` prints it.
    pub checksum: String,
    /// The SHA-256 of the file's length and bytes, the checksum datasets imported before
    /// it was the file's own hold: the same file is recognised by it.
    pub framed_checksum: String,
    /// Organisation memberships the file states, as (organisation code, state id).
    pub memberships: BTreeSet<(String, i32)>,
    /// The sheet the rows were read from, for a spreadsheet.
    pub sheet: Option<String>,
}

/// Reads, decodes and checks one file.
pub(crate) fn parse_file(
    format: Format,
    file: &InputFile,
    options: &ImportOptions,
    resolver: &Resolver,
    progress: &dyn Progress,
) -> Result<Parsed, ImportError> {
    let unreadable = |reason: String| ImportError::Unreadable {
        file: file.name.clone(),
        reason,
    };
    let spec = format.spec();
    let (mut table, encoding, encoding_detected) = read_table(file, options)?;
    // The format reads its columns by its own names; refusals name them as the file does.
    let header_as_read = std::mem::take(&mut table.header);
    table.header = spec.known_names(&header_as_read);
    let place = (
        &header_as_read[..],
        table.header_line,
        table.sheet.as_deref(),
    );
    let mut sheet = Sheet::new(&file.name, spec.name, place, options.max_text_bytes);
    let rows_read = table.records.len() as u64;
    fields::check(spec, &mut table, &mut sheet);
    progress.start(&file.name, "checking", table.records.len() as u64);
    let input = Input {
        table: &table,
        sheet: &mut sheet,
        resolver,
        progress,
        file: spec.file,
        name: &file.name,
        year: options.year,
    };
    let rows = (spec.parse)(input).map_err(unreadable)?;
    progress.finish();
    if rows_read == 0 && !options.allow_empty {
        return Err(unreadable(format!(
            "no data rows: the file holds only its header ({} {}); give --allow-empty to import it as an empty dataset",
            if table.sheet.is_some() { "row" } else { "line" },
            table.header_line
        )));
    }
    // The checks common to every format run first: the errors are put back in the
    // order of the file.
    sheet.errors.sort_by_key(|e| e.line);
    Ok(Parsed {
        report: FileReport {
            file: file.name.clone(),
            format,
            encoding,
            encoding_detected,
            rows_read,
            counts: Counts::default(),
            rejected: std::mem::take(&mut sheet.errors),
            left_out: std::mem::take(&mut sheet.left_out),
            notes: std::mem::take(&mut sheet.notes),
            already_held: Vec::new(),
        },
        rows,
        checksum: file_sha256(&file.bytes),
        framed_checksum: sha256_hex(&[&file.bytes]),
        memberships: sheet.memberships,
        sheet: sheet.sheet,
    })
}

/// The file's table, as a workbook's first sheet or as CSV text, with the encoding
/// it was read in and whether that was detected.
fn read_table(
    file: &InputFile,
    options: &ImportOptions,
) -> Result<(Table, &'static str, bool), ImportError> {
    let unreadable = |reason: String| ImportError::Unreadable {
        file: file.name.clone(),
        reason,
    };
    let (table, encoding, encoding_detected) = if xlsx::is_xlsx(&file.bytes) {
        (xlsx::read(&file.bytes).map_err(unreadable)?, "XLSX", true)
    } else if json::is_json(&file.bytes) {
        (json::read(&file.bytes).map_err(unreadable)?, "JSON", true)
    } else {
        let decoded = decode(&file.bytes, options.encoding).map_err(unreadable)?;
        let table = Table::parse(&decoded.text).map_err(|(line, reason)| {
            unreadable(format!("line {line}: not readable as CSV: {reason}"))
        })?;
        (table, decoded.encoding.name(), decoded.detected)
    };
    if table.header.iter().all(String::is_empty) && table.records.is_empty() {
        return Err(unreadable(
            "the file is empty: no header, no rows".to_owned(),
        ));
    }
    Ok((table, encoding, encoding_detected))
}
