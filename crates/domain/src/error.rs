use thiserror::Error;

/// Why a value was refused by a domain constructor.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DomainError {
    /// A state code that is neither three letters (ISO 3166 alpha-3) nor two (alpha-2).
    #[error(
        "`{0}` is not a state code: expected ISO 3166 alpha-3 (e.g. USA) or alpha-2 (e.g. US)"
    )]
    InvalidStateCode(String),
    /// A UPR cycle number outside 1..=99.
    #[error("{0} is not a UPR cycle number: cycles are numbered 1 to 99")]
    InvalidCycle(i64),
    /// A UPR Working Group session number outside 1..=999.
    #[error("{0} is not a UPR session number: sessions are numbered 1 to 999")]
    InvalidSession(i64),
    /// An action category outside the UPR Info scale 1..=5.
    #[error("{0} is not an action category: the scale runs from 1 (minimal action) to 5 (specific action)")]
    InvalidActionCategory(i64),
    /// A search query that cannot be read.
    #[error("{reason} at character {at}")]
    InvalidSearch {
        /// The character (counted from 1) where reading failed.
        at: usize,
        /// What is wrong there.
        reason: String,
    },
    /// A code that names no value of an enumeration.
    #[error("`{value}` is not a known {kind}; expected one of: {expected}")]
    UnknownCode {
        /// What was being parsed, e.g. "review status".
        kind: &'static str,
        /// The rejected input.
        value: String,
        /// The accepted codes, comma-separated.
        expected: String,
    },
    /// A currency code that is not three upper-case letters.
    #[error("`{0}` is not an ISO 4217 currency code")]
    InvalidCurrency(String),
    /// An amount that is not an exact decimal number fitting the currency's minor unit.
    #[error("`{value}` is not a valid {currency} amount: {reason}")]
    InvalidAmount {
        /// The rejected input.
        value: String,
        /// The currency the amount was read in.
        currency: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A SIPRI trend-indicator value that is not an exact, non-negative decimal number
    /// of millions with at most three decimals.
    #[error("`{value}` is not a SIPRI TIV in millions: {reason}")]
    InvalidTiv {
        /// The rejected input.
        value: String,
        /// What is wrong with it.
        reason: &'static str,
    },
}
