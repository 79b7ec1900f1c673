//! Citations of a recommendation, in the styles researchers paste into their papers:
//! APA, Chicago, BibTeX and RIS.
//!
//! Every UPR recommendation is published in the report of the Working Group on the
//! Universal Periodic Review on the state under review, a document of the United
//! Nations Human Rights Council (as the reference data's sources name it); that report
//! is what each style cites, by its symbol (`A/HRC/25/15`) and paragraph where the data
//! gives them. The rest of a citation says what the data says
//! of the recommendation (who made it to whom, in which cycle and session, and the
//! answer) and where the figure came from: the file it was imported from with its
//! SHA-256 and the line, the day it was imported, and the data version, so that a count
//! in a paper can be traced to the rows behind it. Nothing is filled in that the data
//! does not give: a report whose date is unknown is cited without one (`n.d.`).

use std::fmt::Write as _;

use crate::Response;

/// The styles a recommendation can be cited in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CitationStyle {
    /// APA, 7th edition: a reference-list entry.
    Apa,
    /// The Chicago Manual of Style, 17th edition: a bibliography entry.
    Chicago,
    /// A BibTeX `@techreport` entry.
    Bibtex,
    /// An RIS record (`TY  - RPRT`), lines ended by CR LF as the format says.
    Ris,
}

/// A calendar day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Day {
    /// The year.
    pub year: i32,
    /// The month, 1 to 12.
    pub month: u32,
    /// The day of the month, 1 to 31.
    pub day: u32,
}

impl Day {
    /// `December 7, 2026`.
    fn long(self) -> String {
        const MONTHS: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        let month = usize::try_from(self.month)
            .ok()
            .and_then(|m| m.checked_sub(1))
            .and_then(|m| MONTHS.get(m))
            .copied()
            .unwrap_or("?");
        format!("{month} {}, {}", self.day, self.year)
    }

    /// `2026-12-07`.
    fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// The publication an imported file is a copy or export of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CitedSource {
    /// Its title, e.g. `Universal Human Rights Index`.
    pub title: String,
    /// Who publishes it.
    pub publisher: String,
    /// Where it is published, where known.
    pub url: Option<String>,
}

/// The imported file a recommendation was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CitedDataset {
    /// The file name as imported.
    pub name: String,
    /// The file's SHA-256, in hexadecimal.
    pub checksum: String,
    /// The day it was imported.
    pub imported_on: Day,
    /// The publication it is an export of, where known.
    pub source: Option<CitedSource>,
}

/// What a citation of one recommendation is made of, as the data gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CitationFacts {
    /// The recommendation's number in this database, for a key when the file does not
    /// give a line.
    pub id: i32,
    /// The state under review's name.
    pub state_under_review: String,
    /// The recommending state's name, where the data names one.
    pub recommending_state: Option<String>,
    /// The UPR cycle.
    pub cycle: i32,
    /// The Working Group session the review was held at.
    pub session: i32,
    /// The answer of the state under review.
    pub response: Response,
    /// The symbol of the report the recommendation stands in (the recommendation's own,
    /// else the review's outcome report), where known.
    pub document_symbol: Option<String>,
    /// The paragraph of that report, where known.
    pub paragraph: Option<String>,
    /// The day the report was published, where known.
    pub published_on: Option<Day>,
    /// The file the recommendation was imported from.
    pub dataset: Option<CitedDataset>,
    /// The line of that file.
    pub source_line: Option<i32>,
    /// The database's data version when the citation was made.
    pub data_version: u64,
}

/// The author of every Working Group report.
const AUTHOR: &str = "United Nations Human Rights Council";
/// Their publisher.
const PUBLISHER: &str = "United Nations";

impl CitationFacts {
    /// The citation in `style`.
    pub fn cite(&self, style: CitationStyle) -> String {
        match style {
            CitationStyle::Apa => self.apa(),
            CitationStyle::Chicago => self.chicago(),
            CitationStyle::Bibtex => self.bibtex(),
            CitationStyle::Ris => self.ris(),
        }
    }

    /// `Report of the Working Group on the Universal Periodic Review: Israel`, with
    /// `. Addendum` for an addendum's symbol.
    fn title(&self) -> String {
        let mut title = format!(
            "Report of the Working Group on the Universal Periodic Review: {}",
            self.state_under_review
        );
        if self
            .document_symbol
            .as_deref()
            .is_some_and(|s| s.contains("/Add."))
        {
            title.push_str(". Addendum");
        }
        title
    }

    /// The report's address at the UN's document-symbol service.
    fn document_url(&self) -> Option<String> {
        self.document_symbol
            .as_deref()
            .map(|symbol| format!("https://undocs.org/{symbol}"))
    }

