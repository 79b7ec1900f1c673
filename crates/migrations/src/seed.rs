//! Helpers for migrations that load data shipped as CSV files inside the binary.

use std::collections::HashMap;

use sea_orm::{ConnectionTrait, DbErr, TryGetable, Value};
use sea_orm_migration::prelude::*;
use serde::de::DeserializeOwned;

/// Parses an embedded CSV file; a malformed file is a bug in the release, reported by name.
pub(crate) fn read_csv<T: DeserializeOwned>(name: &str, contents: &str) -> Result<Vec<T>, DbErr> {
    csv::Reader::from_reader(contents.as_bytes())
        .deserialize()
        .enumerate()
        .map(|(index, row)| {
            row.map_err(|e| DbErr::Migration(format!("{name}, record {}: {e}", index + 1)))
        })
        .collect()
}

/// Inserts rows in batches small enough for every backend's parameter limit.
pub(crate) async fn insert_rows<C: ConnectionTrait>(
    db: &C,
    table: &str,
    columns: &[&str],
    rows: Vec<Vec<Value>>,
) -> Result<(), DbErr> {
    let batch = (900 / columns.len().max(1)).max(1);
    for chunk in rows.chunks(batch) {
        let mut insert = Query::insert();
        insert
            .into_table(Alias::new(table))
            .columns(columns.iter().map(|c| Alias::new(*c)));
        for row in chunk {
            insert
                .values(row.iter().cloned().map(Expr::val))
                .map_err(|e| DbErr::Migration(format!("{table}: {e}")))?;
        }
        db.execute(&insert).await?;
    }
    Ok(())
}

/// Reads `key_column -> id` for a whole table, to resolve natural keys to ids.
pub(crate) async fn id_map<C, K>(
    db: &C,
    table: &str,
    key_column: &str,
) -> Result<HashMap<K, i32>, DbErr>
where
    C: ConnectionTrait,
    K: TryGetable + std::hash::Hash + Eq,
{
    let select = Query::select()
        .column(Alias::new("id"))
        .column(Alias::new(key_column))
        .from(Alias::new(table))
        .to_owned();
    db.query_all(&select)
        .await?
        .into_iter()
        .map(|row| {
            Ok((
                row.try_get::<K>("", key_column)?,
                row.try_get::<i32>("", "id")?,
            ))
        })
        .collect()
}

/// Looks a key up in a map built by [`id_map`], naming the file and key when it is missing.
pub(crate) fn lookup<K>(map: &HashMap<K, i32>, key: &K, what: &str) -> Result<i32, DbErr>
where
    K: std::hash::Hash + Eq + std::fmt::Debug,
{
    map.get(key)
        .copied()
        .ok_or_else(|| DbErr::Migration(format!("{what}: unknown key {key:?}")))
}

/// A nullable text value.
pub(crate) fn opt_text(value: Option<String>) -> Value {
    Value::String(value.filter(|v| !v.is_empty()))
}

/// A nullable date value.
pub(crate) fn opt_date(value: Option<chrono::NaiveDate>) -> Value {
    value.into()
}

/// A row of a file of state spellings (`data/*_state_aliases.csv`).
#[derive(serde::Deserialize)]
struct AliasRow {
    alpha3: String,
    alias: String,
    /// Where the spelling is found; documentation only.
    #[allow(dead_code)]
    found_in: String,
}

/// Adds the spellings of states in the file `name` (its `contents`), refusing one that is
/// a known name already.
pub(crate) async fn add_state_aliases<C: ConnectionTrait>(
    db: &C,
    name: &str,
    contents: &str,
) -> Result<(), DbErr> {
    let aliases: Vec<AliasRow> = read_csv(name, contents)?;
    let states = id_map::<_, String>(db, "states", "alpha3").await?;
    let known = id_map::<_, String>(db, "state_aliases", "alias_key").await?;
    let mut rows = Vec::new();
    for row in aliases {
        let state = lookup(&states, &row.alpha3, name)?;
        let key = uprgraph_domain::normalize_name(&row.alias);
        if known.contains_key(&key) {
            return Err(DbErr::Migration(format!(
                "{name}: `{}` is already a known name",
                row.alias
            )));
        }
        rows.push(vec![state.into(), row.alias.into(), key.into()]);
    }
    insert_rows(
        db,
        "state_aliases",
        &["state_id", "alias", "alias_key"],
        rows,
    )
    .await
}

/// Removes the spellings of states that [`add_state_aliases`] added from the same file.
pub(crate) async fn remove_state_aliases<C: ConnectionTrait>(
    db: &C,
    name: &str,
    contents: &str,
) -> Result<(), DbErr> {
    let aliases: Vec<AliasRow> = read_csv(name, contents)?;
    for row in aliases {
        let delete = Query::delete()
            .from_table(Alias::new("state_aliases"))
            .and_where(Expr::col(Alias::new("alias")).eq(row.alias))
            .to_owned();
        db.execute(&delete).await?;
    }
    Ok(())
}
