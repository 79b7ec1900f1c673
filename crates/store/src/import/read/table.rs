//! Tables read from files: CSV records with the line each starts on, whatever the
//! file's line ends, or the rows of a spreadsheet's sheet (`xlsx.rs`).

/// One data record of a table.
#[derive(Debug, Clone)]
pub(crate) struct Record {
    /// The line (from 1) the record starts on; in a sheet, its row (from 1).
    pub line: u64,
    pub fields: Vec<String>,
}

/// A cell that cannot be read as text (a spreadsheet's error value, a value beyond
/// the header's columns): the record is refused with the reason.
#[derive(Debug, Clone)]
pub(crate) struct CellProblem {
    /// The index of the record in [`Table::records`].
    pub record: usize,
    pub column: usize,
    pub value: String,
    pub reason: String,
}

/// A parsed file: its header and records, or why it could not be read.
#[derive(Debug)]
pub(crate) struct Table {
    pub header: Vec<String>,
    /// The line (or row) of the header.
    pub header_line: u64,
    pub records: Vec<Record>,
    /// The sheet the table was read from, for a spreadsheet.
    pub sheet: Option<String>,
    pub problems: Vec<CellProblem>,
    /// The lines of notes an export writes above its header (SIPRI's source, notes and
    /// the day the data was generated), each with its line.
    pub preamble: Vec<(u64, String)>,
}

impl Table {
    /// Parses CSV text with quoted fields (commas, quotes and line breaks inside
    /// quotes) and any of `\r\n`, `\n` or `\r` as line ends. Records may have any
    /// number of fields; the importers check the count. Lines of one field above the
    /// first line of several are a preamble, not the header: notes that some exports
    /// (SIPRI's) write above their table.
    pub(crate) fn parse(text: &str) -> Result<Self, (u64, String)> {
        let line_starts = LineIndex::new(text);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .terminator(csv::Terminator::CRLF)
            .from_reader(text.as_bytes());
        let mut header = None;
        let mut header_line = 1;
        let mut preamble = Vec::new();
        let mut records = Vec::new();
        let mut record = csv::StringRecord::new();
        loop {
            let start = reader.position().byte();
            match reader.read_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {
                    // After a `\r\n` the reader's position can stand on the `\n`: the record
                    // starts after the line end.
                    let mut offset = record.position().map_or(start, |p| p.byte());
                    while matches!(text.as_bytes().get(offset as usize), Some(b'\r' | b'\n')) {
                        offset += 1;
                    }
                    let line = line_starts.line_of(offset);
                    let fields: Vec<String> = record.iter().map(str::to_owned).collect();
                    if header.is_none() && fields.len() == 1 {
                        preamble.push((line, fields[0].clone()));
                    } else if header.is_none() {
                        header_line = line;
                        header = Some(fields.iter().map(|f| f.trim().to_owned()).collect());
                    } else if !(fields.len() == 1 && fields[0].trim().is_empty()) {
                        records.push(Record { line, fields });
                    }
                }
                Err(e) => {
                    let line = e.position().map_or(0, |p| line_starts.line_of(p.byte()));
                    return Err((line, e.to_string()));
                }
            }
        }
        if header.is_none() && !preamble.is_empty() {
            // No line of several fields: the first line is the header after all, and the
            // others its records.
            let mut lines = preamble.into_iter();
            if let Some((line, field)) = lines.next() {
                header_line = line;
                header = Some(vec![field.trim().to_owned()]);
            }
            records = lines
                .filter(|(_, field)| !field.trim().is_empty())
                .map(|(line, field)| Record {
                    line,
                    fields: vec![field],
                })
                .collect();
            preamble = Vec::new();
        }
        Ok(Self {
            header: header.unwrap_or_default(),
            header_line,
            records,
            sheet: None,
            problems: Vec::new(),
            preamble,
        })
    }
}

/// Maps byte offsets to line numbers, counting `\r\n`, `\n` and a lone `\r` as one line end each.
pub(crate) struct LineIndex(Vec<usize>);

impl LineIndex {
    pub(crate) fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\r' if bytes.get(i + 1) == Some(&b'\n') => {
                    starts.push(i + 2);
                    i += 2;
                    continue;
                }
                b'\r' | b'\n' => starts.push(i + 1),
                _ => {}
            }
            i += 1;
        }
        Self(starts)
    }

    pub(crate) fn line_of(&self, offset: u64) -> u64 {
        let offset = usize::try_from(offset).unwrap_or(usize::MAX);
        self.0.partition_point(|&start| start <= offset) as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_counted_across_line_end_styles_and_quoted_breaks() {
        let text = "a,b\r1,\"x\ry\"\r2,z\n3,w\r\n4,v";
        let table = Table::parse(text).unwrap();
        assert_eq!(table.header, ["a", "b"]);
        let lines: Vec<u64> = table.records.iter().map(|r| r.line).collect();
        assert_eq!(lines, [2, 4, 5, 6]);
        assert_eq!(table.records[0].fields[1], "x\ry");
    }

    #[test]
    fn lines_of_one_field_above_the_header_are_a_preamble() {
        let text = "Notes on the data\n\nData generated: 3 Jan 2025\na,b\n1,2\n";
        let table = Table::parse(text).unwrap();
        assert_eq!(table.header, ["a", "b"]);
        assert_eq!(table.header_line, 4);
        let preamble: Vec<(u64, &str)> = table
            .preamble
            .iter()
            .map(|(l, t)| (*l, t.as_str()))
            .collect();
        assert_eq!(
            preamble,
            [(1, "Notes on the data"), (3, "Data generated: 3 Jan 2025")]
        );
        assert_eq!(table.records[0].line, 5);
        // A file of one column has its header on its first line, as before.
        let single = Table::parse("a\n1\n\n2\n").unwrap();
        assert_eq!(single.header, ["a"]);
        assert!(single.preamble.is_empty());
        assert_eq!(single.records.len(), 2);
    }
}
