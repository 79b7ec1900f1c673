//! Counts of recommendations grouped by any of their dimensions, computed by the
//! database (GROUP BY), never by loading rows.

use sea_orm::{
    sea_query::{Alias, Expr, ExprTrait, Func, Order, Query, SelectStatement},
    ConnectionTrait,
};

use uprgraph_domain::Bound;

use crate::{dialect::Dialect, values::one_of, Filter, Store, StoreError};

/// What recommendations can be grouped by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RecommendationDimension {
    Response,
    Theme,
    ActionCategory,
    RecommendingState,
    /// The recommending state's current regional group.
    RecommendingRegionalGroup,
    StateUnderReview,
    Cycle,
    Session,
}

/// The values one group shares; a dimension not grouped by is `None`, and so is a
/// grouped value the data lacks (a recommendation with no theme or no recommending state).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GroupKey {
    pub response: Option<String>,
    pub theme: Option<i32>,
    pub action_category: Option<i32>,
    pub recommending_state: Option<i32>,
    pub recommending_regional_group: Option<String>,
    pub state_under_review: Option<i32>,
    pub cycle: Option<i32>,
    pub session: Option<i32>,
}

/// Whose recommendations are counted apart, parent by parent, in one statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RecommendationScope {
    /// The recommendations each of these states received.
    StatesUnderReview,
    /// The recommendations each of these states made.
    RecommendingStates,
    /// The recommendations made at each of these reviews.
    Reviews,
}

impl RecommendationScope {
    fn column(self) -> &'static str {
        match self {
            Self::StatesUnderReview => "state_under_review_id",
            Self::RecommendingStates => "recommending_state_id",
            Self::Reviews => "review_id",
        }
    }
}

/// Whose aid is summed apart, state by state, in one statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AidScope {
    /// The aid each of these states gave.
    Donors,
    /// The aid each of these states received.
    Recipients,
}

/// Restricts a grouped count to some parents, each with its own groups, and keeps
/// the first `cap` groups of each (of all, without parents) in the order given by
/// `rank` (an aggregate, largest first) and then by the group's keys.
struct Grouping<'a> {
    parent: Option<(&'static str, &'static str, &'a [i32])>,
    rank: &'static str,
    rank_alias: &'static str,
    keys: Vec<(&'static str, String)>,
    cap: u64,
}

impl Grouping<'_> {
    fn finish(self, mut select: SelectStatement, dialect: &dyn Dialect) -> SelectStatement {
        let mut order_sql: Vec<String> = vec![format!("{} DESC", self.rank)];
        order_sql.extend(self.keys.iter().map(|(_, sql)| sql.clone()));
        let Some((table, column, ids)) = self.parent else {
            select.order_by(Alias::new(self.rank_alias), Order::Desc);
            for (alias, _) in &self.keys {
                select.order_by(Alias::new(*alias), Order::Asc);
            }
            select.limit(self.cap);
            return select;
        };
        let parent = col(table, column);
        select
            .expr_as(parent.clone(), Alias::new("k_parent"))
            .add_group_by([parent.clone()])
            .and_where(one_of(parent.clone(), ids.iter().copied(), dialect))
            .expr_as(
                Expr::cust(format!(
                    "ROW_NUMBER() OVER (PARTITION BY \"{table}\".\"{column}\" ORDER BY {})",
                    order_sql.join(", ")
                )),
                Alias::new("rn"),
            );
        let mut outer = Query::select();
        outer
            .column(sea_orm::sea_query::Asterisk)
            .from_subquery(select, Alias::new("g"))
            .and_where(Expr::col((Alias::new("g"), Alias::new("rn"))).lte(self.cap))
            .order_by((Alias::new("g"), Alias::new("k_parent")), Order::Asc)
            .order_by((Alias::new("g"), Alias::new("rn")), Order::Asc);
        outer
    }
}

/// One group and its counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecommendationStat {
    /// The state or review the group belongs to, when counted per parent.
    pub parent: Option<i32>,
    pub key: GroupKey,
    pub count: i64,
    pub supported: i64,
    pub noted: i64,
    pub pending: i64,
}

fn col(table: &str, column: &str) -> Expr {
    Expr::col((Alias::new(table), Alias::new(column)))
}

