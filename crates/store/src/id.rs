//! Typed row ids. The database and the entities' models number rows by plain integers;
//! where the store's callers hand it ids (the parents whose children to list, the rows
//! to load), each id carries the entity it numbers, so a cycle's id cannot be given
//! where a state's is wanted.

use std::{cmp::Ordering, fmt, hash::Hash, marker::PhantomData};

/// The id of a row of the entity `E`. Made from a row by [`HasId::id`](crate::HasId), or
/// by [`Id::new`] from an integer known to number a row of `E`: a foreign key, the number
/// of a global ID of `E`'s type.
///
/// Its traits are written out rather than derived, since a derive would ask the same
/// of `E`, an entity that has no need of them.
pub struct Id<E> {
    value: i32,
    entity: PhantomData<fn() -> E>,
}

impl<E> Id<E> {
    /// The id `value` of a row of `E`.
    pub const fn new(value: i32) -> Self {
        Self {
            value,
            entity: PhantomData,
        }
    }

    /// The integer the database numbers the row by.
    pub const fn get(self) -> i32 {
        self.value
    }
}

impl<E> Clone for Id<E> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<E> Copy for Id<E> {}

impl<E> PartialEq for Id<E> {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl<E> Eq for Id<E> {}

impl<E> PartialOrd for Id<E> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl<E> Ord for Id<E> {
    fn cmp(&self, other: &Self) -> Ordering {
        self.value.cmp(&other.value)
    }
}

impl<E> Hash for Id<E> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.value.hash(state);
    }
}

impl<E> fmt::Debug for Id<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Id({})", self.value)
    }
}

/// The integer alone, as lists' scopes and messages name a row.
impl<E> fmt::Display for Id<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.value.fmt(f)
    }
}
