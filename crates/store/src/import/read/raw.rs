//! Raw rows: each format declares the record it reads as a `#[derive(Deserialize)]`
//! struct with one field a column. The column's name in the header is the field's
//! name or its `rename`; what the column holds is the field's type ([`Line`],
//! [`Lines`], [`Text`], [`Note`]); a column a file may lack is an `Option`. That
//! struct is all a format says of its columns: [`columns`] reads their list off it
//! (for the checks every field passes first, in `fields.rs`), and a [`Layout`] finds
//! them in a file's header and reads each record as the struct. Every value keeps
//! the column it stands in, so that a refusal names its place.

use std::{fmt, marker::PhantomData};

use serde::{
    de::{
        self,
        value::{BorrowedStrDeserializer, Error},
        DeserializeSeed, Deserializer, IntoDeserializer, MapAccess, SeqAccess, Visitor,
    },
    forward_to_deserialize_any, Deserialize,
};

use crate::import::{read::fields::FieldKind, read::table::Record};

/// What a column holds, as a type: the `K` of a [`Cell`].
pub(crate) trait Holds {
    const KIND: FieldKind;
}

/// The kinds of column, as types.
pub(crate) mod kind {
    use super::{FieldKind, Holds};

    macro_rules! kinds {
        ($($name:ident),*) => {$(
            #[doc = concat!("A column of [`FieldKind::", stringify!($name), "`].")]
            #[derive(Debug)]
            pub(crate) struct $name;

            impl Holds for $name {
                const KIND: FieldKind = FieldKind::$name;
            }
        )*};
    }

    kinds!(Line, Lines, Text, Note);
}

/// A one-line value: a code, a name, a number or a date.
pub(crate) type Line<'r> = Cell<'r, kind::Line>;
/// A cell of one value a line.
pub(crate) type Lines<'r> = Cell<'r, kind::Lines>;
/// A recommendation's text.
pub(crate) type Text<'r> = Cell<'r, kind::Text>;
/// A remark.
pub(crate) type Note<'r> = Cell<'r, kind::Note>;

/// The value of one column of a record, with the column it stands in.
pub(crate) struct Cell<'r, K> {
    column: usize,
    value: &'r str,
    kind: PhantomData<K>,
}

impl<K> Clone for Cell<'_, K> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<K> Copy for Cell<'_, K> {}

impl<K> fmt::Debug for Cell<'_, K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?} (column {})", self.value, self.column + 1)
    }
}

impl<'r, K> Cell<'r, K> {
    /// The value as the file has it.
    pub(crate) fn raw(self) -> &'r str {
        self.value
    }

    /// The value without the white space around it.
    pub(crate) fn text(self) -> &'r str {
        self.value.trim()
    }

    /// Whether the cell holds nothing but white space.
    pub(crate) fn is_empty(self) -> bool {
        self.text().is_empty()
    }
}

impl<K> From<Cell<'_, K>> for usize {
    fn from(cell: Cell<'_, K>) -> Self {
        cell.column
    }
}

/// The trimmed value of a column a file may lack, if it has one.
pub(crate) fn given<K>(cell: Option<Cell<'_, K>>) -> Option<&str> {
    cell.map(Cell::text).filter(|v| !v.is_empty())
}

impl<'de: 'r, 'r, K: Holds> Deserialize<'de> for Cell<'r, K> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Parts<'r, K>(PhantomData<(&'r (), K)>);

        impl<'de: 'r, 'r, K> Visitor<'de> for Parts<'r, K> {
            type Value = Cell<'r, K>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a cell: its column and its value")
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let column = seq
                    .next_element()?
                    .ok_or_else(|| de::Error::invalid_length(0, &self))?;
                let value: &'de str = seq
                    .next_element()?
                    .ok_or_else(|| de::Error::invalid_length(1, &self))?;
                Ok(Cell {
                    column,
                    value,
                    kind: PhantomData,
                })
            }
        }

        deserializer.deserialize_tuple_struct(kind_name(K::KIND), 2, Parts(PhantomData))
    }
}

/// The name a cell of `kind` asks to be read by, which [`columns`] reads back.
fn kind_name(kind: FieldKind) -> &'static str {
    match kind {
        FieldKind::Line => "Line",
        FieldKind::Lines => "Lines",
        FieldKind::Text => "Text",
        FieldKind::Note => "Note",
        FieldKind::Unread => "Unread",
    }
}

/// A column of a raw row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Column {
    /// Its name in a header (matched ignoring ASCII case).
    pub name: &'static str,
    pub kind: FieldKind,
    /// Whether a file may lack it.
    pub optional: bool,
}

/// The columns of the raw row `T`, in its fields' order.
///
/// # Panics
///
/// When `T` is not a struct of cells: a mistake in a format's declaration, which any
/// import of a file of the format meets first (each format's tests import files).
pub(crate) fn columns<T: Deserialize<'static>>() -> Vec<Column> {
    let mut found = Vec::new();
    if let Err(e) = T::deserialize(RowDeserializer(Source::Probe(&mut found))) {
        panic!("a raw row is a struct of cells: {e}");
    }
    found
}

