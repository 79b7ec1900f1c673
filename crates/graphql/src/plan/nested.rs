//! The kinds of nested field a plan holds: an object read by a key ([`One`]), a list
//! read by a key ([`Many`]), a value read by a key and written as it is ([`Read`]),
//! and objects made from the parent row without reading anything ([`Made`],
//! [`MadeList`]). Connections are in `connection.rs`.

use async_graphql::Pos;

use uprgraph_store::{ChildLink, Id, Table};

use super::{
    loads::{Found, Loaded, Slot, Wants},
    out::{Out, Written},
    write_list, Field, How, Nested, Object, Planned, Planner, Unplanned,
};
use crate::{
    batch::{BatchKey, ById, Children},
    ApiError,
};

/// The local key of a parent's rows in a slot, or none: the field is null without reading.
pub(crate) type Local<R> = Box<dyn Fn(&R) -> Option<i32> + Send + Sync>;
/// The key a local key is read with.
pub(crate) type MakeKey<K> = Box<dyn Fn(i32) -> K + Send + Sync>;

/// The key of a parent's children along `link`, from its local key: the parent's id,
/// which the field's `parent` gave typed by the link's parent.
fn children_key<L: ChildLink>(link: L) -> MakeKey<Children<L>> {
    Box::new(move |parent| Children {
        link,
        parent: Id::new(parent),
    })
}

/// What a field's slot holds for `parent`, or the error that stands in its place.
fn found<'l, V: Send + Sync + 'static>(
    loaded: &'l Loaded,
    slot: Slot,
    local: i32,
    out: &mut Out<'_>,
    pos: Pos,
) -> Result<Option<&'l V>, crate::plan::out::Null> {
    match loaded.get::<V>(slot) {
        Some(Ok(map)) => Ok(map.get(&local)),
        Some(Err(error)) => Err(out.fail(pos, ApiError::from(error.clone()))),
        None => Ok(None),
    }
}

/// The rows of a slot, whatever parent they were read for.
fn rows<V: Send + Sync + 'static>(loaded: &Loaded, slot: Slot) -> impl Iterator<Item = &V> {
    loaded
        .get::<V>(slot)
        .and_then(|found: &Found<V>| found.as_ref().ok())
        .into_iter()
        .flat_map(|map| map.values())
}

/// Asks for the key of each parent that has one.
fn want_keys<R, K: BatchKey>(
    parents: &[&R],
    slot: Slot,
    local: &Local<R>,
    key: &MakeKey<K>,
    wants: &mut Wants,
) {
    for parent in parents {
        if let Some(local) = local(parent) {
            wants.add(key(local), slot, local);
        }
    }
}

/// The row a key's value holds, or the error the field gives instead.
pub(crate) type RowOf<V, M> = fn(&V) -> Result<&M, ApiError>;

/// The row a key's value holds when the value is the row.
pub(crate) fn same<M>(row: &M) -> Result<&M, ApiError> {
    Ok(row)
}

/// One object read by a key, such as a row by its id.
pub(crate) struct One<R, K: BatchKey, M> {
    pub slot: Slot,
    pub local: Local<R>,
    pub key: MakeKey<K>,
    pub row: RowOf<K::Value, M>,
    /// A key that finds nothing is a dangling reference (an internal error), not null.
    pub required: bool,
    pub object: Object<M>,
}

impl<R, K, M> Nested<R> for One<R, K, M>
where
    R: Send + Sync,
    K: BatchKey,
    M: Send + Sync + 'static,
{
    fn want(&self, parents: &[&R], depth: usize, loaded: &Loaded, wants: &mut Wants) {
        if depth == 0 {
            want_keys(parents, self.slot, &self.local, &self.key, wants);
        } else {
            let rows: Vec<&M> = rows::<K::Value>(loaded, self.slot)
                .filter_map(|value| (self.row)(value).ok())
                .collect();
            self.object.want(&rows, depth - 1, loaded, wants);
        }
    }

    fn write<'p>(&'p self, parent: &R, loaded: &Loaded, out: &mut Out<'p>, pos: Pos) -> Written {
        let Some(local) = (self.local)(parent) else {
            out.null();
            return Ok(());
        };
        match found::<K::Value>(loaded, self.slot, local, out, pos)? {
            Some(value) => match (self.row)(value) {
                Ok(row) => self.object.write(row, loaded, out),
                Err(error) => Err(out.fail(pos, error)),
            },
            None if self.required => {
                tracing::error!(key = local, "dangling reference");
                Err(out.fail(pos, ApiError::Internal))
            }
            None => {
                out.null();
                Ok(())
            }
        }
    }
}

