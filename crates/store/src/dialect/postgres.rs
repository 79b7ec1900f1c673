//! PostgreSQL.

use std::path::PathBuf;

use sea_orm::{
    sea_query::{
        extension::postgres::PgFunc, Asterisk, DynIden, Expr, ExprTrait, Func, Query,
        SelectStatement, SimpleExpr,
    },
    Condition, ConnectOptions, DatabaseBackend, DatabaseConnection, JoinType, Order, Statement,
    Value,
};
use uprgraph_domain::search::SearchQuery;

use super::{DataVersionSignal, Dialect, DATA_VERSION_CHANNEL};
use crate::{
    search,
    store::{ChildPages, Paging},
    values::{int_array, List},
};

/// PostgreSQL's dialect.
#[derive(Debug)]
pub(crate) struct Postgres;

impl Dialect for Postgres {
    fn session_settings(&self, _options: &mut ConnectOptions) {}

    fn pool_size(&self, db: &DatabaseConnection) -> (u32, usize) {
        let pool = db.get_postgres_connection_pool();
        (pool.size(), pool.num_idle())
    }

    fn database_file(&self, _url: &str) -> Option<PathBuf> {
        None
    }

    /// `string_agg` with the order inside the aggregate, which sea-query does not write.
    fn sorted_string_agg(
        &self,
        value: SimpleExpr,
        mut rows: SelectStatement,
        separator: &str,
    ) -> SimpleExpr {
        rows.expr(Expr::cust_with_exprs(
            "string_agg($1, $2 ORDER BY $1)",
            [value, Expr::val(separator.to_owned())],
        ));
        rows.into()
    }

    /// One array parameter whatever the list's length.
    fn in_values(&self, expr: SimpleExpr, list: &dyn List) -> SimpleExpr {
        expr.eq(PgFunc::any(list.array()))
    }

    /// PostgreSQL would otherwise compare by the database's collation. (sea-query
    /// has no expression for `COLLATE`.)
    fn text_sort_key(&self, text: Expr) -> Expr {
        Expr::cust_with_expr("($1 COLLATE \"C\")", text)
    }

    fn full_text_condition(&self, query: &SearchQuery) -> Condition {
        search::tsquery(query)
    }

    /// `NOTIFY`, which the database delivers to every listener as the transaction
    /// commits.
    fn announce_data_version(&self) -> Option<Statement> {
        Some(Statement::from_string(
            DatabaseBackend::Postgres,
            format!(
                "SELECT pg_notify('{DATA_VERSION_CHANNEL}', version::text || ' ' || stamp) \
                 FROM data_version WHERE id = 1"
            ),
        ))
    }

    /// A version 4 UUID (122 random bits) without its dashes.
    fn random_stamp(&self) -> SimpleExpr {
        Expr::cust("replace(gen_random_uuid()::text, '-', '')")
    }

    fn data_version_signal(&self) -> DataVersionSignal {
        DataVersionSignal::Notify
    }

    /// Rows just written have no statistics until autovacuum runs.
    fn analyze(&self, tables: &[&str]) -> String {
        format!("ANALYZE {}", tables.join(", "))
    }

    fn bulk_write_settings(&self) -> Vec<String> {
        Vec::new()
    }

    fn bulk_write_settings_reset(&self) -> Vec<String> {
        Vec::new()
    }

    /// Each index and foreign key as the catalog defines it: `pg_get_indexdef` and
    /// `pg_get_constraintdef` give back the very definition, name included. Unique
    /// indexes (and so primary keys) are kept: they are what refuses a duplicate row.
    fn set_aside_upkeep(&self, table: &str) -> Option<Statement> {
        Some(Statement::from_sql_and_values(
            DatabaseBackend::Postgres,
            "SELECT format('DROP INDEX %s', i.indexrelid::regclass) AS set_aside, \
               pg_get_indexdef(i.indexrelid) AS restore, 1 AS step \
             FROM pg_index i WHERE i.indrelid = $1::text::regclass AND NOT i.indisunique \
             UNION ALL \
             SELECT format('ALTER TABLE %s DROP CONSTRAINT %I', c.conrelid::regclass, c.conname), \
               format('ALTER TABLE %s ADD CONSTRAINT %I %s', c.conrelid::regclass, c.conname, \
                 pg_get_constraintdef(c.oid)), 2 \
             FROM pg_constraint c WHERE c.conrelid = $1::text::regclass AND c.contype = 'f'",
            [table.into()],
        ))
    }

    fn statement(&self, sql: &str, values: Vec<Value>) -> Statement {
        Statement::from_sql_and_values(DatabaseBackend::Postgres, numbered(sql), values)
    }

    /// The insert returns the ids the sequence assigned.
    fn next_id(&self, _table: DynIden) -> Option<SelectStatement> {
        None
    }

    /// Each parent's page is its own `LATERAL` subquery with a `LIMIT`, which reads just
    /// the page's rows from an index in list order (`(review_id, id)` for a review's
    /// recommendations, say).
    fn child_pages(&self, pages: &ChildPages<'_>) -> (SelectStatement, Vec<(DynIden, Order)>) {
        let mut page = pages
            .children(Expr::col(pages.parent.clone()).equals((Paging::Parents, Paging::Parent)));
        for (expr, direction) in pages.by() {
            page.order_by_expr(expr, direction);
        }
        page.limit(pages.per_parent());
        let ids = Query::select()
            .expr_as(
                Func::cust("unnest").arg(int_array(pages.parents)),
                Paging::Parent,
            )
            .to_owned();
        let mut outer = Query::select();
        outer
            .column((Paging::Page, Asterisk))
            .from_subquery(ids, Paging::Parents)
            .join_lateral(
                JoinType::InnerJoin,
                page,
                Paging::Page,
                Expr::Constant(true.into()),
            );
        let order_by = pages.by_parent_columns();
        for (column, direction) in &order_by {
            outer.order_by((Paging::Page, column.clone()), direction.clone());
        }
        (outer, order_by)
    }
}

/// `sql` written with `?` for its parameters, as `$1`, `$2`, …. The SQL given has no
/// `?` or `$` of its own.
fn numbered(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 8);
    let mut n = 0;
    for c in sql.chars() {
        if c == '?' {
            n += 1;
            out.push('$');
            out.push_str(&n.to_string());
        } else {
            out.push(c);
        }
    }
    out
}
