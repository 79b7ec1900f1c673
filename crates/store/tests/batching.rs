//! The store's batched queries on a migrated in-memory SQLite database.

use sea_orm::EntityTrait;
use uprgraph_domain::StateKey;
use uprgraph_store::{entity::state, Filter, PageRequest, ReviewsOfState, Store};

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
        from_end: false,
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
        .child_pages::<ReviewsOfState>(&[usa.id, isr.id], &Filter::All, first(2))
        .await
        .unwrap();
    assert_eq!(store.statements_executed() - before, 1);
    let usa_page = &pages[&usa.id];
    assert_eq!(usa_page.rows.len(), 2);
    assert!(usa_page.has_next && !usa_page.has_previous);
    assert!(usa_page.rows[0].id < usa_page.rows[1].id);

    let last = PageRequest {
        after: None,
        before: None,
        limit: 2,
        from_end: true,
    };
    let pages = store
        .child_pages::<ReviewsOfState>(&[isr.id], &Filter::All, last)
        .await
        .unwrap();
    let isr_all = store.children::<ReviewsOfState>(&[isr.id]).await.unwrap();
    let all: Vec<i32> = isr_all[&isr.id].iter().map(|r| r.id).collect();
    assert_eq!(all.len(), 5);
    let tail: Vec<i32> = pages[&isr.id].rows.iter().map(|r| r.id).collect();
    assert_eq!(tail, all[3..]);
    assert!(pages[&isr.id].has_previous);

    let counts = store
        .child_counts::<ReviewsOfState>(&[usa.id, isr.id], &Filter::All)
        .await
        .unwrap();
    assert_eq!((counts[&usa.id], counts[&isr.id]), (4, 5));
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
