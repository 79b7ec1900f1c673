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

/// Identifies the filter a list was made with, so that a cursor taken from one list is
/// not used on a list filtered differently: its position would mean nothing there.
pub(crate) fn filter_scope(filter: &uprgraph_store::Filter) -> u32 {
    use sha2::{Digest, Sha256};
    // The filter's Debug form names every field and value; SHA-256 keeps the scope the
    // same across builds and processes, so cursors survive a restart.
    let digest = Sha256::digest(format!("{filter:?}").as_bytes());
    u32::from_be_bytes([digest[0], digest[1], digest[2], digest[3]])
}

/// The cursor of a row in an id-ordered list made with the filter of `scope`.
pub(crate) fn cursor(id: i32, scope: u32) -> String {
    URL_SAFE_NO_PAD.encode(format!("{CURSOR_PREFIX}{id}:{scope:08x}"))
}

/// Reads a cursor made by [`cursor`] for a list made with the filter of `scope`.
pub(crate) fn parse_cursor(cursor: &str, scope: u32) -> Result<i32, ApiError> {
    let invalid =
        || ApiError::bad_input(format!("`{cursor}` is not a cursor returned by this API"));
    let bytes = URL_SAFE_NO_PAD.decode(cursor).map_err(|_| invalid())?;
    let text = String::from_utf8(bytes).map_err(|_| invalid())?;
    let rest = text.strip_prefix(CURSOR_PREFIX).ok_or_else(invalid)?;
    let (id, made_for) = rest.split_once(':').ok_or_else(invalid)?;
    let id = id.parse().map_err(|_| invalid())?;
    let made_for = u32::from_str_radix(made_for, 16).map_err(|_| invalid())?;
    if made_for != scope {
        return Err(ApiError::bad_input(format!(
            "the cursor `{cursor}` belongs to a list with another filter; use it with the filter it came with, or start the list again without a cursor"
        )));
    }
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_cursors_round_trip() {
        let id = global_id("State", 42);
        assert_eq!(parse_global_id(&id).unwrap(), ("State".to_owned(), 42));
        assert_eq!(parse_cursor(&cursor(7, 3), 3).unwrap(), 7);
        assert!(parse_cursor(&cursor(7, 3), 4)
            .unwrap_err()
            .to_string()
            .contains("another filter"));
        assert!(parse_cursor("bm9wZQ", 0).is_err());
        let all = filter_scope(&uprgraph_store::Filter::All);
        assert_eq!(all, filter_scope(&uprgraph_store::Filter::All), "stable");
        assert_ne!(
            all,
            filter_scope(&uprgraph_store::Filter::States(Default::default()))
        );
        assert!(parse_global_id("***").is_err());
    }
}
