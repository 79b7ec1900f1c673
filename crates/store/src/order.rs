//! The order of a list: sort keys a client chooses, each ascending or descending,
//! then the row id, so that every row has one place and pages never overlap.
//!
//! Every key is a SQL expression that is never null (a missing value sorts as the
//! lowest: `0` for numbers, the empty text for text) and is either a 64-bit integer
//! or text compared byte by byte, the same on SQLite and PostgreSQL. A row's place
//! in the list, its [`Position`], is the values of its keys and its id: cursors carry
//! it, and the next page starts strictly beyond it, so a cursor stays valid when rows
//! are added or removed elsewhere in the list.

use sea_orm::{
    sea_query::{Alias, DynIden, Expr, ExprTrait, Func, Iden, IntoIden},
    Condition,
};

use crate::{
    dialect::Dialect,
    entity::{
        aid_flow, arms_transfer, cycle, organization, recommendation, review, session, state,
        unlisted::{AnyTable, StateNameKey},
    },
    Filter,
};

/// What a list can be sorted by. Each key belongs to one table (see [`SortKey::table`]),
/// except [`SortKey::Id`], which every table has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SortKey {
    /// The row id: the order rows were imported in.
    Id,
    /// How relevant a recommendation is to the list's full-text search.
    Relevance,
    /// The day of the review a recommendation was made in (held, or else scheduled).
    RecommendationReviewDate,
    /// The number of the cycle a recommendation was made in.
    RecommendationCycle,
    /// The number of the session a recommendation was made in.
    RecommendationSession,
    /// The name of the state under review.
    RecommendationStateUnderReview,
    /// The name of the recommending state.
    RecommendingState,
    /// The response code.
    RecommendationResponse,
    /// The action category, 1 to 5.
    RecommendationActionCategory,
    /// The fiscal year of an aid flow.
    AidFiscalYear,
    /// The amount, in minor units of its currency.
    AidAmount,
    /// The currency code.
    AidCurrency,
    /// The donor's name.
    AidDonor,
    /// The recipient's name.
    AidRecipient,
    /// The category code.
    AidCategory,
    /// The transaction type code.
    AidTransactionType,
    /// The year an arms transfer was ordered.
    ArmsOrderYear,
    /// The supplier's name.
    ArmsSupplier,
    /// The recipient's name.
    ArmsRecipient,
    /// The SIPRI TIV delivered, in thousandths of a million (none: 0).
    ArmsTivDelivered,
    /// The weapon's designation.
    ArmsDesignation,
    /// The day a review was held, or else scheduled.
    ReviewDate,
    /// The number of a review's cycle.
    ReviewCycle,
    /// The number of a review's session.
    ReviewSession,
    /// The name of the state reviewed.
    ReviewState,
    /// The review status code.
    ReviewStatus,
    /// A state's short name, folded (`normalize_name`).
    StateName,
    /// A state's ISO alpha-3 code.
    StateAlpha3,
    /// The day a state joined the UN.
    StateAdmittedOn,
}

/// One key of an order and its direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SortTerm {
    pub key: SortKey,
    pub descending: bool,
}

/// The value of one sort key for one row.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum SortValue {
    Int(i64),
    Text(String),
}

/// Where a row stands in a list: the values of the list's sort keys for it, in the
/// order's order, then its id.
pub type Position = Vec<SortValue>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Int,
    /// The row id: a plain column (so that its index serves the order), 32 bits wide.
    Id,
    Text,
}

