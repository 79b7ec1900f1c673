//! What the fuzz targets share: the states and sessions files are checked against,
//! given here rather than read from a database.

use uprgraph_store::{check_file, Format, ImportOptions, InputFile, KnownStates};

/// A few states by their codes and names, and two sessions.
pub fn known() -> KnownStates {
    KnownStates::default()
        .state(1, "ISR", "IL", &["Israel"])
        .state(2, "FRA", "FR", &["France"])
        .state(
            3,
            "USA",
            "US",
            &["United States", "United States of America"],
        )
        .state(4, "CIV", "CI", &["Côte d'Ivoire"])
        .session(15, 15, 2)
        .session(9, 9, 1)
}

/// Checks `bytes` as a file of `format`: any outcome but a panic is fine, and every
/// rejected row must name a line (or sheet row) after the first.
pub fn check(format: Format, bytes: &[u8]) {
    let file = InputFile {
        name: "fuzz".to_owned(),
        bytes: bytes.to_vec(),
    };
    if let Ok(report) = check_file(format, &file, &ImportOptions::default(), &known()) {
        for error in &report.rejected {
            assert!(error.line >= 2, "{error}");
        }
    }
}
