/// A window of a list in id order, as Relay pagination asks for it: rows strictly
/// after `after` and before `before`, the first `limit` of them, or the last
/// `limit` when `from_end` is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PageRequest {
    /// Only rows with an id greater than this.
    pub after: Option<i32>,
    /// Only rows with an id less than this.
    pub before: Option<i32>,
    /// How many rows at most.
    pub limit: u64,
    /// Take the last `limit` rows of the window instead of the first.
    pub from_end: bool,
}

/// One window of rows, in ascending id order, and whether rows lie beyond it.
#[derive(Debug, Clone)]
pub struct Page<M> {
    /// The rows.
    pub rows: Vec<M>,
    /// Rows exist before the first one.
    pub has_previous: bool,
    /// Rows exist after the last one.
    pub has_next: bool,
}

impl<M> Page<M> {
    /// Trims one look-ahead row fetched beyond `limit` (rows arrive nearest-first:
    /// ascending for a forward page, descending for a backward one) and sets the flags.
    pub(crate) fn from_lookahead(mut rows: Vec<M>, request: &PageRequest) -> Self {
        let more = rows.len() as u64 > request.limit;
        rows.truncate(request.limit as usize);
        if request.from_end {
            rows.reverse();
            Self {
                rows,
                has_previous: more,
                has_next: request.before.is_some(),
            }
        } else {
            Self {
                rows,
                has_previous: request.after.is_some(),
                has_next: more,
            }
        }
    }

    /// An empty page.
    pub fn empty() -> Self {
        Self {
            rows: Vec::new(),
            has_previous: false,
            has_next: false,
        }
    }
}
