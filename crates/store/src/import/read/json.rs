//! Tables read from JSON exports: an array of objects, one a record, each key a column.
//! UHRI's JSON export is one (`[{"AnnotationId": …, "Countries": ["Iraq"], …}, …]`). The
//! header is every key, as first met; a record without a key has an empty
//! cell there. A list is one value a line, as a spreadsheet's multi-valued cell has
//! them; a number keeps its digits as written; `null` is empty. Each record keeps the
//! line its object starts on, so that a refusal names its place in the file.

use std::collections::HashMap;

use serde_json::{value::RawValue, Map, Value};

use crate::import::read::table::{CellProblem, LineIndex, Record, Table};

/// Whether `bytes` hold a JSON array (after a byte-order mark and white space).
pub(crate) fn is_json(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    bytes
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|b| *b == b'[')
}

/// Reads a JSON array of objects as a table, or says why it is not one.
pub(crate) fn read(bytes: &[u8]) -> Result<Table, String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes)
        .map_err(|e| format!("not UTF-8 at byte {}: JSON is UTF-8", e.valid_up_to()))?;
    let lines = LineIndex::new(text);
    let items: Vec<&RawValue> = serde_json::from_str(text)
        .map_err(|e| format!("line {}: not readable as JSON: {e}", e.line()))?;
    let mut header: Vec<String> = Vec::new();
    let mut columns: HashMap<String, usize> = HashMap::new();
    let mut objects = Vec::with_capacity(items.len());
    for item in items {
        let offset = item.get().as_ptr() as usize - text.as_ptr() as usize;
        let line = lines.line_of(offset as u64);
        let object: Map<String, Value> = serde_json::from_str(item.get())
            .map_err(|_| format!("line {line}: a record is an object of columns and values"))?;
        for key in object.keys() {
            if !columns.contains_key(key) {
                columns.insert(key.clone(), header.len());
                header.push(key.clone());
            }
        }
        objects.push((line, object));
    }
    let mut records = Vec::with_capacity(objects.len());
    let mut problems = Vec::new();
    for (line, object) in objects {
        let mut fields = vec![String::new(); header.len()];
        for (key, value) in object {
            let column = columns[&key];
            match cell(&value) {
                Ok(text) => fields[column] = text,
                Err(reason) => problems.push(CellProblem {
                    record: records.len(),
                    column,
                    value: value.to_string(),
                    reason,
                }),
            }
        }
        records.push(Record { line, fields });
    }
    Ok(Table {
        header,
        header_line: 1,
        records,
        sheet: None,
        problems,
        preamble: Vec::new(),
    })
}

/// The text of a cell: a string as it is, a list one value a line.
fn cell(value: &Value) -> Result<String, String> {
    match value {
        Value::Array(items) => {
            let values: Result<Vec<String>, String> = items.iter().map(scalar).collect();
            Ok(values?.join("\n"))
        }
        other => scalar(other),
    }
}

fn scalar(value: &Value) -> Result<String, String> {
    match value {
        Value::Null => Ok(String::new()),
        Value::String(text) => Ok(text.clone()),
        Value::Number(number) => Ok(number.to_string()),
        Value::Bool(flag) => Ok(flag.to_string()),
        Value::Array(_) | Value::Object(_) => {
            Err("a list of lists or an object: not a value a column holds".to_owned())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objects_become_records_with_their_lines() {
        let text = "\u{feff}[\n  {\"Text\": \"a\", \"Countries\": [\"Iraq\", \"Timor-Leste\"]},\n  {\"Countries\": [], \"Id\": 7,\n   \"Text\": null}\n]";
        assert!(is_json(text.as_bytes()));
        let table = read(text.as_bytes()).unwrap();
        let lines: Vec<u64> = table.records.iter().map(|r| r.line).collect();
        assert_eq!(lines, [2, 3]);
        let cells = |column: &str| -> Vec<&str> {
            let at = table.header.iter().position(|h| h == column).unwrap();
            table
                .records
                .iter()
                .map(|r| r.fields[at].as_str())
                .collect()
        };
        assert_eq!(table.header.len(), 3);
        assert_eq!(cells("Text"), ["a", ""]);
        assert_eq!(cells("Countries"), ["Iraq\nTimor-Leste", ""]);
        assert_eq!(cells("Id"), ["", "7"]);
        assert!(table.problems.is_empty());
    }

    #[test]
    fn what_a_column_cannot_hold_is_a_problem_of_its_cell() {
        let table = read(br#"[{"a": {"b": 1}}, {"a": "fine"}]"#).unwrap();
        assert_eq!(table.problems.len(), 1);
        assert_eq!(table.problems[0].record, 0);
        assert!(read(b"[1, 2]")
            .unwrap_err()
            .contains("a record is an object"));
        assert!(read(b"[{\"a\": 1}")
            .unwrap_err()
            .starts_with("line 1: not readable as JSON"));
        assert!(!is_json(b"Text,Countries\n"));
    }
}