/// A dimension's key as SQL, for the window that ranks groups within a parent.
fn key_sql(dimension: RecommendationDimension) -> String {
    use RecommendationDimension as D;
    let (table, column) = match dimension {
        D::Response => ("recommendations", "response"),
        D::ActionCategory => ("recommendations", "action_category"),
        D::RecommendingState => ("recommendations", "recommending_state_id"),
        D::StateUnderReview => ("recommendations", "state_under_review_id"),
        D::Theme => ("recommendation_themes", "theme_id"),
        D::RecommendingRegionalGroup => ("regional_group_memberships", "regional_group"),
        D::Cycle => ("cycles", "number"),
        D::Session => ("sessions", "number"),
    };
    format!("\"{table}\".\"{column}\"")
}

fn count_of(response: &str) -> Expr {
    Expr::expr(Func::sum(
        Expr::case(col("recommendations", "response").eq(response), 1).finally(0),
    ))
}

impl Store {
    /// Counts the recommendations that pass `filter`, grouped by `dimensions`, largest
    /// group first, at most `cap` groups. With no dimension, one group holds them all.
    /// With a scope, each parent's recommendations are grouped apart (at most `cap`
    /// groups each), all parents in one statement.
    pub async fn recommendation_stats(
        &self,
        filter: &Filter,
        dimensions: &[RecommendationDimension],
        scope: Option<(RecommendationScope, &[i32])>,
        cap: u64,
    ) -> Result<Vec<RecommendationStat>, StoreError> {
        use RecommendationDimension as D;
        let mut select: SelectStatement = Query::select();
        select
            .from(Alias::new("recommendations"))
            .cond_where(filter.condition(self.dialect()));
        let needs_review = dimensions
            .iter()
            .any(|d| matches!(d, D::Cycle | D::Session));
        if needs_review {
            select.inner_join(
                Alias::new("reviews"),
                col("reviews", "id")
                    .equals((Alias::new("recommendations"), Alias::new("review_id"))),
            );
        }
        let mut keys = Vec::new();
        for dimension in dimensions {
            let (alias, key) = match dimension {
                D::Response => ("k_response", col("recommendations", "response")),
                D::ActionCategory => (
                    "k_action_category",
                    col("recommendations", "action_category"),
                ),
                D::RecommendingState => (
                    "k_recommending_state",
                    col("recommendations", "recommending_state_id"),
                ),
                D::StateUnderReview => (
                    "k_state_under_review",
                    col("recommendations", "state_under_review_id"),
                ),
                D::Theme => {
                    select.left_join(
                        Alias::new("recommendation_themes"),
                        col("recommendation_themes", "recommendation_id")
                            .equals((Alias::new("recommendations"), Alias::new("id"))),
                    );
                    ("k_theme", col("recommendation_themes", "theme_id"))
                }
                D::RecommendingRegionalGroup => {
                    select.left_join(
                        Alias::new("regional_group_memberships"),
                        col("regional_group_memberships", "state_id")
                            .equals((
                                Alias::new("recommendations"),
                                Alias::new("recommending_state_id"),
                            ))
                            .and(col("regional_group_memberships", "valid_to").is_null()),
                    );
                    (
                        "k_recommending_regional_group",
                        col("regional_group_memberships", "regional_group"),
                    )
                }
                D::Cycle => {
                    select.inner_join(
                        Alias::new("cycles"),
                        col("cycles", "id").equals((Alias::new("reviews"), Alias::new("cycle_id"))),
                    );
                    ("k_cycle", col("cycles", "number"))
                }
                D::Session => {
                    select.inner_join(
                        Alias::new("sessions"),
                        col("sessions", "id")
                            .equals((Alias::new("reviews"), Alias::new("session_id"))),
                    );
                    ("k_session", col("sessions", "number"))
                }
            };
            keys.push((alias, key_sql(*dimension)));
            select
                .expr_as(key.clone(), Alias::new(alias))
                .add_group_by([key]);
        }
        select
            .expr_as(
                Expr::col(sea_orm::sea_query::Asterisk).count(),
                Alias::new("n"),
            )
            .expr_as(count_of("SUPPORTED"), Alias::new("supported"))
            .expr_as(count_of("NOTED"), Alias::new("noted"))
            .expr_as(count_of("PENDING"), Alias::new("pending"));
        let grouping = Grouping {
            parent: scope.map(|(scope, ids)| ("recommendations", scope.column(), ids)),
            rank: "COUNT(*)",
            rank_alias: "n",
            keys,
            cap,
        };
        let select = grouping.finish(select, self.dialect());
        let rows = self.connection().query_all(&select).await?;
        let present = |d: D| dimensions.contains(&d);
        rows.into_iter()
            .map(|row| {
                let int = |alias: &str, d: D| -> Result<Option<i32>, StoreError> {
                    Ok(if present(d) {
                        row.try_get::<Option<i32>>("", alias)?
                    } else {
                        None
                    })
                };
                let text = |alias: &str, d: D| -> Result<Option<String>, StoreError> {
                    Ok(if present(d) {
                        row.try_get::<Option<String>>("", alias)?
                    } else {
                        None
                    })
                };
                let action: Option<i32> = if present(D::ActionCategory) {
                    row.try_get::<Option<i16>>("", "k_action_category")?
                        .map(i32::from)
                } else {
                    None
                };
                // SUM is BIGINT on PostgreSQL but NUMERIC for some inputs; it is integral here.
                let sum = |alias: &str| -> Result<i64, StoreError> {
                    Ok(row.try_get::<Option<i64>>("", alias)?.unwrap_or(0))
                };
                Ok(RecommendationStat {
                    parent: match scope {
                        Some(_) => Some(row.try_get::<i32>("", "k_parent")?),
                        None => None,
                    },
                    key: GroupKey {
                        response: text("k_response", D::Response)?,
                        theme: int("k_theme", D::Theme)?,
                        action_category: action,
                        recommending_state: int("k_recommending_state", D::RecommendingState)?,
                        recommending_regional_group: text(
                            "k_recommending_regional_group",
                            D::RecommendingRegionalGroup,
                        )?,
                        state_under_review: int("k_state_under_review", D::StateUnderReview)?,
                        cycle: int("k_cycle", D::Cycle)?,
                        session: int("k_session", D::Session)?,
                    },
                    count: row.try_get::<i64>("", "n")?,
                    supported: sum("supported")?,
                    noted: sum("noted")?,
                    pending: sum("pending")?,
                })
            })
            .collect()
    }
}

