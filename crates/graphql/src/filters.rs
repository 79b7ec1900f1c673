//! Filter inputs: natural keys as clients know them (ISO codes, session numbers,
//! theme names), checked here and passed to the store as they are.

use async_graphql::InputObject;
use uprgraph_domain::{
    self as domain, search::SearchQuery, ActionCategory, CycleNumber, SessionNumber, StateKey,
};
use uprgraph_store::{
    AidFlowFilter, ArmsTransferFilter, Filter, Nested, RecommendationFilter, ReviewFilter,
    StateFilter,
};

use crate::{
    enums::{
        AidCategory, ArmsStatus, RegionalGroup, Response, ReviewStatus, TransactionType, UnStatus,
    },
    scalars::{Date, Decimal},
    ApiError, OrApiError,
};

/// Which recommendations to list. Fields combine with AND; a list matches any of its values;
/// an absent field does not restrict. Example: `{ recommendingState: ["CUB"], session: [9] }`.
#[derive(Debug, Default, InputObject)]
#[graphql(name = "RecommendationFilter")]
pub struct RecommendationFilterInput {
    /// States under review, by ISO 3166-1 code (alpha-3 or alpha-2).
    state_under_review: Option<Vec<String>>,
    /// States that made the recommendations, by ISO 3166-1 code (alpha-3 or alpha-2).
    recommending_state: Option<Vec<String>>,
    /// UPR cycles, by number.
    cycle: Option<Vec<i32>>,
    /// Working Group sessions, by number.
    session: Option<Vec<i32>>,
    /// Responses of the state under review.
    response: Option<Vec<Response>>,
    /// UPR Info action categories, 1 (minimal action) to 5 (specific action).
    action_category: Option<Vec<i32>>,
    /// Themes, by name in any case (`Death penalty`).
    theme: Option<Vec<String>>,
    /// UN regional groups of the state under review (its current group).
    regional_group_under_review: Option<Vec<RegionalGroup>>,
    /// UN regional groups of the recommending state (its current group).
    recommending_regional_group: Option<Vec<RegionalGroup>>,
    /// Organisations the state under review belongs to, by code (`OIC`, `EU`).
    organization_under_review: Option<Vec<String>>,
    /// Organisations the recommending state belongs to, by code (`OIC`, `EU`).
    recommending_organization: Option<Vec<String>>,
    /// Datasets the recommendations were imported from, by name (`sessions-01-05.csv`).
    dataset: Option<Vec<String>>,
    /// Affected persons named by the recommendation, in any case (`Women`).
    affected_persons: Option<Vec<String>>,
    /// SDG targets the recommendation is linked to, by code (`16.10`).
    sdg_target: Option<Vec<String>>,
    /// A full-text search of the text. Words match every form with the same stem
    /// (`discriminate` finds `discrimination`), in any case and with or without
    /// diacritics (`Türkiye` = `Turkiye`), and every spelling of one concept: irregular
    /// plurals (`woman` = `women`), British and American spellings (`labour` =
    /// `labor`), closed, hyphenated and spaced compounds (`nondiscrimination` =
    /// `non-discrimination`), a few derived forms (`ratify` = `ratification`) and
    /// treaty and body names (`CEDAW` = its full name); `=woman` finds that word only,
    /// with none of these expansions. `"quoted words"` match as a phrase; `educat*`
    /// matches words beginning with `educat`; terms side by side must all match, and
    /// `AND`, `OR`, `NOT` (or a leading `-`) and parentheses combine them, e.g.
    /// `blockade (Cuba OR embargo) -"United States"`. With a search, lists are ordered by
    /// relevance, best first, unless `orderBy` says otherwise; only the top-level search
    /// ranks, not one nested in `and`, `or` or `not`. A query that cannot be read is
    /// refused, saying where.
    search: Option<String>,
    /// Only recommendations made at reviews that pass this filter, e.g. reviews held in
    /// some years: `review: { from: "2013-01-01", to: "2018-12-31" }`.
    review: Option<ReviewFilterInput>,
    /// Filters that must all match as well.
    and: Option<Vec<RecommendationFilterInput>>,
    /// Filters of which at least one must match; an empty list matches nothing.
    or: Option<Vec<RecommendationFilterInput>>,
    /// A filter that must not match, e.g. `not: { response: [SUPPORTED] }`.
    not: Option<Box<RecommendationFilterInput>>,
}