/// Which of the items read a list keeps.
pub(crate) type Keep<T> = Option<Box<dyn Fn(&T) -> bool + Send + Sync>>;
/// The order a list's items are written in.
pub(crate) type Sort<T> = fn(&T, &T) -> std::cmp::Ordering;

/// A list of objects read by a key, such as a parent's children.
pub(crate) struct Many<R, K, T> {
    pub slot: Slot,
    pub local: Local<R>,
    pub key: MakeKey<K>,
    /// Which of the items read the field lists.
    pub keep: Keep<T>,
    /// The order the field lists them in, when it is not the order they were read in.
    pub sort: Option<Sort<T>>,
    pub object: Object<T>,
}

impl<R, K, T> Nested<R> for Many<R, K, T>
where
    R: Send + Sync,
    K: BatchKey<Value = Vec<T>>,
    T: Send + Sync + 'static,
{
    fn want(&self, parents: &[&R], depth: usize, loaded: &Loaded, wants: &mut Wants) {
        if depth == 0 {
            want_keys(parents, self.slot, &self.local, &self.key, wants);
        } else {
            let items: Vec<&T> = rows::<Vec<T>>(loaded, self.slot)
                .flatten()
                .filter(|item| self.keep.as_ref().is_none_or(|keep| keep(item)))
                .collect();
            self.object.want(&items, depth - 1, loaded, wants);
        }
    }

    fn write<'p>(&'p self, parent: &R, loaded: &Loaded, out: &mut Out<'p>, pos: Pos) -> Written {
        let items = match (self.local)(parent) {
            Some(local) => found::<Vec<T>>(loaded, self.slot, local, out, pos)?,
            None => None,
        };
        let mut items: Vec<&T> = items
            .into_iter()
            .flatten()
            .filter(|item| self.keep.as_ref().is_none_or(|keep| keep(item)))
            .collect();
        if let Some(sort) = self.sort {
            items.sort_by(|a, b| sort(a, b));
        }
        write_list(items, false, out, |item, out| {
            self.object.write(item, loaded, out)
        })
    }
}

/// Writes what a key found (nothing, when it found nothing), or gives the error that
/// stands in the field's place.
pub(crate) type WriteFound<V> =
    Box<dyn Fn(Option<&V>, &mut Out<'_>) -> Result<(), ApiError> + Send + Sync>;

/// A value read by a key and written as it is, such as a count or a list of names.
pub(crate) struct Read<R, K: BatchKey> {
    pub slot: Slot,
    pub local: Local<R>,
    pub key: MakeKey<K>,
    pub write: WriteFound<K::Value>,
}

impl<R, K> Nested<R> for Read<R, K>
where
    R: Send + Sync,
    K: BatchKey,
{
    fn want(&self, parents: &[&R], depth: usize, _: &Loaded, wants: &mut Wants) {
        if depth == 0 {
            want_keys(parents, self.slot, &self.local, &self.key, wants);
        }
    }

    fn write<'p>(&'p self, parent: &R, loaded: &Loaded, out: &mut Out<'p>, pos: Pos) -> Written {
        let value = match (self.local)(parent) {
            Some(local) => found::<K::Value>(loaded, self.slot, local, out, pos)?,
            None => None,
        };
        (self.write)(value, out).map_err(|error| out.fail(pos, error))
    }
}

/// What the fields of objects made in place from their parents' rows ask for. Made in
/// place, the objects read nothing themselves: their fields ask at the parents' depth.
/// Nothing is made when no field reads.
fn want_made<T>(
    object: &Object<T>,
    made: impl Iterator<Item = T>,
    depth: usize,
    loaded: &Loaded,
    wants: &mut Wants,
) {
    if !object.reads() {
        return;
    }
    let made: Vec<T> = made.collect();
    let made: Vec<&T> = made.iter().collect();
    object.want(&made, depth, loaded, wants);
}

