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

use super::{fields::FieldKind, table::Record};

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
/// When `T` is not a struct of cells: a mistake in a format's declaration, which the
/// format's first test finds.
pub(crate) fn columns<T: Deserialize<'static>>() -> Vec<Column> {
    let mut found = Vec::new();
    if let Err(e) = T::deserialize(Probe {
        columns: &mut found,
    }) {
        panic!("a raw row is a struct of cells: {e}");
    }
    found
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
        T::deserialize(RecordDeserializer {
            layout: self,
            record,
        })
        .map_err(|e| e.to_string())
    }
}

/// Reads a record as a struct of cells.
struct RecordDeserializer<'a, 'r> {
    layout: &'a Layout,
    record: &'r Record,
}

impl<'de> Deserializer<'de> for RecordDeserializer<'_, 'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Error> {
        Err(de::Error::custom("a record reads as a struct"))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        let columns = &self.layout.columns;
        if fields.len() != columns.len() || fields.iter().zip(columns).any(|(f, c)| *f != c.name) {
            return Err(de::Error::custom(
                "the record is read as another row than its layout was found for",
            ));
        }
        visitor.visit_map(Cells {
            fields,
            positions: &self.layout.positions,
            record: self.record,
            next: 0,
            value: None,
        })
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
        byte_buf option unit unit_struct newtype_struct seq tuple tuple_struct map enum
        identifier ignored_any
    }
}

/// The cells of a record, as a map from column names to values. A column the header
/// lacks is left out, which makes its optional field `None`.
struct Cells<'a, 'r> {
    fields: &'static [&'static str],
    positions: &'a [Option<usize>],
    record: &'r Record,
    next: usize,
    value: Option<(usize, &'r str)>,
}

impl<'de> MapAccess<'de> for Cells<'_, 'de> {
    type Error = Error;

    fn next_key_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<Option<S::Value>, Error> {
        while let Some(name) = self.fields.get(self.next) {
            let at = self.positions[self.next];
            self.next += 1;
            let Some(column) = at else { continue };
            let value = self.record.fields.get(column).ok_or_else(|| {
                de::Error::custom(format_args!("the record has no field {}", column + 1))
            })?;
            self.value = Some((column, value));
            return seed
                .deserialize(BorrowedStrDeserializer::new(name))
                .map(Some);
        }
        Ok(None)
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, Error> {
        let (column, value) = self
            .value
            .take()
            .ok_or_else(|| de::Error::custom("a value asked for before its column"))?;
        seed.deserialize(CellDeserializer { column, value })
    }
}

/// Reads one cell: as a [`Cell`], or as its text.
struct CellDeserializer<'r> {
    column: usize,
    value: &'r str,
}

impl<'de> Deserializer<'de> for CellDeserializer<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_borrowed_str(self.value)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_some(self)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
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

/// Reads a raw row's declaration: each field's column name, kind and optionality, with
/// an empty cell for each.
struct Probe<'a> {
    columns: &'a mut Vec<Column>,
}

impl<'de> Deserializer<'de> for Probe<'_> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Error> {
        Err(de::Error::custom("it is not a struct"))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_map(ProbeFields {
            fields: fields.iter(),
            columns: self.columns,
            name: "",
        })
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
        byte_buf option unit unit_struct newtype_struct seq tuple tuple_struct map enum
        identifier ignored_any
    }
}

struct ProbeFields<'a> {
    fields: std::slice::Iter<'static, &'static str>,
    columns: &'a mut Vec<Column>,
    name: &'static str,
}

impl<'de> MapAccess<'de> for ProbeFields<'_> {
    type Error = Error;

    fn next_key_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<Option<S::Value>, Error> {
        let Some(name) = self.fields.next() else {
            return Ok(None);
        };
        self.name = name;
        seed.deserialize(BorrowedStrDeserializer::new(name))
            .map(Some)
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, Error> {
        seed.deserialize(ProbeCell {
            name: self.name,
            optional: false,
            columns: self.columns,
        })
    }
}

struct ProbeCell<'a> {
    name: &'static str,
    optional: bool,
    columns: &'a mut Vec<Column>,
}

impl<'de> Deserializer<'de> for ProbeCell<'_> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Error> {
        Err(de::Error::custom(format_args!(
            "the field for column `{}` is not a cell",
            self.name
        )))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_some(ProbeCell {
            optional: true,
            ..self
        })
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        kind: &'static str,
        _: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        let kind = [
            FieldKind::Line,
            FieldKind::Lines,
            FieldKind::Text,
            FieldKind::Note,
        ]
        .into_iter()
        .find(|k| kind_name(*k) == kind)
        .ok_or_else(|| {
            de::Error::custom(format_args!(
                "the field for column `{}` is not a cell",
                self.name
            ))
        })?;
        self.columns.push(Column {
            name: self.name,
            kind,
            optional: self.optional,
        });
        visitor.visit_seq(CellParts {
            column: Some(0),
            value: Some(""),
        })
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
        byte_buf unit unit_struct newtype_struct seq tuple map struct enum identifier
        ignored_any
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