impl SortKey {
    /// The table whose lists this key sorts; `None` for every table.
    pub fn table(self) -> Option<&'static str> {
        use SortKey::*;
        match self {
            Id => None,
            Relevance
            | RecommendationReviewDate
            | RecommendationCycle
            | RecommendationSession
            | RecommendationStateUnderReview
            | RecommendingState
            | RecommendationResponse
            | RecommendationActionCategory => Some("recommendations"),
            AidFiscalYear | AidAmount | AidCurrency | AidDonor | AidRecipient | AidCategory
            | AidTransactionType => Some("aid_flows"),
            ArmsOrderYear | ArmsSupplier | ArmsRecipient | ArmsTivDelivered | ArmsDesignation => {
                Some("arms_transfers")
            }
            ReviewDate | ReviewCycle | ReviewSession | ReviewState | ReviewStatus => {
                Some("reviews")
            }
            StateName | StateAlpha3 | StateAdmittedOn => Some("states"),
        }
    }

    fn kind(self) -> Kind {
        use SortKey::*;
        match self {
            Id => Kind::Id,
            Relevance
            | RecommendationCycle
            | RecommendationSession
            | RecommendationActionCategory
            | AidFiscalYear
            | AidAmount
            | ArmsOrderYear
            | ArmsTivDelivered
            | ReviewCycle
            | ReviewSession => Kind::Int,
            _ => Kind::Text,
        }
    }

    /// The key's value for a row of `table` (the sorted table, or an alias of it), and
    /// the tables it reads beside it, each joined under an alias made from `prefix`.
    fn expr(
        self,
        table: &DynIden,
        prefix: &str,
        filter: &Filter,
        dialect: &dyn Dialect,
    ) -> (Expr, Vec<Join>) {
        use SortKey::*;
        use {aid_flow::Column as Aid, recommendation::Column as Rec, review::Column as Rev};
        let mut key = KeyBuilder {
            table,
            prefix,
            joins: Vec::new(),
        };
        let expr = match self {
            Id => key.column(AnyTable::Id),
            Relevance => {
                // A search of prefixes only has no rank: every row ties.
                let rank = filter
                    .rank(table)
                    .unwrap_or_else(|| Expr::Constant(0i64.into()).cast_as(BIGINT));
                return (rank, key.joins);
            }
            RecommendationReviewDate => {
                let review = key.review_of_recommendation();
                day(Func::coalesce([
                    Expr::col((review.clone(), Rev::HeldOn)),
                    Expr::col((review, Rev::ScheduledOn)),
                ])
                .into())
            }
            RecommendationCycle => {
                let review = key.review_of_recommendation();
                key.number(cycle::Entity, Expr::col((review, Rev::CycleId)))
            }
            RecommendationSession => {
                let review = key.review_of_recommendation();
                key.number(session::Entity, Expr::col((review, Rev::SessionId)))
            }
            RecommendationStateUnderReview => key.state_name(Rec::StateUnderReviewId),
            RecommendingState => key.state_name(Rec::RecommendingStateId),
            RecommendationResponse => key.column(Rec::Response),
            RecommendationActionCategory => or_zero(key.column(Rec::ActionCategory)),
            AidFiscalYear => or_zero(key.column(Aid::FiscalYear)),
            AidAmount => key.column(Aid::AmountMinor),
            AidCurrency => key.column(Aid::Currency),
            AidDonor => {
                // A state's folded name, else an organisation's name in lower case.
                let state = key.state_name(Aid::DonorStateId);
                let via = key.column(Aid::DonorOrganizationId);
                let organization = key.join(organization::Entity, "o", via.clone());
                Expr::case(via.is_null(), state)
                    .finally(Func::lower(Expr::col((
                        organization,
                        organization::Column::Name,
                    ))))
                    .into()
            }
            AidRecipient => key.state_name(Aid::RecipientStateId),
            AidCategory => key.column(Aid::Category),
            AidTransactionType => key.column(Aid::TransactionType),
            ArmsOrderYear => key.column(arms_transfer::Column::OrderYear),
            ArmsSupplier => key.state_name(arms_transfer::Column::SupplierStateId),
            ArmsRecipient => key.state_name(arms_transfer::Column::RecipientStateId),
            ArmsTivDelivered => or_zero(key.column(arms_transfer::Column::TivDelivered)),
            ArmsDesignation => key.column(arms_transfer::Column::Designation),
            ReviewDate => {
                day(Func::coalesce([key.column(Rev::HeldOn), key.column(Rev::ScheduledOn)]).into())
            }
            ReviewCycle => {
                let via = key.column(Rev::CycleId);
                key.number(cycle::Entity, via)
            }
            ReviewSession => {
                let via = key.column(Rev::SessionId);
                key.number(session::Entity, via)
            }
            ReviewState => key.state_name(Rev::StateId),
            ReviewStatus => key.column(Rev::Status),
            StateName => key.column(StateNameKey::NameKey),
            StateAlpha3 => key.column(state::Column::Alpha3),
            StateAdmittedOn => day(key.column(state::Column::AdmittedOn)),
        };
        (typed(expr, self.kind(), dialect), key.joins)
    }
}

/// A sort key's expression being made: the sorted table (or its alias), and the
/// tables joined beside it, each under an alias made from `prefix`.
struct KeyBuilder<'a> {
    table: &'a DynIden,
    prefix: &'a str,
    joins: Vec<Join>,
}

