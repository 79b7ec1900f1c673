use std::fmt;

use crate::DomainError;

/// An ISO 4217 currency code with the number of digits of its minor unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Currency {
    code: [u8; 3],
    exponent: u8,
}

impl Currency {
    /// The United States dollar, in cents.
    pub const USD: Self = Self {
        code: *b"USD",
        exponent: 2,
    };

    /// Reads a three-letter code. Currencies whose minor unit is not two digits
    /// are listed here; every other code is taken to have cents.
    pub fn parse(input: &str) -> Result<Self, DomainError> {
        let trimmed = input.trim();
        let bytes = trimmed.as_bytes();
        if bytes.len() != 3 || !bytes.iter().all(u8::is_ascii_alphabetic) {
            return Err(DomainError::InvalidCurrency(input.to_owned()));
        }
        let code = [
            bytes[0].to_ascii_uppercase(),
            bytes[1].to_ascii_uppercase(),
            bytes[2].to_ascii_uppercase(),
        ];
        let exponent = match &code {
            b"JPY" | b"KRW" | b"ISK" | b"CLP" | b"VND" | b"XAF" | b"XOF" | b"UGX" | b"PYG" => 0,
            b"BHD" | b"KWD" | b"OMR" | b"JOD" | b"TND" | b"LYD" | b"IQD" => 3,
            _ => 2,
        };
        Ok(Self { code, exponent })
    }

    /// The code as text.
    pub fn code(&self) -> &str {
        std::str::from_utf8(&self.code).unwrap_or_default()
    }

    /// Digits after the decimal point in an amount of this currency.
    pub fn exponent(&self) -> u8 {
        self.exponent
    }
}

/// An exact amount of money: an integer count of the currency's minor unit.
/// Never a float: 21.7 billion dollars stays 21,700,000,000.00.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Money {
    minor_units: i64,
    currency: Currency,
}

impl Money {
    /// An amount given in minor units (cents for USD).
    pub fn from_minor_units(minor_units: i64, currency: Currency) -> Self {
        Self {
            minor_units,
            currency,
        }
    }

    /// Reads a decimal amount such as `21700000000`, `-12.5` or `1234.56`, refusing
    /// more fractional digits than the currency has and amounts beyond ±9.2e16.
    pub fn parse_decimal(input: &str, currency: Currency) -> Result<Self, DomainError> {
        Self::parse_scaled(input, currency, 0)
    }

    /// Reads a decimal amount of millions, as OECD's tables give them (`409.23` is
    /// 409,230,000), exactly: the digits are shifted, never multiplied as a float. At
    /// most six fractional digits more than the currency has.
    pub fn parse_millions(input: &str, currency: Currency) -> Result<Self, DomainError> {
        Self::parse_scaled(input, currency, 6)
    }

    /// Reads a decimal amount in units of 10^`shift` of the currency.
    fn parse_scaled(input: &str, currency: Currency, shift: u8) -> Result<Self, DomainError> {
        let invalid = |reason| DomainError::InvalidAmount {
            value: input.to_owned(),
            currency: currency.code().to_owned(),
            reason,
        };
        let trimmed = input.trim();
        let (negative, digits) = match trimmed.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, trimmed),
        };
        let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
        let is_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() || !is_digits(whole) || !is_digits(fraction) {
            return Err(invalid("expected digits with an optional `-` and `.`"));
        }
        let places = u32::from(currency.exponent) + u32::from(shift);
        if fraction.len() > places as usize {
            return Err(invalid("more decimal places than the currency has"));
        }
        let scale = 10i64.pow(places);
        let fraction_scale = 10i64.pow(places - fraction.len() as u32);
        let whole: i64 = whole.parse().map_err(|_| invalid("too large"))?;
        let fraction: i64 = if fraction.is_empty() {
            0
        } else {
            fraction.parse().map_err(|_| invalid("too large"))?
        };
        let magnitude = whole
            .checked_mul(scale)
            .and_then(|w| w.checked_add(fraction * fraction_scale))
            .ok_or_else(|| invalid("too large"))?;
        Ok(Self::from_minor_units(
            if negative { -magnitude } else { magnitude },
            currency,
        ))
    }

    /// The amount in minor units.
    pub fn minor_units(&self) -> i64 {
        self.minor_units
    }

    /// The currency.
    pub fn currency(&self) -> Currency {
        self.currency
    }

    /// The amount as an exact decimal string with all the currency's decimals,
    /// e.g. `21700000000.00`.
    pub fn to_decimal_string(&self) -> String {
        let exponent = u32::from(self.currency.exponent);
        let sign = if self.minor_units < 0 { "-" } else { "" };
        let magnitude = self.minor_units.unsigned_abs();
        if exponent == 0 {
            return format!("{sign}{magnitude}");
        }
        let scale = 10u64.pow(exponent);
        format!(
            "{sign}{}.{:0width$}",
            magnitude / scale,
            magnitude % scale,
            width = exponent as usize
        )
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.to_decimal_string(), self.currency.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_exact() {
        let money = Money::parse_decimal("21700000000", Currency::USD).unwrap();
        assert_eq!(money.minor_units(), 2_170_000_000_000);
        assert_eq!(money.to_decimal_string(), "21700000000.00");
        let cents = Money::parse_decimal("-0.5", Currency::USD).unwrap();
        assert_eq!(cents.minor_units(), -50);
        assert_eq!(cents.to_decimal_string(), "-0.50");
    }

    #[test]
    fn bad_amounts_are_refused() {
        assert!(Money::parse_decimal("1.234", Currency::USD).is_err());
        assert!(Money::parse_decimal("1e9", Currency::USD).is_err());
        assert!(Money::parse_decimal("", Currency::USD).is_err());
        assert!(Money::parse_decimal(".5", Currency::USD).is_err());
        assert!(Money::parse_decimal("99999999999999999999", Currency::USD).is_err());
    }

    #[test]
    fn currencies_know_their_minor_unit() {
        let yen = Currency::parse("jpy").unwrap();
        assert_eq!(yen.code(), "JPY");
        assert_eq!(
            Money::parse_decimal("150", yen)
                .unwrap()
                .to_decimal_string(),
            "150"
        );
        assert!(Currency::parse("US$").is_err());
    }

    #[test]
    fn millions_are_shifted_exactly() {
        let read = |v| {
            Money::parse_millions(v, Currency::USD)
                .unwrap()
                .minor_units()
        };
        assert_eq!(read("409.23"), 40_923_000_000);
        assert_eq!(read("-0.16"), -16_000_000);
        assert_eq!(read("146536.7"), 14_653_670_000_000);
        assert_eq!(read("0"), 0);
        assert_eq!(read("1.23456789"), 123_456_789);
        assert!(Money::parse_millions("1.234567891", Currency::USD).is_err());
        assert!(Money::parse_millions("1e3", Currency::USD).is_err());
    }
}
