//! Batching without timers. Resolvers ask the request's [`Batcher`] for rows by key;
//! the keys wait until the whole request has nothing left to do but wait for them,
//! and then every key of a kind is answered by one SQL statement.
//!
//! "Nothing left to do" is observed, not guessed: [`Quiescent`] polls the request
//! with a waker that records whether the request woke itself while being polled. A
//! request that did not is idle: every resolver that can run has run and enqueued
//! its keys. Only then are the waiting batches loaded, on the request's own task.
//! So a level of the query costs one statement per kind of lookup however many rows
//! it spans, on any runtime, and no request sleeps waiting for a batch to fill (the
//! timer-based loaders' trade-off between latency and batch size does not arise).

use std::{
    any::{Any, TypeId},
    collections::HashMap,
    fmt,
    future::Future,
    hash::{Hash, Hasher},
    marker::PhantomData,
    pin::Pin,
    sync::{
        atomic::{AtomicBool, Ordering},
        Arc, Mutex,
    },
    task::{Context, Poll},
};

use futures_channel::oneshot;
use futures_util::{
    future::BoxFuture,
    stream::FuturesUnordered,
    task::{waker, ArcWake, AtomicWaker},
    FutureExt, StreamExt,
};
use uprgraph_store::{
    AidedState, ChildLink, Filter, Fuser, HasId, Id, Page, PageRequest, ParentId, Recommender,
    Store, StoreError, Table,
};

/// A kind of batched lookup: keys of one type are loaded together.
pub(crate) trait BatchKey: Clone + Eq + Hash + Send + Sync + 'static {
    /// What one key finds.
    type Value: Clone + Send + Sync + 'static;

    /// Loads many keys at once; a key missing from the map found nothing.
    fn load(
        store: Store,
        keys: Vec<Self>,
    ) -> BoxFuture<'static, Result<HashMap<Self, Self::Value>, StoreError>>;
}

type Reply<V> = oneshot::Sender<Result<Option<V>, StoreError>>;

/// The keys of one kind waiting for the next flush, and what earlier flushes found.
struct Queue<K: BatchKey> {
    waiting: Vec<(K, Reply<K::Value>)>,
    found: HashMap<K, Option<K::Value>>,
}

/// A queue whose key type is erased, so that queues of all kinds live in one map.
trait AnyQueue: Send {
    fn as_any(&mut self) -> &mut dyn Any;
    /// Takes the waiting keys and returns the future that loads and answers them.
    fn flush(&mut self, batcher: &Arc<Batcher>) -> Option<BoxFuture<'static, ()>>;
}

impl<K: BatchKey> AnyQueue for Queue<K> {
    fn as_any(&mut self) -> &mut dyn Any {
        self
    }

    fn flush(&mut self, batcher: &Arc<Batcher>) -> Option<BoxFuture<'static, ()>> {
        if self.waiting.is_empty() {
            return None;
        }
        let waiting = std::mem::take(&mut self.waiting);
        let batcher = Arc::clone(batcher);
        Some(Box::pin(async move {
            let keys: Vec<K> = waiting
                .iter()
                .map(|(key, _)| key.clone())
                .collect::<std::collections::HashSet<_>>()
                .into_iter()
                .collect();
            let result = K::load(batcher.store.clone(), keys.clone()).await;
            if let Ok(found) = &result {
                let mut queues = batcher.lock();
                let queue = queue::<K>(&mut queues);
                for key in keys {
                    let value = found.get(&key).cloned();
                    queue.found.insert(key, value);
                }
            }
            for (key, reply) in waiting {
                // A resolver that stopped waiting (its request failed) drops its receiver.
                let _ = reply.send(
                    result
                        .as_ref()
                        .map(|found| found.get(&key).cloned())
                        .map_err(Clone::clone),
                );
            }
        }))
    }
}

type Queues = HashMap<TypeId, Box<dyn AnyQueue>>;

fn queue<K: BatchKey>(queues: &mut Queues) -> &mut Queue<K> {
    queues
        .entry(TypeId::of::<K>())
        .or_insert_with(|| {
            Box::new(Queue::<K> {
                waiting: Vec::new(),
                found: HashMap::new(),
            })
        })
        .as_any()
        .downcast_mut::<Queue<K>>()
        .expect("queues are keyed by their key type")
}

/// The batched lookups of one request, with what they found. Made per request and
/// never shared: a schema-wide cache would serve one user's rows to another and
/// never see new data.
pub struct Batcher {
    store: Store,
    queues: Mutex<Queues>,
}

impl fmt::Debug for Batcher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Batcher").finish_non_exhaustive()
    }
}