/// Makes an object from a row of `R`, or null, or fails.
pub(crate) type Make<R, T> = Box<dyn Fn(&R) -> Result<Option<T>, ApiError> + Send + Sync>;

/// An object made from the parent row, such as an amount of money from its columns.
pub(crate) struct Made<R, T> {
    pub make: Make<R, T>,
    pub object: Object<T>,
}

impl<R, T> Nested<R> for Made<R, T>
where
    R: Send + Sync,
    T: Send + Sync + 'static,
{
    fn want(&self, parents: &[&R], depth: usize, loaded: &Loaded, wants: &mut Wants) {
        let made = parents
            .iter()
            .filter_map(|parent| (self.make)(parent).ok().flatten());
        want_made(&self.object, made, depth, loaded, wants);
    }

    fn write<'p>(&'p self, parent: &R, loaded: &Loaded, out: &mut Out<'p>, pos: Pos) -> Written {
        match (self.make)(parent) {
            Ok(Some(made)) => self.object.write(&made, loaded, out),
            Ok(None) => {
                out.null();
                Ok(())
            }
            Err(error) => Err(out.fail(pos, error)),
        }
    }
}

/// Makes a list of objects from a row of `R`.
pub(crate) type MakeList<R, T> = Box<dyn Fn(&R) -> Vec<T> + Send + Sync>;

/// A list of objects made from the parent row, such as the sums of a cross-link.
pub(crate) struct MadeList<R, T> {
    pub make: MakeList<R, T>,
    pub object: Object<T>,
}

impl<R, T> Nested<R> for MadeList<R, T>
where
    R: Send + Sync,
    T: Send + Sync + 'static,
{
    fn want(&self, parents: &[&R], depth: usize, loaded: &Loaded, wants: &mut Wants) {
        let made = parents.iter().flat_map(|parent| (self.make)(parent));
        want_made(&self.object, made, depth, loaded, wants);
    }

    fn write<'p>(&'p self, parent: &R, loaded: &Loaded, out: &mut Out<'p>, _: Pos) -> Written {
        let made = (self.make)(parent);
        write_list(&made, false, out, |item, out| {
            self.object.write(item, loaded, out)
        })
    }
}

impl<'d> Planner<'d> {
    /// An object read by a key: the key of each parent (`local` and `key`), the row in
    /// what the key finds (`row`), and whether finding nothing is a dangling reference.
    pub(crate) fn one<R, T, K>(
        &mut self,
        field: &Field<'_, 'd>,
        local: Local<R>,
        key: MakeKey<K>,
        row: RowOf<K::Value, T::Row>,
        required: bool,
    ) -> Result<How<R>, Unplanned>
    where
        R: Send + Sync + 'static,
        T: Planned,
        K: BatchKey,
    {
        let object = self.object_of::<T>(field)?;
        Ok(How::nested(One {
            slot: self.slot(),
            local,
            key,
            row,
            required,
            object,
        }))
    }

    /// The row of `E` a parent's foreign key `id` names: null when the key is null, a
    /// dangling reference when `required` and no row has the id.
    pub(crate) fn by_id<R, T, E>(
        &mut self,
        field: &Field<'_, 'd>,
        id: fn(&R) -> Option<i32>,
        required: bool,
    ) -> Result<How<R>, Unplanned>
    where
        R: Send + Sync + 'static,
        T: Planned<Row = E::Model>,
        E: Table,
    {
        self.one::<R, T, ById<E>>(field, Box::new(id), Box::new(ById::new), same, required)
    }

    /// The rows a parent has along the link `L`, all of them, as objects of `T`.
    pub(crate) fn children<R, T, L>(
        &mut self,
        field: &Field<'_, 'd>,
        link: L,
        parent: fn(&R) -> Id<L::Parent>,
    ) -> Result<How<R>, Unplanned>
    where
        R: Send + Sync + 'static,
        T: Planned<Row = L::Model>,
        L: ChildLink,
    {
        self.children_in::<R, T, L>(field, link, parent, None)
    }

