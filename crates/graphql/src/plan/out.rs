//! The answer as it is written: JSON bytes in the order the query selects, the path of
//! the value being written (for errors), and the errors met on the way.
//!
//! Values are written as serde_json writes them (strings escaped, numbers formatted),
//! so that an answer is byte for byte what async-graphql's serialisation of the same
//! values gives. A value that fails is replaced by `null` where the schema allows it:
//! a writer that meets an error records it and returns [`Null`], and the nearest field
//! or list item that may be null truncates what its value had written so far and
//! writes `null` instead, as the specification's null propagation says.

use async_graphql::{ErrorExtensionValues, PathSegment, Pos, ServerError};
use serde::Serialize;

use crate::ApiError;

/// The value being written cannot be given: the error is recorded, and the nearest
/// place that may be null becomes null.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Null;

/// What a writer returns: done, or null from here up to the nearest nullable place.
pub(crate) type Written = Result<(), Null>;

/// One step of the path to the value being written.
#[derive(Debug, Clone, Copy)]
enum Step<'p> {
    Key(&'p str),
    Index(usize),
}

/// The answer being written.
#[derive(Debug, Default)]
pub(crate) struct Out<'p> {
    buf: Vec<u8>,
    path: Vec<Step<'p>>,
    errors: Vec<ServerError>,
    /// The most bytes the answer may hold.
    max_bytes: usize,
}

impl<'p> Out<'p> {
    /// An empty answer, to hold at most `max_bytes` bytes.
    pub(crate) fn new(max_bytes: u64) -> Self {
        Self {
            buf: Vec::with_capacity(4096),
            path: Vec::new(),
            errors: Vec::new(),
            max_bytes: usize::try_from(max_bytes).unwrap_or(usize::MAX),
        }
    }

    /// The bytes written and the errors met; or the budget's error when the answer
    /// outgrew it. Values are written whole before the size is read (the largest is a
    /// text of the database), so the answer is never more than one value over the budget
    /// while it is written.
    pub(crate) fn finish(self) -> Result<(Vec<u8>, Vec<ServerError>), ApiError> {
        if self.over() {
            return Err(ApiError::AnswerTooLarge(self.max_bytes as u64));
        }
        Ok((self.buf, self.errors))
    }

    /// Whether the answer has outgrown its budget; writing can stop.
    pub(crate) fn over(&self) -> bool {
        self.buf.len() > self.max_bytes
    }

    /// How many bytes are written so far.
    pub(crate) fn len(&self) -> usize {
        self.buf.len()
    }

    /// Bytes as they are.
    pub(crate) fn raw(&mut self, bytes: &[u8]) {
        self.buf.extend_from_slice(bytes);
    }

    /// Any value serde can write, as serde_json writes it.
    fn serde(&mut self, value: impl Serialize) {
        // Writing into a Vec cannot fail, and the values written here (strings, numbers,
        // booleans) always serialise.
        let _ = serde_json::to_writer(&mut self.buf, &value);
    }

    /// A value async-graphql made, as it serialises it.
    pub(crate) fn value(&mut self, value: &async_graphql::Value) {
        self.serde(value);
    }

    pub(crate) fn null(&mut self) {
        self.raw(b"null");
    }

    pub(crate) fn bool(&mut self, value: bool) {
        self.raw(if value { b"true" } else { b"false" });
    }

    pub(crate) fn int(&mut self, value: impl Into<i64>) {
        self.serde(value.into());
    }

    pub(crate) fn float(&mut self, value: f64) {
        // async-graphql keeps a float as a JSON number when it is finite, and null when not.
        if value.is_finite() {
            self.serde(value);
        } else {
            self.null();
        }
    }

    pub(crate) fn str(&mut self, value: &str) {
        self.serde(value);
    }

    pub(crate) fn opt_str(&mut self, value: Option<&str>) {
        match value {
            Some(value) => self.str(value),
            None => self.null(),
        }
    }

    pub(crate) fn opt_int(&mut self, value: Option<impl Into<i64>>) {
        match value {
            Some(value) => self.int(value),
            None => self.null(),
        }
    }

