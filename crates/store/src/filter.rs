//! Filters on lists, as natural keys (state codes, session numbers, theme names)
//! turned into SQL conditions with sub-queries, so that filtering needs no lookup
//! of its own and stays inside the one statement a batch runs.
//!
//! In each filter a field left `None` does not restrict; a list means "any of";
//! fields combine with AND.

use sea_orm::{
    sea_query::{Alias, Expr, ExprTrait, Func, Query, SelectStatement},
    Condition,
};
use uprgraph_domain::search::SearchQuery;

use crate::{dialect::Dialect, search, values::one_of};

/// A state named by ISO code.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum StateCodeKey {
    /// `USA`.
    Alpha3(String),
    /// `US`.
    Alpha2(String),
}

/// Which recommendations to keep.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct RecommendationFilter {
    pub states_under_review: Option<Vec<StateCodeKey>>,
    pub recommending_states: Option<Vec<StateCodeKey>>,
    pub cycles: Option<Vec<i32>>,
    pub sessions: Option<Vec<i32>>,
    /// Response codes (`SUPPORTED`, ...).
    pub responses: Option<Vec<String>>,
    pub action_categories: Option<Vec<i16>>,
    /// Theme names, in any case.
    pub themes: Option<Vec<String>>,
    /// Regional group codes of the state under review (its current group).
    pub regional_groups_under_review: Option<Vec<String>>,
    /// Regional group codes of the recommending state (its current group).
    pub recommending_regional_groups: Option<Vec<String>>,
    /// Organisation codes the state under review belongs to.
    pub organizations_under_review: Option<Vec<String>>,
    /// Organisation codes the recommending state belongs to.
    pub recommending_organizations: Option<Vec<String>>,
    /// Names of the datasets the recommendations were imported from.
    pub datasets: Option<Vec<String>>,
    /// Affected persons, by name in any case.
    pub affected_persons: Option<Vec<String>>,
    /// SDG target codes (`16.10`).
    pub sdg_targets: Option<Vec<String>>,
    /// A full-text search of the text.
    pub search: Option<SearchQuery>,
    /// Only recommendations made at reviews that pass this filter (its days, status, …).
    pub reviews: Option<ReviewFilter>,
    /// Filters combined with this one by AND, OR and NOT.
    pub nested: Nested<RecommendationFilter>,
}

/// Which aid flows to keep.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct AidFlowFilter {
    pub donors: Option<Vec<StateCodeKey>>,
    pub recipients: Option<Vec<StateCodeKey>>,
    /// Category codes (`MILITARY`, ...).
    pub categories: Option<Vec<String>>,
    /// Transaction type codes (`OBLIGATION`, ...).
    pub transaction_types: Option<Vec<String>>,
    /// Fiscal years from this one on.
    pub fiscal_year_from: Option<i32>,
    /// Fiscal years up to this one.
    pub fiscal_year_to: Option<i32>,
    /// Currency codes (`USD`).
    pub currencies: Option<Vec<String>>,
    /// Amounts at least this, in minor units of the one currency the filter names.
    pub amount_min_minor: Option<i64>,
    /// Amounts at most this, in minor units of the one currency the filter names.
    pub amount_max_minor: Option<i64>,
    /// Keys of the sources the figures come from.
    pub sources: Option<Vec<String>>,
    /// Names of the datasets the figures were imported from.
    pub datasets: Option<Vec<String>>,
    /// Filters combined with this one by AND, OR and NOT.
    pub nested: Nested<AidFlowFilter>,
}

/// Filters nested in a filter: each one of `all_of` must match too, at least one of
/// `any_of` (when given; an empty list matches nothing), and `not` must not match.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Nested<F> {
    pub all_of: Vec<F>,
    pub any_of: Option<Vec<F>>,
    pub not: Option<Box<F>>,
}

impl<F> Default for Nested<F> {
    fn default() -> Self {
        Self {
            all_of: Vec::new(),
            any_of: None,
            not: None,
        }
    }
}

/// A filter on the rows of one table, which filters of its own kind can be nested in.
trait TableFilter: Sized {
    /// The filtered table.
    const TABLE: &'static str;

    /// The condition of the filter's own fields.
    fn fields(&self, dialect: &dyn Dialect) -> Condition;

    fn nested(&self) -> &Nested<Self>;

    /// The condition of the fields and the nested filters.
    fn condition(&self, dialect: &dyn Dialect) -> Condition {
        self.with_nested(self.fields(dialect), dialect)
    }

