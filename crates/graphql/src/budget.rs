//! The budget an answer is written within: at most so many bytes, and by a deadline.
//!
//! A small document can ask for a large answer (long markers around every matched word,
//! long aliases written for every item); the checks before a query runs estimate that
//! (`limits/weigh.rs`), and this is what holds the answer itself to its bound: the bytes
//! are counted as they are written, and the writing stops with a coded error before the
//! budget is exceeded, so an answer over it is never sent and never held whole as
//! bytes. The clock is read every [`CLOCK_EVERY`] bytes, so that writing a large answer
//! stops at the request's deadline too. Whatever writes answers (the HTTP layer now, the
//! planned executor's row writer later) writes through an [`AnswerWriter`].

use std::{io, time::Instant};

use serde::Serialize;

use crate::ApiError;

/// How many bytes are written between two readings of the clock.
const CLOCK_EVERY: u64 = 64 * 1024;

/// The most an answer may take: bytes, and the instant its writing must end by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AnswerBudget {
    /// The most bytes the answer may hold.
    pub max_bytes: u64,
    /// When the request's time is up, if it has a deadline.
    pub deadline: Option<Instant>,
}

impl AnswerBudget {
    /// A writer into `out` held to this budget.
    pub fn writer<W: io::Write>(self, out: W) -> AnswerWriter<W> {
        AnswerWriter {
            out,
            budget: self,
            written: 0,
            clock_at: CLOCK_EVERY,
            exceeded: None,
        }
    }

    /// `value` as JSON, when it fits the budget.
    pub fn to_json<T: Serialize + ?Sized>(self, value: &T) -> Result<Vec<u8>, ApiError> {
        let mut writer = self.writer(Vec::new());
        writer.write_json(value)?;
        Ok(writer.into_inner())
    }

    /// The same budget less `bytes` already spent.
    pub fn less(self, bytes: u64) -> Self {
        Self {
            max_bytes: self.max_bytes.saturating_sub(bytes),
            ..self
        }
    }
}

/// A writer that counts what goes through it and refuses the write that would take the
/// answer over its budget, or that comes after the deadline.
#[derive(Debug)]
pub struct AnswerWriter<W> {
    out: W,
    budget: AnswerBudget,
    written: u64,
    /// The count of bytes at which the clock is read next.
    clock_at: u64,
    /// Why writing stopped, once it has.
    exceeded: Option<ApiError>,
}

impl<W: io::Write> AnswerWriter<W> {
    /// Bytes written so far.
    pub fn written(&self) -> u64 {
        self.written
    }

    /// Writes `value` as JSON, or says why it does not fit: the coded error of the
    /// budget it would exceed.
    pub fn write_json<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ApiError> {
        serde_json::to_writer(&mut *self, value).map_err(|e| match self.exceeded.clone() {
            Some(over) => over,
            None => {
                tracing::error!(error = %e, "cannot write an answer");
                ApiError::Internal
            }
        })
    }

    /// Writes bytes already made (an answer kept from before, punctuation), within the
    /// budget.
    pub fn write_bytes(&mut self, bytes: &[u8]) -> Result<(), ApiError> {
        io::Write::write_all(self, bytes)
            .map_err(|_| self.exceeded.clone().unwrap_or(ApiError::Internal))
    }

    /// What was written.
    pub fn into_inner(self) -> W {
        self.out
    }

    fn refuse(&mut self, why: ApiError) -> io::Error {
        let error = io::Error::other(why.to_string());
        self.exceeded = Some(why);
        error
    }
}

impl<W: io::Write> io::Write for AnswerWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let after = self.written + buf.len() as u64;
        if after > self.budget.max_bytes {
            return Err(self.refuse(ApiError::AnswerTooLarge(self.budget.max_bytes)));
        }
        if after >= self.clock_at {
            self.clock_at = after + CLOCK_EVERY;
            if self.budget.deadline.is_some_and(|d| Instant::now() >= d) {
                return Err(self.refuse(ApiError::Timeout));
            }
        }
        let n = self.out.write(buf)?;
        self.written += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn an_answer_is_written_up_to_its_budget_and_not_a_byte_more() {
        let value = serde_json::json!({ "data": { "text": "x".repeat(100) } });
        let exact = serde_json::to_vec(&value).unwrap();
        let fits = AnswerBudget {
            max_bytes: exact.len() as u64,
            deadline: None,
        };
        assert_eq!(fits.to_json(&value).unwrap(), exact);
        let short = fits.less(1);
        let mut writer = short.writer(Vec::new());
        let error = writer.write_json(&value).unwrap_err();
        assert_eq!(error.code(), "RESPONSE_TOO_LARGE");
        assert!(writer.written() <= short.max_bytes);
        assert!(writer.into_inner().len() as u64 <= short.max_bytes);
    }

    #[test]
    fn bytes_already_made_count_against_the_same_budget() {
        let budget = AnswerBudget {
            max_bytes: 10,
            deadline: None,
        };
        let mut writer = budget.writer(Vec::new());
        writer.write_bytes(b"[12345678").unwrap();
        assert_eq!(writer.written(), 9);
        assert_eq!(
            writer.write_bytes(b"90").unwrap_err().code(),
            "RESPONSE_TOO_LARGE"
        );
    }

    #[test]
    fn writing_stops_at_the_deadline() {
        let budget = AnswerBudget {
            max_bytes: u64::MAX,
            deadline: Some(Instant::now() - Duration::from_millis(1)),
        };
        let long = "x".repeat(2 * CLOCK_EVERY as usize);
        assert_eq!(budget.to_json(&long).unwrap_err().code(), "TIMEOUT");
        // A short answer is written without reading the clock.
        assert!(budget.to_json("short").is_ok());
    }
}