/// Which aid flows to list. Fields combine with AND; a list matches any of its values; an
/// absent field does not restrict. Example: `{ donor: ["USA"], transactionType: [OBLIGATION] }`.
#[derive(Debug, Default, InputObject)]
#[graphql(name = "AidFlowFilter")]
pub struct AidFlowFilterInput {
    /// Donor states, by ISO 3166-1 code (alpha-3 or alpha-2). Flows an organisation gave
    /// never match.
    donor: Option<Vec<String>>,
    /// Donor organisations, by code in any case (`EU`, `IDA`, `UNICEF`). Flows a state gave
    /// never match; with `donor` too, a flow must match both, so none does.
    donor_organization: Option<Vec<String>>,
    /// Recipient states, by ISO 3166-1 code (alpha-3 or alpha-2).
    recipient: Option<Vec<String>>,
    /// Aid categories.
    category: Option<Vec<AidCategory>>,
    /// Transaction types.
    transaction_type: Option<Vec<TransactionType>>,
    /// Fiscal years from this one on (figures for a period rather than a fiscal year are left out).
    fiscal_year_from: Option<i32>,
    /// Fiscal years up to this one (figures for a period rather than a fiscal year are left out).
    fiscal_year_to: Option<i32>,
    /// Currencies, by ISO 4217 code (`USD`).
    currency: Option<Vec<String>>,
    /// Amounts of at least this much; needs exactly one `currency`.
    amount_at_least: Option<Decimal>,
    /// Amounts of at most this much; needs exactly one `currency`.
    amount_at_most: Option<Decimal>,
    /// Sources the figures come from, by key (as `Source.key` gives it, e.g.
    /// `costs-of-war-2025-israel`).
    source: Option<Vec<String>>,
    /// Datasets the figures were imported from, by name.
    dataset: Option<Vec<String>>,
    /// Filters that must all match as well.
    and: Option<Vec<AidFlowFilterInput>>,
    /// Filters of which at least one must match; an empty list matches nothing.
    or: Option<Vec<AidFlowFilterInput>>,
    /// A filter that must not match, e.g. `not: { transactionType: [DISBURSEMENT] }`.
    not: Option<Box<AidFlowFilterInput>>,
}

/// Which arms transfers (SIPRI's deals) to list. Fields combine with AND; a list matches
/// any of its values; an absent field does not restrict. Example:
/// `{ recipient: ["ISR"], deliveryYearFrom: 2019, deliveryYearTo: 2024 }`.
#[derive(Debug, Default, InputObject)]
#[graphql(name = "ArmsTransferFilter")]
pub struct ArmsTransferFilterInput {
    /// Supplying states, by ISO 3166-1 code (alpha-3 or alpha-2).
    supplier: Option<Vec<String>>,
    /// Receiving states, by ISO 3166-1 code (alpha-3 or alpha-2).
    recipient: Option<Vec<String>>,
    /// UN regional groups of the supplier (its current group).
    supplier_regional_group: Option<Vec<RegionalGroup>>,
    /// UN regional groups of the recipient (its current group).
    recipient_regional_group: Option<Vec<RegionalGroup>>,
    /// Deals ordered in this year or later.
    order_year_from: Option<i32>,
    /// Deals ordered in this year or earlier.
    order_year_to: Option<i32>,
    /// Deals with a delivery in this year or later; sums (`armsTotals`) count only the
    /// deliveries in the range.
    delivery_year_from: Option<i32>,
    /// Deals with a delivery in this year or earlier; sums (`armsTotals`) count only the
    /// deliveries in the range.
    delivery_year_to: Option<i32>,
    /// SIPRI's armament categories, in any case (`Aircraft`, `Missiles`, `Armoured
    /// vehicles`); only the layout with ids gives one.
    armament_category: Option<Vec<String>>,
    /// SIPRI's weapon descriptions, in any case (`FGA aircraft`, `tank`, `SAM`).
    description: Option<Vec<String>>,
    /// New or second-hand weapons.
    status: Option<Vec<ArmsStatus>>,
    /// Datasets the deals were imported from, by name (`trade-register.csv`).
    dataset: Option<Vec<String>>,
    /// Filters that must all match as well.
    and: Option<Vec<ArmsTransferFilterInput>>,
    /// Filters of which at least one must match; an empty list matches nothing.
    or: Option<Vec<ArmsTransferFilterInput>>,
    /// A filter that must not match, e.g. `not: { status: [NEW] }`.
    not: Option<Box<ArmsTransferFilterInput>>,
}

