//! XLSX exports, bounded in memory. Sheets are added in `rust_xlsxwriter`'s constant
//! memory mode: each row goes to the sheet's temporary file as soon as the next one is
//! started, with its texts inline, so memory holds one chunk of rows and the workbook's
//! few fixed parts, and the temporary files (about the size of the unzipped sheets)
//! hold the rest until the workbook is zipped out, in one pass, without seeking.
//!
//! What each cell holds:
//! - ids, years, cycles, sessions and counts are numbers; booleans are booleans;
//! - dates are real dates with the format `yyyy-mm-dd` (a day Excel cannot hold, before
//!   1900, is written as its ISO text);
//! - exact decimals (SIPRI TIVs) are numbers when the number reads back as the same
//!   decimal, and their exact text otherwise (never a rounded number);
//! - an amount of money is a number in its column under the same rule (empty when the
//!   number would not be exact, past 15 significant digits) and always its exact
//!   decimal text in the column beside it, `amount_exact`;
//! - texts are strings, never formulas, even when they start with `=`, `+`, `-` or `@`.
//!   A text longer than a cell holds (32,767 characters) is refused with its row and
//!   column rather than cut: the export fails and says to use CSV or JSON lines.
//!
//! A sheet holds 1,048,576 rows: past 1,048,575 rows and its header, the rows go on in a
//! further sheet, each with the header.

use std::io::{self, Write};

use chrono::Datelike as _;
use futures_util::{stream, Stream, StreamExt as _};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet, XlsxError};
use tokio::sync::mpsc;
use uprgraph_store::StoreError;

use super::{Cell, ExportKind};

/// The most rows a sheet holds, its header included.
pub const SHEET_ROWS: u32 = 1_048_576;

/// The most characters a cell holds (counted as UTF-16 units, as Excel does).
pub const CELL_CHARS: usize = 32_767;

/// The largest whole number a spreadsheet's number holds exactly (2^53).
const EXACT_INTEGER: u64 = 1 << 53;

/// Why an XLSX export failed.
#[derive(Debug, thiserror::Error)]
pub enum XlsxExportError {
    /// The rows could not be read.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A text is longer than a spreadsheet cell holds.
    #[error(
        "the {column} of row {id} has {chars} characters, more than the {CELL_CHARS} a \
         spreadsheet cell holds: export these rows as CSV or JSON lines"
    )]
    TooLong {
        /// The row's id.
        id: String,
        /// The column's name.
        column: &'static str,
        /// The text's length, in UTF-16 units.
        chars: usize,
    },
    /// The workbook could not be written (a temporary file, the output).
    #[error("cannot write the workbook: {0}")]
    Write(#[from] XlsxError),
    /// The thread writing the workbook stopped.
    #[error("the thread writing the workbook stopped: {0}")]
    Thread(#[from] tokio::task::JoinError),
}

/// A workbook being filled with an export's rows, sheet after sheet.
pub struct Sheets {
    workbook: Workbook,
    kind: ExportKind,
    /// Rows per sheet, the header included.
    sheet_rows: u32,
    /// The sheets added so far.
    sheets: usize,
    /// The row of the current sheet the next row goes to.
    next_row: u32,
    header: Format,
    date: Format,
}

impl std::fmt::Debug for Sheets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The workbook is not `Debug`.
        f.debug_struct("Sheets")
            .field("kind", &self.kind)
            .field("sheets", &self.sheets)
            .field("next_row", &self.next_row)
            .finish_non_exhaustive()
    }
}

impl Sheets {
    /// An empty workbook for `kind`: one sheet with its header.
    pub fn new(kind: ExportKind) -> Self {
        Self::with_sheet_rows(kind, SHEET_ROWS)
    }

    /// The same with `sheet_rows` rows per sheet, header included (tests use a few).
    pub fn with_sheet_rows(kind: ExportKind, sheet_rows: u32) -> Self {
        assert!(
            sheet_rows >= 2,
            "a sheet holds its header and a row at least"
        );
        let mut sheets = Self {
            workbook: Workbook::new(),
            kind,
            sheet_rows,
            sheets: 0,
            next_row: 0,
            header: Format::new().set_bold(),
            date: Format::new().set_num_format("yyyy-mm-dd"),
        };
        // A new workbook takes any first sheet.
        sheets
            .add_sheet()
            .expect("a new workbook takes its first sheet");
        sheets
    }

