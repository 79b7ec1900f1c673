//! Statements read together: several selects of one level of a query answered by one
//! statement.
//!
//! A page of a state's reviews, its recommendations counted by response and its aid
//! summed by year are three selects, each batched over every parent at its level.
//! A [`Store`] made by [`Store::fusing`] does not run such a select when it is asked
//! to ([`Store::read`]): it keeps it, as a [`Part`], until whoever drives the level
//! calls [`Fuser::flush`] once every read of the level is waiting. The parts kept are
//! then one statement:
//!
//! ```sql
//! SELECT k._part, p0._ord AS p0__ord, p0.a AS p0_a, …, p1._ord AS p1__ord, p1.x AS p1_x, …
//! FROM (SELECT 0 AS _part UNION ALL SELECT 1 …) AS k
//! LEFT JOIN (SELECT t.*, ROW_NUMBER() OVER (ORDER BY …) AS _ord FROM (part 0) AS t) AS p0
//!   ON k._part = 0
//! LEFT JOIN (…part 1…) AS p1 ON k._part = 1
//! ```
//!
//! Each part keeps its own columns and their types (a `UNION` of the parts would make
//! every column one type), its rows come back as rows with its number, and its order
//! is numbered by a window over the columns it is ordered by, so it does not depend on
//! how the database joins. Each part's rows are read with the prefix of its columns
//! (`p0_`), which every reader of a part takes ([`Rows::prefix`]). A part that is alone
//! when its level is flushed runs as it is.

use std::{future::Future, pin::Pin, sync::Mutex};

use sea_orm::{
    sea_query::{
        Alias, Asterisk, DynIden, Expr, ExprTrait, Func, IntoIden, Order, Query, SelectStatement,
        UnionType, WindowStatement,
    },
    ConnectionTrait, DatabaseConnection, JoinType, QueryResult,
};
use tokio::sync::oneshot;

use crate::StoreError;

/// A select that may be read together with others: the columns its reader reads, and
/// the columns (of its own result) that order its rows.
pub(crate) struct Part {
    pub select: SelectStatement,
    pub columns: Vec<String>,
    pub order: Vec<(DynIden, Order)>,
}

/// The rows read for a part, in its order; its columns are named with `prefix`.
pub(crate) struct Rows {
    pub rows: Vec<QueryResult>,
    pub prefix: String,
}

impl Rows {
    /// The rows of a select read alone, under its own column names.
    pub(crate) fn alone(rows: Vec<QueryResult>) -> Self {
        Self {
            rows,
            prefix: String::new(),
        }
    }
}

type Reply = oneshot::Sender<Result<Rows, StoreError>>;

/// What a flush runs: the statement of the parts kept, delivering each part's rows.
pub type Flush = Pin<Box<dyn Future<Output = ()> + Send + 'static>>;

/// The parts kept by a fusing store until its level is flushed.
pub struct Fuser {
    db: DatabaseConnection,
    waiting: Mutex<Vec<(Part, Reply)>>,
}

impl std::fmt::Debug for Fuser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fuser").finish_non_exhaustive()
    }
}

/// The names the fused statement gives what it adds.
const PART: &str = "_part";
const ORD: &str = "_ord";

impl Fuser {
    pub(crate) fn new(db: DatabaseConnection) -> Self {
        Self {
            db,
            waiting: Mutex::new(Vec::new()),
        }
    }

    /// Keeps `part` and waits for its rows.
    pub(crate) async fn read(&self, part: Part) -> Result<Rows, StoreError> {
        let (reply, rows) = oneshot::channel();
        self.waiting
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .push((part, reply));
        rows.await.unwrap_or_else(|_| {
            Err(StoreError::Database(
                "the request ended before its statement was run".to_owned(),
            ))
        })
    }

