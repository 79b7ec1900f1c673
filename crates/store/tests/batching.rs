//! The store's batched queries on a migrated in-memory SQLite database.

use sea_orm::EntityTrait;
use uprgraph_domain::{normalize_name, StateKey};
use uprgraph_store::{
    entity::state, Filter, HasId, PageRequest, ReviewsOfState, SortKey, SortTerm, Store,
};

async fn store() -> Store {
    let store = Store::connect("sqlite::memory:", 1).await.expect("connect");
    store.migrate().await.expect("migrate");
    store
}

fn first(limit: u64) -> PageRequest {
    PageRequest {
        after: None,
        before: None,
        limit,
        ..PageRequest::default()
    }
}

#[tokio::test]
async fn child_pages_cut_each_parents_page_in_one_statement() {
    let store = store().await;
    let usa = store
        .state_by_key(StateKey::parse("USA").unwrap())
        .await
        .unwrap()
        .unwrap();
    let isr = store
        .state_by_key(StateKey::parse("IL").unwrap())
        .await
        .unwrap()
        .unwrap();
    let before = store.statements_executed();
    let pages = store
        .child_pages::<ReviewsOfState>(&[usa.id(), isr.id()], &Filter::All, first(2))
        .await
        .unwrap();
    assert_eq!(store.statements_executed() - before, 1);
    let usa_page = &pages[&usa.id()];
    assert_eq!(usa_page.rows.len(), 2);
    assert!(usa_page.has_next && !usa_page.has_previous);
    assert!(usa_page.rows[0].id < usa_page.rows[1].id);

    let last = PageRequest {
        after: None,
        before: None,
        limit: 2,
        from_end: true,
        ..PageRequest::default()
    };
    let pages = store
        .child_pages::<ReviewsOfState>(&[isr.id()], &Filter::All, last)
        .await
        .unwrap();
    let isr_all = store.children::<ReviewsOfState>(&[isr.id()]).await.unwrap();
    let all: Vec<i32> = isr_all[&isr.id()].iter().map(|r| r.id).collect();
    assert_eq!(all.len(), 5);
    let tail: Vec<i32> = pages[&isr.id()].rows.iter().map(|r| r.id).collect();
    assert_eq!(tail, all[3..]);
    assert!(pages[&isr.id()].has_previous);

    let counts = store
        .child_counts::<ReviewsOfState>(&[usa.id(), isr.id()], &Filter::All)
        .await
        .unwrap();
    assert_eq!((counts[&usa.id()], counts[&isr.id()]), (4, 5));
}

#[tokio::test]
async fn names_resolve_through_aliases() {
    let store = store().await;
    for spelling in [
        "DPR Korea",
        "Bosnia & Herzegovina",
        "Swaziland",
        "Macedonia FYR",
        "Cote d'Ivoire",
        "Türkiye",
        "turkey",
    ] {
        let found = store.state_by_name(spelling).await.unwrap();
        assert!(found.is_some(), "{spelling} did not resolve");
    }
    assert!(store.state_by_name("Atlantis").await.unwrap().is_none());
    assert_eq!(
        state::Entity::find()
            .all(store.connection())
            .await
            .unwrap()
            .len(),
        195
    );
}

/// Pages through every state in `order`, `size` at a time, forward with `after` or
/// from the end with `before`; returns the ids in list order.
async fn walk_one_way(store: &Store, order: &[SortTerm], size: u64, from_end: bool) -> Vec<i32> {
    let mut ids = Vec::new();
    let mut request = PageRequest {
        limit: size,
        from_end,
        order: order.to_vec(),
        ..PageRequest::default()
    };
    loop {
        let page = store
            .page::<state::Entity>(&Filter::All, request.clone())
            .await
            .unwrap();
        let page_ids = page.rows.iter().map(|s| s.id);
        ids = if from_end {
            page_ids.chain(ids).collect()
        } else {
            ids.into_iter().chain(page_ids).collect()
        };
        if from_end && page.has_previous {
            request.before = page.positions.first().cloned();
        } else if !from_end && page.has_next {
            request.after = page.positions.last().cloned();
        } else {
            return ids;
        }
    }
}

/// The ids of every state in `order`, paged forward and paged backward.
async fn walk(store: &Store, order: Vec<SortTerm>, size: u64) -> (Vec<i32>, Vec<i32>) {
    (
        walk_one_way(store, &order, size, false).await,
        walk_one_way(store, &order, size, true).await,
    )
}

#[tokio::test]
async fn ordered_pages_follow_the_sort_keys_both_ways() {
    let store = store().await;
    let mut states = state::Entity::find().all(store.connection()).await.unwrap();

    // By folded name, descending: Türkiye before Turkmenistan, Côte d'Ivoire after Croatia.
    let by_name = vec![SortTerm {
        key: SortKey::StateName,
        descending: true,
    }];
    let (forward, backward) = walk(&store, by_name, 7).await;
    states.sort_by_key(|s| std::cmp::Reverse(normalize_name(&s.short_name)));
    let expected: Vec<i32> = states.iter().map(|s| s.id).collect();
    assert_eq!(forward, expected);
    assert_eq!(backward, expected);
    let place = |alpha3: &str| {
        let id = states
            .iter()
            .find(|s| s.alpha3.0.code() == alpha3)
            .unwrap()
            .id;
        forward.iter().position(|i| *i == id).unwrap()
    };
    assert!(
        place("TUR") > place("TKM"),
        "descending: Turkmenistan first"
    );
    assert!(place("CIV") > place("HRV"), "descending: Croatia first");

    // A key with ties: many states joined on the same day, and the two observers have
    // no day, so sort first; ties go by id.
    let by_admission = vec![SortTerm {
        key: SortKey::StateAdmittedOn,
        descending: false,
    }];
    let (forward, backward) = walk(&store, by_admission, 10).await;
    states.sort_by_key(|s| (s.admitted_on, s.id));
    let expected: Vec<i32> = states.iter().map(|s| s.id).collect();
    assert_eq!(forward, expected);
    assert_eq!(backward, expected);
}