fn state_keys(codes: Option<Vec<String>>, field: &str) -> Result<Option<Vec<StateKey>>, ApiError> {
    codes
        .map(|codes| {
            codes
                .iter()
                .map(|code| {
                    StateKey::parse(code)
                        .map_err(|e| ApiError::bad_input(format!("`{field}`: {e}")))
                })
                .collect()
        })
        .transpose()
}

fn numbers<T>(
    values: Option<Vec<i32>>,
    check: impl Fn(i64) -> Result<T, domain::DomainError>,
) -> Result<Option<Vec<T>>, ApiError> {
    values
        .map(|values| {
            values
                .into_iter()
                .map(|v| check(i64::from(v)).map_err(ApiError::from))
                .collect()
        })
        .transpose()
}

/// GraphQL enum values as the domain's.
fn domain_values<G, D: From<G>>(values: Option<Vec<G>>) -> Option<Vec<D>> {
    values.map(|values| values.into_iter().map(D::from).collect())
}

/// How deep filters may nest in `and`, `or` and `not`, below the top one.
pub const MAX_FILTER_NESTING: usize = 4;
/// How many filters one argument may nest in all.
pub const MAX_NESTED_FILTERS: usize = 50;

/// What is left of the nesting allowed while one filter argument is read.
#[derive(Debug, Default)]
struct Budget {
    /// The depth of the filter being read: 0 for the argument itself.
    depth: usize,
    /// Nested filters read so far.
    filters: usize,
}

impl Budget {
    /// Reads the `and`, `or` and `not` of a filter with `convert`, within the limits.
    fn nested<I, F>(
        &mut self,
        and: Option<Vec<I>>,
        or: Option<Vec<I>>,
        not: Option<Box<I>>,
        convert: fn(I, &mut Budget) -> Result<F, ApiError>,
    ) -> Result<Nested<F>, ApiError> {
        if and.is_none() && or.is_none() && not.is_none() {
            return Ok(Nested::default());
        }
        if self.depth == MAX_FILTER_NESTING {
            return Err(ApiError::bad_input(format!(
                "filters nest at most {MAX_FILTER_NESTING} levels deep in `and`, `or` and `not`"
            )));
        }
        self.filters += and.as_ref().map_or(0, Vec::len)
            + or.as_ref().map_or(0, Vec::len)
            + usize::from(not.is_some());
        if self.filters > MAX_NESTED_FILTERS {
            return Err(ApiError::bad_input(format!(
                "a filter may nest at most {MAX_NESTED_FILTERS} filters in `and`, `or` and `not`"
            )));
        }
        self.depth += 1;
        let mut list = |filters: Vec<I>| {
            filters
                .into_iter()
                .map(|f| convert(f, &mut *self))
                .collect::<Result<Vec<F>, ApiError>>()
        };
        let all_of = and.map(&mut list).transpose()?.unwrap_or_default();
        let any_of = or.map(&mut list).transpose()?;
        let not = not
            .map(|f| convert(*f, &mut *self).map(Box::new))
            .transpose()?;
        self.depth -= 1;
        Ok(Nested {
            all_of,
            any_of,
            not,
        })
    }
}

