//! Importing Universal Human Rights Index exports as users download them: XLSX, read
//! directly. The workbooks are written here with the same test records as the CSV
//! tests, so the two imports can be compared.

use rust_xlsxwriter::{ExcelDateTime, Format as CellFormat, Workbook};
use serde_json::Value;
use uprgraph_store::{Format, ImportError, ImportOptions};

use crate::helpers::{
    count_rows, import, on_both_backends,
    uhri::{file, row, HEADER},
    TestApp,
};

/// A cell of a test workbook.
enum Cell<'a> {
    Text(&'a str),
    Number(f64),
    /// A date typed as a date, shown as one.
    Date(u16, u8, u8),
}

/// The columns of [`HEADER`] after the nine that vary between records, as the CSV
/// tests fill them.
fn constant(column: &str) -> Cell<'static> {
    match column {
        "Document Symbol" => Cell::Text("A/HRC/23/15"),
        "Themes" => Cell::Text("- Equality & non-discrimination\n- Women's rights"),
        "Affected Persons" => Cell::Text("- Women & girls"),
        "Sdgs" => {
            Cell::Text("- 5.1 - End discrimination against women\n- 16.3 - Promote the rule of law")
        }
        "Regions Concerned" => Cell::Text("- Western European and Others"),
        "Recommending Regions" => Cell::Text("- Africa"),
        "Date of publication on UHRI" => Cell::Number(45000.0),
        other => panic!("no constant for {other}"),
    }
}

/// A workbook of one sheet named `Export`: the UHRI header, then one row per record of
/// text, states concerned, body, recommending states, position, type, annotation id,
/// session and publication date.
fn workbook(records: &[[Cell<'_>; 9]]) -> Vec<u8> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Export").unwrap();
    let date = CellFormat::new().set_num_format("dd/mm/yyyy");
    let varying = [
        "Text",
        "Countries Concerned",
        "Reccomending Body",
        "UPR Reccomending States",
        "UPR Position",
        "Type",
        "OHCHR Annotation Id",
        "UPR Session",
        "Document Publication Date",
    ];
    for (column, name) in HEADER.split(',').enumerate() {
        let column = column as u16;
        sheet.write_string(0, column, name).unwrap();
        for (i, record) in records.iter().enumerate() {
            let row = i as u32 + 1;
            let fallback;
            let cell = match varying.iter().position(|v| v == &name) {
                Some(at) => &record[at],
                None => {
                    fallback = constant(name);
                    &fallback
                }
            };
            match cell {
                Cell::Text("") => {}
                Cell::Text(text) => {
                    sheet.write_string(row, column, *text).unwrap();
                }
                Cell::Number(n) => {
                    sheet.write_number(row, column, *n).unwrap();
                }
                Cell::Date(y, m, d) => {
                    let value = ExcelDateTime::from_ymd(*y, *m, *d).unwrap();
                    sheet
                        .write_datetime_with_format(row, column, &value, &date)
                        .unwrap();
                }
            }
        }
    }
    workbook.save_to_buffer().unwrap()
}

use Cell::{Date, Number, Text};

/// What the API holds of one dataset's recommendations, in id order.
async fn recommendations_of(app: &TestApp, dataset: &str) -> Value {
    let data = app
        .data(&format!(
            r#"{{ recommendations(filter: {{ dataset: ["{dataset}"] }}) {{ nodes {{
                text response recommendingState {{ code }} stateUnderReview {{ code }} review {{ session {{ number }} }}
                themes {{ name }} affectedPersons sdgTargets documentSymbol publishedOn
            }} }} }}"#
        ))
        .await;
    data["recommendations"]["nodes"].clone()
}

async fn an_xlsx_export_imports_as_its_csv_does(app: TestApp) {
    let xlsx = workbook(&[
        [
            Text("Test record: recommendation one"),
            Text("- Israel"),
            Text("UPR"),
            Text("- Côte d’Ivoire"),
            Text("Supported"),
            Text("Recommendation"),
            Text("T-1"),
            Number(15.0),
            Number(41303.0),
        ],
        [
            Text("Test record: recommendation made by two states"),
            Text("- Türkiye"),
            Text("Universal Periodic Review"),
            Text("- Brazil\n- Chile"),
            Text("Noted"),
            Text("Recommendation"),
            Text("T-2"),
            Text("UPR 8th session"),
            Date(2010, 5, 10),
        ],
        [
            Text("Test record: a treaty body"),
            Text("- Israel"),
            Text("CEDAW"),
            Text(""),
            Text(""),
            Text("Recommendation"),
            Text("T-3"),
            Text(""),
            Text(""),
        ],
        [
            Text("Test record: pending"),
            Text("- Israel"),
            Text("UPR"),
            Text("- France"),
            Text(""),
            Text("Recommendation"),
            Text("T-4"),
            Number(17.0),
            Date(2013, 10, 29),
        ],
    ]);
    let csv = file(&[
        row([
            "Test record: recommendation one",
            "- Israel",
            "UPR",
            "- Côte d’Ivoire",
            "Supported",
            "Recommendation",
            "T-1",
            "15",
            "41303",
        ]),
        row([
            "Test record: recommendation made by two states",
            "- Türkiye",
            "Universal Periodic Review",
            "- Brazil\n- Chile",
            "Noted",
            "Recommendation",
            "T-2",
            "UPR 8th session",
            "2010-05-10",
        ]),
        row([
            "Test record: a treaty body",
            "- Israel",
            "CEDAW",
            "",
            "",
            "Recommendation",
            "T-3",
            "",
            "",
        ]),
        row([
            "Test record: pending",
            "- Israel",
            "UPR",
            "- France",
            "",
            "Recommendation",
            "T-4",
            "17",
            "29/10/2013",
        ]),
    ]);
    let report = import(
        &app,
        Format::Uhri,
        vec![("uhri.xlsx", xlsx.clone()), ("uhri.csv", csv)],
        ImportOptions::default(),
    )
    .await
    .unwrap();
    let (from_xlsx, from_csv) = (&report.files[0], &report.files[1]);
    assert_eq!(from_xlsx.encoding, "XLSX");
    assert_eq!((from_xlsx.rows_read, from_xlsx.counts.created), (4, 4));
    assert_eq!(from_xlsx.left_out, from_csv.left_out);
    let (x, c) = (
        recommendations_of(&app, "uhri.xlsx").await,
        recommendations_of(&app, "uhri.csv").await,
    );
    assert_eq!(x.as_array().unwrap().len(), 4);
    assert_eq!(x, c);
    assert_eq!(
        x[0]["publishedOn"], "2013-01-29",
        "an Excel serial number, as in the CSV"
    );
    assert_eq!(x[3]["publishedOn"], "2013-10-29", "a date cell");

    let again = import(
        &app,
        Format::Uhri,
        vec![("uhri.xlsx", xlsx)],
        ImportOptions::default(),
    )
    .await
    .unwrap();
    assert_eq!(again.files[0].counts.unchanged, 4);
    assert_eq!(count_rows(&app, "recommendations").await, 8);
}
on_both_backends!(an_xlsx_export_imports_as_its_csv_does);

