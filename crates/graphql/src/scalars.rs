//! Custom scalars and their wire formats.

//!
//! Each scalar's `@specifiedBy` URL is the section of `/scalars` (served by uprgraph, the
//! text of `docs/scalars.md`) that specifies it, relative to the server the schema is read
//! from: the formats are stricter than the general standards they follow (a date-time is
//! always in UTC, a decimal has no exponent), so the page states exactly what is sent.

use async_graphql::{InputValueError, InputValueResult, Scalar, ScalarType, Value};
use chrono::{NaiveDate, SecondsFormat, Utc};

/// The page each scalar's `@specifiedBy` points to.
pub const SCALARS_PAGE: &str = "/scalars";

/// A calendar date without time zone, as an ISO 8601 string `YYYY-MM-DD`
/// (e.g. `2025-11-07`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Date(pub NaiveDate);

/// A calendar date without time zone, as an ISO 8601 string `YYYY-MM-DD` (e.g. `2025-11-07`).
#[Scalar(name = "Date", specified_by_url = "/scalars#date")]
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
        Value::String(self.to_string())
    }
}

/// The wire format: `YYYY-MM-DD`.
impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m-%d"))
    }
}

/// An exact decimal number as a string, with `.` as the decimal separator and no
/// exponent or grouping (e.g. `"21700000000.00"`). Never a float, so no precision is lost.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decimal(pub String);

/// An exact decimal number as a string, with `.` as the decimal separator and no exponent or grouping (e.g. `"21700000000.00"`). Never a float, so no precision is lost.
#[Scalar(name = "Decimal", specified_by_url = "/scalars#decimal")]
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

/// An instant, as an RFC 3339 date-time string in UTC with a `Z`
/// (e.g. `2026-12-01T21:13:05.123Z`; fractions of a second only when there are any).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateTime(pub chrono::DateTime<Utc>);

/// An instant, as an RFC 3339 date-time string in UTC with a `Z` (e.g. `2026-12-01T21:13:05.123Z`; fractions of a second only when there are any). Input may carry any UTC offset.
#[Scalar(name = "DateTime", specified_by_url = "/scalars#datetime")]
impl ScalarType for DateTime {
    fn parse(value: Value) -> InputValueResult<Self> {
        match &value {
            Value::String(s) => chrono::DateTime::parse_from_rfc3339(s)
                .map(|t| DateTime(t.with_timezone(&Utc)))
                .map_err(|_| {
                    InputValueError::custom(format!(
                        "`{s}` is not a date-time: expected RFC 3339, e.g. 2026-12-01T21:13:05Z"
                    ))
                }),
            _ => Err(InputValueError::expected_type(value)),
        }
    }

    fn to_value(&self) -> Value {
        Value::String(self.to_string())
    }
}

/// The wire format: RFC 3339 in UTC with a `Z`.
impl std::fmt::Display for DateTime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0.to_rfc3339_opts(SecondsFormat::AutoSi, true))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_times_are_sent_in_utc_with_a_z() {
        let t = chrono::DateTime::parse_from_rfc3339("2026-12-01T23:13:05.5+02:00").unwrap();
        let value = DateTime(t.with_timezone(&Utc)).to_value();
        assert_eq!(value, Value::from("2026-12-01T21:13:05.500Z"));
        assert_eq!(
            DateTime::parse(value).unwrap(),
            DateTime(t.with_timezone(&Utc))
        );
        let whole = chrono::DateTime::parse_from_rfc3339("2026-12-01T21:13:05Z").unwrap();
        assert_eq!(
            DateTime(whole.with_timezone(&Utc)).to_value(),
            Value::from("2026-12-01T21:13:05Z")
        );
        assert!(DateTime::parse(Value::from("2026-12-01 21:13")).is_err());
    }
}
