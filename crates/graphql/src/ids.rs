//! Opaque identifiers: Relay global IDs (`node(id:)`) and pagination cursors.
//! Both are base64url text; clients must not build or parse them.

use async_graphql::ID;
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};

use uprgraph_store::{position_fits, Filter, Position, SortTerm, SortValue};

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
    Ok((type_name.to_owned(), row_id(row).ok_or_else(invalid)?))
}

/// A row id as [`global_id`] and [`cursor`] write it: decimal digits with neither a sign
/// nor a leading zero, so that an id has one spelling (`01` and `+1` are not `1`).
fn row_id(text: &str) -> Option<i32> {
    let canonical = !text.is_empty()
        && text.bytes().all(|b| b.is_ascii_digit())
        && (text == "0" || !text.starts_with('0'));
    canonical.then(|| text.parse().ok()).flatten()
}

/// A list's scope as [`cursor`] writes it: eight lower-case hexadecimal digits.
fn scope_digits(text: &str) -> Option<u32> {
    let canonical = text.len() == 8 && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    canonical
        .then(|| u32::from_str_radix(text, 16).ok())
        .flatten()
}

/// Cursors of lists in id order: `cursor:v1:<id>:<scope>`.
const CURSOR_V1: &str = "cursor:v1:";
/// Cursors of lists in a chosen order: `cursor:v2:<scope>:<JSON array of the row's sort
/// values, then its id>`.
const CURSOR_V2: &str = "cursor:v2:";

/// Identifies the list a cursor belongs to: which list (`list`, such as `states` or
/// `RecommendationsReceived of 42`, naming the relation and the parent), and the filter
/// and order it was made with, so that a cursor taken from one list is not used on
/// another, or on the same list filtered or sorted differently: its position would
/// mean nothing there.
pub(crate) fn list_scope(list: &str, filter: &Filter, order: &[SortTerm]) -> u32 {
    use sha2::{Digest, Sha256};
    // The Debug forms name every field and value; SHA-256 keeps the scope the same
    // across builds and processes, so cursors survive a restart.
    let text = format!("{list}: {filter:?} ordered by {order:?}");
    let digest = Sha256::digest(text.as_bytes());
    u32::from_be_bytes([digest[0], digest[1], digest[2], digest[3]])
}

/// The cursor of the row at `position` in a list made with the scope `scope`.
pub(crate) fn cursor(position: &Position, scope: u32) -> String {
    let text = match position.as_slice() {
        [SortValue::Int(id)] => format!("{CURSOR_V1}{id}:{scope:08x}"),
        values => {
            let values: Vec<serde_json::Value> = values
                .iter()
                .map(|v| match v {
                    SortValue::Int(n) => serde_json::Value::from(*n),
                    SortValue::Text(t) => serde_json::Value::from(t.as_str()),
                })
                .collect();
            format!(
                "{CURSOR_V2}{scope:08x}:{}",
                serde_json::Value::Array(values)
            )
        }
    };
    URL_SAFE_NO_PAD.encode(text)
}