/// What each column of `header` holds, given the `columns` a format reads (a column
/// it does not name is [`FieldKind::Unread`]).
pub(crate) fn kinds(columns: &[Column], header: &[String]) -> Vec<FieldKind> {
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

/// Where the columns of a raw row stand in a file's header.
#[derive(Debug)]
pub(crate) struct Layout {
    columns: Vec<Column>,
    /// Each column's index in the header, in the row's fields' order.
    positions: Vec<Option<usize>>,
}

impl Layout {
    /// Finds the columns of the raw row `T` in `header` by name, ignoring ASCII case
    /// (the first of equal names), or names the ones it must have and lacks.
    pub(crate) fn find<T: Deserialize<'static>>(header: &[String]) -> Result<Self, Vec<String>> {
        let columns = columns::<T>();
        let positions: Vec<Option<usize>> = columns
            .iter()
            .map(|c| header.iter().position(|h| h.eq_ignore_ascii_case(c.name)))
            .collect();
        let missing: Vec<String> = columns
            .iter()
            .zip(&positions)
            .filter(|(c, at)| !c.optional && at.is_none())
            .map(|(c, _)| c.name.to_owned())
            .collect();
        if missing.is_empty() {
            Ok(Self { columns, positions })
        } else {
            Err(missing)
        }
    }

    /// Whether the header has the column named `name`.
    pub(crate) fn has(&self, name: &str) -> bool {
        self.columns
            .iter()
            .zip(&self.positions)
            .any(|(c, at)| c.name == name && at.is_some())
    }

    /// A record read as the raw row `T` this layout was found for.
    pub(crate) fn read<'r, T: Deserialize<'r>>(&self, record: &'r Record) -> Result<T, String> {
        T::deserialize(RowDeserializer(Source::Record {
            layout: self,
            record,
        }))
        .map_err(|e| e.to_string())
    }
}

/// Where the cells of a row come from: a record, or nowhere when a row's declaration
/// is read (each field then gets an empty cell, and its column is written down).
enum Source<'a, 'r> {
    Record {
        layout: &'a Layout,
        record: &'r Record,
    },
    Probe(&'a mut Vec<Column>),
}

/// Reads a row, a struct of cells, from its source.
struct RowDeserializer<'a, 'r>(Source<'a, 'r>);

impl<'de> Deserializer<'de> for RowDeserializer<'_, 'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Error> {
        Err(de::Error::custom("a row is a struct"))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        if let Source::Record { layout, .. } = &self.0 {
            let columns = &layout.columns;
            if fields.len() != columns.len()
                || fields.iter().zip(columns).any(|(f, c)| *f != c.name)
            {
                return Err(de::Error::custom(
                    "the record is read as another row than its layout was found for",
                ));
            }
        }
        visitor.visit_map(Cells {
            fields,
            next: 0,
            source: self.0,
            cell: None,
        })
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
        byte_buf option unit unit_struct newtype_struct seq tuple tuple_struct map enum
        identifier ignored_any
    }
}

/// The cells of a row, as a map from column names to cells. A column the header
/// lacks is left out, which makes its optional field `None`.
struct Cells<'a, 'r> {
    fields: &'static [&'static str],
    next: usize,
    source: Source<'a, 'r>,
    /// The cell of the column last named: its index, value and name.
    cell: Option<(usize, &'r str, &'static str)>,
}

impl<'de> MapAccess<'de> for Cells<'_, 'de> {
    type Error = Error;

    fn next_key_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<Option<S::Value>, Error> {
        while let Some(&name) = self.fields.get(self.next) {
            let field = self.next;
            self.next += 1;
            let (column, value) = match &self.source {
                Source::Probe(_) => (0, ""),
                Source::Record { layout, record } => {
                    let Some(column) = layout.positions[field] else {
                        continue;
                    };
                    let value = record.fields.get(column).ok_or_else(|| {
                        de::Error::custom(format_args!("the record has no field {}", column + 1))
                    })?;
                    (column, value.as_str())
                }
            };
            self.cell = Some((column, value, name));
            return seed
                .deserialize(BorrowedStrDeserializer::new(name))
                .map(Some);
        }
        Ok(None)
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, Error> {
        let (column, value, name) = self
            .cell
            .take()
            .ok_or_else(|| de::Error::custom("a value asked for before its column"))?;
        let probe = match &mut self.source {
            Source::Probe(columns) => Some(Probing {
                columns,
                name,
                optional: false,
            }),
            Source::Record { .. } => None,
        };
        seed.deserialize(CellDeserializer {
            column,
            value,
            probe,
        })
    }
}

/// A field of a row's declaration being read: where its column is written down.
struct Probing<'a> {
    columns: &'a mut Vec<Column>,
    name: &'static str,
    optional: bool,
}

impl Probing<'_> {
    fn not_a_cell(&self) -> Error {
        de::Error::custom(format_args!(
            "the field for column `{}` is not a cell",
            self.name
        ))
    }
}

/// Reads one cell: as a [`Cell`] (or an `Option` of one), or as its text.
struct CellDeserializer<'a, 'r> {
    column: usize,
    value: &'r str,
    probe: Option<Probing<'a>>,
}