impl Batcher {
    /// A batcher for one request over the store.
    pub fn new(store: Store) -> Arc<Self> {
        Arc::new(Self {
            store,
            queues: Mutex::new(HashMap::new()),
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Queues> {
        // A panic while holding the lock leaves the queues consistent: each operation
        // under it is a single insert or take.
        self.queues
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Finds one key: at once if an earlier batch of this request found it, otherwise
    /// with the next batch of its kind. Must run inside [`Quiescent`], which flushes.
    pub(crate) async fn load<K: BatchKey>(&self, key: K) -> Result<Option<K::Value>, StoreError> {
        let receiver = {
            let mut queues = self.lock();
            let queue = queue::<K>(&mut queues);
            if let Some(found) = queue.found.get(&key) {
                return Ok(found.clone());
            }
            let (sender, receiver) = oneshot::channel();
            queue.waiting.push((key, sender));
            receiver
        };
        receiver.await.unwrap_or_else(|_| {
            Err(StoreError::Database(
                "the request ended before its batch was loaded".to_owned(),
            ))
        })
    }

    /// Takes every waiting batch.
    fn flush(self: &Arc<Self>) -> Vec<BoxFuture<'static, ()>> {
        self.lock()
            .values_mut()
            .filter_map(|queue| queue.flush(self))
            .collect()
    }
}

/// Records whether a future woke itself while it was polled, and passes every wake
/// on to the task that runs it.
#[derive(Default)]
struct WakeFlag {
    woken: AtomicBool,
    task: AtomicWaker,
}

impl ArcWake for WakeFlag {
    fn wake_by_ref(arc_self: &Arc<Self>) {
        arc_self.woken.store(true, Ordering::SeqCst);
        arc_self.task.wake();
    }
}

/// What a [`Quiescent`] future flushes each time its work falls idle: the batches of
/// keys the resolvers wait for, or the statements a plan's level waits for.
pub(crate) trait Flushes: Unpin {
    /// Takes everything waiting, as the futures that load it.
    fn flush(&self) -> Vec<BoxFuture<'static, ()>>;
}

impl Flushes for Arc<Batcher> {
    fn flush(&self) -> Vec<BoxFuture<'static, ()>> {
        Batcher::flush(self)
    }
}

impl Flushes for Arc<Fuser> {
    fn flush(&self) -> Vec<BoxFuture<'static, ()>> {
        Fuser::flush(self).into_iter().collect()
    }
}

/// Runs a request (or a plan's level) and, each time it falls idle, loads what it is
/// waiting for.
pub(crate) struct Quiescent<'a, T, F = Arc<Batcher>> {
    request: BoxFuture<'a, T>,
    batcher: F,
    loads: FuturesUnordered<BoxFuture<'static, ()>>,
    flag: Arc<WakeFlag>,
}

impl<'a, T, F: Flushes> Quiescent<'a, T, F> {
    pub(crate) fn new(request: impl Future<Output = T> + Send + 'a, batcher: F) -> Self {
        Self {
            request: request.boxed(),
            batcher,
            loads: FuturesUnordered::new(),
            flag: Arc::default(),
        }
    }
}

impl<T, F: Flushes> Future for Quiescent<'_, T, F> {
    type Output = T;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        let this = &mut *self;
        this.flag.task.register(cx.waker());
        let request_waker = waker(Arc::clone(&this.flag));
        loop {
            // Drive the loads already started; finishing ones answer their keys, which
            // wakes the request through the flag.
            while let Poll::Ready(Some(())) = this.loads.poll_next_unpin(cx) {}

            this.flag.woken.store(false, Ordering::SeqCst);
            if let Poll::Ready(output) = this
                .request
                .poll_unpin(&mut Context::from_waker(&request_waker))
            {
                return Poll::Ready(output);
            }
            if this.flag.woken.load(Ordering::SeqCst) {
                // The request has more to do before it waits: give the runtime a turn, then go on.
                cx.waker().wake_by_ref();
                return Poll::Pending;
            }
            let batches = this.batcher.flush();
            if batches.is_empty() {
                // Waiting for loads in flight, which wake this task when they progress.
                return Poll::Pending;
            }
            this.loads.extend(batches);
        }
    }
}

/// A row of `E` by id.
pub(crate) struct ById<E>(pub Id<E>);

impl<E> ById<E> {
    /// The row of `E` that `id` (a foreign key, a global ID's number) names.
    pub(crate) fn new(id: i32) -> Self {
        Self(Id::new(id))
    }
}