impl RecommendationFilterInput {
    fn into_store(self) -> Result<Filter, ApiError> {
        Ok(Filter::Recommendations(Box::new(
            self.into_filter(&mut Budget::default())?,
        )))
    }

    fn into_filter(self, budget: &mut Budget) -> Result<RecommendationFilter, ApiError> {
        Ok(RecommendationFilter {
            nested: budget.nested(self.and, self.or, self.not, Self::into_filter)?,
            states_under_review: state_keys(self.state_under_review, "stateUnderReview")?,
            recommending_states: state_keys(self.recommending_state, "recommendingState")?,
            cycles: numbers(self.cycle, CycleNumber::new)?,
            sessions: numbers(self.session, SessionNumber::new)?,
            responses: domain_values(self.response),
            action_categories: numbers(self.action_category, ActionCategory::new)?,
            themes: self.theme,
            regional_groups_under_review: domain_values(self.regional_group_under_review),
            recommending_regional_groups: domain_values(self.recommending_regional_group),
            organizations_under_review: self.organization_under_review,
            recommending_organizations: self.recommending_organization,
            datasets: self.dataset,
            affected_persons: self.affected_persons,
            sdg_targets: self.sdg_target,
            search: self.search.as_deref().map(search_query).transpose()?,
            reviews: self
                .review
                .map(|review| review.into_filter(budget))
                .transpose()?,
        })
    }
}

impl AidFlowFilterInput {
    fn into_store(self) -> Result<Filter, ApiError> {
        Ok(Filter::AidFlows(self.into_filter(&mut Budget::default())?))
    }

    fn into_filter(self, budget: &mut Budget) -> Result<AidFlowFilter, ApiError> {
        if let (Some(from), Some(to)) = (self.fiscal_year_from, self.fiscal_year_to) {
            if from > to {
                return Err(ApiError::bad_input(format!(
                    "`fiscalYearFrom` ({from}) is after `fiscalYearTo` ({to})"
                )));
            }
        }
        let currencies = self
            .currency
            .map(|codes| {
                codes
                    .iter()
                    .map(|c| {
                        domain::Currency::parse(c.trim())
                            .map_err(|e| ApiError::bad_input(format!("`currency`: {e}")))
                    })
                    .collect::<Result<Vec<_>, _>>()
            })
            .transpose()?;
        // An amount means something only in one currency.
        let one_currency = match currencies.as_deref() {
            Some([currency]) => Some(*currency),
            _ => None,
        };
        let amount = |value: Option<Decimal>, field: &str| -> Result<Option<i64>, ApiError> {
            let Some(value) = value else {
                return Ok(None);
            };
            let currency = one_currency.ok_or_else(|| {
                ApiError::bad_input(format!(
                    "`{field}` needs exactly one `currency` to be read in"
                ))
            })?;
            domain::Money::parse_decimal(&value.0, currency)
                .map(|m| Some(m.minor_units()))
                .map_err(|e| ApiError::bad_input(format!("`{field}`: {e}")))
        };
        Ok(AidFlowFilter {
            nested: budget.nested(self.and, self.or, self.not, Self::into_filter)?,
            donors: state_keys(self.donor, "donor")?,
            donor_organizations: self.donor_organization,
            recipients: state_keys(self.recipient, "recipient")?,
            categories: domain_values(self.category),
            transaction_types: domain_values(self.transaction_type),
            fiscal_year_from: self.fiscal_year_from,
            fiscal_year_to: self.fiscal_year_to,
            currencies,
            amount_min_minor: amount(self.amount_at_least, "amountAtLeast")?,
            amount_max_minor: amount(self.amount_at_most, "amountAtMost")?,
            sources: self.source,
            datasets: self.dataset,
        })
    }
}

