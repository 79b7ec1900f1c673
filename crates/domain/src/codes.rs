use std::fmt;

use crate::DomainError;

/// An ISO 3166-1 alpha-3 code, the natural key of a state (`USA`, `ISR`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StateCode([u8; 3]);

impl StateCode {
    /// Parses three ASCII letters, in any case, into an upper-case code.
    pub fn parse(input: &str) -> Result<Self, DomainError> {
        letters::<3>(input)
            .map(Self)
            .ok_or_else(|| DomainError::InvalidStateCode(input.to_owned()))
    }

    /// The code as text.
    pub fn code(&self) -> &str {
        // Built only from ASCII letters, so always valid UTF-8.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }
}

impl fmt::Display for StateCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// An ISO 3166-1 alpha-2 code (`US`, `IL`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Alpha2Code([u8; 2]);

impl Alpha2Code {
    /// Parses two ASCII letters, in any case, into an upper-case code.
    pub fn parse(input: &str) -> Result<Self, DomainError> {
        letters::<2>(input)
            .map(Self)
            .ok_or_else(|| DomainError::InvalidStateCode(input.to_owned()))
    }

    /// The code as text.
    pub fn code(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or_default()
    }
}

/// How a caller may name a state by code: alpha-3 or alpha-2.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StateKey {
    /// Three letters, e.g. `USA`.
    Alpha3(StateCode),
    /// Two letters, e.g. `US`.
    Alpha2(Alpha2Code),
}

impl StateKey {
    /// Reads an alpha-3 or alpha-2 code, ignoring case and surrounding spaces.
    pub fn parse(input: &str) -> Result<Self, DomainError> {
        let trimmed = input.trim();
        match trimmed.len() {
            3 => StateCode::parse(trimmed).map(Self::Alpha3),
            2 => Alpha2Code::parse(trimmed).map(Self::Alpha2),
            _ => Err(DomainError::InvalidStateCode(input.to_owned())),
        }
    }
}

fn letters<const N: usize>(input: &str) -> Option<[u8; N]> {
    let bytes = input.as_bytes();
    if bytes.len() != N || !bytes.iter().all(u8::is_ascii_alphabetic) {
        return None;
    }
    let mut out = [0u8; N];
    for (slot, byte) in out.iter_mut().zip(bytes) {
        *slot = byte.to_ascii_uppercase();
    }
    Some(out)
}

macro_rules! bounded_number {
    ($(#[$meta:meta])* $name:ident($inner:ty), $min:expr, $max:expr, $err:ident) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name($inner);

        impl $name {
            /// The smallest accepted value.
            pub const MIN: $inner = $min;
            /// The largest accepted value.
            pub const MAX: $inner = $max;

            /// Accepts a number within the bounds.
            pub fn new(value: i64) -> Result<Self, DomainError> {
                if (i64::from(Self::MIN)..=i64::from(Self::MAX)).contains(&value) {
                    Ok(Self(value as $inner))
                } else {
                    Err(DomainError::$err(value))
                }
            }

            /// The number itself.
            pub fn get(self) -> $inner {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

bounded_number!(
    /// The number of a UPR cycle (1 for 2008-2011, 4 for the cycle begun in November 2022).
    CycleNumber(u8), 1, 99, InvalidCycle
);
bounded_number!(
    /// The number of a UPR Working Group session (1 in April 2008; 50 in November 2025).
    SessionNumber(u16), 1, 999, InvalidSession
);
bounded_number!(
    /// The UPR Info action category of a recommendation: 1 (minimal action, e.g. a call
    /// to share experience) to 5 (specific action, e.g. ratify a named treaty).
    ActionCategory(u8), 1, 5, InvalidActionCategory
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_codes_are_upper_cased_and_checked() {
        assert_eq!(StateCode::parse("usa").unwrap().code(), "USA");
        assert!(StateCode::parse("US").is_err());
        assert!(StateCode::parse("U1A").is_err());
        assert!(StateCode::parse("ÜSA").is_err());
    }

    #[test]
    fn state_keys_accept_both_code_lengths() {
        assert_eq!(
            StateKey::parse(" il ").unwrap(),
            StateKey::Alpha2(Alpha2Code::parse("IL").unwrap())
        );
        assert!(matches!(StateKey::parse("ISR"), Ok(StateKey::Alpha3(_))));
        assert!(StateKey::parse("Israel").is_err());
        assert!(StateKey::parse("").is_err());
    }

    #[test]
    fn bounded_numbers_refuse_out_of_range_values() {
        assert_eq!(CycleNumber::new(4).unwrap().get(), 4);
        assert!(CycleNumber::new(0).is_err());
        assert!(SessionNumber::new(1000).is_err());
        assert_eq!(ActionCategory::new(5).unwrap().get(), 5);
        assert!(ActionCategory::new(6).is_err());
    }
}
