//! Opaque identifiers: Relay global IDs (`node(id:)`) and pagination cursors.
//! Both are base64url text; clients must not build or parse them.

use async_graphql::ID;
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};

use crate::ApiError;

/// The global ID of the row `id` of GraphQL type `type_name`.
pub(crate) fn global_id(type_name: &str, id: i32) -> ID {
    ID(URL_SAFE_NO_PAD.encode(format!("{type_name}:{id}")))
}

/// Splits a global ID into its type name and row id.
pub(crate) fn parse_global_id(id: &str) -> Result<(String, i32), ApiError> {
    let invalid = || ApiError::bad_input(format!("`{id}` is not a valid ID"));
    let bytes = URL_SAFE_NO_PAD.decode(id).map_err(|_| invalid())?;
    let text = String::from_utf8(bytes).map_err(|_| invalid())?;
    let (type_name, row) = text.split_once(':').ok_or_else(invalid)?;
    Ok((type_name.to_owned(), row.parse().map_err(|_| invalid())?))
}

const CURSOR_PREFIX: &str = "cursor:v1:";

/// The cursor of a row in an id-ordered list.
pub(crate) fn cursor(id: i32) -> String {
    URL_SAFE_NO_PAD.encode(format!("{CURSOR_PREFIX}{id}"))
}

/// Reads a cursor made by [`cursor`].
pub(crate) fn parse_cursor(cursor: &str) -> Result<i32, ApiError> {
    let invalid =
        || ApiError::bad_input(format!("`{cursor}` is not a cursor returned by this API"));
    let bytes = URL_SAFE_NO_PAD.decode(cursor).map_err(|_| invalid())?;
    let text = String::from_utf8(bytes).map_err(|_| invalid())?;
    text.strip_prefix(CURSOR_PREFIX)
        .and_then(|id| id.parse().ok())
        .ok_or_else(invalid)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_cursors_round_trip() {
        let id = global_id("State", 42);
        assert_eq!(parse_global_id(&id).unwrap(), ("State".to_owned(), 42));
        assert_eq!(parse_cursor(&cursor(7)).unwrap(), 7);
        assert!(parse_cursor("bm9wZQ").is_err());
        assert!(parse_global_id("***").is_err());
    }
}
