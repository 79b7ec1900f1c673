//! `x IN (list)` for lists of any length, within every backend's limit on bound
//! parameters.
//!
//! A list written out as `IN (?, ?, …)` binds one parameter per value, and SQLite
//! takes at most 32,766 in a statement, PostgreSQL 65,535: a long filter, or the ids
//! of a large batch, would make the statement fail. Here a list binds one parameter
//! whatever its length: an array on PostgreSQL (`x = ANY($1)`), a JSON array read by
//! `json_each` on SQLite. Short lists on SQLite stay written out, which its planner
//! reads best.

use sea_orm::sea_query::{ArrayType, Expr, SimpleExpr, Value};

use crate::dialect::Dialect;

/// A value a list in a condition can hold.
pub(crate) trait ListValue: Clone + Into<Value> {
    /// The PostgreSQL array type of a list of these.
    const ARRAY: ArrayType;
    /// The value as JSON, for SQLite's `json_each`.
    fn json(&self) -> serde_json::Value;
}

impl ListValue for i32 {
    const ARRAY: ArrayType = ArrayType::Int;
    fn json(&self) -> serde_json::Value {
        (*self).into()
    }
}

impl ListValue for i16 {
    const ARRAY: ArrayType = ArrayType::SmallInt;
    fn json(&self) -> serde_json::Value {
        (*self).into()
    }
}

impl ListValue for String {
    const ARRAY: ArrayType = ArrayType::String;
    fn json(&self) -> serde_json::Value {
        self.as_str().into()
    }
}

/// `expr` is one of `values` (false for an empty list), binding one parameter on
/// PostgreSQL and a few on SQLite.
pub(crate) fn one_of<V: ListValue>(
    expr: impl Into<SimpleExpr>,
    values: impl IntoIterator<Item = V>,
    dialect: &dyn Dialect,
) -> SimpleExpr {
    let values: Vec<V> = values.into_iter().collect();
    dialect.in_values(expr.into(), &values)
}

/// A list of values, in each form a dialect may bind it.
pub(crate) trait List {
    /// How many values the list holds.
    fn len(&self) -> usize;
    /// The values, one parameter each.
    fn values(&self) -> Vec<Value>;
    /// The values as one PostgreSQL array parameter.
    fn array(&self) -> Expr;
    /// The values as a JSON array, for SQLite's `json_each`.
    fn json(&self) -> String;
}

impl<V: ListValue> List for Vec<V> {
    fn len(&self) -> usize {
        Vec::len(self)
    }
    fn values(&self) -> Vec<Value> {
        self.iter().cloned().map(Into::into).collect()
    }
    fn array(&self) -> Expr {
        array(self.clone())
    }
    fn json(&self) -> String {
        serde_json::Value::Array(self.iter().map(ListValue::json).collect()).to_string()
    }
}

/// `values` as one PostgreSQL array parameter.
fn array<V: ListValue>(values: Vec<V>) -> Expr {
    Expr::val(Value::Array(
        V::ARRAY,
        Some(Box::new(values.into_iter().map(Into::into).collect())),
    ))
}

/// Ids as one PostgreSQL array parameter (for `unnest`).
pub(crate) fn int_array(ids: &[i32]) -> Expr {
    array(ids.to_vec())
}

#[cfg(test)]
mod tests {
    use sea_orm::sea_query::{PostgresQueryBuilder, Query, QueryBuilder, SqliteQueryBuilder};

    use super::*;
    use crate::dialect::{postgres::Postgres, sqlite::Sqlite};
    use crate::entity::state;

    fn sql(dialect: &dyn Dialect, builder: impl QueryBuilder, n: i32) -> (String, usize) {
        let mut select = Query::select();
        select
            .column(state::Column::Id)
            .from(state::Entity)
            .and_where(one_of(Expr::col(state::Column::Id), 0..n, dialect));
        let (sql, values) = select.build(builder);
        (sql, values.0.len())
    }

    #[test]
    fn a_list_binds_one_value_whatever_its_length() {
        assert_eq!(
            sql(&Postgres, PostgresQueryBuilder, 100_000),
            (
                r#"SELECT "id" FROM "states" WHERE "id" = ANY($1)"#.to_owned(),
                1
            )
        );
        assert_eq!(
            sql(&Sqlite, SqliteQueryBuilder, 100_000),
            (
                r#"SELECT "id" FROM "states" WHERE "id" IN (SELECT value FROM json_each(?))"#
                    .to_owned(),
                1
            )
        );
        assert_eq!(
            sql(&Sqlite, SqliteQueryBuilder, 3).1,
            3,
            "short lists stay written out"
        );
    }
}