/// What aid flows can be summed by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AidDimension {
    Donor,
    Recipient,
    FiscalYear,
    Category,
    TransactionType,
}

/// The values one group of aid flows shares; a dimension not grouped by is `None`.
/// Sums are always per currency.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AidGroupKey {
    pub donor: Option<i32>,
    pub recipient: Option<i32>,
    pub fiscal_year: Option<i32>,
    pub category: Option<String>,
    pub transaction_type: Option<String>,
    pub currency: String,
}

/// One group of aid flows and its exact sum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AidTotal {
    /// The state the group belongs to, when summed per state.
    pub parent: Option<i32>,
    pub key: AidGroupKey,
    pub sum: AidSum,
}

/// The sum of a group of aid figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AidSum {
    /// The sum in minor units of the currency.
    pub amount_minor: i64,
    /// How many figures were summed.
    pub flows: i64,
    /// How the sum relates to the true total: exact when every figure is; more than the
    /// sum when a figure is "more than"; else at least the sum when a figure is "at least".
    pub bound: Bound,
}

impl AidSum {
    /// Adds the sum's columns to a grouped select of `aid_flows` (see [`AidSum::read`]).
    pub(crate) fn select(select: &mut SelectStatement) {
        let with_bound = |bound: Bound| {
            Expr::expr(Func::sum(
                Expr::case(col("aid_flows", "amount_bound").eq(bound.code()), 1).finally(0),
            ))
        };
        select
            // SUM of BIGINT is NUMERIC on PostgreSQL; the cast keeps it an exact integer on both.
            .expr_as(
                Expr::cust("CAST(SUM(\"aid_flows\".\"amount_minor\") AS BIGINT)"),
                Alias::new("total"),
            )
            .expr_as(
                Expr::col(sea_orm::sea_query::Asterisk).count(),
                Alias::new("n"),
            )
            .expr_as(with_bound(Bound::AtLeast), Alias::new("at_least"))
            .expr_as(with_bound(Bound::MoreThan), Alias::new("more_than"));
    }

