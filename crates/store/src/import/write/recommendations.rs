//! Writing a file's recommendations: the reviews the reference data lacks, the rows
//! matched to an earlier import's, and with each row written its search terms and
//! its links to themes, affected persons and SDG targets.

use std::collections::{BTreeMap, HashMap};

use sea_orm::{
    sea_query::{Asterisk, Expr, ExprTrait, Index, IndexCreateStatement, IndexOrder, Query},
    ColumnTrait, ConnectionTrait, DatabaseTransaction, DeriveIden, FromQueryResult,
};
use uprgraph_domain::search::relevances;

use super::{
    batch::{delete_ids, get, id_map, read_rows, Insert, MatchedTable, Writer},
    field, Fields,
};
use crate::{
    entity::{
        affected_person, recommendation, recommendation_affected_person, recommendation_sdg_target,
        recommendation_theme, review, sdg_target, theme,
        unlisted::{RecommendationSearch, RecommendationTerms},
    },
    import::{
        rows::{Keyed, NewRecommendation},
        write::reconcile::Plan,
        Counts, ImportError,
    },
    store::{Counted, CountedIden},
};

/// How `recommendations` rows are matched to an earlier import's.
const MATCHED: MatchedTable<recommendation::Column> = MatchedTable {
    id: recommendation::Column::Id,
    natural_key: recommendation::Column::NaturalKey,
    row_hash: recommendation::Column::RowHash,
    line: recommendation::Column::SourceLine,
    dataset: recommendation::Column::DatasetId,
};

/// `(state id, session id) -> review id`.
type Reviews = HashMap<(i32, i32), i32>;

/// Writes a file's recommendations to `dataset` and counts what happened to them.
pub(super) async fn write(
    writer: Writer<'_>,
    dataset: i32,
    rows: &[NewRecommendation],
) -> Result<Counts, ImportError> {
    let txn = writer.txn;
    let existing = MATCHED.existing(txn, dataset).await?;
    let reviews = make_reviews(writer, rows).await?;
    let plan = Plan::new(&existing, rows);
    let fields = |row: &NewRecommendation| fields(row, &reviews, dataset);
    // The removed rows' terms go first: nothing else removes them (PostgreSQL's table
    // has no foreign key, m20261206_000502).
    let terms = RecommendationTerms::RecommendationId;
    delete_ids(txn, RecommendationTerms::Table, terms, &plan.delete).await?;
    writer
        .apply_changes(MATCHED, &plan, fields, |row| row.line)
        .await?;
    let updated: Vec<i32> = plan.update.iter().map(|(id, _)| *id).collect();
    delete_links(txn, &updated).await?;

    let progress = writer.progress;
    progress.start(writer.place.file, "writing", plan.insert.len() as u64);
    let inserted = writer
        .insert_keyed(MATCHED, &plan.insert, fields, |row| row.line)
        .await?;
    progress.finish();

    // Links for every inserted or updated row.
    let linked: Vec<(i32, &NewRecommendation)> = plan
        .insert
        .iter()
        .map(|row| (inserted[&row.natural_key], *row))
        .chain(plan.update.iter().map(|(id, row)| (*id, *row)))
        .collect();
    write_terms(writer, &linked).await?;
    write_vocabulary(writer, &linked, &THEMES).await?;
    write_vocabulary(writer, &linked, &AFFECTED_PERSONS).await?;
    write_vocabulary(writer, &linked, &SDG_TARGETS).await?;
    Ok(plan.counts())
}

/// Deletes the search terms and links of the rows `ids`, to be written anew.
async fn delete_links(txn: &DatabaseTransaction, ids: &[i32]) -> Result<(), ImportError> {
    use RecommendationTerms as Terms;
    delete_ids(txn, Terms::Table, Terms::RecommendationId, ids).await?;
    let themes = THEMES.link_recommendation;
    delete_ids(txn, themes.entity_name(), themes, ids).await?;
    let affected_persons = AFFECTED_PERSONS.link_recommendation;
    delete_ids(txn, affected_persons.entity_name(), affected_persons, ids).await?;
    let sdg_targets = SDG_TARGETS.link_recommendation;
    delete_ids(txn, sdg_targets.entity_name(), sdg_targets, ids).await
}

/// A recommendation's columns and values, with the id of its review.
fn fields(row: &NewRecommendation, reviews: &Reviews, dataset: i32) -> Fields {
    use recommendation::Column;
    let review = reviews[&(row.state_under_review, row.session_id)];
    vec![
        field(Column::ReviewId, review),
        field(Column::StateUnderReviewId, row.state_under_review),
        field(Column::RecommendingStateId, row.recommending_state),
        field(Column::Text, row.text.clone()),
        field(Column::Response, row.response.code()),
        field(
            Column::ActionCategory,
            row.action.map(|a| i16::from(a.get())),
        ),
        field(Column::DatasetId, dataset),
        field(Column::SourceLine, i32::try_from(row.line).ok()),
        field(Column::DocumentSymbol, row.document_symbol.clone()),
        field(Column::Paragraph, row.paragraph.clone()),
        field(Column::PublishedOn, row.published_on),
        field(Column::NaturalKey, row.natural_key.clone()),
        field(Column::RowHash, row.row_hash()),
        field(RecommendationSearch::SearchText, row.search.stems.clone()),
        field(RecommendationSearch::SearchWords, row.search.words.clone()),
    ]
}