impl<'de> Deserializer<'de> for CellDeserializer<'_, 'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.probe {
            Some(probe) => Err(probe.not_a_cell()),
            None => visitor.visit_borrowed_str(self.value),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(mut self, visitor: V) -> Result<V::Value, Error> {
        if let Some(probe) = &mut self.probe {
            probe.optional = true;
        }
        visitor.visit_some(self)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        kind: &'static str,
        _: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        if let Some(probe) = self.probe {
            let kind = [
                FieldKind::Line,
                FieldKind::Lines,
                FieldKind::Text,
                FieldKind::Note,
            ]
            .into_iter()
            .find(|k| kind_name(*k) == kind)
            .ok_or_else(|| probe.not_a_cell())?;
            probe.columns.push(Column {
                name: probe.name,
                kind,
                optional: probe.optional,
            });
        }
        visitor.visit_seq(CellParts {
            column: Some(self.column),
            value: Some(self.value),
        })
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
        byte_buf unit unit_struct newtype_struct seq tuple map struct enum identifier
        ignored_any
    }
}

/// A cell's column and value, in turn.
struct CellParts<'r> {
    column: Option<usize>,
    value: Option<&'r str>,
}

impl<'de> SeqAccess<'de> for CellParts<'de> {
    type Error = Error;

    fn next_element_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<Option<S::Value>, Error> {
        if let Some(column) = self.column.take() {
            return seed.deserialize(column.into_deserializer()).map(Some);
        }
        match self.value.take() {
            Some(value) => seed
                .deserialize(BorrowedStrDeserializer::new(value))
                .map(Some),
            None => Ok(None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two required columns and an optional one.
    #[derive(Debug, Deserialize)]
    #[serde(bound(deserialize = "'de: 'r"))]
    struct Test<'r> {
        #[serde(rename = "From")]
        from: Line<'r>,
        #[serde(rename = "Text")]
        text: Text<'r>,
        note: Option<Note<'r>>,
    }

    fn header(names: &[&str]) -> Vec<String> {
        names.iter().map(|n| (*n).to_owned()).collect()
    }

    fn record(fields: &[&str]) -> Record {
        Record {
            line: 2,
            fields: header(fields),
        }
    }

    #[test]
    fn the_columns_are_read_off_the_declaration() {
        let column = |name, kind, optional| Column {
            name,
            kind,
            optional,
        };
        assert_eq!(
            columns::<Test>(),
            [
                column("From", FieldKind::Line, false),
                column("Text", FieldKind::Text, false),
                column("note", FieldKind::Note, true),
            ]
        );
    }

    #[test]
    fn each_column_of_a_header_has_its_kind_and_others_are_unread() {
        assert_eq!(
            kinds(
                &columns::<Test>(),
                &header(&["text", "NOTE", "From", "Remarks"])
            ),
            [
                FieldKind::Text,
                FieldKind::Note,
                FieldKind::Line,
                FieldKind::Unread
            ]
        );
    }

    #[test]
    fn a_field_that_is_not_a_cell_is_a_mistake_of_the_declaration() {
        #[derive(Debug, Deserialize)]
        struct Wrong {
            _name: String,
        }
        let caught = std::panic::catch_unwind(columns::<Wrong>).unwrap_err();
        let message = caught.downcast_ref::<String>().unwrap();
        assert!(
            message.contains("the field for column `_name` is not a cell"),
            "{message}"
        );
    }

    #[test]
    fn columns_are_found_by_name_whatever_their_case_and_order() {
        let layout = Layout::find::<Test>(&header(&["TEXT", "x", "from", "From"])).unwrap();
        assert!(!layout.has("note"));
        let first = record(&[" a text ", "x", "France", "Spain"]);
        let row: Test = layout.read(&first).unwrap();
        assert_eq!((row.from.text(), usize::from(row.from)), ("France", 2));
        assert_eq!((row.text.raw(), row.text.text()), (" a text ", "a text"));
        assert!(row.note.is_none());

        let layout = Layout::find::<Test>(&header(&["Note", "From", "Text"])).unwrap();
        assert!(layout.has("note"));
        let second = record(&[" ", "France", "t"]);
        let row: Test = layout.read(&second).unwrap();
        let note = row.note.unwrap();
        assert_eq!(usize::from(note), 0);
        assert!(note.is_empty());
        assert_eq!(given(row.note), None);

        assert_eq!(
            Layout::find::<Test>(&header(&["To", "note"])).unwrap_err(),
            ["From", "Text"]
        );
    }

    #[test]
    fn a_short_record_or_another_row_is_an_error_not_a_panic() {
        let layout = Layout::find::<Test>(&header(&["From", "Text"])).unwrap();
        assert_eq!(
            layout.read::<Test>(&record(&["France"])).unwrap_err(),
            "the record has no field 2"
        );

        #[derive(Debug, Deserialize)]
        #[serde(bound(deserialize = "'de: 'r"))]
        struct Other<'r> {
            #[serde(rename = "Text")]
            _text: Text<'r>,
        }
        assert!(layout
            .read::<Other>(&record(&["France", "t"]))
            .unwrap_err()
            .contains("another row"));
    }
}