    /// An enum value, by its name in the schema.
    pub(crate) fn enumeration<E: async_graphql::resolver_utils::EnumType>(&mut self, value: E) {
        let name = E::items()
            .iter()
            .find(|item| item.value == value)
            .map_or("", |item| item.name);
        self.str(name);
    }

    /// An optional enum value.
    pub(crate) fn opt_enumeration<E: async_graphql::resolver_utils::EnumType>(
        &mut self,
        value: Option<E>,
    ) {
        match value {
            Some(value) => self.enumeration(value),
            None => self.null(),
        }
    }

    /// A date, as the `Date` scalar writes it.
    pub(crate) fn date(&mut self, value: Option<chrono::NaiveDate>) {
        match value {
            Some(day) => self.str(&crate::scalars::Date(day).to_string()),
            None => self.null(),
        }
    }

    /// Starts an object's member: a comma unless it is the first, then the key.
    pub(crate) fn key(&mut self, first: bool, key: &str) {
        if !first {
            self.buf.push(b',');
        }
        // Response keys are GraphQL names, which need no escaping.
        self.buf.push(b'"');
        self.buf.extend_from_slice(key.as_bytes());
        self.buf.extend_from_slice(b"\":");
    }

    /// Cuts what was written back to `mark` and writes `null` there.
    pub(crate) fn null_from(&mut self, mark: usize) {
        self.buf.truncate(mark);
        self.null();
    }

    /// Enters the member `key` of the object being written.
    pub(crate) fn enter(&mut self, key: &'p str) {
        self.path.push(Step::Key(key));
    }

    /// Enters the item `index` of the list being written.
    pub(crate) fn enter_item(&mut self, index: usize) {
        self.path.push(Step::Index(index));
    }

    /// Leaves the member or item last entered.
    pub(crate) fn leave(&mut self) {
        self.path.pop();
    }

    /// Records an error of the value being written, at the field at `pos`.
    pub(crate) fn fail(&mut self, pos: Pos, error: ApiError) -> Null {
        let mut server = ServerError::new(error.to_string(), Some(pos));
        let mut extensions = ErrorExtensionValues::default();
        extensions.set("code", error.code());
        server.extensions = Some(extensions);
        self.fail_with(server)
    }

    /// Records `error` (a message, a place in the document and a code) as an error of the
    /// value being written.
    pub(crate) fn fail_with(&mut self, mut error: ServerError) -> Null {
        error.path = self
            .path
            .iter()
            .map(|step| match step {
                Step::Key(key) => PathSegment::Field((*key).to_owned()),
                Step::Index(index) => PathSegment::Index(*index),
            })
            .collect();
        crate::error::assign_code(&mut error);
        self.errors.push(error);
        Null
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_written_as_serde_json_writes_them() {
        let mut out = Out::new(u64::MAX);
        out.raw(b"[");
        out.str("a \"quoted\"\n\u{1}é/");
        out.raw(b",");
        out.float(0.5);
        out.raw(b",");
        out.float(1.0);
        out.raw(b",");
        out.int(-3);
        out.raw(b",");
        out.opt_str(None);
        out.raw(b"]");
        let (bytes, _) = out.finish().unwrap();
        let expected = serde_json::to_vec(&serde_json::json!([
            "a \"quoted\"\n\u{1}é/",
            0.5,
            1.0,
            -3,
            null
        ]))
        .unwrap();
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            String::from_utf8(expected).unwrap()
        );
    }

    #[test]
    fn errors_carry_the_path_of_the_value() {
        let mut out = Out::new(u64::MAX);
        out.enter("states");
        out.enter_item(2);
        out.enter("name");
        let null = out.fail(Pos { line: 1, column: 3 }, ApiError::bad_input("no"));
        assert_eq!(null, Null);
        let (_, errors) = out.finish().unwrap();
        let json = serde_json::to_value(&errors[0]).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "message": "no",
                "locations": [{ "line": 1, "column": 3 }],
                "path": ["states", 2, "name"],
                "extensions": { "code": "BAD_USER_INPUT" }
            })
        );
    }
}
