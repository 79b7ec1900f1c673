//! `orderBy`: the sort keys a client may give a list, each with a direction. A list
//! is sorted by its keys in turn, then by id, so every item has one place and cursors
//! stay valid while items are added elsewhere. Without `orderBy` a list is in id
//! order (the order of import), or, when its filter searches text, by relevance.

use async_graphql::{Enum, InputObject};
use uprgraph_store::{Filter, SortKey, SortTerm};

use crate::{ApiError, OrApiError};

/// The most keys one `orderBy` may give.
pub const MAX_ORDER_KEYS: usize = 5;

/// Which way a key sorts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Enum)]
pub enum OrderDirection {
    /// Lowest first; a missing value comes first.
    #[default]
    Asc,
    /// Highest first; a missing value comes last.
    Desc,
}

/// Declares a sort-field enum, its `orderBy` input type, and their store sort terms.
macro_rules! order_input {
    (
        $(#[doc = $input_doc:literal])* $input:ident,
        $(#[doc = $field_doc:literal])* $field:ident {
            $($(#[doc = $doc:literal])* $variant:ident => $key:ident,)+
        }
    ) => {
        $(#[doc = $field_doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
        pub enum $field {
            $($(#[doc = $doc])* $variant,)+
        }

        $(#[doc = $input_doc])*
        #[derive(Debug, Clone, Copy, InputObject)]
        pub struct $input {
            /// What to sort by.
            pub field: $field,
            /// Ascending (the default) or descending.
            #[graphql(default)]
            pub direction: OrderDirection,
        }

        impl From<$input> for SortTerm {
            fn from(input: $input) -> Self {
                SortTerm {
                    key: match input.field {
                        $($field::$variant => SortKey::$key,)+
                    },
                    descending: input.direction == OrderDirection::Desc,
                }
            }
        }
    };
}

order_input!(
    /// One key of a recommendation list's order.
    RecommendationOrder,
    /// What recommendation lists can be sorted by.
    RecommendationOrderField {
        /// The order of import.
        Id => Id,
        /// Relevance to the filter's `search`, best first when descending. Only with a search.
        Relevance => Relevance,
        /// The day of the review the recommendation was made in (held, or else scheduled).
        ReviewDate => RecommendationReviewDate,
        /// The cycle number.
        Cycle => RecommendationCycle,
        /// The session number.
        Session => RecommendationSession,
        /// The name of the state under review, ignoring case and diacritics.
        StateUnderReview => RecommendationStateUnderReview,
        /// The name of the recommending state, ignoring case and diacritics.
        RecommendingState => RecommendingState,
        /// The response code (`NOTED`, `SUPPORTED`, ...), alphabetically.
        Response => RecommendationResponse,
        /// The action category, 1 (minimal action) to 5 (specific action).
        ActionCategory => RecommendationActionCategory,
    }
);

order_input!(
    /// One key of an aid-flow list's order.
    AidFlowOrder,
    /// What aid-flow lists can be sorted by.
    AidFlowOrderField {
        /// The order of import.
        Id => Id,
        /// The fiscal year.
        FiscalYear => AidFiscalYear,
        /// The amount, in its own currency: sort by `CURRENCY` first when a list mixes currencies.
        Amount => AidAmount,
        /// The currency code.
        Currency => AidCurrency,
        /// The donor's name, ignoring case and diacritics.
        Donor => AidDonor,
        /// The recipient's name, ignoring case and diacritics.
        Recipient => AidRecipient,
        /// The category code, alphabetically.
        Category => AidCategory,
        /// The transaction type code, alphabetically.
        TransactionType => AidTransactionType,
    }
);

order_input!(
    /// One key of an arms-transfer list's order.
    ArmsTransferOrder,
    /// What arms-transfer lists can be sorted by.
    ArmsTransferOrderField {
        /// The order of import.
        Id => Id,
        /// The year of the order.
        OrderYear => ArmsOrderYear,
        /// The supplier's name, ignoring case and diacritics.
        Supplier => ArmsSupplier,
        /// The recipient's name, ignoring case and diacritics.
        Recipient => ArmsRecipient,
        /// The SIPRI TIV delivered (millions of SIPRI trend-indicator values; none counts as 0).
        TivDelivered => ArmsTivDelivered,
        /// The weapon's designation, by its bytes.
        Designation => ArmsDesignation,
    }
);

order_input!(
    /// One key of a review list's order.
    ReviewOrder,
    /// What review lists can be sorted by.
    ReviewOrderField {
        /// The order of import.
        Id => Id,
        /// The day the review was held, or else scheduled.
        Date => ReviewDate,
        /// The cycle number.
        Cycle => ReviewCycle,
        /// The session number.
        Session => ReviewSession,
        /// The name of the state reviewed, ignoring case and diacritics.
        State => ReviewState,
        /// The status code, alphabetically.
        Status => ReviewStatus,
    }
);

order_input!(
    /// One key of a state list's order.
    StateOrder,
    /// What state lists can be sorted by.
    StateOrderField {
        /// The order of import.
        Id => Id,
        /// The short name, ignoring case, diacritics and a leading "the".
        Name => StateName,
        /// The ISO 3166-1 alpha-3 code.
        Code => StateAlpha3,
        /// The day the state joined the UN.
        AdmittedOn => StateAdmittedOn,
    }
);

/// A list's sort terms from its `orderBy` argument: at most [`MAX_ORDER_KEYS`] keys,
/// none twice.
pub(crate) fn sort_terms<I: Into<SortTerm>>(
    order_by: Option<Vec<I>>,
) -> async_graphql::Result<Vec<SortTerm>> {
    checked_terms(order_by).api()
}

fn checked_terms<I: Into<SortTerm>>(order_by: Option<Vec<I>>) -> Result<Vec<SortTerm>, ApiError> {
    let terms: Vec<SortTerm> = order_by
        .unwrap_or_default()
        .into_iter()
        .map(Into::into)
        .collect();
    if terms.len() > MAX_ORDER_KEYS {
        return Err(ApiError::bad_input(format!(
            "`orderBy` takes at most {MAX_ORDER_KEYS} keys, not {}",
            terms.len()
        )));
    }
    for (i, term) in terms.iter().enumerate() {
        if terms[..i].iter().any(|t| t.key == term.key) {
            return Err(ApiError::bad_input(format!(
                "key {} of `orderBy` repeats an earlier one; give each key once",
                i + 1
            )));
        }
    }
    Ok(terms)
}

/// The order a list with `filter` is sorted in: the client's, checked against the
/// filter, or else by relevance when the filter searches text, or else by id.
pub(crate) fn list_order(terms: Vec<SortTerm>, filter: &Filter) -> Result<Vec<SortTerm>, ApiError> {
    let relevance = terms.iter().any(|t| t.key == SortKey::Relevance);
    if relevance && !filter.searches() {
        return Err(ApiError::bad_input(
            "`RELEVANCE` orders a list by its search: give `filter: { search: \"...\" }` too, or order by another key",
        ));
    }
    if terms.is_empty() && filter.searches() {
        return Ok(vec![SortTerm {
            key: SortKey::Relevance,
            descending: true,
        }]);
    }
    Ok(terms)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_checked() {
        let key = |field| RecommendationOrder {
            field,
            direction: OrderDirection::Desc,
        };
        let terms = checked_terms(Some(vec![
            key(RecommendationOrderField::Cycle),
            key(RecommendationOrderField::Response),
        ]))
        .unwrap();
        assert_eq!(
            terms,
            [
                SortTerm {
                    key: SortKey::RecommendationCycle,
                    descending: true
                },
                SortTerm {
                    key: SortKey::RecommendationResponse,
                    descending: true
                }
            ]
        );
        let twice = checked_terms(Some(vec![
            key(RecommendationOrderField::Cycle),
            key(RecommendationOrderField::Cycle),
        ]));
        assert!(twice
            .unwrap_err()
            .to_string()
            .contains("key 2 of `orderBy` repeats"));
        let relevance =
            checked_terms(Some(vec![key(RecommendationOrderField::Relevance)])).unwrap();
        assert!(list_order(relevance, &Filter::All)
            .unwrap_err()
            .to_string()
            .contains("search"));
        assert!(list_order(Vec::new(), &Filter::All).unwrap().is_empty());
    }
}
