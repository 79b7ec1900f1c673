//! The single lookups of the root fields (a state by code, a cycle by number, …) and a
//! state's review in a cycle, as keys a plan reads at its level like any other.

use std::collections::HashMap;

use futures_util::future::BoxFuture;
use uprgraph_domain::{CycleNumber, SessionNumber, StateKey};
use uprgraph_store::{
    entity::{cycle, organization, review, session, state, theme},
    Store, StoreError,
};

use crate::{batch::BatchKey, ApiError};

/// Loads each key by itself with `find`, keeping those that found something.
fn each<K, V, F>(
    store: Store,
    keys: Vec<K>,
    find: F,
) -> BoxFuture<'static, Result<HashMap<K, V>, StoreError>>
where
    K: Clone + Eq + std::hash::Hash + Send + 'static,
    V: Send + 'static,
    F: for<'s> Fn(&'s Store, K) -> BoxFuture<'s, Result<Option<V>, StoreError>> + Send + 'static,
{
    Box::pin(async move {
        let mut out = HashMap::with_capacity(keys.len());
        for key in keys {
            if let Some(value) = find(&store, key.clone()).await? {
                out.insert(key, value);
            }
        }
        Ok(out)
    })
}

/// Declares lookup keys: each a type holding the natural key, the row it finds, and
/// the store call that finds it.
macro_rules! lookups {
    ($($(#[$doc:meta])* $name:ident($key:ty) -> $row:ty = $find:ident;)+) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub(crate) struct $name(pub $key);

        impl BatchKey for $name {
            type Value = $row;

            fn load(
                store: Store,
                keys: Vec<Self>,
            ) -> BoxFuture<'static, Result<HashMap<Self, $row>, StoreError>> {
                each(store, keys, |store, key: Self| Box::pin(store.$find(key.0)))
            }
        }
    )+};
}

lookups! {
    /// A state by alpha-3 or alpha-2 code.
    StateByKey(StateKey) -> state::Model = state_by_key;
    /// A cycle by number.
    CycleByNumber(CycleNumber) -> cycle::Model = cycle_by_number;
    /// A session by number.
    SessionByNumber(SessionNumber) -> session::Model = session_by_number;
}

/// Declares lookup keys by a name, which the store reads as `&str`.
macro_rules! named_lookups {
    ($($(#[$doc:meta])* $name:ident -> $row:ty = $find:ident;)+) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub(crate) struct $name(pub String);

        impl BatchKey for $name {
            type Value = $row;

            fn load(
                store: Store,
                keys: Vec<Self>,
            ) -> BoxFuture<'static, Result<HashMap<Self, $row>, StoreError>> {
                each(store, keys, |store, key: Self| {
                    Box::pin(async move { store.$find(&key.0).await })
                })
            }
        }
    )+};
}

named_lookups! {
    /// A state by any of its names.
    StateByName -> state::Model = state_by_name;
    /// A theme by name.
    ThemeByName -> theme::Model = theme_by_name;
    /// An organisation by code.
    OrganizationByCode -> organization::Model = organization_by_code;
}

/// The review of a state, named by code, in a cycle, named by number: the standing one.
/// The cycle's number is checked only once the state is found, as the resolver does, so
/// an unknown state is null whatever the cycle.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct ReviewOf {
    pub state: StateKey,
    pub cycle: i32,
}

impl BatchKey for ReviewOf {
    type Value = Result<review::Model, ApiError>;

    fn load(
        store: Store,
        keys: Vec<Self>,
    ) -> BoxFuture<'static, Result<HashMap<Self, Self::Value>, StoreError>> {
        each(store, keys, |store, key: Self| {
            Box::pin(async move {
                let Some(state) = store.state_by_key(key.state).await? else {
                    return Ok(None);
                };
                let number = match CycleNumber::new(i64::from(key.cycle)) {
                    Ok(number) => number,
                    Err(error) => return Ok(Some(Err(ApiError::from(error)))),
                };
                let Some(cycle) = store.cycle_by_number(number).await? else {
                    return Ok(None);
                };
                Ok(store.review_of(state.id, cycle.id).await?.map(Ok))
            })
        })
    }
}

/// The standing review of a state, by id, in a cycle.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct ReviewInCycle {
    pub state: i32,
    pub cycle: CycleNumber,
}

impl BatchKey for ReviewInCycle {
    type Value = review::Model;

    fn load(
        store: Store,
        keys: Vec<Self>,
    ) -> BoxFuture<'static, Result<HashMap<Self, Self::Value>, StoreError>> {
        Box::pin(async move {
            let mut by_cycle: HashMap<CycleNumber, Vec<i32>> = HashMap::new();
            for key in &keys {
                by_cycle.entry(key.cycle).or_default().push(key.state);
            }
            let mut out = HashMap::with_capacity(keys.len());
            for (number, states) in by_cycle {
                let Some(cycle) = store.cycle_by_number(number).await? else {
                    continue;
                };
                for (state, review) in store.reviews_of(&states, cycle.id).await? {
                    out.insert(
                        ReviewInCycle {
                            state,
                            cycle: number,
                        },
                        review,
                    );
                }
            }
            Ok(out)
        })
    }
}

/// Every row of a table.
#[derive(Debug)]
pub(crate) struct All<E>(std::marker::PhantomData<fn() -> E>);

impl<E> All<E> {
    pub(crate) fn new() -> Self {
        Self(std::marker::PhantomData)
    }
}

impl<E> Clone for All<E> {
    fn clone(&self) -> Self {
        Self::new()
    }
}
impl<E> PartialEq for All<E> {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}
impl<E> Eq for All<E> {}
impl<E> std::hash::Hash for All<E> {
    fn hash<H: std::hash::Hasher>(&self, _: &mut H) {}
}

impl<E: uprgraph_store::Table> BatchKey for All<E> {
    type Value = Vec<E::Model>;

    fn load(
        store: Store,
        keys: Vec<Self>,
    ) -> BoxFuture<'static, Result<HashMap<Self, Self::Value>, StoreError>> {
        Box::pin(async move {
            let rows = store.all::<E>().await?;
            Ok(keys.into_iter().map(|key| (key, rows.clone())).collect())
        })
    }
}