    /// The rows a parent has along the link `L`, all of them, as objects of `T`, in the
    /// order `sort` gives.
    pub(crate) fn children_sorted<R, T, L>(
        &mut self,
        field: &Field<'_, 'd>,
        link: L,
        parent: fn(&R) -> Id<L::Parent>,
        sort: Sort<L::Model>,
    ) -> Result<How<R>, Unplanned>
    where
        R: Send + Sync + 'static,
        T: Planned<Row = L::Model>,
        L: ChildLink,
    {
        self.children_in::<R, T, L>(field, link, parent, Some(sort))
    }

    /// The rows a parent has along the link `L`, all of them, as objects of `T`, in id
    /// order or the order `sort` gives.
    fn children_in<R, T, L>(
        &mut self,
        field: &Field<'_, 'd>,
        link: L,
        parent: fn(&R) -> Id<L::Parent>,
        sort: Option<Sort<L::Model>>,
    ) -> Result<How<R>, Unplanned>
    where
        R: Send + Sync + 'static,
        T: Planned<Row = L::Model>,
        L: ChildLink,
    {
        let object = self.object_of::<T>(field)?;
        Ok(How::nested(Many {
            slot: self.slot(),
            local: Box::new(move |row| Some(parent(row).get())),
            key: children_key(link),
            keep: None,
            sort,
            object,
        }))
    }

    /// A list of objects of `T` read by a key.
    pub(crate) fn many<R, T, K>(
        &mut self,
        field: &Field<'_, 'd>,
        local: Local<R>,
        key: MakeKey<K>,
        keep: Keep<T::Row>,
    ) -> Result<How<R>, Unplanned>
    where
        R: Send + Sync + 'static,
        T: Planned,
        K: BatchKey<Value = Vec<T::Row>>,
    {
        let object = self.object_of::<T>(field)?;
        Ok(How::nested(Many {
            slot: self.slot(),
            local,
            key,
            keep,
            sort: None,
            object,
        }))
    }

    /// A value read by a key and written by `write`.
    pub(crate) fn read<R, K>(
        &mut self,
        local: Local<R>,
        key: MakeKey<K>,
        write: WriteFound<K::Value>,
    ) -> How<R>
    where
        R: Send + Sync + 'static,
        K: BatchKey,
    {
        How::nested(Read {
            slot: self.slot(),
            local,
            key,
            write,
        })
    }

    /// A value made from the parent's rows along the link `L`, written by `write`.
    pub(crate) fn read_children<R, L>(
        &mut self,
        link: L,
        parent: fn(&R) -> Id<L::Parent>,
        write: impl Fn(&[L::Model], &mut Out<'_>) + Send + Sync + 'static,
    ) -> How<R>
    where
        R: Send + Sync + 'static,
        L: ChildLink,
    {
        self.read(
            Box::new(move |row| Some(parent(row).get())),
            children_key(link),
            Box::new(move |rows: Option<&Vec<L::Model>>, out| {
                write(rows.map_or(&[], Vec::as_slice), out);
                Ok(())
            }),
        )
    }

    /// An object of `T` made from the parent row.
    pub(crate) fn made<R, T>(
        &mut self,
        field: &Field<'_, 'd>,
        make: impl Fn(&R) -> Result<Option<T::Row>, ApiError> + Send + Sync + 'static,
    ) -> Result<How<R>, Unplanned>
    where
        R: Send + Sync + 'static,
        T: Planned,
    {
        let object = self.object_of::<T>(field)?;
        Ok(How::nested(Made {
            make: Box::new(make),
            object,
        }))
    }

    /// A list of objects of `T` made from the parent row.
    pub(crate) fn made_list<R, T>(
        &mut self,
        field: &Field<'_, 'd>,
        make: impl Fn(&R) -> Vec<T::Row> + Send + Sync + 'static,
    ) -> Result<How<R>, Unplanned>
    where
        R: Send + Sync + 'static,
        T: Planned,
    {
        let object = self.object_of::<T>(field)?;
        Ok(How::nested(MadeList {
            make: Box::new(make),
            object,
        }))
    }
}