/// Makes the reviews the reference data lacks for the sessions the file names, and
/// returns every review's id.
async fn make_reviews(
    writer: Writer<'_>,
    rows: &[NewRecommendation],
) -> Result<Reviews, ImportError> {
    use review::Column;
    let mut reviews = review_ids(writer.txn).await?;
    let mut new_reviews: Vec<&NewRecommendation> = Vec::new();
    for row in rows {
        let key = (row.state_under_review, row.session_id);
        if !reviews.contains_key(&key)
            && !new_reviews
                .iter()
                .any(|r| (r.state_under_review, r.session_id) == key)
        {
            new_reviews.push(row);
        }
    }
    if !new_reviews.is_empty() {
        let insert = Insert::new(review::Entity, "the review the row is part of");
        let fields = |row: &&NewRecommendation| {
            vec![
                field(Column::StateId, row.state_under_review),
                field(Column::CycleId, row.cycle_id),
                field(Column::SessionId, row.session_id),
                field(Column::Status, "HELD"),
            ]
        };
        writer
            .insert_batches(insert, &new_reviews, fields, |row| Some(row.line))
            .await?;
        reviews = review_ids(writer.txn).await?;
    }
    Ok(reviews)
}

/// `(state id, session id) -> review id` for every review.
async fn review_ids(txn: &DatabaseTransaction) -> Result<Reviews, ImportError> {
    use review::Column;
    let select = Query::select()
        .columns([Column::Id, Column::StateId, Column::SessionId])
        .from(review::Entity)
        .to_owned();
    read_rows(txn, &select, |row| {
        Ok((
            (get(row, Column::StateId)?, get(row, Column::SessionId)?),
            get(row, Column::Id)?,
        ))
    })
    .await
}

/// Writes the stored relevances of the linked rows' stems.
///
/// Where the dialect allows it (SQLite), an import that brings at least as many terms
/// as the table holds (the first import of a database, or one of a file larger than
/// everything before it) rebuilds the ranked index instead of adding to it: the index
/// is dropped, the terms are inserted in the order of the table's primary key, which
/// each INSERT then extends at its end, and the index is made again from the whole
/// table, sorted once. Both are the same index, and the drop and the creation are part
/// of the import's transaction, so an import that fails leaves the index as it was.
/// Smaller imports insert into the index.
/// PostgreSQL always inserts into the index: dropping it would lock the table against
/// every search of the servers over the database until the import commits, where
/// SQLite's readers go on reading the database as it was.
async fn write_terms(
    writer: Writer<'_>,
    linked: &[(i32, &NewRecommendation)],
) -> Result<(), ImportError> {
    let mut terms: Vec<(i32, &str, i64, u64)> = linked
        .iter()
        .flat_map(|(id, row)| {
            relevances(&row.search.stems)
                .into_iter()
                .map(|(stem, relevance)| (*id, stem, relevance, row.line))
        })
        .collect();
    if terms.is_empty() {
        return Ok(());
    }
    let rebuild = writer.dialect.imports_may_rebuild_indexes()
        && held_terms_fewer_than(writer.txn, terms.len()).await?;
    if rebuild {
        terms.sort_unstable_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
        writer
            .txn
            .execute(&Index::drop().name(RANKED_INDEX).to_owned())
            .await?;
    } else {
        // In the order of the ranked index (stem, relevance best first, id), which each
        // INSERT then fills a stretch at a time rather than at every stem's place: the
        // search terms of the three UPR Info files, copied so into PostgreSQL's table,
        // took two thirds of the time they took in the order of the recommendations.
        terms.sort_unstable_by(|a, b| (a.1, b.2, a.0).cmp(&(b.1, a.2, b.0)));
    }
    let insert = Insert::new(RecommendationTerms::Table, "the row's search terms");
    let fields = |(id, stem, relevance, _): &(i32, &str, i64, u64)| {
        vec![
            field(RecommendationTerms::RecommendationId, *id),
            field(RecommendationTerms::Stem, *stem),
            field(RecommendationTerms::Relevance, *relevance),
        ]
    };
    writer
        .insert_batches(insert, &terms, fields, |(.., line)| Some(*line))
        .await?;
    if rebuild {
        writer.txn.execute(&ranked_index()).await?;
    }
    Ok(())
}

/// The index a search ranked by one stem reads its best matches from, in order
/// (`search::best_matches`): a stem's terms, the most relevant first, then by id.
const RANKED_INDEX: &str = "idx_recommendation_terms_ranked";

/// `CREATE INDEX` of [`RANKED_INDEX`], as the migration that added the table made it.
fn ranked_index() -> IndexCreateStatement {
    use RecommendationTerms as Terms;
    Index::create()
        .name(RANKED_INDEX)
        .table(Terms::Table)
        .col(Terms::Stem)
        .col((Terms::Relevance, IndexOrder::Desc))
        .col(Terms::RecommendationId)
        .to_owned()
}

