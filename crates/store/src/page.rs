use crate::order::{Position, SortTerm};

/// A window of a list in its order, as Relay pagination asks for it: rows strictly
/// after `after` and before `before`, the first `limit` of them, or the last `limit`
/// when `from_end` is set.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct PageRequest {
    /// Only rows beyond this place in the list.
    pub after: Option<Position>,
    /// Only rows before this place in the list.
    pub before: Option<Position>,
    /// How many rows at most.
    pub limit: u64,
    /// Take the last `limit` rows of the window instead of the first.
    pub from_end: bool,
    /// The list's order; the row id follows as the last key. Empty: by id.
    pub order: Vec<SortTerm>,
}

/// One window of rows, in list order, each with its place in the list, and whether
/// rows lie beyond it.
#[derive(Debug, Clone)]
pub struct Page<M> {
    /// The rows.
    pub rows: Vec<M>,
    /// Where each row stands in the list, for its cursor.
    pub positions: Vec<Position>,
    /// Rows exist before the first one.
    pub has_previous: bool,
    /// Rows exist after the last one.
    pub has_next: bool,
}

impl<M> Page<M> {
    /// Trims one look-ahead row fetched beyond `limit` (rows arrive nearest-first:
    /// in list order for a forward page, reversed for a backward one) and sets the flags.
    pub(crate) fn from_lookahead(mut rows: Vec<(M, Position)>, request: &PageRequest) -> Self {
        let more = rows.len() as u64 > request.limit;
        rows.truncate(request.limit as usize);
        if request.from_end {
            rows.reverse();
        }
        let (rows, positions) = rows.into_iter().unzip();
        let (has_previous, has_next) = if request.from_end {
            (more, request.before.is_some())
        } else {
            (request.after.is_some(), more)
        };
        Self {
            rows,
            positions,
            has_previous,
            has_next,
        }
    }

    /// An empty page.
    pub fn empty() -> Self {
        Self {
            rows: Vec::new(),
            positions: Vec::new(),
            has_previous: false,
            has_next: false,
        }
    }
}
