//! Spreadsheets (XLSX, as OHCHR's "Export to Excel" writes them) read into the same
//! [`Table`] as CSV files: the first sheet, its first row with a value as the header,
//! each later row with a value as a record numbered by its row. Cells become the text
//! a CSV export of the sheet would hold: numbers as written (a date typed as a number
//! stays an Excel serial number, which the importers read as today), date cells as
//! ISO dates.

use std::{collections::BTreeMap, io::Cursor};

use calamine::{DataRef, Reader, Xlsx};

use crate::import::read::table::{CellProblem, Record, Table};

/// The most columns a header may have: far more than any export, and a bound on the
/// fields each row is padded to.
const MAX_COLUMNS: usize = 1_024;
/// The most cells (rows times header columns) a sheet may have, so that a small
/// compressed file cannot ask for unbounded memory.
const MAX_CELLS: usize = 16_000_000;

/// Whether `bytes` are a ZIP archive, as every XLSX file is.
pub(crate) fn is_xlsx(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// The column letters of a column index from 0 (`A`, `Z`, `AA`, ...).
pub(crate) fn column_letters(mut column: usize) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push(b'A' + (column % 26) as u8);
        if column < 26 {
            break;
        }
        column = column / 26 - 1;
    }
    letters.reverse();
    String::from_utf8(letters).expect("ASCII letters")
}

/// A cell read as text, or why it cannot be.
type CellText = Result<String, String>;

/// A cell as text, or why it has none.
fn text(value: &DataRef<'_>) -> CellText {
    Ok(match value {
        DataRef::Empty => String::new(),
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
        DataRef::SharedString(s) => (*s).to_owned(),
        DataRef::Int(n) => n.to_string(),
        DataRef::Float(f) => number(*f),
        DataRef::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
        DataRef::DateTime(dt) if dt.is_datetime() => {
            let (year, month, day, hour, minute, second, _) = dt.to_ymd_hms_milli();
            if (hour, minute, second) == (0, 0, 0) {
                format!("{year:04}-{month:02}-{day:02}")
            } else {
                format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}")
            }
        }
        DataRef::DateTime(dt) => number(dt.as_f64()),
        DataRef::Error(e) => return Err(format!("the cell holds the spreadsheet error {e}")),
    })
}

/// A number as a CSV export writes it: whole numbers without a decimal point.
fn number(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

/// Rows by number, each with its cells by column: only the cells the file holds.
type Cells = BTreeMap<u32, Vec<(usize, CellText)>>;

/// Reads the first sheet of an XLSX workbook.
pub(crate) fn read(bytes: &[u8]) -> Result<Table, String> {
    let (sheet, cells) = first_sheet(bytes)?;
    let mut rows = cells.into_iter().filter(|(_, cells)| {
        cells
            .iter()
            .any(|(_, v)| v.as_ref().map_or(true, |t| !t.trim().is_empty()))
    });
    let Some((header_row, header_cells)) = rows.next() else {
        return Ok(Table {
            header: Vec::new(),
            header_line: 1,
            records: Vec::new(),
            sheet: Some(sheet),
            problems: Vec::new(),
            preamble: Vec::new(),
        });
    };
    let header = header(&sheet, header_row, header_cells)?;
    let (records, problems) = records(&sheet, header.len(), rows)?;
    Ok(Table {
        header,
        header_line: u64::from(header_row) + 1,
        records,
        sheet: Some(sheet),
        problems,
        preamble: Vec::new(),
    })
}

/// The name of a workbook's first sheet and the cells of it that hold values.
fn first_sheet(bytes: &[u8]) -> Result<(String, Cells), String> {
    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes))
        .map_err(|e| format!("not readable as an XLSX workbook: {e}"))?;
    let sheet = workbook
        .sheet_names()
        .first()
        .cloned()
        .ok_or("the workbook has no sheet")?;
    let mut reader = workbook
        .worksheet_cells_reader(&sheet)
        .map_err(|e| format!("sheet {sheet}: not readable: {e}"))?;
    let mut rows = Cells::new();
    let mut cells = 0usize;
    while let Some(cell) = reader
        .next_cell()
        .map_err(|e| format!("sheet {sheet}: not readable: {e}"))?
    {
        let value = cell.get_value();
        if matches!(value, DataRef::Empty) {
            continue;
        }
        let (row, column) = cell.get_position();
        cells += 1;
        if cells > MAX_CELLS {
            return Err(format!(
                "sheet {sheet} has more than {MAX_CELLS} cells with values"
            ));
        }
        rows.entry(row)
            .or_default()
            .push((column as usize, text(value)));
    }
    drop(reader);
    Ok((sheet, rows))
}

/// The header of a sheet, from the cells of its first row with a value.
fn header(
    sheet: &str,
    header_row: u32,
    header_cells: Vec<(usize, CellText)>,
) -> Result<Vec<String>, String> {
    let width = header_cells.iter().map(|(c, _)| c + 1).max().unwrap_or(0);
    if width > MAX_COLUMNS {
        return Err(format!(
            "sheet {sheet}, row {}: the header has {width} columns; at most {MAX_COLUMNS} are read",
            header_row + 1
        ));
    }
    let mut header = vec![String::new(); width];
    for (column, value) in header_cells {
        header[column] = value
            .map_err(|reason| {
                format!(
                    "sheet {sheet}, cell {}{}: {reason}",
                    column_letters(column),
                    header_row + 1
                )
            })?
            .trim()
            .to_owned();
    }
    Ok(header)
}

/// The records of the rows under the header, each padded to the header's `width`,
/// and the cells that cannot be read as text.
fn records(
    sheet: &str,
    width: usize,
    rows: impl Iterator<Item = (u32, Vec<(usize, CellText)>)>,
) -> Result<(Vec<Record>, Vec<CellProblem>), String> {
    let mut records = Vec::new();
    let mut problems = Vec::new();
    for (row, cells) in rows {
        if (records.len() + 1).saturating_mul(width) > MAX_CELLS {
            return Err(format!(
                "sheet {sheet} has more than {MAX_CELLS} cells under its header"
            ));
        }
        let mut fields = vec![String::new(); width];
        for (column, value) in cells {
            let problem = |value: String, reason: String| CellProblem {
                record: records.len(),
                column,
                value,
                reason,
            };
            match value {
                Ok(value) if column < width => fields[column] = value,
                Ok(value) if value.trim().is_empty() => {}
                Ok(value) => problems.push(problem(
                    value,
                    format!("a value beyond the header's {width} columns"),
                )),
                Err(reason) => problems.push(problem(String::new(), reason)),
            }
        }
        records.push(Record {
            line: u64::from(row) + 1,
            fields,
        });
    }
    Ok((records, problems))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_count_like_a_spreadsheet() {
        let letters: Vec<String> = [0, 1, 25, 26, 27, 51, 52, 701, 702]
            .into_iter()
            .map(column_letters)
            .collect();
        assert_eq!(
            letters,
            ["A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"]
        );
    }

    #[test]
    fn numbers_read_as_a_csv_export_writes_them() {
        assert_eq!(number(41303.0), "41303");
        assert_eq!(number(44270.5), "44270.5");
        assert_eq!(number(-2.0), "-2");
    }

    #[test]
    fn bytes_that_are_not_a_workbook_are_refused() {
        assert!(read(b"PK\x03\x04 not really").is_err());
    }
}
