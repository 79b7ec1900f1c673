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
}

impl Table {
    /// Parses CSV text with quoted fields (commas, quotes and line breaks inside
    /// quotes) and any of `\r\n`, `\n` or `\r` as line ends. Records may have any
    /// number of fields; the importers check the count.
    pub(crate) fn parse(text: &str) -> Result<Self, (u64, String)> {
        let line_starts = LineIndex::new(text);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .terminator(csv::Terminator::CRLF)
            .from_reader(text.as_bytes());
        let mut header = None;
        let mut header_line = 1;
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
                    if header.is_none() {
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
        Ok(Self {
            header: header.unwrap_or_default(),
            header_line,
            records,
            sheet: None,
            problems: Vec::new(),
        })
    }
}

/// Maps byte offsets to line numbers, counting `\r\n`, `\n` and a lone `\r` as one line end each.
struct LineIndex(Vec<usize>);

impl LineIndex {
    fn new(text: &str) -> Self {
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

    fn line_of(&self, offset: u64) -> u64 {
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
}