impl ArmsTransferFilterInput {
    fn into_store(self) -> Result<Filter, ApiError> {
        Ok(Filter::ArmsTransfers(
            self.into_filter(&mut Budget::default())?,
        ))
    }

    fn into_filter(self, budget: &mut Budget) -> Result<ArmsTransferFilter, ApiError> {
        for (from, to, what) in [
            (self.order_year_from, self.order_year_to, "orderYear"),
            (
                self.delivery_year_from,
                self.delivery_year_to,
                "deliveryYear",
            ),
        ] {
            if let (Some(from), Some(to)) = (from, to) {
                if from > to {
                    return Err(ApiError::bad_input(format!(
                        "`{what}From` ({from}) is after `{what}To` ({to})"
                    )));
                }
            }
        }
        Ok(ArmsTransferFilter {
            nested: budget.nested(self.and, self.or, self.not, Self::into_filter)?,
            suppliers: state_keys(self.supplier, "supplier")?,
            recipients: state_keys(self.recipient, "recipient")?,
            supplier_regional_groups: domain_values(self.supplier_regional_group),
            recipient_regional_groups: domain_values(self.recipient_regional_group),
            order_year_from: self.order_year_from,
            order_year_to: self.order_year_to,
            delivery_year_from: self.delivery_year_from,
            delivery_year_to: self.delivery_year_to,
            armament_categories: self.armament_category,
            descriptions: self.description,
            statuses: domain_values(self.status),
            datasets: self.dataset,
        })
    }
}

/// The store filter for an optional arms-transfer filter argument.
pub(crate) fn arms_transfer_filter(
    input: Option<ArmsTransferFilterInput>,
) -> async_graphql::Result<Filter> {
    input
        .map_or(Ok(Filter::All), ArmsTransferFilterInput::into_store)
        .api()
}

/// A search as clients type it, parsed; refused with where it could not be read.
pub(crate) fn search_query(search: &str) -> Result<SearchQuery, ApiError> {
    SearchQuery::parse(search).map_err(|e| ApiError::bad_input(format!("search: {e}")))
}

/// The store filter for an optional recommendation filter argument.
pub(crate) fn recommendation_filter(
    input: Option<RecommendationFilterInput>,
) -> async_graphql::Result<Filter> {
    input
        .map_or(Ok(Filter::All), RecommendationFilterInput::into_store)
        .api()
}

/// The store filter for an optional aid-flow filter argument.
pub(crate) fn aid_flow_filter(input: Option<AidFlowFilterInput>) -> async_graphql::Result<Filter> {
    input
        .map_or(Ok(Filter::All), AidFlowFilterInput::into_store)
        .api()
}

/// Reads a filter given as JSON in the API's own terms, as `RecommendationFilter`,
/// `AidFlowFilter` or `ArmsTransferFilter` would be written in a query's variables: the filter of exports,
/// which take the same filters as the lists they export.
fn filter_from_json<T: async_graphql::InputType>(
    json: serde_json::Value,
    into_store: impl FnOnce(T) -> Result<Filter, ApiError>,
) -> Result<Filter, String> {
    let value = async_graphql::Value::from_json(json).map_err(|e| e.to_string())?;
    if !matches!(value, async_graphql::Value::Object(_)) {
        return Err(format!(
            "a filter is a JSON object of {} fields",
            T::type_name()
        ));
    }
    let input = T::parse(Some(value.clone()))
        .map_err(|e| e.into_server_error(async_graphql::Pos::default()).message)?;
    // Parsing skips fields the type does not have; a query's validation would not.
    if let Some((path, known)) = unknown_field(&value, &input.to_value(), String::new()) {
        return Err(format!(
            "{} has no field `{path}`; the fields there are {}",
            T::type_name(),
            known.join(", ")
        ));
    }
    into_store(input).map_err(|e| e.to_string())
}