impl KeyBuilder<'_> {
    /// A column of the sorted table.
    fn column(&self, column: impl IntoIden) -> Expr {
        Expr::col((self.table.clone(), column))
    }

    /// Joins `joined` as an alias on `alias.id = on`; returns the alias.
    fn join(&mut self, joined: impl IntoIden, suffix: &str, on: Expr) -> DynIden {
        let alias = Alias::new(format!("{}{suffix}", self.prefix)).into_iden();
        self.joins.push(Join {
            table: joined.into_iden(),
            on: Expr::col((alias.clone(), AnyTable::Id)).eq(on),
            alias: alias.clone(),
        });
        alias
    }

    /// The review of the sorted recommendation, joined.
    fn review_of_recommendation(&mut self) -> DynIden {
        let via = self.column(recommendation::Column::ReviewId);
        self.join(review::Entity, "r", via)
    }

    /// The folded name of the state the column `via` points to; empty for none.
    fn state_name(&mut self, via: impl IntoIden) -> Expr {
        let via = self.column(via);
        let state = self.join(state::Entity, "s", via);
        Func::coalesce([
            Expr::col((state, StateNameKey::NameKey)),
            Expr::Constant("".into()),
        ])
        .into()
    }

    /// The number of the cycle or session (`numbered`) that `via` points to.
    fn number(&mut self, numbered: impl IntoIden, via: Expr) -> Expr {
        let joined = self.join(numbered, "n", via);
        Expr::col((joined, AnyTable::Number))
    }
}

/// The type name of 64-bit integers, which both backends share.
const BIGINT: &str = "BIGINT";

/// A table a sort key reads beside the sorted one: `LEFT JOIN table AS alias ON on`,
/// so rows without the referenced row (no recommending state) stay in the list.
struct Join {
    table: DynIden,
    alias: DynIden,
    on: Expr,
}

/// A number, or `0` for none.
fn or_zero(expr: Expr) -> Expr {
    Func::coalesce([expr, Expr::Constant(0.into())]).into()
}

/// A date as `YYYY-MM-DD` text, which sorts as the date does; empty for none.
fn day(expr: Expr) -> Expr {
    Func::coalesce([expr.cast_as("TEXT"), Expr::Constant("".into())]).into()
}

/// `expr` as a 64-bit integer, or as text compared by bytes.
fn typed(expr: Expr, kind: Kind, dialect: &dyn Dialect) -> Expr {
    match kind {
        Kind::Id => expr,
        Kind::Int => expr.cast_as(BIGINT),
        Kind::Text => dialect.text_sort_key(expr),
    }
}

/// Whether `position` could be the place of a row in a list sorted by `terms`: one
/// value per term, of the key's kind, then an id.
pub fn position_fits(terms: &[SortTerm], position: &Position) -> bool {
    position.len() == terms.len() + 1
        && terms
            .iter()
            .map(|t| t.key.kind())
            .chain([Kind::Id])
            .zip(position)
            .all(|(kind, value)| {
                matches!(
                    (kind, value),
                    (Kind::Int | Kind::Id, SortValue::Int(_)) | (Kind::Text, SortValue::Text(_))
                )
            })
}

/// An order as SQL, for one query on `table`.
pub(crate) struct ListOrder {
    /// Each term's expression and direction, then the id ascending.
    keys: Vec<(Expr, bool, Kind)>,
    /// The tables the keys read.
    joins: Vec<Join>,
}

/// The column that carries the `i`th sort value of a row: a name numbered at run time,
/// as the order's keys are.
fn key_column(i: usize) -> Alias {
    Alias::new(format!("_k{i}"))
}

impl ListOrder {
    pub(crate) fn new(
        table: &DynIden,
        terms: &[SortTerm],
        filter: &Filter,
        dialect: &dyn Dialect,
    ) -> Self {
        let mut keys = Vec::new();
        let mut joins = Vec::new();
        let id = SortTerm {
            key: SortKey::Id,
            descending: false,
        };
        for (i, term) in terms.iter().chain([&id]).enumerate() {
            let (expr, mut tables) = term.key.expr(table, &format!("_j{i}"), filter, dialect);
            keys.push((expr, term.descending, term.key.kind()));
            joins.append(&mut tables);
        }
        Self { keys, joins }
    }

    /// Joins the tables the keys read, and adds the sort values to the selected
    /// columns, as `_k0`, `_k1`, ….
    pub(crate) fn select_keys(&self, select: &mut sea_orm::sea_query::SelectStatement) {
        for join in &self.joins {
            select.join_as(
                sea_orm::JoinType::LeftJoin,
                join.table.clone(),
                join.alias.clone(),
                join.on.clone(),
            );
        }
        for (i, (expr, _, _)) in self.keys.iter().enumerate() {
            select.expr_as(expr.clone(), key_column(i));
        }
    }

