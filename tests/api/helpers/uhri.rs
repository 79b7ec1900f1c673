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