/// The name of the terms counted by [`held_terms_fewer_than`].
#[derive(DeriveIden)]
struct HeldTerms;

/// Whether `recommendation_terms` holds fewer than `n` rows (counted no further).
async fn held_terms_fewer_than(txn: &DatabaseTransaction, n: usize) -> Result<bool, ImportError> {
    use RecommendationTerms as Terms;
    let first = Query::select()
        .expr(Expr::val(1))
        .from(Terms::Table)
        .limit(n as u64)
        .to_owned();
    let count = Query::select()
        .expr_as(Expr::col(Asterisk).count(), CountedIden::N)
        .from_subquery(first, HeldTerms)
        .to_owned();
    let held: Vec<i64> = read_rows(
        txn,
        &count,
        |row| Ok(Counted::from_query_result(row, "")?.n),
    )
    .await?;
    let held = held.first().copied().unwrap_or_default();
    Ok((held as usize) < n)
}

/// A table of names recommendations are linked to, and its link table.
struct Vocabulary<N, L> {
    /// The names' ids.
    id: N,
    /// The names, each once.
    name: N,
    /// The link table's recommendation.
    link_recommendation: L,
    /// The link table's name.
    link_name: L,
    /// The names a recommendation gives.
    pick: fn(&NewRecommendation) -> &Vec<String>,
}

/// The themes a recommendation is about.
const THEMES: Vocabulary<theme::Column, recommendation_theme::Column> = Vocabulary {
    id: theme::Column::Id,
    name: theme::Column::Name,
    link_recommendation: recommendation_theme::Column::RecommendationId,
    link_name: recommendation_theme::Column::ThemeId,
    pick: |row| &row.themes,
};

/// The persons a recommendation concerns.
const AFFECTED_PERSONS: Vocabulary<
    affected_person::Column,
    recommendation_affected_person::Column,
> = Vocabulary {
    id: affected_person::Column::Id,
    name: affected_person::Column::Name,
    link_recommendation: recommendation_affected_person::Column::RecommendationId,
    link_name: recommendation_affected_person::Column::AffectedPersonId,
    pick: |row| &row.affected_persons,
};

/// The SDG targets a recommendation serves.
const SDG_TARGETS: Vocabulary<sdg_target::Column, recommendation_sdg_target::Column> = Vocabulary {
    id: sdg_target::Column::Id,
    name: sdg_target::Column::Code,
    link_recommendation: recommendation_sdg_target::Column::RecommendationId,
    link_name: recommendation_sdg_target::Column::SdgTargetId,
    pick: |row| &row.sdg_targets,
};

/// Links the linked rows to the names of a vocabulary they give, adding the names it
/// lacks.
async fn write_vocabulary<N: ColumnTrait, L: ColumnTrait>(
    writer: Writer<'_>,
    linked: &[(i32, &NewRecommendation)],
    vocabulary: &Vocabulary<N, L>,
) -> Result<(), ImportError> {
    let pick = vocabulary.pick;
    let mut names: HashMap<&str, u64> = HashMap::new();
    for (_, row) in linked {
        for name in pick(row) {
            let line = names.entry(name.as_str()).or_insert(row.line);
            *line = std::cmp::min(*line, row.line);
        }
    }
    if names.is_empty() {
        return Ok(());
    }
    let ids = name_ids(writer, vocabulary, names).await?;
    let links: Vec<(i32, i32, u64)> = linked
        .iter()
        .flat_map(|(id, row)| pick(row).iter().map(|name| (*id, ids[name], row.line)))
        .collect();
    let insert = Insert::new(vocabulary.link_name.entity_name(), "the row's links");
    let fields = |(recommendation, name, _): &(i32, i32, u64)| {
        vec![
            field(vocabulary.link_recommendation, *recommendation),
            field(vocabulary.link_name, *name),
        ]
    };
    writer
        .insert_batches(insert, &links, fields, |(.., line)| Some(*line))
        .await?;
    Ok(())
}

/// Ids for names of a vocabulary, adding the names it lacks; each name comes with
/// the first line that names it.
async fn name_ids<N: ColumnTrait, L>(
    writer: Writer<'_>,
    vocabulary: &Vocabulary<N, L>,
    names: HashMap<&str, u64>,
) -> Result<HashMap<String, i32>, ImportError> {
    // New names get ids in the order of their spelling, so that lists read in id order
    // come out alphabetical and the same on every import.
    let names: BTreeMap<&str, u64> = names.into_iter().collect();
    let (id, name) = (vocabulary.id, vocabulary.name);
    let mut known = id_map(writer.txn, id, name).await?;
    let missing: Vec<(&str, u64)> = names
        .into_iter()
        .filter(|(n, _)| !known.contains_key(*n))
        .collect();
    if !missing.is_empty() {
        let insert = Insert::new(name.entity_name(), "a name the row gives");
        let fields = |(missing, _): &(&str, u64)| vec![field(name, (*missing).to_owned())];
        writer
            .insert_batches(insert, &missing, fields, |(_, line)| Some(*line))
            .await?;
        known = id_map(writer.txn, id, name).await?;
    }
    Ok(known)
}