    /// The header of every sheet: the kind's columns, each amount followed by its exact
    /// text.
    pub fn header(kind: ExportKind) -> Vec<String> {
        kind.columns()
            .iter()
            .flat_map(|&column| {
                let exact = (kind == ExportKind::AidFlows && column == "amount")
                    .then(|| format!("{column}_exact"));
                std::iter::once(column.to_owned()).chain(exact)
            })
            .collect()
    }

    fn add_sheet(&mut self) -> Result<(), XlsxError> {
        self.sheets += 1;
        let name = match self.sheets {
            1 => self.kind.name().to_owned(),
            n => format!("{} ({n})", self.kind.name()),
        };
        let header = Self::header(self.kind);
        let sheet = self.workbook.add_worksheet_with_constant_memory();
        sheet.set_name(name)?;
        sheet.set_freeze_panes(1, 0)?;
        for (column, name) in (0..).zip(header) {
            sheet.write_string_with_format(0, column, name, &self.header)?;
        }
        self.next_row = 1;
        Ok(())
    }

    /// Writes rows after those written so far, starting further sheets as they fill.
    pub fn write(&mut self, rows: Vec<Vec<Cell>>) -> Result<(), XlsxExportError> {
        let columns = self.kind.columns();
        let mut rows = rows.into_iter().peekable();
        while rows.peek().is_some() {
            if self.next_row == self.sheet_rows {
                self.add_sheet()?;
            }
            let room = (self.sheet_rows - self.next_row) as usize;
            let sheet = self.workbook.worksheet_from_index(self.sheets - 1)?;
            for row in rows.by_ref().take(room) {
                // Checked before any cell is written, so that a sheet holds whole rows.
                too_long(&row, columns)?;
                let mut column = 0;
                for cell in row {
                    column = write_cell(sheet, self.next_row, column, cell, &self.date)?;
                }
                self.next_row += 1;
            }
        }
        Ok(())
    }

    /// Zips the workbook out to `out`, without seeking; the temporary files go.
    pub fn save(mut self, mut out: impl Write + Send) -> Result<(), XlsxExportError> {
        self.workbook.save_to_writer(&mut out)?;
        out.flush().map_err(XlsxError::from)?;
        Ok(())
    }
}

/// Refuses a row holding a text longer than a cell holds.
fn too_long(row: &[Cell], columns: &[&'static str]) -> Result<(), XlsxExportError> {
    for (cell, &column) in row.iter().zip(columns) {
        // A UTF-16 unit is at most three bytes of UTF-8: only long texts are counted.
        if let Cell::Text(text) = cell {
            if text.len() > CELL_CHARS {
                let chars = text.encode_utf16().count();
                if chars > CELL_CHARS {
                    return Err(XlsxExportError::TooLong {
                        id: row.first().map(Cell::csv).unwrap_or_default(),
                        column,
                        chars,
                    });
                }
            }
        }
    }
    Ok(())
}

/// The number a decimal text is, when the number reads back as the same decimal:
/// `227.37` is, `12345678901234567.89` is not (it has more digits than a number holds).
fn exact_number(decimal: &str) -> Option<f64> {
    let number: f64 = decimal.parse().ok()?;
    let trim = |s: &str| -> String {
        if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_owned()
        } else {
            s.to_owned()
        }
    };
    // `f64`'s `Display` is the shortest text that reads back as the same number.
    (number.is_finite() && trim(&number.to_string()) == trim(decimal)).then_some(number)
}