    /// `A/HRC/25/15, para. 136.5`, `para. 136.5`, `A/HRC/25/15` or nothing.
    fn locator(&self) -> Option<String> {
        let paragraph = self.paragraph.as_deref().map(|p| format!("para. {p}"));
        match (self.document_symbol.as_deref(), paragraph) {
            (Some(symbol), Some(paragraph)) => Some(format!("{symbol}, {paragraph}")),
            (Some(symbol), None) => Some(symbol.to_owned()),
            (None, paragraph) => paragraph,
        }
    }

    /// `Recommendation by Canada to Israel, UPR cycle 2, Working Group session 17;
    /// response: supported`.
    fn what(&self) -> String {
        let by = self
            .recommending_state
            .as_deref()
            .map(|s| format!(" by {s}"))
            .unwrap_or_default();
        let response = match self.response {
            Response::Supported => "supported",
            Response::PartlySupported => "supported in part, noted in part",
            Response::Noted => "noted",
            Response::Pending => "no response recorded",
        };
        format!(
            "Recommendation{by} to {}, UPR cycle {}, Working Group session {}; response: {response}",
            self.state_under_review, self.cycle, self.session
        )
    }

    /// Where the data came from: `Data: OHCHR, Universal Human Rights Index,
    /// https://uhri.ohchr.org/; file uhri.json (SHA-256 …), line 12, imported December 7,
    /// 2026; uprgraph data version 42`.
    fn provenance(&self) -> String {
        let mut out = String::from("Data: ");
        if let Some(dataset) = &self.dataset {
            if let Some(source) = &dataset.source {
                let _ = write!(out, "{}, {}", source.publisher, source.title);
                if let Some(url) = &source.url {
                    let _ = write!(out, ", {url}");
                }
                out.push_str("; ");
            }
            let _ = write!(out, "file {} (SHA-256 {})", dataset.name, dataset.checksum);
            if let Some(line) = self.source_line {
                let _ = write!(out, ", line {line}");
            }
            let _ = write!(out, ", imported {}; ", dataset.imported_on.long());
        }
        let _ = write!(out, "uprgraph data version {}", self.data_version);
        out
    }

    fn year(&self) -> Option<i32> {
        self.published_on.map(|d| d.year)
    }

    fn apa(&self) -> String {
        let year = self
            .year()
            .map_or_else(|| "n.d.".to_owned(), |y| y.to_string());
        let mut out = format!("{AUTHOR}. ({year}). {}", self.title());
        if let Some(locator) = self.locator() {
            let _ = write!(out, " ({locator})");
        }
        let _ = write!(out, ". {PUBLISHER}.");
        if let Some(url) = self.document_url() {
            let _ = write!(out, " {url}");
        }
        let _ = write!(out, " {}. {}.", self.what(), self.provenance());
        out
    }

    fn chicago(&self) -> String {
        let mut out = format!("{AUTHOR}. {}.", self.title());
        if let Some(locator) = self.locator() {
            let _ = write!(out, " {locator}.");
        }
        // "n.d." carries its own full stop.
        let date = self
            .published_on
            .map_or_else(|| "n.d.".to_owned(), |day| format!("{}.", day.long()));
        let _ = write!(out, " {PUBLISHER}, {date}");
        if let Some(url) = self.document_url() {
            let _ = write!(out, " {url}.");
        }
        let _ = write!(out, " {}. {}.", self.what(), self.provenance());
        out
    }

    /// A key that names the row wherever the same file is imported:
    /// `uprgraph-<first 12 digits of the SHA-256>-<line>`.
    fn key(&self) -> String {
        match (&self.dataset, self.source_line) {
            (Some(dataset), Some(line)) => format!(
                "uprgraph-{}-{line}",
                dataset.checksum.get(..12).unwrap_or(&dataset.checksum)
            ),
            _ => format!("uprgraph-recommendation-{}", self.id),
        }
    }

    /// The note every style but the prose ones carries: paragraph, what and where from.
    fn note(&self) -> String {
        let mut note = String::new();
        if let Some(paragraph) = &self.paragraph {
            let _ = write!(note, "Para. {paragraph}. ");
        }
        let _ = write!(note, "{}. {}", self.what(), self.provenance());
        note
    }

    fn bibtex(&self) -> String {
        let mut fields: Vec<(&str, String)> = vec![
            ("author", format!("{{{}}}", bibtex_escape(AUTHOR))),
            ("title", bibtex_escape(&self.title())),
            ("institution", bibtex_escape(PUBLISHER)),
            ("type", "UN document".to_owned()),
        ];
        if let Some(symbol) = &self.document_symbol {
            fields.push(("number", bibtex_escape(symbol)));
        }
        if let Some(day) = self.published_on {
            fields.push(("year", day.year.to_string()));
            fields.push(("date", day.iso()));
        }
        if let Some(url) = self.document_url() {
            fields.push(("url", bibtex_escape(&url)));
        }
        fields.push(("note", bibtex_escape(&self.note())));
        let mut out = format!("@techreport{{{},\n", self.key());
        for (name, value) in fields {
            let _ = writeln!(out, "  {name} = {{{value}}},");
        }
        out.push('}');
        out
    }

