//! What a format declares once, in its own module: its name, its licence, the source
//! its files are exports of, the columns it reads with what each holds, and how it
//! turns checked records into rows. [`super::Format`] dispatches to these.

use serde::Deserialize;

use crate::import::{
    read::fields::FieldKind,
    read::raw::{self, Column, Layout},
    read::resolve::Resolver,
    read::sheet::{tick, Sheet},
    read::table::{Record, Table},
    rows::Rows,
    Progress,
};

/// Everything the import knows of one format.
#[derive(Debug)]
pub(crate) struct FormatSpec {
    /// The name used on the command line and stored with each dataset.
    pub name: &'static str,
    /// What a file of the format is called in messages ("a UPR Info export").
    pub file: &'static str,
    /// A licence to record with each dataset, where the format's publisher states one.
    pub licence: Option<&'static str>,
    /// The source every dataset of the format is an export of.
    pub source: SourceSpec,
    /// The columns the format reads, read off its raw row (a column it does not
    /// name is [`FieldKind::Unread`]).
    pub columns: fn() -> Vec<Column>,
    /// Other names a file may give the columns: (the name in a file, the column's name in
    /// `columns`), compared ignoring ASCII case. A second layout of the same format (UHRI's
    /// JSON export beside its spreadsheet) or a corrected spelling is read this way.
    pub aliases: &'static [(&'static str, &'static str)],
    /// Reads a file's checked records into rows, or says why the file is not one of
    /// this format.
    pub parse: Parse,
}

/// How a format reads a file's checked records.
pub(crate) type Parse = fn(Input<'_>) -> Result<Rows, String>;

/// What a format's parse is given: the file's checked table, the sheet its refusals
/// and remarks go to, the names and codes it resolves, and where progress is told.
pub(crate) struct Input<'a> {
    pub table: &'a Table,
    pub sheet: &'a mut Sheet,
    pub resolver: &'a Resolver,
    pub progress: &'a dyn Progress,
    /// What a file of the format is called in messages.
    pub file: &'static str,
    /// The file's name, as the dataset records it.
    pub name: &'a str,
    /// The year given with the import for files that do not state it in their rows.
    pub year: Option<i32>,
}

impl<'a> Input<'a> {
    /// Where the columns of the raw row `T` stand in the header, or why the file is
    /// not one of the format.
    pub(crate) fn layout<T: Deserialize<'static>>(&self) -> Result<Layout, String> {
        Layout::find::<T>(&self.table.header)
            .map_err(|missing| format!("not {}: no column {}", self.file, missing.join(", ")))
    }

    /// Calls `read` with each record as the raw row `T` whose `layout` was found in
    /// the header, telling progress; a record without as many fields as the header is
    /// refused first.
    pub(crate) fn each<T: Deserialize<'a>>(
        &mut self,
        layout: &Layout,
        mut read: impl FnMut(&mut Sheet, &'a Record, T),
    ) {
        let table: &'a Table = self.table;
        for (done, record) in table.records.iter().enumerate() {
            tick(self.progress, done);
            if let Some(raw) = self.sheet.read(layout, record) {
                read(self.sheet, record, raw);
            }
        }
    }
}

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
        raw::kinds(&(self.columns)(), header)
    }

    /// `header` with each column a file names by one of [`FormatSpec::aliases`] under the
    /// name the format reads it by.
    pub(crate) fn known_names(&self, header: &[String]) -> Vec<String> {
        header
            .iter()
            .map(|name| {
                self.aliases
                    .iter()
                    .find(|(alias, _)| alias.eq_ignore_ascii_case(name))
                    .map_or_else(|| name.clone(), |(_, column)| (*column).to_owned())
            })
            .collect()
    }
}