/// Writes one cell at `column`; the column after it (two after an amount).
fn write_cell(
    sheet: &mut Worksheet,
    row: u32,
    column: u16,
    cell: Cell,
    date: &Format,
) -> Result<u16, XlsxError> {
    match cell {
        Cell::Empty => {}
        Cell::Int(n) if n.unsigned_abs() <= EXACT_INTEGER => {
            // Exact: within 2^53.
            sheet.write_number(row, column, n as f64)?;
        }
        Cell::Int(n) => {
            sheet.write_string(row, column, n.to_string())?;
        }
        Cell::Bool(b) => {
            sheet.write_boolean(row, column, b)?;
        }
        Cell::Text(text) => {
            sheet.write_string(row, column, text)?;
        }
        Cell::Date(day) => {
            let excel = u16::try_from(day.year()).ok().and_then(|year| {
                ExcelDateTime::from_ymd(year, day.month() as u8, day.day() as u8).ok()
            });
            match excel {
                Some(excel) => sheet.write_datetime_with_format(row, column, excel, date)?,
                None => sheet.write_string(row, column, day.to_string())?,
            };
        }
        Cell::Decimal(decimal) => {
            match exact_number(&decimal) {
                Some(number) => sheet.write_number(row, column, number)?,
                None => sheet.write_string(row, column, decimal)?,
            };
        }
        Cell::Amount(decimal) => {
            if let Some(number) = exact_number(&decimal) {
                sheet.write_number(row, column, number)?;
            }
            sheet.write_string(row, column + 1, decimal)?;
            return Ok(column + 2);
        }
    }
    Ok(column + 1)
}

/// Writes an export's chunks of rows into `sheets`, off the async threads: the chunks
/// are read here and written on a blocking thread, one chunk waiting at most, so that
/// memory holds two chunks. A read's error comes after a write's.
pub async fn fill(
    sheets: Sheets,
    chunks: impl Stream<Item = Result<Vec<Vec<Cell>>, StoreError>>,
) -> Result<Sheets, XlsxExportError> {
    let (rows, mut written) = mpsc::channel::<Vec<Vec<Cell>>>(1);
    let writer = tokio::task::spawn_blocking(move || {
        let mut sheets = sheets;
        while let Some(chunk) = written.blocking_recv() {
            sheets.write(chunk)?;
        }
        Ok::<_, XlsxExportError>(sheets)
    });
    let mut chunks = std::pin::pin!(chunks);
    let mut read = Ok(());
    while let Some(chunk) = chunks.next().await {
        match chunk {
            // A closed channel: the writer stopped, with its error.
            Ok(chunk) => {
                if rows.send(chunk).await.is_err() {
                    break;
                }
            }
            Err(e) => {
                read = Err(e);
                break;
            }
        }
    }
    drop(rows);
    let sheets = writer.await??;
    read?;
    Ok(sheets)
}

/// The finished workbook as a stream of byte chunks, zipped on a blocking thread as the
/// stream is read (a few chunks of 64 KiB ahead at most). Dropping the stream stops it.
pub fn bytes(sheets: Sheets) -> impl Stream<Item = Result<Vec<u8>, io::Error>> + 'static {
    let (sender, receiver) = mpsc::channel(4);
    tokio::task::spawn_blocking(move || {
        let out = io::BufWriter::with_capacity(64 * 1024, Sender(sender.clone()));
        if let Err(e) = sheets.save(out) {
            // The reader may be gone already: then nobody is told, as nobody waits.
            let _ = sender.blocking_send(Err(io::Error::other(e.to_string())));
        }
    });
    stream::unfold(receiver, |mut receiver| async move {
        receiver.recv().await.map(|bytes| (bytes, receiver))
    })
}

/// Bytes written to a channel's receiving stream.
struct Sender(mpsc::Sender<Result<Vec<u8>, io::Error>>);

impl Write for Sender {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0
            .blocking_send(Ok(bytes.to_vec()))
            .map_err(|_| io::Error::new(io::ErrorKind::BrokenPipe, "the download stopped"))?;
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use calamine::{Data, Reader as _, Xlsx};

    use super::*;

    fn saved(sheets: Sheets) -> Xlsx<io::Cursor<Vec<u8>>> {
        let mut bytes = Vec::new();
        sheets.save(&mut bytes).unwrap();
        Xlsx::new(io::Cursor::new(bytes)).unwrap()
    }