/// Reads a cursor made by [`cursor`] for a list of the scope `scope`, sorted by `order`.
pub(crate) fn parse_cursor(
    cursor: &str,
    scope: u32,
    order: &[SortTerm],
) -> Result<Position, ApiError> {
    let invalid =
        || ApiError::bad_input(format!("`{cursor}` is not a cursor returned by this API"));
    let bytes = URL_SAFE_NO_PAD.decode(cursor).map_err(|_| invalid())?;
    let text = String::from_utf8(bytes).map_err(|_| invalid())?;
    let (made_for, position) = if let Some(rest) = text.strip_prefix(CURSOR_V1) {
        let (id, made_for) = rest.split_once(':').ok_or_else(invalid)?;
        (
            made_for,
            vec![SortValue::Int(row_id(id).ok_or_else(invalid)?.into())],
        )
    } else if let Some(rest) = text.strip_prefix(CURSOR_V2) {
        let (made_for, values) = rest.split_once(':').ok_or_else(invalid)?;
        let text = values;
        let values: Vec<serde_json::Value> = serde_json::from_str(text).map_err(|_| invalid())?;
        // The values as `cursor` writes them, and in no other spelling.
        if serde_json::to_string(&values).map_err(|_| invalid())? != text {
            return Err(invalid());
        }
        let position = values
            .into_iter()
            .map(|v| match v {
                serde_json::Value::String(t) => Some(SortValue::Text(t)),
                other => other.as_i64().map(SortValue::Int),
            })
            .collect::<Option<Position>>()
            .ok_or_else(invalid)?;
        (made_for, position)
    } else {
        return Err(invalid());
    };
    let made_for = scope_digits(made_for).ok_or_else(invalid)?;
    if made_for != scope {
        return Err(ApiError::bad_input(format!(
            "the cursor `{cursor}` belongs to a list with another filter or order; use it with the filter and `orderBy` it came with, or start the list again without a cursor"
        )));
    }
    if !position_fits(order, &position) {
        return Err(invalid());
    }
    Ok(position)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_cursors_round_trip() {
        let id = global_id("State", 42);
        assert_eq!(parse_global_id(&id).unwrap(), ("State".to_owned(), 42));
        let by_id = vec![SortValue::Int(7)];
        assert_eq!(parse_cursor(&cursor(&by_id, 3), 3, &[]).unwrap(), by_id);
        assert!(parse_cursor(&cursor(&by_id, 3), 4, &[])
            .unwrap_err()
            .to_string()
            .contains("another filter"));
        assert!(parse_cursor("bm9wZQ", 0, &[]).is_err());
        let order = [SortTerm {
            key: uprgraph_store::SortKey::StateName,
            descending: false,
        }];
        let named = vec![
            SortValue::Text("côte d'ivoire: \"x\"".into()),
            SortValue::Int(9),
        ];
        assert_eq!(parse_cursor(&cursor(&named, 5), 5, &order).unwrap(), named);
        // A cursor of an id-ordered list does not fit a list sorted by name.
        assert!(parse_cursor(&cursor(&by_id, 5), 5, &order).is_err());
        let all = list_scope("states", &Filter::All, &[]);
        assert_eq!(all, list_scope("states", &Filter::All, &[]), "stable");
        assert_ne!(all, list_scope("recommendations", &Filter::All, &[]));
        assert_ne!(
            all,
            list_scope("states", &Filter::States(Default::default()), &[])
        );
        assert_ne!(all, list_scope("states", &Filter::All, &order));
        assert_ne!(
            list_scope("RecommendationsReceived of 1", &Filter::All, &[]),
            list_scope("RecommendationsReceived of 2", &Filter::All, &[])
        );
        assert!(parse_global_id("***").is_err());
    }

    #[test]
    fn an_id_and_a_cursor_have_one_spelling() {
        let encoded = |text: &str| URL_SAFE_NO_PAD.encode(text);
        assert_eq!(parse_global_id(&encoded("State:10")).unwrap().1, 10);
        for other in [
            "State:010",
            "State:+10",
            "State:-1",
            "State: 10",
            "State:1e1",
            "State:",
        ] {
            assert!(parse_global_id(&encoded(other)).is_err(), "{other}");
        }
        let scope = 0x0000_ab12;
        assert!(parse_cursor(&encoded("cursor:v1:7:0000ab12"), scope, &[]).is_ok());
        for other in [
            "cursor:v1:07:0000ab12",
            "cursor:v1:+7:0000ab12",
            "cursor:v1:7:0000AB12",
            "cursor:v1:7:+000ab12",
            "cursor:v1:7:ab12",
        ] {
            assert!(
                parse_cursor(&encoded(other), scope, &[]).is_err(),
                "{other}"
            );
        }
        let order = [SortTerm {
            key: uprgraph_store::SortKey::StateName,
            descending: false,
        }];
        assert!(parse_cursor(&encoded("cursor:v2:0000ab12:[\"a\",7]"), scope, &order).is_ok());
        assert!(parse_cursor(&encoded("cursor:v2:0000ab12:[\"a\", 7]"), scope, &order).is_err());
    }
}
