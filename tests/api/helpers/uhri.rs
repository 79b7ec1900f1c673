//! Universal Human Rights Index exports written for tests, in the published format, with
//! texts that say they are test records (no real export ships with the project).

/// The export's header, with its misspellings.
pub const HEADER: &str = "Text,Countries Concerned,Reccomending Body,Document Symbol,Themes,Affected Persons,Sdgs,\
Document Publication Date,UPR Reccomending States,UPR Position,Type,OHCHR Annotation Id,UPR Session,\
Regions Concerned,Recommending Regions,Date of publication on UHRI";

/// One record: text, states concerned, body, recommending states, position, type, annotation id, session, date.
pub fn row(
    [text, concerned, body, recommenders, position, kind, id, session, date]: [&str; 9],
) -> String {
    format!(
        "\"{text}\",\"{concerned}\",{body},A/HRC/23/15,\"- Equality & non-discrimination\n- Women's rights\",\"- Women & girls\",\
         \"- 5.1 - End discrimination against women\n- 16.3 - Promote the rule of law\",{date},\"{recommenders}\",{position},{kind},{id},{session},\
         \"- Western European and Others\",\"- Africa\",45000"
    )
}

/// An export of these records.
pub fn file(rows: &[String]) -> Vec<u8> {
    // As users have them: a byte-order mark and CRLF line ends.
    let mut text = String::from("\u{feff}");
    text.push_str(HEADER);
    for row in rows {
        text.push_str("\r\n");
        text.push_str(row);
    }
    text.push_str("\r\n");
    text.into_bytes()
}

/// A UPR recommendation to Israel from France at session 15 with this text.
pub fn record(text: &str, id: &str) -> String {
    row([
        text,
        "- Israel",
        "UPR",
        "- France",
        "Supported",
        "Recommendation",
        id,
        "15",
        "41303",
    ])
}

/// A record in the layout of OHCHR's export, by its sixteen columns.
#[derive(Debug, Clone, Default)]
pub struct Record {
    pub text: String,
    pub concerned: Vec<String>,
    pub body: String,
    pub symbol: String,
    pub themes: Vec<String>,
    pub affected: Vec<String>,
    pub sdgs: Vec<String>,
    pub published: String,
    pub recommenders: Vec<String>,
    pub position: String,
    pub kind: String,
    pub annotation: String,
    pub session: String,
}

impl Record {
    /// The values of the spreadsheet's columns, in the order of [`HEADER`]: every value an
    /// item of a list (`- `), one a line.
    pub fn cells(&self) -> [String; 16] {
        let list = |values: &[String]| {
            values
                .iter()
                .map(|v| format!("- {v}"))
                .collect::<Vec<_>>()
                .join("\n")
        };
        let one = |value: &str| {
            if value.is_empty() {
                String::new()
            } else {
                format!("- {value}")
            }
        };
        [
            self.text.clone(),
            list(&self.concerned),
            one(&self.body),
            self.symbol.clone(),
            list(&self.themes),
            list(&self.affected),
            list(&self.sdgs),
            self.published.clone(),
            list(&self.recommenders),
            one(&self.position),
            one(&self.kind),
            self.annotation.clone(),
            one(&self.session),
            String::new(),
            String::new(),
            String::new(),
        ]
    }

    /// The record as the JSON export writes it: lists as lists, keys of its own.
    pub fn json(&self) -> serde_json::Value {
        serde_json::json!({
            "AnnotationId": self.annotation,
            "AnnotationType": format!("- {}", self.kind),
            "Body": format!("- {}", self.body),
            "Countries": self.concerned,
            "Symbol": self.symbol,
            "Text": self.text,
            "Themes": self.themes,
            "AffectedPersons": self.affected,
            "Sdgs": self.sdgs,
            "PublicationDate": self.published,
            "Regions": [],
            "UprCycle": null,
            "UprPositions": if self.position.is_empty() { vec![] } else { vec![self.position.clone()] },
            "UprRecommendingCountry": self.recommenders,
            "UprRecommendingRegions": [],
            "UprSession": if self.session.is_empty() { vec![] } else { vec![self.session.clone()] },
        })
    }
}

/// Records as the export's CSV (a byte-order mark, CRLF line ends, every cell quoted),
/// under `header` (the export's, or one with other spellings of its names).
pub fn csv_with_header(header: &str, records: &[Record]) -> Vec<u8> {
    let mut text = format!("\u{feff}{header}\r\n");
    for record in records {
        let cells: Vec<String> = record
            .cells()
            .iter()
            .map(|c| format!("\"{}\"", c.replace('"', "\"\"")))
            .collect();
        text.push_str(&cells.join(","));
        text.push_str("\r\n");
    }
    text.into_bytes()
}

/// Records as the export's CSV, under its own header.
pub fn csv(records: &[Record]) -> Vec<u8> {
    csv_with_header(HEADER, records)
}

/// Records as the export's workbook: one sheet, its header, a row each.
pub fn xlsx(records: &[Record]) -> Vec<u8> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    for (column, name) in HEADER.split(',').enumerate() {
        sheet.write_string(0, column as u16, name).unwrap();
    }
    for (row, record) in records.iter().enumerate() {
        for (column, cell) in record.cells().iter().enumerate() {
            if !cell.is_empty() {
                sheet
                    .write_string(row as u32 + 1, column as u16, cell)
                    .unwrap();
            }
        }
    }
    workbook.save_to_buffer().unwrap()
}

/// Records as the JSON export: an array of objects, one a line.
pub fn json(records: &[Record]) -> Vec<u8> {
    let items: Vec<String> = records.iter().map(|r| r.json().to_string()).collect();
    format!("[\n{}\n]\n", items.join(",\n")).into_bytes()
}

/// UPR Info's records of one state's review at one session (`To` and `Session` of
/// `records`, as [`super::upr_info::records`] reads them) rewritten in the UHRI layout,
/// as test fixtures: the text, the states, the response and the themes are UPR Info's;
/// the state under review is named by `concerned` (its name or its ISO code), the
/// document symbol and annotation ids say they belong to a test fixture, and the dates
/// are left empty, since UPR Info's file gives none.
pub fn from_upr_info(
    records: &[csv::StringRecord],
    state: &str,
    session: u32,
    concerned: &str,
) -> Vec<Record> {
    let ordinal = match session {
        1 | 21 | 31 | 41 => "st",
        2 | 22 | 32 | 42 => "nd",
        3 | 23 | 33 | 43 => "rd",
        _ => "th",
    };
    records
        .iter()
        .filter(|r| &r[0] == state && r[10] == session.to_string())
        .enumerate()
        .map(|(n, r)| Record {
            text: r[3].to_owned(),
            concerned: vec![concerned.to_owned()],
            body: "UPR".to_owned(),
            symbol: format!("TEST-FIXTURE/{state}/{session}"),
            themes: r[9]
                .split(',')
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_owned)
                .collect(),
            recommenders: vec![r[4].to_owned()],
            position: match &r[7] {
                "Accepted" => "Supported".to_owned(),
                other => other.to_owned(),
            },
            kind: "Recommendation".to_owned(),
            annotation: format!("test-fixture-{state}-{session}-{n}"),
            session: format!("{session}{ordinal} Session - Cycle 1"),
            ..Record::default()
        })
        .collect()
}