    /// `condition` and the nested filters.
    fn with_nested(&self, mut condition: Condition, dialect: &dyn Dialect) -> Condition {
        let nested = self.nested();
        for filter in &nested.all_of {
            condition = condition.add(filter.condition(dialect));
        }
        if let Some(any_of) = &nested.any_of {
            let mut any = Condition::any();
            for filter in any_of {
                any = any.add(filter.condition(dialect));
            }
            condition = condition.add(if any_of.is_empty() {
                Condition::all().add(Expr::cust("1 = 0"))
            } else {
                any
            });
        }
        if let Some(not) = &nested.not {
            // `id NOT IN (rows that match)` rather than `NOT (condition)`: a condition on
            // a missing value (no recommending state, say) is unknown in SQL, and its
            // negation unknown too, which would drop the row; the row does not match, so
            // `not` keeps it.
            let matching = Query::select()
                .column((Alias::new(Self::TABLE), Alias::new("id")))
                .from(Alias::new(Self::TABLE))
                .cond_where(not.condition(dialect))
                .to_owned();
            condition = condition.add(col(Self::TABLE, "id").not_in_subquery(matching));
        }
        condition
    }
}

/// A filter on one of the lists that take one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub enum Filter {
    /// Every row.
    #[default]
    All,
    Recommendations(Box<RecommendationFilter>),
    AidFlows(AidFlowFilter),
    States(StateFilter),
    Reviews(ReviewFilter),
}

/// Which states to keep.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct StateFilter {
    /// Regional group codes (current membership).
    pub regional_groups: Option<Vec<String>>,
    /// UN status codes (`MEMBER`, `OBSERVER`).
    pub un_statuses: Option<Vec<String>>,
    /// Organisation codes the state belongs to.
    pub organizations: Option<Vec<String>>,
    /// A name or part of one, already normalised (`normalize_name`): matched against
    /// every known name and spelling of the state.
    pub name_contains: Option<String>,
    /// Filters combined with this one by AND, OR and NOT.
    pub nested: Nested<StateFilter>,
}

/// Which reviews to keep.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct ReviewFilter {
    pub states: Option<Vec<StateCodeKey>>,
    pub cycles: Option<Vec<i32>>,
    pub sessions: Option<Vec<i32>>,
    /// Review status codes (`HELD`, `NON_COOPERATION`, ...).
    pub statuses: Option<Vec<String>>,
    /// Held (or, if not held, scheduled) on or after this day.
    pub from: Option<chrono::NaiveDate>,
    /// Held (or, if not held, scheduled) on or before this day.
    pub to: Option<chrono::NaiveDate>,
    /// Filters combined with this one by AND, OR and NOT.
    pub nested: Nested<ReviewFilter>,
}

impl Filter {
    /// The SQL condition, on columns qualified by their table.
    pub(crate) fn condition(&self, dialect: &dyn Dialect) -> Condition {
        match self {
            Self::All => Condition::all(),
            Self::Recommendations(filter) => filter.condition(dialect),
            Self::AidFlows(filter) => filter.condition(dialect),
            Self::States(filter) => filter.condition(dialect),
            Self::Reviews(filter) => filter.condition(dialect),
        }
    }

    /// Whether the filter searches text.
    pub fn searches(&self) -> bool {
        matches!(self, Self::Recommendations(filter) if filter.search.is_some())
    }

    /// How relevant a row of `table` (the filtered table or an alias of it) is, when the
    /// filter searches text: the `RELEVANCE` sort key, by which such lists are ordered
    /// unless a client orders them otherwise.
    pub(crate) fn rank(&self, table: &str, dialect: &dyn Dialect) -> Option<Expr> {
        match self {
            Self::Recommendations(filter) => filter
                .search
                .as_ref()
                .and_then(|query| search::rank(query, table, dialect)),
            _ => None,
        }
    }

    /// When the filter searches text ranked by one stem that every match contains
    /// ([`search::ranking_stem`]): the stem, and the condition rows must meet besides
    /// containing it.
    pub(crate) fn ranking_stem(&self, dialect: &dyn Dialect) -> Option<(&str, Condition)> {
        let Self::Recommendations(filter) = self else {
            return None;
        };
        let query = filter.search.as_ref()?;
        let (stem, whole) = search::ranking_stem(query)?;
        Some((
            stem,
            filter.condition_searching((!whole).then_some(query), dialect),
        ))
    }
}

fn col(table: &str, column: &str) -> Expr {
    Expr::col((Alias::new(table), Alias::new(column)))
}

