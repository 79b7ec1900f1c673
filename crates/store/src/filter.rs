//! Filters on lists, as natural keys (state codes, session numbers, theme names)
//! turned into SQL conditions with sub-queries, so that filtering needs no lookup
//! of its own and stays inside the one statement a batch runs.
//!
//! In each filter a field left `None` does not restrict; a list means "any of";
//! fields combine with AND.

use sea_orm::{
    sea_query::{DynIden, Expr, ExprTrait, Func, IntoIden, Query, SelectStatement},
    ColumnTrait, Condition, EntityTrait,
};
use uprgraph_domain::{
    search::SearchQuery, ActionCategory, AidCategory, ArmsStatus, Currency, CycleNumber,
    RegionalGroup, Response, ReviewStatus, SessionNumber, StateKey, TransactionType, UnStatus,
};

use crate::{
    dialect::Dialect,
    entity::{
        affected_person, aid_flow, arms_delivery, arms_transfer, cycle, dataset, organization,
        organization_member, recommendation, recommendation_affected_person,
        recommendation_sdg_target, recommendation_theme, regional_group_membership, review,
        sdg_target, session, source, state, state_alias, theme, unlisted::AnyTable,
    },
    search,
    values::one_of,
};

/// Which recommendations to keep.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct RecommendationFilter {
    pub states_under_review: Option<Vec<StateKey>>,
    pub recommending_states: Option<Vec<StateKey>>,
    pub cycles: Option<Vec<CycleNumber>>,
    pub sessions: Option<Vec<SessionNumber>>,
    pub responses: Option<Vec<Response>>,
    pub action_categories: Option<Vec<ActionCategory>>,
    /// Theme names, in any case.
    pub themes: Option<Vec<String>>,
    /// Regional groups of the state under review (its current group).
    pub regional_groups_under_review: Option<Vec<RegionalGroup>>,
    /// Regional groups of the recommending state (its current group).
    pub recommending_regional_groups: Option<Vec<RegionalGroup>>,
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
    /// Donor states.
    pub donors: Option<Vec<StateKey>>,
    /// Donor organisations, by code in any case.
    pub donor_organizations: Option<Vec<String>>,
    pub recipients: Option<Vec<StateKey>>,
    pub categories: Option<Vec<AidCategory>>,
    pub transaction_types: Option<Vec<TransactionType>>,
    /// Fiscal years from this one on.
    pub fiscal_year_from: Option<i32>,
    /// Fiscal years up to this one.
    pub fiscal_year_to: Option<i32>,
    pub currencies: Option<Vec<Currency>>,
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

/// Which arms transfers (deals) to keep.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct ArmsTransferFilter {
    pub suppliers: Option<Vec<StateKey>>,
    pub recipients: Option<Vec<StateKey>>,
    /// Regional groups of the supplier (its current group).
    pub supplier_regional_groups: Option<Vec<RegionalGroup>>,
    /// Regional groups of the recipient (its current group).
    pub recipient_regional_groups: Option<Vec<RegionalGroup>>,
    /// Ordered in this year or later.
    pub order_year_from: Option<i32>,
    /// Ordered in this year or earlier.
    pub order_year_to: Option<i32>,
    /// With a delivery in this year or later (and, with `delivery_year_to`, in the range).
    pub delivery_year_from: Option<i32>,
    /// With a delivery in this year or earlier (and, with `delivery_year_from`, in the range).
    pub delivery_year_to: Option<i32>,
    /// SIPRI's armament categories (`Aircraft`, `Missiles`, ...), in any case.
    pub armament_categories: Option<Vec<String>>,
    /// SIPRI's weapon descriptions (`FGA aircraft`, `tank`, ...), in any case.
    pub descriptions: Option<Vec<String>>,
    pub statuses: Option<Vec<ArmsStatus>>,
    /// Names of the datasets the deals were imported from.
    pub datasets: Option<Vec<String>>,
    /// Filters combined with this one by AND, OR and NOT.
    pub nested: Nested<ArmsTransferFilter>,
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
    type Entity: EntityTrait;

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
                Condition::all().add(Expr::Constant(false.into()))
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
                .column((Self::Entity::default(), AnyTable::Id))
                .from(Self::Entity::default())
                .cond_where(not.condition(dialect))
                .to_owned();
            condition = condition
                .add(Expr::col((Self::Entity::default(), AnyTable::Id)).not_in_subquery(matching));
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
    ArmsTransfers(ArmsTransferFilter),
}