    /// Reads the columns [`AidSum::select`] added.
    pub(crate) fn read(row: &sea_orm::QueryResult) -> Result<Self, StoreError> {
        let some = |column: &str| -> Result<bool, StoreError> {
            Ok(row.try_get::<Option<i64>>("", column)?.unwrap_or(0) > 0)
        };
        Ok(Self {
            amount_minor: row.try_get::<Option<i64>>("", "total")?.unwrap_or(0),
            flows: row.try_get("", "n")?,
            bound: if some("more_than")? {
                Bound::MoreThan
            } else if some("at_least")? {
                Bound::AtLeast
            } else {
                Bound::Exact
            },
        })
    }
}

impl Store {
    /// Sums the aid flows that pass `filter`, grouped by `dimensions` and always by
    /// currency, largest sum first, at most `cap` groups. Figures that are parts of a
    /// larger one (the years of a multi-year total) are left out, so that nothing is
    /// counted twice. With a scope, each state's aid is summed apart (at most `cap`
    /// groups each), all states in one statement.
    pub async fn aid_totals(
        &self,
        filter: &Filter,
        dimensions: &[AidDimension],
        scope: Option<(AidScope, &[i32])>,
        cap: u64,
    ) -> Result<Vec<AidTotal>, StoreError> {
        use AidDimension as D;
        let mut select: SelectStatement = Query::select();
        select
            .from(Alias::new("aid_flows"))
            .cond_where(filter.condition(self.dialect()))
            .and_where(col("aid_flows", "part_of_id").is_null());
        let columns = [
            (D::Donor, "donor_state_id"),
            (D::Recipient, "recipient_state_id"),
            (D::FiscalYear, "fiscal_year"),
            (D::Category, "category"),
            (D::TransactionType, "transaction_type"),
        ];
        let mut keys = Vec::new();
        for (dimension, column) in columns {
            if dimensions.contains(&dimension) {
                keys.push((column, format!("\"aid_flows\".\"{column}\"")));
                select
                    .expr_as(col("aid_flows", column), Alias::new(column))
                    .add_group_by([col("aid_flows", column)]);
            }
        }
        keys.push(("currency", "\"aid_flows\".\"currency\"".to_owned()));
        select
            .expr_as(col("aid_flows", "currency"), Alias::new("currency"))
            .add_group_by([col("aid_flows", "currency")]);
        AidSum::select(&mut select);
        let grouping = Grouping {
            parent: scope.map(|(scope, ids)| {
                let column = match scope {
                    AidScope::Donors => "donor_state_id",
                    AidScope::Recipients => "recipient_state_id",
                };
                ("aid_flows", column, ids)
            }),
            rank: "SUM(\"aid_flows\".\"amount_minor\")",
            rank_alias: "total",
            keys,
            cap,
        };
        let select = grouping.finish(select, self.dialect());
        let present = |d: D| dimensions.contains(&d);
        self.connection()
            .query_all(&select)
            .await?
            .into_iter()
            .map(|row| {
                let int = |column: &str, d: D| -> Result<Option<i32>, StoreError> {
                    Ok(if present(d) {
                        row.try_get::<Option<i32>>("", column)?
                    } else {
                        None
                    })
                };
                let text = |column: &str, d: D| -> Result<Option<String>, StoreError> {
                    Ok(if present(d) {
                        row.try_get::<Option<String>>("", column)?
                    } else {
                        None
                    })
                };
                Ok(AidTotal {
                    parent: match scope {
                        Some(_) => Some(row.try_get::<i32>("", "k_parent")?),
                        None => None,
                    },
                    key: AidGroupKey {
                        donor: int("donor_state_id", D::Donor)?,
                        recipient: int("recipient_state_id", D::Recipient)?,
                        fiscal_year: int("fiscal_year", D::FiscalYear)?,
                        category: text("category", D::Category)?,
                        transaction_type: text("transaction_type", D::TransactionType)?,
                        currency: row.try_get("", "currency")?,
                    },
                    sum: AidSum::read(&row)?,
                })
            })
            .collect()
    }
}