/// `SELECT id FROM states WHERE alpha3 IN (...) OR alpha2 IN (...)`.
fn state_ids(keys: &[StateCodeKey], dialect: &dyn Dialect) -> SelectStatement {
    let alpha3: Vec<String> = keys
        .iter()
        .filter_map(|k| match k {
            StateCodeKey::Alpha3(c) => Some(c.clone()),
            StateCodeKey::Alpha2(_) => None,
        })
        .collect();
    let alpha2: Vec<String> = keys
        .iter()
        .filter_map(|k| match k {
            StateCodeKey::Alpha2(c) => Some(c.clone()),
            StateCodeKey::Alpha3(_) => None,
        })
        .collect();
    Query::select()
        .column(Alias::new("id"))
        .from(Alias::new("states"))
        .cond_where(
            Condition::any()
                .add(one_of(col("states", "alpha3"), alpha3, dialect))
                .add(one_of(col("states", "alpha2"), alpha2, dialect)),
        )
        .to_owned()
}

/// `SELECT reviews.id FROM reviews JOIN <table> ON ... WHERE <table>.number IN (...)`.
fn reviews_where_number(
    table: &str,
    foreign_key: &str,
    numbers: &[i32],
    dialect: &dyn Dialect,
) -> SelectStatement {
    Query::select()
        .column((Alias::new("reviews"), Alias::new("id")))
        .from(Alias::new("reviews"))
        .inner_join(
            Alias::new(table),
            col(table, "id").equals((Alias::new("reviews"), Alias::new(foreign_key))),
        )
        .and_where(one_of(
            col(table, "number"),
            numbers.iter().copied(),
            dialect,
        ))
        .to_owned()
}

/// The states whose current regional group is one of `groups` (codes).
fn current_group_members(groups: &[String], dialect: &dyn Dialect) -> SelectStatement {
    Query::select()
        .column(Alias::new("state_id"))
        .from(Alias::new("regional_group_memberships"))
        .and_where(col("regional_group_memberships", "valid_to").is_null())
        .and_where(one_of(
            col("regional_group_memberships", "regional_group"),
            groups.iter().cloned(),
            dialect,
        ))
        .to_owned()
}

/// The member states of the organisations with these codes, in any case.
fn organization_members(codes: &[String], dialect: &dyn Dialect) -> SelectStatement {
    let codes: Vec<String> = codes.iter().map(|c| c.trim().to_uppercase()).collect();
    Query::select()
        .column((Alias::new("organization_members"), Alias::new("state_id")))
        .from(Alias::new("organization_members"))
        .inner_join(
            Alias::new("organizations"),
            col("organizations", "id").equals((
                Alias::new("organization_members"),
                Alias::new("organization_id"),
            )),
        )
        .and_where(one_of(
            Expr::expr(Func::upper(col("organizations", "code"))),
            codes,
            dialect,
        ))
        .to_owned()
}

/// `SELECT recommendation_id FROM <link> JOIN <tags> ON ... WHERE <condition>`.
fn tagged(
    link: &str,
    tag_key: &str,
    tags: &str,
    condition: sea_orm::sea_query::SimpleExpr,
) -> SelectStatement {
    Query::select()
        .column((Alias::new(link), Alias::new("recommendation_id")))
        .from(Alias::new(link))
        .inner_join(
            Alias::new(tags),
            col(tags, "id").equals((Alias::new(link), Alias::new(tag_key))),
        )
        .and_where(condition)
        .to_owned()
}

impl TableFilter for RecommendationFilter {
    const TABLE: &'static str = "recommendations";

    fn nested(&self) -> &Nested<Self> {
        &self.nested
    }

    fn fields(&self, dialect: &dyn Dialect) -> Condition {
        self.fields_searching(self.search.as_ref(), dialect)
    }
}

impl RecommendationFilter {
    /// The condition, with `search` in place of the filter's own search.
    fn condition_searching(
        &self,
        search: Option<&SearchQuery>,
        dialect: &dyn Dialect,
    ) -> Condition {
        self.with_nested(self.fields_searching(search, dialect), dialect)
    }

