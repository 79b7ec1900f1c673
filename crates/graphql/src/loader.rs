//! Batching: one `DataLoader` per request over the store. Each kind of key is a
//! kind of lookup; all keys of a kind asked for while a request resolves one level
//! of the query are answered by one SQL statement.

use std::{
    collections::HashMap,
    fmt,
    hash::{Hash, Hasher},
    marker::PhantomData,
};

use async_graphql::dataloader::{DataLoader, Loader};
use sea_orm::{Condition, EntityTrait};
use uprgraph_store::{ChildLink, HasId, Page, PageRequest, Store, StoreError};

/// The per-request loader. Created for each request, never shared: a loader that
/// lived on the schema would serve one user's cached rows to another and never see
/// new data.
pub type StoreDataLoader = DataLoader<StoreLoader>;

/// Answers every batched lookup from the store.
#[derive(Debug)]
pub struct StoreLoader {
    store: Store,
}

/// Makes the loader for one request.
pub fn request_loader(store: Store) -> StoreDataLoader {
    DataLoader::new(StoreLoader { store }, tokio::spawn)
}

/// A row of `E` by id.
pub(crate) struct ById<E>(pub i32, PhantomData<fn() -> E>);

impl<E> ById<E> {
    pub(crate) fn new(id: i32) -> Self {
        Self(id, PhantomData)
    }
}

impl<E> Clone for ById<E> {
    fn clone(&self) -> Self {
        Self::new(self.0)
    }
}
impl<E> PartialEq for ById<E> {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0
    }
}
impl<E> Eq for ById<E> {}
impl<E> Hash for ById<E> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.0.hash(state);
    }
}
impl<E> fmt::Debug for ById<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ById({})", self.0)
    }
}

impl<E> Loader<ById<E>> for StoreLoader
where
    E: EntityTrait,
    E::Model: HasId + Clone + Send + Sync,
{
    type Value = E::Model;
    type Error = StoreError;

    async fn load(&self, keys: &[ById<E>]) -> Result<HashMap<ById<E>, E::Model>, StoreError> {
        let ids: Vec<i32> = keys.iter().map(|k| k.0).collect();
        let rows = self.store.by_ids::<E>(&ids).await?;
        Ok(rows.into_iter().map(|row| (ById::new(row.id()), row)).collect())
    }
}

/// One page of a parent's children along `L`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct ChildPage<L> {
    pub link: L,
    pub parent: i32,
    pub request: PageRequest,
}

impl<L: ChildLink> Loader<ChildPage<L>> for StoreLoader {
    type Value = Page<L::Model>;
    type Error = StoreError;

    async fn load(&self, keys: &[ChildPage<L>]) -> Result<HashMap<ChildPage<L>, Self::Value>, StoreError> {
        // Keys with the same window share one statement.
        let mut by_request: HashMap<PageRequest, Vec<i32>> = HashMap::new();
        for key in keys {
            by_request.entry(key.request).or_default().push(key.parent);
        }
        let mut out = HashMap::with_capacity(keys.len());
        for (request, parents) in by_request {
            let mut pages = self.store.child_pages::<L>(&parents, Condition::all(), request).await?;
            for parent in parents {
                let page = pages.remove(&parent).unwrap_or_else(Page::empty);
                out.insert(ChildPage { link: keys[0].link, parent, request }, page);
            }
        }
        Ok(out)
    }
}

/// How many children a parent has along `L`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct ChildCount<L> {
    pub link: L,
    pub parent: i32,
}

impl<L: ChildLink> Loader<ChildCount<L>> for StoreLoader {
    type Value = u64;
    type Error = StoreError;

    async fn load(&self, keys: &[ChildCount<L>]) -> Result<HashMap<ChildCount<L>, u64>, StoreError> {
        let parents: Vec<i32> = keys.iter().map(|k| k.parent).collect();
        let counts = self.store.child_counts::<L>(&parents, Condition::all()).await?;
        Ok(keys.iter().map(|k| (*k, counts.get(&k.parent).copied().unwrap_or(0))).collect())
    }
}

/// All of a parent's children along `L`, for relations bounded by nature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Children<L> {
    pub link: L,
    pub parent: i32,
}

impl<L: ChildLink> Loader<Children<L>> for StoreLoader {
    type Value = Vec<L::Model>;
    type Error = StoreError;

    async fn load(&self, keys: &[Children<L>]) -> Result<HashMap<Children<L>, Self::Value>, StoreError> {
        let parents: Vec<i32> = keys.iter().map(|k| k.parent).collect();
        let mut children = self.store.children::<L>(&parents).await?;
        Ok(keys
            .iter()
            .map(|k| (*k, children.remove(&k.parent).unwrap_or_default()))
            .collect())
    }
}
