//! What a format declares once, in its own module: its name, its licence, the source
//! its files are exports of, the columns it reads with what each holds, and how it
//! turns checked records into rows. [`super::Format`] dispatches to these.

use super::{
    fields::FieldKind, resolve::Resolver, rows::Rows, sheet::Sheet, table::Table, Progress,
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
    /// The columns the format reads (a column it does not name is
    /// [`FieldKind::Unread`]).
    pub columns: &'static [Column],
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

/// A column a format reads: its name in the header, and what it holds.
#[derive(Debug)]
pub(crate) struct Column {
    pub name: &'static str,
    pub kind: FieldKind,
}

impl FormatSpec {
    /// What the column named `name` in a header holds, for this format.
    pub(crate) fn kind(&self, name: &str) -> FieldKind {
        self.columns
            .iter()
            .find(|c| c.name.eq_ignore_ascii_case(name))
            .map_or(FieldKind::Unread, |c| c.kind)
    }
}

/// Finds columns in a header by name (ignoring ASCII case, the first of equal
/// names), collecting the required ones it lacks in the order asked for.
#[derive(Debug)]
pub(crate) struct ColumnFinder<'a> {
    header: &'a [String],
    missing: Vec<String>,
}

impl<'a> ColumnFinder<'a> {
    pub(crate) fn new(header: &'a [String]) -> Self {
        Self {
            header,
            missing: Vec::new(),
        }
    }

    /// The index of a column the header may have.
    pub(crate) fn optional(&self, name: &str) -> Option<usize> {
        self.header
            .iter()
            .position(|h| h.eq_ignore_ascii_case(name))
    }

    /// The index of a column the header must have (0 when it lacks it, which
    /// [`Self::finish`] then reports).
    pub(crate) fn required(&mut self, name: &str) -> usize {
        self.optional(name).unwrap_or_else(|| {
            self.missing.push(name.to_owned());
            0
        })
    }

    /// The names of the required columns the header lacks, if any.
    pub(crate) fn finish(self) -> Result<(), Vec<String>> {
        if self.missing.is_empty() {
            Ok(())
        } else {
            Err(self.missing)
        }
    }
}

/// Declares the columns a format reads, once: a struct of where each stands in a
/// file's header (found by `find`), and the list of names with what each holds
/// (`SPEC`, for [`FormatSpec::columns`]). A column is required unless marked
/// `optional`; a required column the format checks but does not read is named with
/// a leading underscore.
///
/// ```text
/// columns! {
///     /// Where the columns stand.
///     struct Columns {
///         text: "Text" => Text,
///         note: "note" => Note optional,
///     }
/// }
/// ```
macro_rules! columns {
    (
        $(#[$meta:meta])*
        struct $name:ident {
            $($field:ident: $column:literal => $kind:ident $($optional:ident)?),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy)]
        struct $name {
            $($field: columns!(@type $($optional)?),)*
        }

        impl $name {
            /// The columns, with what each holds.
            const SPEC: &'static [$crate::import::spec::Column] = &[$(
                $crate::import::spec::Column {
                    name: $column,
                    kind: $crate::import::fields::FieldKind::$kind,
                },
            )*];

            /// Where each column stands in `header`, or the required ones it lacks.
            fn find(header: &[String]) -> Result<Self, Vec<String>> {
                let mut finder = $crate::import::spec::ColumnFinder::new(header);
                let found = Self {
                    $($field: columns!(@find finder, $column $($optional)?),)*
                };
                finder.finish().map(|()| found)
            }
        }
    };
    (@type) => { usize };
    (@type optional) => { Option<usize> };
    (@find $finder:ident, $column:literal) => { $finder.required($column) };
    (@find $finder:ident, $column:literal optional) => { $finder.optional($column) };
}

pub(crate) use columns;

#[cfg(test)]
mod tests {
    use super::*;

    columns! {
        /// Two required columns and an optional one.
        struct Test {
            from: "From" => Line,
            text: "Text" => Text,
            note: "note" => Note optional,
        }
    }

    fn header(names: &[&str]) -> Vec<String> {
        names.iter().map(|n| (*n).to_owned()).collect()
    }

    #[test]
    fn columns_are_found_by_name_whatever_their_case_and_order() {
        let found = Test::find(&header(&["TEXT", "x", "from", "From"])).unwrap();
        assert_eq!((found.from, found.text, found.note), (2, 0, None));
        let found = Test::find(&header(&["Note", "From", "Text"])).unwrap();
        assert_eq!(found.note, Some(0));
        assert_eq!(
            Test::find(&header(&["To", "note"])).unwrap_err(),
            ["From", "Text"]
        );
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
            columns: Test::SPEC,
            parse: |_, _, _, _| Ok(Rows::AidFlows(Vec::new())),
        };
        assert_eq!(spec.kind("text"), FieldKind::Text);
        assert_eq!(spec.kind("NOTE"), FieldKind::Note);
        assert_eq!(spec.kind("From"), FieldKind::Line);
        assert_eq!(spec.kind("Remarks"), FieldKind::Unread);
    }
}