// Written out, since a derive would ask the same of `E`.
impl<E> Clone for ById<E> {
    fn clone(&self) -> Self {
        Self(self.0)
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

impl<E> BatchKey for ById<E>
where
    E: Table,
{
    type Value = E::Model;

    fn load(
        store: Store,
        keys: Vec<Self>,
    ) -> BoxFuture<'static, Result<HashMap<Self, E::Model>, StoreError>> {
        Box::pin(async move {
            let ids: Vec<Id<E>> = keys.iter().map(|k| k.0).collect();
            let rows = store.by_ids::<E>(&ids).await?;
            Ok(rows.into_iter().map(|row| (ById(row.id()), row)).collect())
        })
    }
}

/// A page of the rows of `E` that pass a filter: a root list.
pub(crate) struct RootPage<E> {
    request: PageRequest,
    filter: Filter,
    table: PhantomData<fn() -> E>,
}

impl<E> RootPage<E> {
    pub(crate) fn new(request: PageRequest, filter: Filter) -> Self {
        Self {
            request,
            filter,
            table: PhantomData,
        }
    }
}

/// How many rows of `E` pass a filter: a root list's count.
pub(crate) struct RootCount<E> {
    filter: Filter,
    table: PhantomData<fn() -> E>,
}

impl<E> RootCount<E> {
    pub(crate) fn new(filter: Filter) -> Self {
        Self {
            filter,
            table: PhantomData,
        }
    }
}

/// `Clone`, `Eq` and `Hash` by the key's fields alone: the table is a type, not a value.
macro_rules! key_by_fields {
    ($key:ident { $($field:ident),+ }) => {
        impl<E> Clone for $key<E> {
            fn clone(&self) -> Self {
                Self { $($field: self.$field.clone(),)+ table: PhantomData }
            }
        }
        impl<E> PartialEq for $key<E> {
            fn eq(&self, other: &Self) -> bool {
                true $(&& self.$field == other.$field)+
            }
        }
        impl<E> Eq for $key<E> {}
        impl<E> Hash for $key<E> {
            fn hash<H: Hasher>(&self, state: &mut H) {
                $(self.$field.hash(state);)+
            }
        }
    };
}

key_by_fields!(RootPage { request, filter });
key_by_fields!(RootCount { filter });

impl<E: Table> BatchKey for RootPage<E> {
    type Value = Page<E::Model>;

    fn load(
        store: Store,
        keys: Vec<Self>,
    ) -> BoxFuture<'static, Result<HashMap<Self, Self::Value>, StoreError>> {
        Box::pin(async move {
            let mut out = HashMap::with_capacity(keys.len());
            for key in keys {
                let page = store.page::<E>(&key.filter, key.request.clone()).await?;
                out.insert(key, page);
            }
            Ok(out)
        })
    }
}

impl<E: Table> BatchKey for RootCount<E> {
    type Value = u64;

    fn load(
        store: Store,
        keys: Vec<Self>,
    ) -> BoxFuture<'static, Result<HashMap<Self, Self::Value>, StoreError>> {
        Box::pin(async move {
            let mut out = HashMap::with_capacity(keys.len());
            for key in keys {
                let count = store.count::<E>(&key.filter).await?;
                out.insert(key, count);
            }
            Ok(out)
        })
    }
}

/// Keys that ask one question of different parents, gathered: each question (`split`
/// gives a key's question and parent) with the parents it is asked of, for one store
/// call each.
fn parents_by_question<K, Q: Hash + Eq, P>(
    keys: impl IntoIterator<Item = K>,
    split: impl Fn(K) -> (Q, P),
) -> HashMap<Q, Vec<P>> {
    let mut questions: HashMap<Q, Vec<P>> = HashMap::new();
    for key in keys {
        let (question, parent) = split(key);
        questions.entry(question).or_default().push(parent);
    }
    questions
}

/// One page of a parent's children along `L` that pass a filter.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct ChildPage<L: ChildLink> {
    pub link: L,
    pub parent: ParentId<L>,
    pub request: PageRequest,
    pub filter: Filter,
}

impl<L: ChildLink> BatchKey for ChildPage<L> {
    type Value = Page<L::Model>;

    fn load(
        store: Store,
        keys: Vec<Self>,
    ) -> BoxFuture<'static, Result<HashMap<Self, Self::Value>, StoreError>> {
        Box::pin(async move {
            // Keys asking for the same window and filter share one statement.
            let groups = parents_by_question(&keys, |key| {
                ((key.request.clone(), key.filter.clone()), key.parent)
            });
            let mut out = HashMap::with_capacity(keys.len());
            for ((request, filter), parents) in groups {
                let mut pages = store
                    .child_pages::<L>(&parents, &filter, request.clone())
                    .await?;
                for parent in parents {
                    let page = pages.remove(&parent).unwrap_or_else(Page::empty);
                    let key = ChildPage {
                        link: keys[0].link,
                        parent,
                        request: request.clone(),
                        filter: filter.clone(),
                    };
                    out.insert(key, page);
                }
            }
            Ok(out)
        })
    }
}