    fn recommendation(id: i64, text: &str) -> Vec<Cell> {
        let mut row = vec![Cell::Int(id)];
        row.extend(
            (1..ExportKind::Recommendations.columns().len()).map(|column| {
                if column == 10 {
                    Cell::Text(text.to_owned())
                } else {
                    Cell::Empty
                }
            }),
        );
        row
    }

    #[test]
    fn rows_past_a_sheet_go_on_in_further_sheets_each_with_the_header() {
        let mut sheets = Sheets::with_sheet_rows(ExportKind::Recommendations, 3);
        // Chunks that end inside a sheet, at its end, and across two sheets.
        for ids in [1..=1, 2..=2, 3..=7] {
            sheets
                .write(ids.map(|id| recommendation(id, "x")).collect())
                .unwrap();
        }
        let mut workbook = saved(sheets);
        let names = workbook.sheet_names();
        assert_eq!(
            names,
            [
                "recommendations",
                "recommendations (2)",
                "recommendations (3)",
                "recommendations (4)"
            ]
        );
        let mut ids = Vec::new();
        for name in names {
            let range = workbook.worksheet_range(&name).unwrap();
            let rows: Vec<&[Data]> = range.rows().collect();
            assert_eq!(rows[0][0], Data::String("id".into()), "{name}: the header");
            assert_eq!(rows[0].len(), ExportKind::Recommendations.columns().len());
            assert!(rows.len() <= 3, "{name}: {} rows", rows.len());
            ids.extend(rows[1..].iter().map(|row| row[0].clone()));
        }
        assert_eq!(
            ids,
            (1..=7).map(|id| Data::Float(id as f64)).collect::<Vec<_>>()
        );
    }

    #[test]
    fn nothing_matched_is_a_sheet_with_the_header() {
        let mut workbook = saved(Sheets::new(ExportKind::AidFlows));
        let range = workbook.worksheet_range("aid-flows").unwrap();
        let header: Vec<String> = range
            .rows()
            .next()
            .unwrap()
            .iter()
            .map(|d| d.to_string())
            .collect();
        assert_eq!(header, Sheets::header(ExportKind::AidFlows));
        assert_eq!(header[10..12], ["amount", "amount_exact"]);
        assert_eq!(range.height(), 1);
    }

    #[test]
    fn formulas_are_written_as_text_and_long_texts_are_refused() {
        let mut sheets = Sheets::new(ExportKind::Recommendations);
        let risky = ["=1+1", "+1", "-1", "@SUM(A1)", "=HYPERLINK(\"x\")"];
        sheets
            .write(
                (1..)
                    .zip(risky)
                    .map(|(id, text)| recommendation(id, text))
                    .collect(),
            )
            .unwrap();
        let longest = "é".repeat(CELL_CHARS);
        sheets.write(vec![recommendation(9, &longest)]).unwrap();
        let too_long = sheets
            .write(vec![recommendation(10, &"a".repeat(CELL_CHARS + 1))])
            .unwrap_err();
        assert_eq!(
            too_long.to_string(),
            "the text of row 10 has 32768 characters, more than the 32767 a spreadsheet \
             cell holds: export these rows as CSV or JSON lines"
        );
        let mut workbook = saved(sheets);
        let range = workbook.worksheet_range("recommendations").unwrap();
        let texts: Vec<Data> = range.rows().skip(1).map(|row| row[10].clone()).collect();
        let mut expected: Vec<Data> = risky.iter().map(|t| Data::String((*t).into())).collect();
        expected.push(Data::String(longest));
        assert_eq!(texts, expected);
        assert!(workbook
            .worksheet_formula("recommendations")
            .unwrap()
            .used_cells()
            .next()
            .is_none());
    }

    #[test]
    fn decimals_are_numbers_only_when_exact() {
        assert_eq!(exact_number("227.37"), Some(227.37));
        assert_eq!(exact_number("21700000000.00"), Some(21_700_000_000.0));
        assert_eq!(exact_number("0.00"), Some(0.0));
        assert_eq!(exact_number("-12.50"), Some(-12.5));
        assert_eq!(exact_number("1234567890123.45"), Some(1_234_567_890_123.45));
        assert_eq!(exact_number("12345678901234567.89"), None);
        assert_eq!(exact_number("92233720368547758.07"), None);
    }
}
