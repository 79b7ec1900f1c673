//! Properties of the importers' parsers over generated inputs: they never panic,
//! what they read back is what was written, valid UTF-8 decodes to itself, and a file
//! with one bad row is refused at that row's line. The generated rows are test
//! records; the states are given by the test, not read from the reference data.

use proptest::prelude::*;

use super::{
    check_file, read::decode::decode, read::table::Table, read::xlsx, Format, ImportOptions,
    InputFile, KnownStates,
};

fn known() -> KnownStates {
    KnownStates::default()
        .state(1, "ISR", "IL", &["Israel"])
        .state(2, "FRA", "FR", &["France"])
        .state(
            3,
            "USA",
            "US",
            &["United States", "United States of America"],
        )
        .session(15, 15, 2)
        .session(9, 9, 1)
}

fn check(format: Format, bytes: Vec<u8>) -> Result<super::FileReport, super::ImportError> {
    let file = InputFile {
        name: "generated.csv".to_owned(),
        bytes,
    };
    check_file(format, &file, &ImportOptions::default(), &known())
}

/// Field values that reach the checks' corners: codes and names the test's states
/// answer to, numbers, dates, empty and blank values, quotes, separators, line breaks,
/// controls, NUL, non-Latin letters and long runs.
fn field() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just(" ".to_owned()),
        prop::sample::select(vec![
            "Israel",
            "France",
            "USA",
            "US",
            "ISR",
            "Narnia",
            "15",
            "9",
            "0",
            "-1",
            "2020",
            "1976tq",
            "1.005",
            "1e9",
            "41303",
            "2021-03-15",
            "15/03/2021",
            "Supported",
            "Noted",
            "?",
            "Yes",
            "New",
            "Second hand",
            "2022; 2023",
            "4.8",
            "Accepted",
            "MILITARY",
            "OBLIGATION",
            "USD",
            "Obligations",
            "UPR",
            "Recommendation",
            "- Israel\n- France",
            "(Unknown)",
            "\"",
            ",",
            "\r\n",
            "\r",
            "\0",
            "\u{7}",
            "\u{85}",
            "\u{feff}",
            "é",
            "Türkiye",
            "قطر",
            "ﷺ",
        ])
        .prop_map(str::to_owned),
        "\\PC{0,40}",
        any::<String>(),
        (1usize..3000).prop_map(|n| "x".repeat(n)),
    ]
}

/// A CSV file with `header` and rows of generated fields, some a field short or over.
fn csv_file(header: &'static str) -> impl Strategy<Value = Vec<u8>> {
    let width = header.split(',').count();
    prop::collection::vec(
        prop::collection::vec(field(), width.saturating_sub(1)..=width + 1),
        0..6,
    )
    .prop_map(move |rows| {
        let mut writer = csv::WriterBuilder::new()
            .flexible(true)
            .from_writer(Vec::new());
        writer
            .write_record(header.split(','))
            .expect("write to memory");
        for row in rows {
            writer.write_record(&row).expect("write to memory");
        }
        writer.into_inner().expect("flush to memory")
    })
}

const UPR_INFO: &str =
    "To,To-Rgrp,To-Org,Text,From,From-Rgrp,From-Org,Response,Action,Issue,Session";
const UHRI: &str = "Text,Countries Concerned,Reccomending Body,Document Symbol,Themes,Affected Persons,Sdgs,Document Publication Date,UPR Reccomending States,UPR Position,Type,OHCHR Annotation Id,UPR Session";
const FOREIGN_ASSISTANCE: &str = "Country Code,Country Name,Region ID,Region Name,Income Group Acronym,Income Group Name,Transaction Type ID,Transaction Type Name,Fiscal Year,current_amount,constant_amount";
const AID_CSV: &str = "donor,recipient,category,transaction_type,fiscal_year,amount,currency,note";
const SIPRI_REGISTER: &str = "Recipient,Supplier,Year of order, ,Number ordered, ,Weapon designation,Weapon description,Number delivered, ,Year(s) of delivery,status,Comments,SIPRI TIV per unit,SIPRI TIV for total order,SIPRI TIV of delivered weapons";
const SIPRI_WITH_IDS: &str = "SIPRI AT Database ID,Supplier,Recipient,Designation,Description,Armament category,Order date,Order date is estimate,Numbers delivered,Numbers delivered is estimate,Delivery year,Delivery year is estimate,Status,SIPRI estimate,TIV deal unit,TIV delivery values,Local production";

