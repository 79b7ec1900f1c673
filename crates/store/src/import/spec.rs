//! What a format declares once, in its own module: its name, its licence, the source
//! its files are exports of, the columns it reads with what each holds, and how it
//! turns checked records into rows. [`super::Format`] dispatches to these.

use super::{
    fields::FieldKind, raw::Column, resolve::Resolver, rows::Rows, sheet::Sheet, table::Table,
    Progress,
};

/// Everything the import knows of one format.
#[derive(Debug)]
pub(crate) struct FormatSpec {
    /// The name used on the command line and stored with each dataset.
    pub name: &'static str,
    /// A licence to record with each dataset, where the format's publisher states one.
    pub licence: Option<&'static str>,
    /// The source every dataset of the format is an export of.
    pub source: SourceSpec,
    /// The columns the format reads, read off its raw row (a column it does not
    /// name is [`FieldKind::Unread`]).
    pub columns: fn() -> Vec<Column>,
    /// Reads a file's checked records into rows, or says why the file is not one of
    /// this format.
    pub parse: Parse,
}

/// How a format reads a file's checked records.
pub(crate) type Parse = fn(&Table, &mut Sheet, &Resolver, &dyn Progress) -> Result<Rows, String>;

/// The source a format's datasets are exports of, made on first use.
#[derive(Debug)]
pub(crate) struct SourceSpec {
    pub title: &'static str,
    pub publisher: &'static str,
    /// The publisher's code among the organisations, if it is one.
    pub organization: Option<&'static str>,
    pub url: Option<&'static str>,
}

impl FormatSpec {
    /// What each column of `header` holds, for this format.
    pub(crate) fn kinds(&self, header: &[String]) -> Vec<FieldKind> {
        let columns = (self.columns)();
        header
            .iter()
            .map(|name| {
                columns
                    .iter()
                    .find(|c| c.name.eq_ignore_ascii_case(name))
                    .map_or(FieldKind::Unread, |c| c.kind)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;
    use crate::import::raw::{Line, Note, Text};

    /// Two required columns and an optional one.
    #[derive(Debug, Deserialize)]
    #[serde(bound(deserialize = "'de: 'r"))]
    struct Test<'r> {
        #[serde(rename = "From")]
        _from: Line<'r>,
        #[serde(rename = "Text")]
        _text: Text<'r>,
        #[serde(rename = "note")]
        _note: Option<Note<'r>>,
    }

    #[test]
    fn each_column_has_its_kind_and_others_are_unread() {
        let spec = FormatSpec {
            name: "test",
            licence: None,
            source: SourceSpec {
                title: "Test records",
                publisher: "uprgraph's tests",
                organization: None,
                url: None,
            },
            columns: crate::import::raw::columns::<Test>,
            parse: |_, _, _, _| Ok(Rows::AidFlows(Vec::new())),
        };
        let header: Vec<String> = ["text", "NOTE", "From", "Remarks"]
            .map(str::to_owned)
            .into();
        assert_eq!(
            spec.kinds(&header),
            [
                FieldKind::Text,
                FieldKind::Note,
                FieldKind::Line,
                FieldKind::Unread
            ]
        );
    }
}
