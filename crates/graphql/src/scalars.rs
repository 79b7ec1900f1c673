//! Custom scalars and their wire formats.

use async_graphql::{InputValueError, InputValueResult, Scalar, ScalarType, Value};
use chrono::NaiveDate;

/// A calendar date without time zone, as an ISO 8601 string `YYYY-MM-DD`
/// (e.g. `2025-11-07`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Date(pub NaiveDate);

/// A calendar date without time zone, as an ISO 8601 string `YYYY-MM-DD` (e.g. `2025-11-07`).
#[Scalar(
    name = "Date",
    specified_by_url = "https://www.iso.org/iso-8601-date-and-time-format.html"
)]
impl ScalarType for Date {
    fn parse(value: Value) -> InputValueResult<Self> {
        match &value {
            Value::String(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .map(Date)
                .map_err(|_| {
                    InputValueError::custom(format!("`{s}` is not a date: expected YYYY-MM-DD"))
                }),
            _ => Err(InputValueError::expected_type(value)),
        }
    }

    fn to_value(&self) -> Value {
        Value::String(self.0.format("%Y-%m-%d").to_string())
    }
}

/// An exact decimal number as a string, with `.` as the decimal separator and no
/// exponent or grouping (e.g. `"21700000000.00"`). Never a float, so no precision is lost.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decimal(pub String);

/// An exact decimal number as a string, with `.` as the decimal separator and no exponent or grouping (e.g. `"21700000000.00"`). Never a float, so no precision is lost.
#[Scalar(name = "Decimal")]
impl ScalarType for Decimal {
    fn parse(value: Value) -> InputValueResult<Self> {
        match &value {
            Value::String(s)
                if !s.is_empty()
                    && s.trim_start_matches('-').split_once('.').map_or(
                        s.trim_start_matches('-')
                            .bytes()
                            .all(|b| b.is_ascii_digit()),
                        |(w, f)| {
                            !w.is_empty()
                                && (w.bytes().chain(f.bytes())).all(|b| b.is_ascii_digit())
                        },
                    ) =>
            {
                Ok(Decimal(s.clone()))
            }
            Value::String(s) => Err(InputValueError::custom(format!(
                "`{s}` is not a decimal number"
            ))),
            _ => Err(InputValueError::expected_type(value)),
        }
    }

    fn to_value(&self) -> Value {
        Value::String(self.0.clone())
    }
}