    /// The condition of the fields, with `search` in place of the filter's own search.
    fn fields_searching(&self, search: Option<&SearchQuery>, dialect: &dyn Dialect) -> Condition {
        let mut condition = Condition::all();
        if let Some(query) = search {
            condition = condition.add(search::condition(query, dialect));
        }
        if let Some(states) = &self.states_under_review {
            condition = condition.add(
                col("recommendations", "state_under_review_id")
                    .in_subquery(state_ids(states, dialect)),
            );
        }
        if let Some(states) = &self.recommending_states {
            condition = condition.add(
                col("recommendations", "recommending_state_id")
                    .in_subquery(state_ids(states, dialect)),
            );
        }
        if let Some(cycles) = &self.cycles {
            condition = condition.add(
                col("recommendations", "review_id")
                    .in_subquery(reviews_where_number("cycles", "cycle_id", cycles, dialect)),
            );
        }
        if let Some(sessions) = &self.sessions {
            condition = condition.add(col("recommendations", "review_id").in_subquery(
                reviews_where_number("sessions", "session_id", sessions, dialect),
            ));
        }
        if let Some(reviews) = &self.reviews {
            let ids = Query::select()
                .column((Alias::new("reviews"), Alias::new("id")))
                .from(Alias::new("reviews"))
                .cond_where(reviews.condition(dialect))
                .to_owned();
            condition = condition.add(col("recommendations", "review_id").in_subquery(ids));
        }
        if let Some(responses) = &self.responses {
            condition = condition.add(one_of(
                col("recommendations", "response"),
                responses.iter().cloned(),
                dialect,
            ));
        }
        if let Some(categories) = &self.action_categories {
            condition = condition.add(one_of(
                col("recommendations", "action_category"),
                categories.iter().copied(),
                dialect,
            ));
        }
        for (groups, column) in [
            (&self.regional_groups_under_review, "state_under_review_id"),
            (&self.recommending_regional_groups, "recommending_state_id"),
        ] {
            if let Some(groups) = groups {
                condition = condition.add(
                    col("recommendations", column)
                        .in_subquery(current_group_members(groups, dialect)),
                );
            }
        }
        for (organizations, column) in [
            (&self.organizations_under_review, "state_under_review_id"),
            (&self.recommending_organizations, "recommending_state_id"),
        ] {
            if let Some(codes) = organizations {
                condition = condition.add(
                    col("recommendations", column)
                        .in_subquery(organization_members(codes, dialect)),
                );
            }
        }
        if let Some(names) = &self.datasets {
            let datasets = Query::select()
                .column(Alias::new("id"))
                .from(Alias::new("datasets"))
                .and_where(one_of(
                    col("datasets", "name"),
                    names.iter().cloned(),
                    dialect,
                ))
                .to_owned();
            condition = condition.add(col("recommendations", "dataset_id").in_subquery(datasets));
        }
        if let Some(names) = &self.affected_persons {
            let names: Vec<String> = names.iter().map(|n| n.trim().to_lowercase()).collect();
            condition = condition.add(col("recommendations", "id").in_subquery(tagged(
                "recommendation_affected_persons",
                "affected_person_id",
                "affected_persons",
                one_of(
                    Expr::expr(Func::lower(col("affected_persons", "name"))),
                    names,
                    dialect,
                ),
            )));
        }
        if let Some(codes) = &self.sdg_targets {
            condition = condition.add(col("recommendations", "id").in_subquery(tagged(
                "recommendation_sdg_targets",
                "sdg_target_id",
                "sdg_targets",
                one_of(
                    col("sdg_targets", "code"),
                    codes.iter().map(|c| c.trim().to_owned()),
                    dialect,
                ),
            )));
        }
        if let Some(themes) = &self.themes {
            let names: Vec<String> = themes.iter().map(|t| t.trim().to_lowercase()).collect();
            let tagged = Query::select()
                .column((
                    Alias::new("recommendation_themes"),
                    Alias::new("recommendation_id"),
                ))
                .from(Alias::new("recommendation_themes"))
                .inner_join(
                    Alias::new("themes"),
                    col("themes", "id")
                        .equals((Alias::new("recommendation_themes"), Alias::new("theme_id"))),
                )
                .and_where(one_of(
                    Expr::expr(Func::lower(col("themes", "name"))),
                    names,
                    dialect,
                ))
                .to_owned();
            condition = condition.add(col("recommendations", "id").in_subquery(tagged));
        }
        condition
    }
}

impl TableFilter for AidFlowFilter {
    const TABLE: &'static str = "aid_flows";

    fn nested(&self) -> &Nested<Self> {
        &self.nested
    }