/// The first field of `given` (as a dotted path) that `parsed`, the same input read
/// by its type, does not have, with the fields it has there.
fn unknown_field(
    given: &async_graphql::Value,
    parsed: &async_graphql::Value,
    path: String,
) -> Option<(String, Vec<String>)> {
    use async_graphql::Value;
    match (given, parsed) {
        (Value::Object(given), Value::Object(known)) => given.iter().find_map(|(name, value)| {
            let here = if path.is_empty() {
                name.to_string()
            } else {
                format!("{path}.{name}")
            };
            match known.get(name) {
                Some(parsed) => unknown_field(value, parsed, here),
                None => Some((here, known.keys().map(|k| k.to_string()).collect())),
            }
        }),
        (Value::List(given), Value::List(parsed)) => given
            .iter()
            .zip(parsed)
            .enumerate()
            .find_map(|(i, (g, p))| unknown_field(g, p, format!("{path}.{i}"))),
        _ => None,
    }
}

pub fn recommendation_filter_from_json(json: serde_json::Value) -> Result<Filter, String> {
    filter_from_json(json, RecommendationFilterInput::into_store)
}

/// An aid-flow filter from JSON (`{"donor": ["USA"], "fiscalYearFrom": 2000}`).
pub fn aid_flow_filter_from_json(json: serde_json::Value) -> Result<Filter, String> {
    filter_from_json(json, AidFlowFilterInput::into_store)
}

/// An arms-transfer filter from JSON (`{"supplier": ["USA"], "deliveryYearFrom": 2015}`).
pub fn arms_transfer_filter_from_json(json: serde_json::Value) -> Result<Filter, String> {
    filter_from_json(json, ArmsTransferFilterInput::into_store)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_from_json_refuse_unknown_fields_and_bad_values() {
        assert!(recommendation_filter_from_json(serde_json::json!({ "session": [9] })).is_ok());
        let unknown = recommendation_filter_from_json(serde_json::json!({ "noSuchField": 1 }));
        assert!(
            unknown
                .as_ref()
                .is_err_and(|e| e.contains("RecommendationFilter has no field `noSuchField`")),
            "{unknown:?}"
        );
        let nested = recommendation_filter_from_json(
            serde_json::json!({ "or": [{ "session": [9] }, { "not": { "sesion": [1] } }] }),
        );
        assert!(
            nested
                .as_ref()
                .is_err_and(|e| e.contains("RecommendationFilter has no field `or.1.not.sesion`")),
            "{nested:?}"
        );
        assert!(aid_flow_filter_from_json(serde_json::json!({ "donor": "USA" })).is_ok());
        assert!(arms_transfer_filter_from_json(serde_json::json!({ "supplier": ["USA"] })).is_ok());
        assert!(aid_flow_filter_from_json(serde_json::json!({ "fiscalYearFrom": "x" })).is_err());
        assert!(aid_flow_filter_from_json(serde_json::json!([1])).is_err());
    }
}

/// Which states to list. Fields combine with AND; a list matches any of its values.
/// Example: `{ regionalGroup: [AFRICAN], organization: ["OIC"] }`.
#[derive(Debug, Default, InputObject)]
#[graphql(name = "StateFilter")]
pub struct StateFilterInput {
    /// Current UN regional groups.
    regional_group: Option<Vec<RegionalGroup>>,
    /// UN status: member or observer.
    un_status: Option<Vec<UnStatus>>,
    /// Organisations the state belongs to, by code (`OIC`, `EU`).
    organization: Option<Vec<String>>,
    /// Part of any of the state's names or spellings, in any case and with or without
    /// accents (`ivoire` finds Côte d'Ivoire).
    name_contains: Option<String>,
    /// Filters that must all match as well.
    and: Option<Vec<StateFilterInput>>,
    /// Filters of which at least one must match; an empty list matches nothing.
    or: Option<Vec<StateFilterInput>>,
    /// A filter that must not match, e.g. `not: { regionalGroup: [WESTERN_EUROPEAN_AND_OTHERS] }`.
    not: Option<Box<StateFilterInput>>,
}