    fn ris(&self) -> String {
        let mut lines: Vec<(&str, String)> = vec![
            ("TY", "RPRT".to_owned()),
            ("AU", AUTHOR.to_owned()),
            ("TI", self.title()),
            ("PB", PUBLISHER.to_owned()),
            ("M3", "UN document".to_owned()),
        ];
        if let Some(symbol) = &self.document_symbol {
            lines.push(("SN", symbol.clone()));
        }
        if let Some(day) = self.published_on {
            lines.push(("PY", day.year.to_string()));
            lines.push((
                "DA",
                format!("{:04}/{:02}/{:02}", day.year, day.month, day.day),
            ));
        }
        if let Some(url) = self.document_url() {
            lines.push(("UR", url));
        }
        lines.push(("N1", self.note()));
        let mut out = String::new();
        for (tag, value) in lines {
            // A value is one line: the format ends a field at the line's end.
            let value = value.replace(['\r', '\n'], " ");
            let _ = write!(out, "{tag}  - {value}\r\n");
        }
        out.push_str("ER  - \r\n");
        out
    }
}

/// A value as BibTeX reads it literally: its special characters escaped.
fn bibtex_escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\textbackslash{}"),
            '{' | '}' | '&' | '%' | '$' | '#' | '_' => {
                out.push('\\');
                out.push(c);
            }
            '~' => out.push_str("\\textasciitilde{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A recommendation as the UN Universal Human Rights Index gives one: report,
    /// paragraph and date known.
    fn uhri() -> CitationFacts {
        CitationFacts {
            id: 812,
            state_under_review: "Israel".to_owned(),
            recommending_state: Some("Canada".to_owned()),
            cycle: 2,
            session: 17,
            response: Response::Supported,
            document_symbol: Some("A/HRC/25/15".to_owned()),
            paragraph: Some("136.5".to_owned()),
            published_on: Some(Day {
                year: 2013,
                month: 12,
                day: 19,
            }),
            dataset: Some(CitedDataset {
                name: "uhri_israel.json".to_owned(),
                checksum: "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
                    .to_owned(),
                imported_on: Day {
                    year: 2026,
                    month: 12,
                    day: 7,
                },
                source: Some(CitedSource {
                    title: "Universal Human Rights Index".to_owned(),
                    publisher: "Office of the United Nations High Commissioner for Human Rights"
                        .to_owned(),
                    url: Some("https://uhri.ohchr.org/".to_owned()),
                }),
            }),
            source_line: Some(12),
            data_version: 42,
        }
    }

    /// A recommendation as UPR Info's export gives one: no report symbol, paragraph or
    /// date, no recommending state named.
    fn upr_info() -> CitationFacts {
        CitationFacts {
            id: 3,
            state_under_review: "Sudan".to_owned(),
            recommending_state: None,
            cycle: 1,
            session: 11,
            response: Response::Noted,
            document_symbol: None,
            paragraph: None,
            published_on: None,
            dataset: Some(CitedDataset {
                name: "upr-info.csv".to_owned(),
                checksum: "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210"
                    .to_owned(),
                imported_on: Day {
                    year: 2026,
                    month: 1,
                    day: 5,
                },
                source: Some(CitedSource {
                    title: "UPR Info database of UPR recommendations".to_owned(),
                    publisher: "UPR Info".to_owned(),
                    url: Some("https://www.upr-info.org/database/".to_owned()),
                }),
            }),
            source_line: Some(4512),
            data_version: 7,
        }
    }

    #[test]
    fn apa_cites_the_working_group_report_and_the_file() {
        assert_eq!(
            uhri().cite(CitationStyle::Apa),
            "United Nations Human Rights Council. (2013). Report of the Working Group on the Universal \
             Periodic Review: Israel (A/HRC/25/15, para. 136.5). United Nations. \
             https://undocs.org/A/HRC/25/15 Recommendation by Canada to Israel, UPR cycle 2, \
             Working Group session 17; response: supported. Data: Office of the United \
             Nations High Commissioner for Human Rights, Universal Human Rights Index, \
             https://uhri.ohchr.org/; file uhri_israel.json (SHA-256 \
             0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef), line 12, \
             imported December 7, 2026; uprgraph data version 42."
        );
        assert_eq!(
            upr_info().cite(CitationStyle::Apa),
            "United Nations Human Rights Council. (n.d.). Report of the Working Group on the Universal \
             Periodic Review: Sudan. United Nations. Recommendation to Sudan, UPR cycle 1, \
             Working Group session 11; response: noted. Data: UPR Info, UPR Info database of \
             UPR recommendations, https://www.upr-info.org/database/; file upr-info.csv \
             (SHA-256 fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210), \
             line 4512, imported January 5, 2026; uprgraph data version 7."
        );
    }

    #[test]
    fn chicago_gives_the_day_the_report_was_published() {
        assert_eq!(
            uhri().cite(CitationStyle::Chicago),
            "United Nations Human Rights Council. Report of the Working Group on the Universal Periodic \
             Review: Israel. A/HRC/25/15, para. 136.5. United Nations, December 19, 2013. \
             https://undocs.org/A/HRC/25/15. Recommendation by Canada to Israel, UPR cycle 2, \
             Working Group session 17; response: supported. Data: Office of the United \
             Nations High Commissioner for Human Rights, Universal Human Rights Index, \
             https://uhri.ohchr.org/; file uhri_israel.json (SHA-256 \
             0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef), line 12, \
             imported December 7, 2026; uprgraph data version 42."
        );
        assert_eq!(
            upr_info().cite(CitationStyle::Chicago),
            "United Nations Human Rights Council. Report of the Working Group on the Universal Periodic \
             Review: Sudan. United Nations, n.d. Recommendation to Sudan, UPR cycle 1, \
             Working Group session 11; response: noted. Data: UPR Info, UPR Info database of \
             UPR recommendations, https://www.upr-info.org/database/; file upr-info.csv \
             (SHA-256 fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210), \
             line 4512, imported January 5, 2026; uprgraph data version 7."
        );
    }

    #[test]
    fn bibtex_escapes_what_bibtex_would_read_as_markup() {
        assert_eq!(
            uhri().cite(CitationStyle::Bibtex),
            "@techreport{uprgraph-0123456789ab-12,\n\
             \x20 author = {{United Nations Human Rights Council}},\n\
             \x20 title = {Report of the Working Group on the Universal Periodic Review: Israel},\n\
             \x20 institution = {United Nations},\n\
             \x20 type = {UN document},\n\
             \x20 number = {A/HRC/25/15},\n\
             \x20 year = {2013},\n\
             \x20 date = {2013-12-19},\n\
             \x20 url = {https://undocs.org/A/HRC/25/15},\n\
             \x20 note = {Para. 136.5. Recommendation by Canada to Israel, UPR cycle 2, Working \
             Group session 17; response: supported. Data: Office of the United Nations High \
             Commissioner for Human Rights, Universal Human Rights Index, \
             https://uhri.ohchr.org/; file uhri\\_israel.json (SHA-256 \
             0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef), line 12, \
             imported December 7, 2026; uprgraph data version 42},\n\
             }"
        );
        assert_eq!(
            bibtex_escape(r"50% & {more} #1 $2 a_b ~ ^ \"),
            r"50\% \& \{more\} \#1 \$2 a\_b \textasciitilde{} \textasciicircum{} \textbackslash{}"
        );
    }

    #[test]
    fn ris_ends_each_line_with_cr_lf_and_the_record_with_er() {
        assert_eq!(
            upr_info().cite(CitationStyle::Ris),
            "TY  - RPRT\r\n\
             AU  - United Nations Human Rights Council\r\n\
             TI  - Report of the Working Group on the Universal Periodic Review: Sudan\r\n\
             PB  - United Nations\r\n\
             M3  - UN document\r\n\
             N1  - Recommendation to Sudan, UPR cycle 1, Working Group session 11; response: \
             noted. Data: UPR Info, UPR Info database of UPR recommendations, \
             https://www.upr-info.org/database/; file upr-info.csv (SHA-256 \
             fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210), line 4512, \
             imported January 5, 2026; uprgraph data version 7\r\n\
             ER  - \r\n"
        );
        let ris = uhri().cite(CitationStyle::Ris);
        assert!(ris.contains("SN  - A/HRC/25/15\r\nPY  - 2013\r\nDA  - 2013/12/19\r\n"));
    }

    #[test]
    fn an_addendum_is_titled_so_and_a_recommendation_without_a_file_keyed_by_its_number() {
        let mut facts = uhri();
        facts.document_symbol = Some("A/HRC/25/15/Add.1".to_owned());
        facts.dataset = None;
        facts.source_line = None;
        let apa = facts.cite(CitationStyle::Apa);
        assert!(
            apa.contains("Review: Israel. Addendum (A/HRC/25/15/Add.1, para. 136.5)"),
            "{apa}"
        );
        assert!(apa.ends_with("response: supported. Data: uprgraph data version 42."));
        assert!(facts
            .cite(CitationStyle::Bibtex)
            .starts_with("@techreport{uprgraph-recommendation-812,\n"));
    }
}
