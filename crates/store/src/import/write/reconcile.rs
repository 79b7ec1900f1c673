//! Matching a file's rows to what an earlier import of the same file wrote, by
//! natural key: which rows to insert, which to update, which are unchanged and which
//! the file no longer has. The same for every table an import fills.

use std::collections::{HashMap, HashSet};

use crate::import::{rows::Keyed, Counts};

/// A row an earlier import of a file wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Written {
    pub id: i32,
    pub row_hash: String,
    /// The line it was read from.
    pub line: Option<i32>,
}

/// The rows an earlier import of a file wrote, by natural key.
pub(crate) type Existing = HashMap<String, Written>;

/// What to do to a table so that it holds a file's rows.
#[derive(Debug)]
pub(crate) struct Plan<'a, T> {
    /// Rows no earlier import wrote, in the file's order.
    pub insert: Vec<&'a T>,
    /// Rows written before whose stored fields changed, with their ids, in the
    /// file's order.
    pub update: Vec<(i32, &'a T)>,
    /// How many rows are as written before.
    pub unchanged: u64,
    /// The unchanged rows that now stand on another line of the file: their ids and
    /// their lines.
    pub moved: Vec<(i32, u64)>,
    /// The ids of rows written before that the file no longer has.
    pub delete: Vec<i32>,
}

impl<'a, T: Keyed> Plan<'a, T> {
    /// The plan that turns `existing` into `rows`.
    pub(crate) fn new(existing: &Existing, rows: &'a [T]) -> Self {
        let seen: HashSet<&str> = rows.iter().map(Keyed::natural_key).collect();
        let delete = existing
            .iter()
            .filter(|(key, _)| !seen.contains(key.as_str()))
            .map(|(_, written)| written.id)
            .collect();
        let mut plan = Self {
            insert: Vec::new(),
            update: Vec::new(),
            unchanged: 0,
            moved: Vec::new(),
            delete,
        };
        for row in rows {
            match existing.get(row.natural_key()) {
                None => plan.insert.push(row),
                Some(written) if written.row_hash == row.row_hash() => {
                    plan.unchanged += 1;
                    if written.line.and_then(|l| u64::try_from(l).ok()) != Some(row.line()) {
                        plan.moved.push((written.id, row.line()));
                    }
                }
                Some(written) => plan.update.push((written.id, row)),
            }
        }
        plan
    }

    /// What the plan does to the file's rows.
    pub(crate) fn counts(&self) -> Counts {
        Counts {
            created: self.insert.len() as u64,
            updated: self.update.len() as u64,
            unchanged: self.unchanged,
            removed: self.delete.len() as u64,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A row: its key, its hash and its line.
    struct Row(&'static str, &'static str, u64);

    impl Keyed for Row {
        fn natural_key(&self) -> &str {
            self.0
        }

        fn line(&self) -> u64 {
            self.2
        }

        fn row_hash(&self) -> String {
            self.1.to_owned()
        }
    }

    #[test]
    fn rows_are_inserted_updated_kept_moved_or_deleted_by_key_hash_and_line() {
        let existing: Existing = [
            ("a", 1, "x", 2),
            ("b", 2, "y", 3),
            ("c", 3, "z", 4),
            ("e", 4, "v", 5),
        ]
        .into_iter()
        .map(|(key, id, hash, line)| {
            let row_hash = hash.to_owned();
            (
                key.to_owned(),
                Written {
                    id,
                    row_hash,
                    line: Some(line),
                },
            )
        })
        .collect();
        let rows = [
            Row("d", "w", 2),
            Row("b", "y", 3),
            Row("a", "changed", 4),
            Row("e", "v", 6),
        ];
        let plan = Plan::new(&existing, &rows);
        assert_eq!(plan.insert.iter().map(|r| r.0).collect::<Vec<_>>(), ["d"]);
        assert_eq!(
            plan.update
                .iter()
                .map(|(id, r)| (*id, r.0))
                .collect::<Vec<_>>(),
            [(1, "a")]
        );
        assert_eq!(plan.delete, [3]);
        // `e` says what it said, a line lower; `b` stands where it stood.
        assert_eq!(plan.moved, [(4, 6)]);
        assert_eq!(
            plan.counts(),
            Counts {
                created: 1,
                updated: 1,
                unchanged: 2,
                removed: 1
            }
        );
    }
}