impl StateFilterInput {
    fn into_store(self) -> Result<Filter, ApiError> {
        Ok(Filter::States(self.into_filter(&mut Budget::default())?))
    }

    fn into_filter(self, budget: &mut Budget) -> Result<StateFilter, ApiError> {
        let name_contains = match self.name_contains {
            Some(name) => {
                let key = domain::normalize_name(&name);
                if key.is_empty() {
                    return Err(ApiError::bad_input(
                        "`nameContains` needs a letter or digit",
                    ));
                }
                Some(key)
            }
            None => None,
        };
        Ok(StateFilter {
            nested: budget.nested(self.and, self.or, self.not, Self::into_filter)?,
            regional_groups: domain_values(self.regional_group),
            un_statuses: domain_values(self.un_status),
            organizations: self.organization,
            name_contains,
        })
    }
}

/// Which reviews to list. Fields combine with AND; a list matches any of its values.
/// Example: `{ status: [NON_COOPERATION] }` or `{ from: "2020-01-01", to: "2020-12-31" }`.
#[derive(Debug, Default, InputObject)]
#[graphql(name = "ReviewFilter")]
pub struct ReviewFilterInput {
    /// States under review, by ISO 3166-1 code (alpha-3 or alpha-2).
    state: Option<Vec<String>>,
    /// UPR cycles, by number.
    cycle: Option<Vec<i32>>,
    /// Working Group sessions, by number.
    session: Option<Vec<i32>>,
    /// Review statuses.
    status: Option<Vec<ReviewStatus>>,
    /// Reviews held (or, if not held, scheduled) on or after this day.
    from: Option<Date>,
    /// Reviews held (or, if not held, scheduled) on or before this day.
    to: Option<Date>,
    /// Filters that must all match as well.
    and: Option<Vec<ReviewFilterInput>>,
    /// Filters of which at least one must match; an empty list matches nothing.
    or: Option<Vec<ReviewFilterInput>>,
    /// A filter that must not match, e.g. `not: { status: [HELD] }`.
    not: Option<Box<ReviewFilterInput>>,
}

impl ReviewFilterInput {
    fn into_store(self) -> Result<Filter, ApiError> {
        Ok(Filter::Reviews(self.into_filter(&mut Budget::default())?))
    }

    fn into_filter(self, budget: &mut Budget) -> Result<ReviewFilter, ApiError> {
        Ok(ReviewFilter {
            nested: budget.nested(self.and, self.or, self.not, Self::into_filter)?,
            states: state_keys(self.state, "state")?,
            cycles: numbers(self.cycle, CycleNumber::new)?,
            sessions: numbers(self.session, SessionNumber::new)?,
            statuses: domain_values(self.status),
            from: self.from.map(|d| d.0),
            to: self.to.map(|d| d.0),
        })
    }
}

/// The store filter for an optional state filter argument.
pub(crate) fn state_filter(input: Option<StateFilterInput>) -> async_graphql::Result<Filter> {
    input
        .map_or(Ok(Filter::All), StateFilterInput::into_store)
        .api()
}

/// The store filter for an optional review filter argument.
pub(crate) fn review_filter(input: Option<ReviewFilterInput>) -> async_graphql::Result<Filter> {
    input
        .map_or(Ok(Filter::All), ReviewFilterInput::into_store)
        .api()
}

/// Each filter input as the filter of its lists' pages.
macro_rules! filter_input {
    ($($input:ty => $filter:ident),* $(,)?) => {$(
        impl crate::connection::FilterInput for $input {
            fn into_filter(input: Option<Self>) -> async_graphql::Result<Filter> {
                $filter(input)
            }
        }
    )*};
}

filter_input!(
    RecommendationFilterInput => recommendation_filter,
    AidFlowFilterInput => aid_flow_filter,
    StateFilterInput => state_filter,
    ReviewFilterInput => review_filter,
    ArmsTransferFilterInput => arms_transfer_filter,
);
