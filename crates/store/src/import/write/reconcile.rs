//! Matching a file's rows to what an earlier import of the same file wrote, by
//! natural key: which rows to insert, which to update, which are unchanged and which
//! the file no longer has. The same for every table an import fills.

use std::collections::{HashMap, HashSet};

use crate::import::{rows::Keyed, Counts};

/// The rows an earlier import of a file wrote: `natural_key -> (id, row_hash)`.
pub(crate) type Existing = HashMap<String, (i32, String)>;

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
            .map(|(_, (id, _))| *id)
            .collect();
        let mut plan = Self {
            insert: Vec::new(),
            update: Vec::new(),
            unchanged: 0,
            delete,
        };
        for row in rows {
            match existing.get(row.natural_key()) {
                None => plan.insert.push(row),
                Some((_, hash)) if hash == row.row_hash() => plan.unchanged += 1,
                Some((id, _)) => plan.update.push((*id, row)),
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

    struct Row(&'static str, &'static str);

    impl Keyed for Row {
        fn natural_key(&self) -> &str {
            self.0
        }

        fn row_hash(&self) -> &str {
            self.1
        }
    }

    #[test]
    fn rows_are_inserted_updated_kept_or_deleted_by_key_and_hash() {
        let existing: Existing = [("a", 1, "x"), ("b", 2, "y"), ("c", 3, "z")]
            .into_iter()
            .map(|(key, id, hash)| (key.to_owned(), (id, hash.to_owned())))
            .collect();
        let rows = [Row("d", "w"), Row("b", "y"), Row("a", "changed")];
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
        assert_eq!(
            plan.counts(),
            Counts {
                created: 1,
                updated: 1,
                unchanged: 1,
                removed: 1
            }
        );
    }
}