async fn bad_cells_are_refused_by_sheet_row_and_cell(app: TestApp) {
    let fine = [
        Text("Test record: fine"),
        Text("- Israel"),
        Text("UPR"),
        Text("- France"),
        Text("Supported"),
        Text("Recommendation"),
        Text("T-1"),
        Number(15.0),
        Number(41303.0),
    ];
    let xlsx = workbook(&[
        fine,
        [
            Text("Test record: two states under review, neither the document's"),
            Text("- Chile\n- Peru"),
            Text("UPR"),
            Text("- France"),
            Text("Supported"),
            Text("Recommendation"),
            Text("T-2"),
            Number(15.0),
            Number(41303.0),
        ],
        [
            Text("Test record: bad date"),
            Text("- Israel"),
            Text("UPR"),
            Text("- France"),
            Text("Supported"),
            Text("Recommendation"),
            Text("T-3"),
            Number(15.0),
            Text("yesterday"),
        ],
        [
            Text("Test record: a NUL\0in a cell"),
            Text("- Israel"),
            Text("UPR"),
            Text("- France"),
            Text("Supported"),
            Text("Recommendation"),
            Text("T-4"),
            Number(15.0),
            Number(41303.0),
        ],
        [
            Text(&format!("Test record: long {}", "z ".repeat(1_000))),
            Text("- Israel"),
            Text("UPR"),
            Text("- France"),
            Text("Supported"),
            Text("Recommendation"),
            Text("T-5"),
            Number(15.0),
            Number(41303.0),
        ],
    ]);
    let options = ImportOptions {
        max_text_bytes: 1024,
        ..ImportOptions::default()
    };
    let Err(ImportError::Rejected(report)) =
        import(&app, Format::Uhri, vec![("uhri.xlsx", xlsx)], options).await
    else {
        panic!("expected a refusal")
    };
    let errors: Vec<String> = report.files[0]
        .rejected
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(errors.len(), 4, "{errors:#?}");
    assert!(errors[0].starts_with("uhri.xlsx, sheet Export, row 3: column Countries Concerned (cell B3), value \"- Chile\\n- Peru\": names 2 states concerned"), "{}", errors[0]);
    assert!(errors[1].starts_with("uhri.xlsx, sheet Export, row 4: column Document Publication Date (cell H4), value \"yesterday\": not a date"), "{}", errors[1]);
    assert!(
        errors[2].starts_with("uhri.xlsx, sheet Export, row 5: column Text (cell A5)"),
        "{}",
        errors[2]
    );
    assert!(
        errors[2].ends_with(
            "a NUL byte (U+0000): the file is not text there, at character 19 of the cell"
        ),
        "{}",
        errors[2]
    );
    assert!(errors[3].ends_with("the field has 2018 bytes; this column takes at most 1024 (--max-text-bytes sets this limit)"), "{}", errors[3]);
    assert_eq!(report.files[0].rejected[0].sheet.as_deref(), Some("Export"));
    assert_eq!(count_rows(&app, "recommendations").await, 0);

    // A workbook with a header and no rows is refused like a CSV file.
    let empty = workbook(&[]);
    match import(
        &app,
        Format::Uhri,
        vec![("uhri.xlsx", empty)],
        ImportOptions::default(),
    )
    .await
    {
        Err(ImportError::Unreadable { reason, .. }) => assert!(
            reason.starts_with("no data rows: the file holds only its header (row 1)"),
            "{reason}"
        ),
        other => panic!("expected a refusal, got {other:?}"),
    }
    // So is a file that looks like a workbook and is not one.
    match import(
        &app,
        Format::Uhri,
        vec![("uhri.xlsx", b"PK\x03\x04broken".to_vec())],
        ImportOptions::default(),
    )
    .await
    {
        Err(ImportError::Unreadable { reason, .. }) => assert!(
            reason.starts_with("not readable as an XLSX workbook"),
            "{reason}"
        ),
        other => panic!("expected a refusal, got {other:?}"),
    }
}
on_both_backends!(bad_cells_are_refused_by_sheet_row_and_cell);
