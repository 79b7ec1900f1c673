//! Arms transfers as SIPRI's Arms Transfers Database counts them. Their volume is the
//! SIPRI trend-indicator value (TIV): a measure of the military capability
//! transferred, priced by SIPRI per weapon, **not money**. It has a type of its own,
//! [`Tiv`], which adds only to other TIVs, so that no sum can mix it with an amount
//! of [`crate::Money`].

use std::{fmt, iter::Sum, ops::Add};

use crate::DomainError;

/// An exact volume in millions of SIPRI trend-indicator values, as SIPRI's exports
/// write it (`4.8`, `227.37`): an integer count of thousandths of a million TIV, so
/// that sums are exact on every backend. Never a float, never money.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Tiv(i64);

/// Thousandths of a million TIV in one million TIV.
const SCALE: i64 = 1000;

/// The most decimal places a TIV is read with (thousandths of a million).
const DECIMALS: usize = 3;

impl Tiv {
    /// Zero TIV.
    pub const ZERO: Self = Self(0);

    /// A volume given in thousandths of a million TIV, as the database stores it.
    pub fn from_thousandths(thousandths: i64) -> Self {
        Self(thousandths)
    }

    /// The volume in thousandths of a million TIV.
    pub fn thousandths(self) -> i64 {
        self.0
    }

    /// Reads a volume in millions such as `4.8`, `0` or `227.37`: digits with at most
    /// three decimals, never negative (SIPRI publishes no negative volume).
    pub fn parse_millions(input: &str) -> Result<Self, DomainError> {
        let invalid = |reason| DomainError::InvalidTiv {
            value: input.to_owned(),
            reason,
        };
        let trimmed = input.trim();
        let (whole, fraction) = trimmed.split_once('.').unwrap_or((trimmed, ""));
        let is_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() || !is_digits(whole) || !is_digits(fraction) {
            return Err(invalid("expected digits with an optional `.`"));
        }
        if fraction.len() > DECIMALS {
            return Err(invalid("more than three decimal places"));
        }
        let whole: i64 = whole.parse().map_err(|_| invalid("too large"))?;
        let fraction: i64 = match fraction {
            "" => 0,
            digits => {
                let padded = format!("{digits:0<DECIMALS$}");
                padded.parse().map_err(|_| invalid("too large"))?
            }
        };
        whole
            .checked_mul(SCALE)
            .and_then(|w| w.checked_add(fraction))
            .map(Self)
            .ok_or_else(|| invalid("too large"))
    }

    /// The volume in millions as an exact decimal string without trailing zeros:
    /// `4.8`, `227.37`, `0`.
    pub fn to_millions_string(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let magnitude = self.0.unsigned_abs();
        let scale = SCALE.unsigned_abs();
        let fraction = magnitude % scale;
        if fraction == 0 {
            return format!("{sign}{}", magnitude / scale);
        }
        let digits = format!("{fraction:0DECIMALS$}");
        format!(
            "{sign}{}.{}",
            magnitude / scale,
            digits.trim_end_matches('0')
        )
    }

    /// The sum of two volumes, or `None` past ±9.2e15 million TIV.
    pub fn checked_add(self, other: Self) -> Option<Self> {
        self.0.checked_add(other.0).map(Self)
    }
}

impl Add for Tiv {
    type Output = Self;

    /// Adds two volumes, saturating far beyond any real total (the whole register
    /// holds about two million million TIV).
    fn add(self, other: Self) -> Self {
        Self(self.0.saturating_add(other.0))
    }
}

impl Sum for Tiv {
    fn sum<I: Iterator<Item = Self>>(iter: I) -> Self {
        iter.fold(Self::ZERO, Add::add)
    }
}

impl fmt::Display for Tiv {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} million SIPRI TIV", self.to_millions_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn volumes_are_exact() {
        let tiv = Tiv::parse_millions("227.37").unwrap();
        assert_eq!(tiv.thousandths(), 227_370);
        assert_eq!(tiv.to_millions_string(), "227.37");
        assert_eq!(Tiv::parse_millions("0").unwrap(), Tiv::ZERO);
        assert_eq!(
            Tiv::parse_millions("4.8").unwrap().to_millions_string(),
            "4.8"
        );
        assert_eq!(Tiv::parse_millions("0.005").unwrap().thousandths(), 5);
        let sum: Tiv = ["0.1", "0.2"]
            .iter()
            .map(|v| Tiv::parse_millions(v).unwrap())
            .sum();
        assert_eq!(sum.to_millions_string(), "0.3");
        assert_eq!(sum.to_string(), "0.3 million SIPRI TIV");
    }

    #[test]
    fn bad_volumes_are_refused() {
        for bad in [
            "",
            "-1",
            "1.2345",
            "1e3",
            ".5",
            "1,5",
            "99999999999999999999",
        ] {
            assert!(Tiv::parse_millions(bad).is_err(), "{bad:?} was taken");
        }
    }
}