/// How many children along `L` that pass a filter a parent has.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct ChildCount<L: ChildLink> {
    pub link: L,
    pub parent: ParentId<L>,
    pub filter: Filter,
}

impl<L: ChildLink> BatchKey for ChildCount<L> {
    type Value = u64;

    fn load(
        store: Store,
        keys: Vec<Self>,
    ) -> BoxFuture<'static, Result<HashMap<Self, u64>, StoreError>> {
        Box::pin(async move {
            let groups = parents_by_question(&keys, |key| (key.filter.clone(), key.parent));
            let mut out = HashMap::with_capacity(keys.len());
            for (filter, parents) in groups {
                let counts = store.child_counts::<L>(&parents, &filter).await?;
                for parent in parents {
                    let count = counts.get(&parent).copied().unwrap_or(0);
                    out.insert(
                        ChildCount {
                            link: keys[0].link,
                            parent,
                            filter: filter.clone(),
                        },
                        count,
                    );
                }
            }
            Ok(out)
        })
    }
}

/// All of a parent's children along `L`, for relations bounded by nature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Children<L: ChildLink> {
    pub link: L,
    pub parent: ParentId<L>,
}

impl<L: ChildLink> BatchKey for Children<L> {
    type Value = Vec<L::Model>;

    fn load(
        store: Store,
        keys: Vec<Self>,
    ) -> BoxFuture<'static, Result<HashMap<Self, Self::Value>, StoreError>> {
        Box::pin(async move {
            let parents: Vec<Id<L::Parent>> = keys.iter().map(|k| k.parent).collect();
            let mut children = store.children::<L>(&parents).await?;
            Ok(keys
                .iter()
                .map(|k| (*k, children.remove(&k.parent).unwrap_or_default()))
                .collect())
        })
    }
}

/// Lists found for many parents at once, by parent.
pub(crate) type PerParentFuture<T> = BoxFuture<'static, Result<HashMap<i32, Vec<T>>, StoreError>>;

/// A question asked of lists per parent, whatever the parent: the keys ([`Of`]) that
/// ask the same question of different parents share one store call, whose answer is
/// split by parent.
pub(crate) trait PerParent: Clone + Eq + Hash + Send + Sync + 'static {
    /// What each parent gets a list of.
    type Item: Clone + Send + Sync + 'static;

    /// Answers the question for all `parents` at once.
    fn fetch(self, store: Store, parents: Vec<i32>) -> PerParentFuture<Self::Item>;
}

/// A per-parent question asked of one parent: the key of that parent's list.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Of<Q> {
    pub parent: i32,
    pub question: Q,
}

impl<Q: PerParent> BatchKey for Of<Q> {
    type Value = Vec<Q::Item>;

    fn load(
        store: Store,
        keys: Vec<Self>,
    ) -> BoxFuture<'static, Result<HashMap<Self, Self::Value>, StoreError>> {
        Box::pin(async move {
            let questions = parents_by_question(keys, |key| (key.question, key.parent));
            let mut out = HashMap::new();
            for (question, parents) in questions {
                let mut found = question
                    .clone()
                    .fetch(store.clone(), parents.clone())
                    .await?;
                for parent in parents {
                    let list = found.remove(&parent).unwrap_or_default();
                    let question = question.clone();
                    out.insert(Of { parent, question }, list);
                }
            }
            Ok(out)
        })
    }
}

/// The states that made recommendations at a review, with the aid between them and
/// the state under review.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct RecommendersAt {
    pub aid_filter: Filter,
}

impl PerParent for RecommendersAt {
    type Item = Recommender;

    fn fetch(self, store: Store, reviews: Vec<i32>) -> PerParentFuture<Self::Item> {
        Box::pin(async move {
            store
                .recommenders_with_aid(&reviews, &self.aid_filter)
                .await
        })
    }
}

/// The states a donor aids, with what they recommended to it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct AidedBy {
    pub aid_filter: Filter,
}

impl PerParent for AidedBy {
    type Item = AidedState;

    fn fetch(self, store: Store, donors: Vec<i32>) -> PerParentFuture<Self::Item> {
        Box::pin(async move { store.aided_states(&donors, &self.aid_filter).await })
    }
}