    /// Runs the parts kept so far as one statement (a part alone as it is) and gives
    /// each its rows; `None` when none is kept.
    pub fn flush(&self) -> Option<Flush> {
        let waiting = std::mem::take(
            &mut *self
                .waiting
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner()),
        );
        if waiting.is_empty() {
            return None;
        }
        let db = self.db.clone();
        Some(Box::pin(async move {
            if let [(part, _)] = waiting.as_slice() {
                let read = db.query_all(&part.select).await.map(Rows::alone);
                let (_, reply) = waiting.into_iter().next().expect("one part");
                let _ = reply.send(read.map_err(StoreError::from));
                return;
            }
            let (parts, replies): (Vec<Part>, Vec<Reply>) = waiting.into_iter().unzip();
            match db.query_all(&fused(&parts)).await {
                Ok(rows) => {
                    let split = split(rows, parts.len());
                    for (i, (reply, read)) in replies.into_iter().zip(split).enumerate() {
                        let _ = reply.send(read.map(|rows| Rows {
                            rows,
                            prefix: prefix(i),
                        }));
                    }
                }
                Err(error) => {
                    let error = StoreError::from(error);
                    for reply in replies {
                        let _ = reply.send(Err(error.clone()));
                    }
                }
            }
        }))
    }
}

/// The prefix of the columns of the `i`th part.
fn prefix(i: usize) -> String {
    format!("p{i}_")
}

/// The one statement that reads every part (see the module's description).
fn fused(parts: &[Part]) -> SelectStatement {
    let number = |i: usize| Expr::val(i32::try_from(i).unwrap_or(i32::MAX));
    let mut numbers = Query::select()
        .expr_as(number(0), Alias::new(PART))
        .to_owned();
    for i in 1..parts.len() {
        numbers.union(
            UnionType::All,
            Query::select()
                .expr_as(number(i), Alias::new(PART))
                .to_owned(),
        );
    }
    let k = Alias::new("k").into_iden();
    let mut outer = Query::select();
    outer
        .expr_as(Expr::col((k.clone(), Alias::new(PART))), Alias::new(PART))
        .from_subquery(numbers, k.clone());
    for (i, part) in parts.iter().enumerate() {
        let t = Alias::new("t").into_iden();
        let mut numbering = WindowStatement::new();
        for (column, order) in &part.order {
            numbering.order_by_expr(Expr::col((t.clone(), column.clone())), order.clone());
        }
        let numbered = Query::select()
            .column((t.clone(), Asterisk))
            .expr_window_as(Func::cust("ROW_NUMBER"), numbering, Alias::new(ORD))
            .from_subquery(part.select.clone(), t)
            .to_owned();
        let p = Alias::new(format!("p{i}")).into_iden();
        outer.join_subquery(
            JoinType::LeftJoin,
            numbered,
            p.clone(),
            Expr::col((k.clone(), Alias::new(PART))).eq(number(i)),
        );
        let prefix = prefix(i);
        for column in std::iter::once(ORD).chain(part.columns.iter().map(String::as_str)) {
            outer.expr_as(
                Expr::col((p.clone(), Alias::new(column))),
                Alias::new(format!("{prefix}{column}")),
            );
        }
    }
    outer
}

/// The rows of each of `parts` parts, each in its order: a part without rows has one
/// row of its number whose columns are all null, which is not one of its rows.
fn split(rows: Vec<QueryResult>, parts: usize) -> Vec<Result<Vec<QueryResult>, StoreError>> {
    let failed = |error: sea_orm::DbErr| {
        let error = StoreError::from(error);
        (0..parts).map(|_| Err(error.clone())).collect()
    };
    let mut numbered: Vec<Vec<(i64, QueryResult)>> = (0..parts).map(|_| Vec::new()).collect();
    for row in rows {
        let part: i32 = match row.try_get("", PART) {
            Ok(part) => part,
            Err(error) => return failed(error),
        };
        let Some(i) = usize::try_from(part).ok().filter(|i| *i < parts) else {
            continue;
        };
        match row.try_get::<Option<i64>>(&prefix(i), ORD) {
            Ok(Some(ord)) => numbered[i].push((ord, row)),
            Ok(None) => {}
            Err(error) => return failed(error),
        }
    }
    numbered
        .into_iter()
        .map(|mut rows| {
            rows.sort_by_key(|(ord, _)| *ord);
            Ok(rows.into_iter().map(|(_, row)| row).collect())
        })
        .collect()
}