    /// The names of the columns [`ListOrder::select_keys`] adds.
    pub(crate) fn key_columns(&self) -> impl Iterator<Item = String> + '_ {
        (0..self.keys.len()).map(|i| key_column(i).to_string())
    }

    /// Reads a row's place from the columns [`ListOrder::select_keys`] added, named with
    /// the prefix `pre`.
    pub(crate) fn position(
        &self,
        row: &sea_orm::QueryResult,
        pre: &str,
    ) -> Result<Position, sea_orm::DbErr> {
        self.keys
            .iter()
            .enumerate()
            .map(|(i, (_, _, kind))| {
                let column = key_column(i).to_string();
                Ok(match kind {
                    Kind::Int => SortValue::Int(row.try_get(pre, &column)?),
                    Kind::Id => SortValue::Int(row.try_get::<i32>(pre, &column)?.into()),
                    Kind::Text => SortValue::Text(row.try_get(pre, &column)?),
                })
            })
            .collect()
    }

    /// The rows strictly after `position` in list order (`after`), or strictly before
    /// it: `k1 > v1 OR (k1 = v1 AND (k2 > v2 OR (k2 = v2 AND … id > v)))`, with `<`
    /// for descending keys.
    pub(crate) fn beyond(&self, position: &Position, after: bool) -> Condition {
        let mut condition: Option<Condition> = None;
        for ((expr, descending, kind), value) in self.keys.iter().zip(position).rev() {
            let value = match (kind, value) {
                // Ids are bound as the column's own type, which keeps its index in use.
                (Kind::Id, SortValue::Int(v)) => {
                    Expr::val(i32::try_from(*v).unwrap_or(if *v < 0 { i32::MIN } else { i32::MAX }))
                }
                (_, SortValue::Int(v)) => Expr::val(*v),
                (_, SortValue::Text(v)) => Expr::val(v.clone()),
            };
            let strictly = if after != *descending {
                expr.clone().gt(value.clone())
            } else {
                expr.clone().lt(value.clone())
            };
            condition = Some(match condition {
                None => Condition::all().add(strictly),
                Some(rest) => Condition::any()
                    .add(strictly)
                    .add(Condition::all().add(expr.clone().eq(value)).add(rest)),
            });
        }
        condition.unwrap_or_else(Condition::all)
    }

    /// The ORDER BY terms, nearest the starting cursor first: the list order for a
    /// forward page, its reverse for a page taken from the end.
    pub(crate) fn by(&self, from_end: bool) -> Vec<(Expr, sea_orm::Order)> {
        self.keys
            .iter()
            .map(|(expr, descending, _)| (expr.clone(), direction(*descending, from_end)))
            .collect()
    }

    /// Like [`ListOrder::by`], by the columns [`ListOrder::select_keys`] added, for a
    /// query over a subquery that selected them.
    pub(crate) fn by_columns(&self, from_end: bool) -> Vec<(Alias, sea_orm::Order)> {
        self.keys
            .iter()
            .enumerate()
            .map(|(i, (_, descending, _))| (key_column(i), direction(*descending, from_end)))
            .collect()
    }
}

/// The direction of a key, nearest the starting cursor first.
fn direction(descending: bool, from_end: bool) -> sea_orm::Order {
    if descending != from_end {
        sea_orm::Order::Desc
    } else {
        sea_orm::Order::Asc
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_must_fit_the_order() {
        let terms = [SortTerm {
            key: SortKey::StateName,
            descending: true,
        }];
        let fits = vec![SortValue::Text("chad".into()), SortValue::Int(3)];
        assert!(position_fits(&terms, &fits));
        assert!(!position_fits(&terms, &fits[1..].to_vec()));
        assert!(!position_fits(
            &terms,
            &vec![SortValue::Int(1), SortValue::Int(3)]
        ));
        assert!(position_fits(&[], &vec![SortValue::Int(3)]));
    }

    #[test]
    fn every_key_but_id_belongs_to_one_table() {
        assert_eq!(SortKey::Id.table(), None);
        assert_eq!(SortKey::Relevance.table(), Some("recommendations"));
        assert_eq!(SortKey::AidAmount.table(), Some("aid_flows"));
        assert_eq!(SortKey::ReviewDate.table(), Some("reviews"));
        assert_eq!(SortKey::StateName.table(), Some("states"));
    }
}