    fn fields(&self, dialect: &dyn Dialect) -> Condition {
        let mut condition = Condition::all();
        if let Some(states) = &self.donors {
            condition = condition
                .add(col("aid_flows", "donor_state_id").in_subquery(state_ids(states, dialect)));
        }
        if let Some(states) = &self.recipients {
            condition = condition.add(
                col("aid_flows", "recipient_state_id").in_subquery(state_ids(states, dialect)),
            );
        }
        if let Some(categories) = &self.categories {
            condition = condition.add(one_of(
                col("aid_flows", "category"),
                categories.iter().cloned(),
                dialect,
            ));
        }
        if let Some(types) = &self.transaction_types {
            condition = condition.add(one_of(
                col("aid_flows", "transaction_type"),
                types.iter().cloned(),
                dialect,
            ));
        }
        if let Some(from) = self.fiscal_year_from {
            condition = condition.add(col("aid_flows", "fiscal_year").gte(from));
        }
        if let Some(to) = self.fiscal_year_to {
            condition = condition.add(col("aid_flows", "fiscal_year").lte(to));
        }
        if let Some(currencies) = &self.currencies {
            condition = condition.add(one_of(
                col("aid_flows", "currency"),
                currencies.iter().cloned(),
                dialect,
            ));
        }
        if let Some(min) = self.amount_min_minor {
            condition = condition.add(col("aid_flows", "amount_minor").gte(min));
        }
        if let Some(max) = self.amount_max_minor {
            condition = condition.add(col("aid_flows", "amount_minor").lte(max));
        }
        if let Some(keys) = &self.sources {
            let sources = Query::select()
                .column(Alias::new("id"))
                .from(Alias::new("sources"))
                .and_where(one_of(col("sources", "key"), keys.iter().cloned(), dialect))
                .to_owned();
            condition = condition.add(col("aid_flows", "source_id").in_subquery(sources));
        }
        if let Some(names) = &self.datasets {
            let datasets = Query::select()
                .column(Alias::new("id"))
                .from(Alias::new("datasets"))
                .and_where(one_of(
                    col("datasets", "name"),
                    names.iter().cloned(),
                    dialect,
                ))
                .to_owned();
            condition = condition.add(col("aid_flows", "dataset_id").in_subquery(datasets));
        }
        condition
    }
}

impl TableFilter for StateFilter {
    const TABLE: &'static str = "states";

    fn nested(&self) -> &Nested<Self> {
        &self.nested
    }

    fn fields(&self, dialect: &dyn Dialect) -> Condition {
        let mut condition = Condition::all();
        if let Some(groups) = &self.regional_groups {
            condition = condition
                .add(col("states", "id").in_subquery(current_group_members(groups, dialect)));
        }
        if let Some(statuses) = &self.un_statuses {
            condition = condition.add(one_of(
                col("states", "un_status"),
                statuses.iter().cloned(),
                dialect,
            ));
        }
        if let Some(codes) = &self.organizations {
            condition = condition
                .add(col("states", "id").in_subquery(organization_members(codes, dialect)));
        }
        if let Some(name) = &self.name_contains {
            // Alias keys are normalised names; `%` and `_` cannot occur in them.
            let pattern = format!("%{}%", name.replace(['%', '_'], ""));
            let named = Query::select()
                .column(Alias::new("state_id"))
                .from(Alias::new("state_aliases"))
                .and_where(col("state_aliases", "alias_key").like(pattern))
                .to_owned();
            condition = condition.add(col("states", "id").in_subquery(named));
        }
        condition
    }
}

impl TableFilter for ReviewFilter {
    const TABLE: &'static str = "reviews";

    fn nested(&self) -> &Nested<Self> {
        &self.nested
    }

    fn fields(&self, dialect: &dyn Dialect) -> Condition {
        let mut condition = Condition::all();
        if let Some(states) = &self.states {
            condition =
                condition.add(col("reviews", "state_id").in_subquery(state_ids(states, dialect)));
        }
        for (numbers, table, key) in [
            (&self.cycles, "cycles", "cycle_id"),
            (&self.sessions, "sessions", "session_id"),
        ] {
            if let Some(numbers) = numbers {
                let ids = Query::select()
                    .column(Alias::new("id"))
                    .from(Alias::new(table))
                    .and_where(one_of(
                        col(table, "number"),
                        numbers.iter().copied(),
                        dialect,
                    ))
                    .to_owned();
                condition = condition.add(col("reviews", key).in_subquery(ids));
            }
        }
        if let Some(statuses) = &self.statuses {
            condition = condition.add(one_of(
                col("reviews", "status"),
                statuses.iter().cloned(),
                dialect,
            ));
        }
        // The day a review took place, or was to.
        let day = || {
            Expr::expr(Func::coalesce([
                col("reviews", "held_on"),
                col("reviews", "scheduled_on"),
            ]))
        };
        if let Some(from) = self.from {
            condition = condition.add(day().gte(from));
        }
        if let Some(to) = self.to {
            condition = condition.add(day().lte(to));
        }
        condition
    }
}
