//! UPR Info's three real exports: their files, their records read apart from the
//! importer, and the import of all three.

use uprgraph_store::{Format, ImportOptions};

use super::{import, shared_file, TestApp};

/// The three files, with the number of records each holds.
pub const FILES: [(&str, u64); 3] = [
    ("sessions-01-05.csv", 6094),
    ("sessions-06-09.csv", 8343),
    ("sessions-10-13.csv", 9047),
];

/// The bytes of one of the three files (see [`shared_file`]).
pub fn upr_file(name: &str) -> Vec<u8> {
    shared_file(&format!("upr-info/{name}"))
}

/// The file's own records, read independently of the importer: Mac OS Roman text
/// with CR line ends.
pub fn records(bytes: &[u8]) -> Vec<csv::StringRecord> {
    let (text, _, _) = encoding_rs::MACINTOSH.decode(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .terminator(csv::Terminator::Any(b'\r'))
        .from_reader(text.as_bytes());
    reader.records().map(Result::unwrap).collect()
}

/// Imports the three files.
pub async fn import_all(app: &TestApp) -> uprgraph_store::ImportReport {
    let files = FILES
        .iter()
        .map(|(name, _)| (*name, upr_file(name)))
        .collect();
    import(app, Format::UprInfo, files, ImportOptions::default())
        .await
        .expect("the UPR Info files import")
}
