//! What a plan reads, one level of the query at a time. Each field that reads rows has a
//! slot; at its level it asks for keys ([`BatchKey`]s, the same keys the resolvers'
//! batcher loads), each tagged with its slot and a small local key (the parent's id, or
//! the id looked up). All the keys of one kind asked at a level, by every field, are
//! loaded by one store call, and what each key found is put in the slots that asked.

use std::{
    any::{Any, TypeId},
    collections::{HashMap, HashSet},
};

use futures_util::{future::BoxFuture, FutureExt};
use uprgraph_store::{Store, StoreError};

use crate::batch::{BatchKey, Quiescent};

/// The place a field's rows are kept in, numbered by the planner.
pub(crate) type Slot = usize;

/// What one slot holds once its level is loaded: by local key, what was found; or the
/// error of the store call that should have found it.
pub(crate) type Found<V> = Result<HashMap<i32, V>, StoreError>;

/// The rows read so far, by slot.
#[derive(Default)]
pub(crate) struct Loaded {
    slots: Vec<Option<Box<dyn Any + Send + Sync>>>,
}

impl Loaded {
    /// What the slot holds; `None` when nothing asked for it (no parent had rows).
    pub(crate) fn get<V: Send + Sync + 'static>(&self, slot: Slot) -> Option<&Found<V>> {
        self.slots.get(slot)?.as_ref()?.downcast_ref::<Found<V>>()
    }

    /// Puts what a slot holds.
    pub(crate) fn put<V: Send + Sync + 'static>(&mut self, slot: Slot, found: Found<V>) {
        if self.slots.len() <= slot {
            self.slots.resize_with(slot + 1, || None);
        }
        self.slots[slot] = Some(Box::new(found));
    }
}

/// The keys asked for at one level.
#[derive(Default)]
pub(crate) struct Wants {
    kinds: HashMap<TypeId, Box<dyn AnyWant>>,
}

/// The keys of one kind, each with the slot and local key that asked for it.
struct Want<K> {
    entries: Vec<(K, Slot, i32)>,
}

type Delivery = Box<dyn FnOnce(&mut Loaded) + Send>;

trait AnyWant: Send {
    fn as_any(&mut self) -> &mut dyn Any;
    /// Loads the keys, and returns what puts their rows in their slots.
    fn load(self: Box<Self>, store: Store) -> BoxFuture<'static, Delivery>;
}

impl<K: BatchKey> AnyWant for Want<K> {
    fn as_any(&mut self) -> &mut dyn Any {
        self
    }

    fn load(self: Box<Self>, store: Store) -> BoxFuture<'static, Delivery> {
        async move {
            let keys: Vec<K> = self
                .entries
                .iter()
                .map(|(key, _, _)| key.clone())
                .collect::<HashSet<_>>()
                .into_iter()
                .collect();
            let result = K::load(store, keys).await;
            let delivery: Delivery = Box::new(move |loaded: &mut Loaded| {
                let mut slots: HashMap<Slot, Found<K::Value>> = HashMap::new();
                match result {
                    Ok(mut found) => {
                        // A key asked once gives its value away; one asked more often
                        // (two fields reading the same row) copies it.
                        let mut uses: HashMap<&K, usize> = HashMap::new();
                        for (key, _, _) in &self.entries {
                            *uses.entry(key).or_default() += 1;
                        }
                        let mut uses: HashMap<K, usize> =
                            uses.into_iter().map(|(k, n)| (k.clone(), n)).collect();
                        for (key, slot, local) in self.entries {
                            let map = slots.entry(slot).or_insert_with(|| Ok(HashMap::new()));
                            let Ok(map) = map else { continue };
                            let left = uses.get_mut(&key).map(|n| {
                                *n -= 1;
                                *n
                            });
                            let value = if left == Some(0) {
                                found.remove(&key)
                            } else {
                                found.get(&key).cloned()
                            };
                            if let Some(value) = value {
                                map.entry(local).or_insert(value);
                            }
                        }
                    }
                    Err(error) => {
                        for (_, slot, _) in self.entries {
                            slots.insert(slot, Err(error.clone()));
                        }
                    }
                }
                for (slot, found) in slots {
                    loaded.put(slot, found);
                }
            });
            delivery
        }
        .boxed()
    }
}

impl Wants {
    /// Asks for `key`, for the slot `slot` under the local key `local`.
    pub(crate) fn add<K: BatchKey>(&mut self, key: K, slot: Slot, local: i32) {
        let want = self.kinds.entry(TypeId::of::<K>()).or_insert_with(|| {
            Box::new(Want::<K> {
                entries: Vec::new(),
            })
        });
        want.as_any()
            .downcast_mut::<Want<K>>()
            .expect("wants are kept by their key's type")
            .entries
            .push((key, slot, local));
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.kinds.is_empty()
    }

    /// Loads every kind of key asked for, each in one store call, all at once, and puts
    /// what they found in their slots. The calls read through a fusing store: the
    /// selects they wait on together (a state's reviews, its counts and its aid) are
    /// read in one statement (see the store's `fuse.rs`).
    pub(crate) async fn load(self, store: &Store, loaded: &mut Loaded) {
        let (fusing, fuser) = store.fusing();
        let loads = self
            .kinds
            .into_values()
            .map(|want| want.load(fusing.clone()));
        let deliveries = Quiescent::new(futures_util::future::join_all(loads), fuser).await;
        for delivery in deliveries {
            delivery(loaded);
        }
    }
}