/// Which states to keep.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct StateFilter {
    /// Regional groups (current membership).
    pub regional_groups: Option<Vec<RegionalGroup>>,
    pub un_statuses: Option<Vec<UnStatus>>,
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
    pub states: Option<Vec<StateKey>>,
    pub cycles: Option<Vec<CycleNumber>>,
    pub sessions: Option<Vec<SessionNumber>>,
    pub statuses: Option<Vec<ReviewStatus>>,
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
            Self::ArmsTransfers(filter) => filter.condition(dialect),
        }
    }

    /// Whether the filter searches text.
    pub fn searches(&self) -> bool {
        matches!(self, Self::Recommendations(filter) if filter.search.is_some())
    }

    /// How relevant a row of `table` (the filtered table or an alias of it) is, when the
    /// filter searches text: the `RELEVANCE` sort key, by which such lists are ordered
    /// unless a client orders them otherwise.
    pub(crate) fn rank(&self, table: &DynIden) -> Option<Expr> {
        match self {
            Self::Recommendations(filter) => filter
                .search
                .as_ref()
                .and_then(|query| search::rank(query, table)),
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

/// `SELECT id FROM states WHERE alpha3 IN (...) OR alpha2 IN (...)`.
fn state_ids(keys: &[StateKey], dialect: &dyn Dialect) -> SelectStatement {
    let alpha3: Vec<String> = keys
        .iter()
        .filter_map(|k| match k {
            StateKey::Alpha3(c) => Some(c.code().to_owned()),
            StateKey::Alpha2(_) => None,
        })
        .collect();
    let alpha2: Vec<String> = keys
        .iter()
        .filter_map(|k| match k {
            StateKey::Alpha2(c) => Some(c.code().to_owned()),
            StateKey::Alpha3(_) => None,
        })
        .collect();
    Query::select()
        .column(state::Column::Id)
        .from(state::Entity)
        .cond_where(
            Condition::any()
                .add(one_of(state::Column::Alpha3.into_expr(), alpha3, dialect))
                .add(one_of(state::Column::Alpha2.into_expr(), alpha2, dialect)),
        )
        .to_owned()
}

/// What a review is numbered in: its cycle or its session.
#[derive(Debug, Clone, Copy)]
enum Numbered {
    Cycle,
    Session,
}

impl Numbered {
    /// The table, its `id` and `number` columns, and the review's column holding the id.
    fn columns(self) -> (DynIden, Expr, Expr, review::Column) {
        match self {
            Self::Cycle => (
                cycle::Entity.into_iden(),
                cycle::Column::Id.into_expr(),
                cycle::Column::Number.into_expr(),
                review::Column::CycleId,
            ),
            Self::Session => (
                session::Entity.into_iden(),
                session::Column::Id.into_expr(),
                session::Column::Number.into_expr(),
                review::Column::SessionId,
            ),
        }
    }

    /// `reviews.cycle_id IN (SELECT cycles.id FROM cycles WHERE cycles.number IN (...))`
    /// (or sessions).
    fn condition(self, numbers: &[i32], dialect: &dyn Dialect) -> Expr {
        let (table, id, number, key) = self.columns();
        let ids = Query::select()
            .expr(id)
            .from(table)
            .and_where(one_of(number, numbers.iter().copied(), dialect))
            .to_owned();
        key.in_subquery(ids)
    }

    /// `SELECT reviews.id FROM reviews WHERE <condition>`.
    fn reviews(self, numbers: &[i32], dialect: &dyn Dialect) -> SelectStatement {
        Query::select()
            .column(review::Column::Id)
            .from(review::Entity)
            .and_where(self.condition(numbers, dialect))
            .to_owned()
    }
}

/// The states whose current regional group is one of `groups` (codes).
fn current_group_members(groups: &[RegionalGroup], dialect: &dyn Dialect) -> SelectStatement {
    use regional_group_membership::{Column, Entity};
    Query::select()
        .column(Column::StateId)
        .from(Entity)
        .and_where(Column::ValidTo.is_null())
        .and_where(one_of(
            Column::RegionalGroup.into_expr(),
            codes(groups),
            dialect,
        ))
        .to_owned()
}

/// The organisations with these codes, in any case.
fn organization_ids(codes: &[String], dialect: &dyn Dialect) -> SelectStatement {
    let codes: Vec<String> = codes.iter().map(|c| c.trim().to_uppercase()).collect();
    Query::select()
        .column(organization::Column::Id)
        .from(organization::Entity)
        .and_where(one_of(
            Func::upper(organization::Column::Code.into_expr()),
            codes,
            dialect,
        ))
        .to_owned()
}

/// The member states of the organisations with these codes, in any case.
fn organization_members(codes: &[String], dialect: &dyn Dialect) -> SelectStatement {
    let codes: Vec<String> = codes.iter().map(|c| c.trim().to_uppercase()).collect();
    Query::select()
        .column((
            organization_member::Entity,
            organization_member::Column::StateId,
        ))
        .from(organization_member::Entity)
        .inner_join(
            organization::Entity,
            organization::Column::Id
                .into_expr()
                .equals(organization_member::Column::OrganizationId.as_column_ref()),
        )
        .and_where(one_of(
            Func::upper(organization::Column::Code.into_expr()),
            codes,
            dialect,
        ))
        .to_owned()
}

/// `SELECT <link>.recommendation_id FROM <link> JOIN <tags> ON <tags>.id = <link>.<tag>
/// WHERE <condition>`: the recommendations tagged with the tags that meet `condition`.
fn tagged(
    recommendation: impl ColumnTrait,
    tag: impl ColumnTrait,
    tag_id: impl ColumnTrait,
    condition: Expr,
) -> SelectStatement {
    Query::select()
        .column(recommendation.as_column_ref())
        .from(recommendation.entity_name())
        .inner_join(
            tag_id.entity_name(),
            tag_id.into_expr().equals(tag.as_column_ref()),
        )
        .and_where(condition)
        .to_owned()
}

/// `SELECT id FROM datasets WHERE name IN (...)`.
fn datasets_named(names: &[String], dialect: &dyn Dialect) -> SelectStatement {
    Query::select()
        .column(dataset::Column::Id)
        .from(dataset::Entity)
        .and_where(one_of(
            dataset::Column::Name.into_expr(),
            names.iter().cloned(),
            dialect,
        ))
        .to_owned()
}

/// The codes of domain values, as the database holds them.
fn codes<T: Copy + Into<Code>>(values: &[T]) -> Vec<String> {
    values.iter().map(|v| (*v).into().0.to_owned()).collect()
}

/// A domain value's code, as the database holds it.
struct Code(&'static str);

macro_rules! coded {
    ($($t:ty),*) => {$(
        impl From<$t> for Code {
            fn from(value: $t) -> Self {
                Code(value.code())
            }
        }
    )*};
}

coded!(
    RegionalGroup,
    UnStatus,
    ReviewStatus,
    Response,
    AidCategory,
    TransactionType,
    ArmsStatus
);

/// The cycle and session numbers a filter names, as the database holds them.
fn cycle_and_session_numbers(
    cycles: &Option<Vec<CycleNumber>>,
    sessions: &Option<Vec<SessionNumber>>,
) -> [(Option<Vec<i32>>, Numbered); 2] {
    [
        (
            cycles
                .as_ref()
                .map(|c| c.iter().map(|n| i32::from(n.get())).collect()),
            Numbered::Cycle,
        ),
        (
            sessions
                .as_ref()
                .map(|s| s.iter().map(|n| i32::from(n.get())).collect()),
            Numbered::Session,
        ),
    ]
}

/// `lower(column) IN (names)`, the names trimmed and in lower case: a vocabulary's
/// names matched in any case.
fn named(column: impl ColumnTrait, names: &[String], dialect: &dyn Dialect) -> Expr {
    let names: Vec<String> = names.iter().map(|n| n.trim().to_lowercase()).collect();
    one_of(Func::lower(column.into_expr()), names, dialect)
}

impl TableFilter for RecommendationFilter {
    type Entity = recommendation::Entity;

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
        use recommendation::Column;
        let mut condition = Condition::all();
        if let Some(query) = search {
            condition = condition.add(search::condition(query, dialect));
        }
        for (states, column) in [
            (&self.states_under_review, Column::StateUnderReviewId),
            (&self.recommending_states, Column::RecommendingStateId),
        ] {
            if let Some(states) = states {
                condition = condition.add(column.in_subquery(state_ids(states, dialect)));
            }
        }
        for (numbers, numbered) in cycle_and_session_numbers(&self.cycles, &self.sessions) {
            if let Some(numbers) = numbers {
                condition = condition
                    .add(Column::ReviewId.in_subquery(numbered.reviews(&numbers, dialect)));
            }
        }
        if let Some(reviews) = &self.reviews {
            let ids = Query::select()
                .column(review::Column::Id)
                .from(review::Entity)
                .cond_where(reviews.condition(dialect))
                .to_owned();
            condition = condition.add(Column::ReviewId.in_subquery(ids));
        }
        if let Some(responses) = &self.responses {
            condition = condition.add(one_of(
                Column::Response.into_expr(),
                codes(responses),
                dialect,
            ));
        }
        if let Some(categories) = &self.action_categories {
            condition = condition.add(one_of(
                Column::ActionCategory.into_expr(),
                categories.iter().map(|c| i16::from(c.get())),
                dialect,
            ));
        }
        for (groups, column) in [
            (
                &self.regional_groups_under_review,
                Column::StateUnderReviewId,
            ),
            (
                &self.recommending_regional_groups,
                Column::RecommendingStateId,
            ),
        ] {
            if let Some(groups) = groups {
                condition =
                    condition.add(column.in_subquery(current_group_members(groups, dialect)));
            }
        }
        for (organizations, column) in [
            (&self.organizations_under_review, Column::StateUnderReviewId),
            (
                &self.recommending_organizations,
                Column::RecommendingStateId,
            ),
        ] {
            if let Some(codes) = organizations {
                condition = condition.add(column.in_subquery(organization_members(codes, dialect)));
            }
        }
        if let Some(names) = &self.datasets {
            condition =
                condition.add(Column::DatasetId.in_subquery(datasets_named(names, dialect)));
        }
        if let Some(names) = &self.affected_persons {
            condition = condition.add(Column::Id.in_subquery(tagged(
                recommendation_affected_person::Column::RecommendationId,
                recommendation_affected_person::Column::AffectedPersonId,
                affected_person::Column::Id,
                named(affected_person::Column::Name, names, dialect),
            )));
        }
        if let Some(codes) = &self.sdg_targets {
            condition = condition.add(Column::Id.in_subquery(tagged(
                recommendation_sdg_target::Column::RecommendationId,
                recommendation_sdg_target::Column::SdgTargetId,
                sdg_target::Column::Id,
                one_of(
                    sdg_target::Column::Code.into_expr(),
                    codes.iter().map(|c| c.trim().to_owned()),
                    dialect,
                ),
            )));
        }
        if let Some(themes) = &self.themes {
            condition = condition.add(Column::Id.in_subquery(tagged(
                recommendation_theme::Column::RecommendationId,
                recommendation_theme::Column::ThemeId,
                theme::Column::Id,
                named(theme::Column::Name, themes, dialect),
            )));
        }
        condition
    }
}

impl TableFilter for AidFlowFilter {
    type Entity = aid_flow::Entity;

    fn nested(&self) -> &Nested<Self> {
        &self.nested
    }

    fn fields(&self, dialect: &dyn Dialect) -> Condition {
        use aid_flow::Column;
        let mut condition = Condition::all();
        for (states, column) in [
            (&self.donors, Column::DonorStateId),
            (&self.recipients, Column::RecipientStateId),
        ] {
            if let Some(states) = states {
                condition = condition.add(column.in_subquery(state_ids(states, dialect)));
            }
        }
        if let Some(codes) = &self.donor_organizations {
            condition = condition
                .add(Column::DonorOrganizationId.in_subquery(organization_ids(codes, dialect)));
        }
        for (values, column) in [
            (self.categories.as_deref().map(codes), Column::Category),
            (
                self.transaction_types.as_deref().map(codes),
                Column::TransactionType,
            ),
            (
                self.currencies
                    .as_ref()
                    .map(|c| c.iter().map(|c| c.code().to_owned()).collect()),
                Column::Currency,
            ),
        ] {
            if let Some(values) = values {
                condition = condition.add(one_of(column.into_expr(), values, dialect));
            }
        }
        if let Some(from) = self.fiscal_year_from {
            condition = condition.add(Column::FiscalYear.gte(from));
        }
        if let Some(to) = self.fiscal_year_to {
            condition = condition.add(Column::FiscalYear.lte(to));
        }
        if let Some(min) = self.amount_min_minor {
            condition = condition.add(Column::AmountMinor.gte(min));
        }
        if let Some(max) = self.amount_max_minor {
            condition = condition.add(Column::AmountMinor.lte(max));
        }
        if let Some(keys) = &self.sources {
            let sources = Query::select()
                .column(source::Column::Id)
                .from(source::Entity)
                .and_where(one_of(
                    source::Column::Key.into_expr(),
                    keys.iter().cloned(),
                    dialect,
                ))
                .to_owned();
            condition = condition.add(Column::SourceId.in_subquery(sources));
        }
        if let Some(names) = &self.datasets {
            condition =
                condition.add(Column::DatasetId.in_subquery(datasets_named(names, dialect)));
        }
        condition
    }
}

impl TableFilter for ArmsTransferFilter {
    type Entity = arms_transfer::Entity;

    fn nested(&self) -> &Nested<Self> {
        &self.nested
    }

    fn fields(&self, dialect: &dyn Dialect) -> Condition {
        use arms_transfer::Column;
        let mut condition = Condition::all();
        for (states, groups, column) in [
            (
                &self.suppliers,
                &self.supplier_regional_groups,
                Column::SupplierStateId,
            ),
            (
                &self.recipients,
                &self.recipient_regional_groups,
                Column::RecipientStateId,
            ),
        ] {
            if let Some(states) = states {
                condition = condition.add(column.in_subquery(state_ids(states, dialect)));
            }
            if let Some(groups) = groups {
                condition =
                    condition.add(column.in_subquery(current_group_members(groups, dialect)));
            }
        }
        if let Some(from) = self.order_year_from {
            condition = condition.add(Column::OrderYear.gte(from));
        }
        if let Some(to) = self.order_year_to {
            condition = condition.add(Column::OrderYear.lte(to));
        }
        if let Some(years) = self.delivery_years() {
            let delivered = Query::select()
                .column(arms_delivery::Column::TransferId)
                .from(arms_delivery::Entity)
                .cond_where(years)
                .to_owned();
            condition = condition.add(Column::Id.in_subquery(delivered));
        }
        for (names, column) in [
            (&self.armament_categories, Column::ArmamentCategory),
            (&self.descriptions, Column::Description),
        ] {
            if let Some(names) = names {
                condition = condition.add(named(column, names, dialect));
            }
        }
        if let Some(statuses) = &self.statuses {
            condition = condition.add(one_of(Column::Status.into_expr(), codes(statuses), dialect));
        }
        if let Some(names) = &self.datasets {
            condition =
                condition.add(Column::DatasetId.in_subquery(datasets_named(names, dialect)));
        }
        condition
    }
}

impl ArmsTransferFilter {
    /// The condition on `arms_deliveries.year` of the filter's own delivery years, if
    /// it names any: the deliveries a sum of the filtered deals counts.
    pub(crate) fn delivery_years(&self) -> Option<Condition> {
        let year = arms_delivery::Column::Year;
        match (self.delivery_year_from, self.delivery_year_to) {
            (None, None) => None,
            (from, to) => {
                let mut condition = Condition::all();
                if let Some(from) = from {
                    condition = condition.add(year.gte(from));
                }
                if let Some(to) = to {
                    condition = condition.add(year.lte(to));
                }
                Some(condition)
            }
        }
    }
}

impl TableFilter for StateFilter {
    type Entity = state::Entity;

    fn nested(&self) -> &Nested<Self> {
        &self.nested
    }

    fn fields(&self, dialect: &dyn Dialect) -> Condition {
        use state::Column;
        let mut condition = Condition::all();
        if let Some(groups) = &self.regional_groups {
            condition =
                condition.add(Column::Id.in_subquery(current_group_members(groups, dialect)));
        }
        if let Some(statuses) = &self.un_statuses {
            condition = condition.add(one_of(
                Column::UnStatus.into_expr(),
                codes(statuses),
                dialect,
            ));
        }
        if let Some(codes) = &self.organizations {
            condition = condition.add(Column::Id.in_subquery(organization_members(codes, dialect)));
        }
        if let Some(name) = &self.name_contains {
            // Alias keys are normalised names; `%` and `_` cannot occur in them.
            let pattern = format!("%{}%", name.replace(['%', '_'], ""));
            let named = Query::select()
                .column(state_alias::Column::StateId)
                .from(state_alias::Entity)
                .and_where(state_alias::Column::AliasKey.like(pattern))
                .to_owned();
            condition = condition.add(Column::Id.in_subquery(named));
        }
        condition
    }
}

impl TableFilter for ReviewFilter {
    type Entity = review::Entity;

    fn nested(&self) -> &Nested<Self> {
        &self.nested
    }

    fn fields(&self, dialect: &dyn Dialect) -> Condition {
        use review::Column;
        let mut condition = Condition::all();
        if let Some(states) = &self.states {
            condition = condition.add(Column::StateId.in_subquery(state_ids(states, dialect)));
        }
        for (numbers, numbered) in cycle_and_session_numbers(&self.cycles, &self.sessions) {
            if let Some(numbers) = numbers {
                condition = condition.add(numbered.condition(&numbers, dialect));
            }
        }
        if let Some(statuses) = &self.statuses {
            condition = condition.add(one_of(Column::Status.into_expr(), codes(statuses), dialect));
        }
        // The day a review took place, or was to.
        let day = || {
            Expr::from(Func::coalesce([
                Column::HeldOn.into_expr(),
                Column::ScheduledOn.into_expr(),
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