/// Every rejected row of a report stands on a line of the file.
fn errors_are_placed(report: &super::FileReport, bytes: &[u8]) {
    let lines = super::read::decode::place(&String::from_utf8_lossy(bytes)).0;
    for error in &report.rejected {
        assert!(
            (2..=lines).contains(&error.line),
            "{error} is not on a data line"
        );
    }
}

proptest! {
    #[test]
    fn valid_utf8_decodes_to_itself(text in any::<String>()) {
        prop_assume!(!text.starts_with('\u{feff}'));
        let decoded = decode(text.as_bytes(), None).unwrap();
        prop_assert_eq!(decoded.text, text.clone());
        prop_assert_eq!(decoded.encoding, encoding_rs::UTF_8);
        prop_assert_eq!(decode(text.as_bytes(), Some(encoding_rs::UTF_8)).unwrap().text, text);
    }

    #[test]
    fn any_bytes_decode_or_are_refused_with_a_place(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        match decode(&bytes, None) {
            Ok(decoded) if std::str::from_utf8(&bytes).is_err() && encoding_rs::Encoding::for_bom(&bytes).is_none() => {
                // A legacy encoding: every byte is a character, so it encodes back.
                let (again, _, lossy) = decoded.encoding.encode(&decoded.text);
                prop_assert!(!lossy);
                prop_assert_eq!(&again[..], &bytes[..]);
            }
            Ok(_) => {}
            Err(reason) => prop_assert!(reason.starts_with("line "), "{}", reason),
        }
        if let Err(reason) = decode(&bytes, Some(encoding_rs::UTF_8)) {
            prop_assert!(reason.starts_with("line "), "{}", reason);
        }
    }

    #[test]
    fn csv_records_read_back_as_written_on_their_lines(
        rows in prop::collection::vec(prop::collection::vec("\\PC{0,12}|\r\n|\n|\r|\"|,", 1..4), 1..8),
        terminator in prop::sample::select(vec!["\n", "\r\n", "\r"]),
    ) {
        // A header of plain names, then the generated records, each ended by `terminator`.
        let mut writer = csv::WriterBuilder::new()
            .flexible(true)
            .quote_style(csv::QuoteStyle::Always)
            .terminator(match terminator {
                "\n" => csv::Terminator::Any(b'\n'),
                "\r" => csv::Terminator::Any(b'\r'),
                _ => csv::Terminator::CRLF,
            })
            .from_writer(Vec::new());
        writer.write_record(["a", "b", "c"]).unwrap();
        for row in &rows {
            writer.write_record(row).unwrap();
        }
        let text = String::from_utf8(writer.into_inner().unwrap()).unwrap();
        let table = Table::parse(&text).unwrap();
        prop_assert_eq!(table.header.clone(), ["a", "b", "c"]);
        // A record that is one blank field is a blank line, which the reader skips.
        let blank = |r: &Vec<String>| r.len() == 1 && r[0].trim().is_empty();
        prop_assert_eq!(table.records.len(), rows.iter().filter(|r| !blank(r)).count());
        let mut records = table.records.iter();
        let mut line = 2;
        for row in &rows {
            if !blank(row) {
                let record = records.next().unwrap();
                prop_assert_eq!(&record.fields, row);
                prop_assert_eq!(record.line, line);
            }
            line += row.iter().map(|f| super::read::decode::place(f).0 - 1).sum::<u64>() + 1;
        }
    }

    #[test]
    fn sheets_read_back_as_written(
        rows in prop::collection::vec(prop::collection::vec("\\PC{0,20}|[ \t\r\n]{1,3}|_x0041_", 3..=3), 1..6),
    ) {
        let mut workbook = rust_xlsxwriter::Workbook::new();
        let sheet = workbook.add_worksheet();
        for (column, name) in ["a", "b", "c"].iter().enumerate() {
            sheet.write_string(0, column as u16, *name).unwrap();
        }
        for (r, row) in rows.iter().enumerate() {
            for (column, value) in row.iter().enumerate() {
                sheet.write_string(r as u32 + 1, column as u16, value).unwrap();
            }
        }
        let table = xlsx::read(&workbook.save_to_buffer().unwrap()).unwrap();
        prop_assert_eq!(table.header.clone(), ["a", "b", "c"]);
        prop_assert!(table.problems.is_empty());
        // Rows whose cells are all blank are skipped, like blank lines of a CSV file.
        let kept: Vec<(usize, &Vec<String>)> = rows.iter().enumerate().filter(|(_, r)| r.iter().any(|v| !v.trim().is_empty())).collect();
        prop_assert_eq!(table.records.len(), kept.len());
        for (record, (r, row)) in table.records.iter().zip(kept) {
            prop_assert_eq!(&record.fields, row);
            prop_assert_eq!(record.line, r as u64 + 2);
        }
    }

    #[test]
    fn upr_info_files_never_panic_and_place_their_errors(bytes in csv_file(UPR_INFO)) {
        if let Ok(report) = check(Format::UprInfo, bytes.clone()) {
            errors_are_placed(&report, &bytes);
        }
    }

    #[test]
    fn uhri_files_never_panic_and_place_their_errors(bytes in csv_file(UHRI)) {
        if let Ok(report) = check(Format::Uhri, bytes.clone()) {
            errors_are_placed(&report, &bytes);
        }
    }

    #[test]
    fn foreign_assistance_files_never_panic_and_place_their_errors(bytes in csv_file(FOREIGN_ASSISTANCE)) {
        if let Ok(report) = check(Format::ForeignAssistance, bytes.clone()) {
            errors_are_placed(&report, &bytes);
        }
    }

    #[test]
    fn aid_csv_files_never_panic_and_place_their_errors(bytes in csv_file(AID_CSV)) {
        if let Ok(report) = check(Format::AidCsv, bytes.clone()) {
            errors_are_placed(&report, &bytes);
        }
    }

    #[test]
    fn sipri_registers_never_panic_and_place_their_errors(bytes in csv_file(SIPRI_REGISTER)) {
        if let Ok(report) = check(Format::Sipri, bytes.clone()) {
            errors_are_placed(&report, &bytes);
        }
    }

    #[test]
    fn sipri_files_with_ids_never_panic_and_place_their_errors(bytes in csv_file(SIPRI_WITH_IDS)) {
        if let Ok(report) = check(Format::Sipri, bytes.clone()) {
            errors_are_placed(&report, &bytes);
        }
    }

    #[test]
    fn a_file_with_one_bad_row_is_refused_at_that_row(
        good in 1usize..30,
        at in 0usize..30,
        defect in prop::sample::select(vec![
            "USA,Narnia,MILITARY,OBLIGATION,2020,1,USD,",
            "USA,ISR,MILITARY,OBLIGATION,2020,1.005,USD,",
            "USA,ISR,MILITARY,OBLIGATION,twenty,1,USD,",
            "USA,ISR,MILITARY,OBLIGATION,2020,1,USD",
            "USA,ISR,MILITARY,OBLIGATION,2020,1,USD,a NUL\0in a note",
            "USA,ISR,WEAPONS,OBLIGATION,2020,1,USD,",
        ]),
    ) {
        let at = at.min(good);
        let mut lines: Vec<String> = (0..good).map(|i| format!("USA,ISR,MILITARY,OBLIGATION,{},1,USD,test record {i}", 1950 + i)).collect();
        lines.insert(at, defect.to_owned());
        let bytes = format!("{AID_CSV}\n{}\n", lines.join("\n")).into_bytes();
        let report = check(Format::AidCsv, bytes).unwrap();
        prop_assert_eq!(report.rows_read, good as u64 + 1);
        let lines: Vec<u64> = report.rejected.iter().map(|e| e.line).collect();
        prop_assert_eq!(lines, [at as u64 + 2]);
    }
}
