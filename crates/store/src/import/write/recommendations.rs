//! Writing a file's recommendations: the reviews the reference data lacks, the rows
//! matched to an earlier import's, and with each row written its search terms and
//! its links to themes, affected persons and SDG targets.

use std::{
    cmp::Reverse,
    collections::{BTreeMap, HashMap},
};

use sea_orm::{
    sea_query::{DynIden, Expr, ExprTrait, IntoIden, Query},
    ColumnTrait, ConnectionTrait, DatabaseTransaction,
};
use uprgraph_domain::search::relevances;

use super::{
    batch::{delete_ids, get, id_map, read_rows, Insert, MatchedTable, Writer, BATCH},
    field,
    upkeep::SetAside,
    Fields,
};
use crate::{
    entity::{
        affected_person, recommendation, recommendation_affected_person, recommendation_sdg_target,
        recommendation_theme, review, sdg_target, theme,
        unlisted::{RecommendationSearch, RecommendationTerms, SearchStems},
    },
    import::{
        on_every_core,
        rows::{Keyed, NewRecommendation},
        write::reconcile::Plan,
        Counts, ImportError,
    },
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
    let updated: Vec<i32> = plan.update.iter().map(|(id, _)| *id).collect();
    // The removed and the changed rows' terms go first, while the rows still hold the
    // texts they were computed from; nothing else removes them.
    let changed: Vec<i32> = plan.delete.iter().chain(&updated).copied().collect();
    delete_terms(txn, &changed).await?;
    writer
        .apply_changes(MATCHED, &plan, fields, |row| row.line)
        .await?;
    delete_links(txn, &updated).await?;

    let mut set_aside = SetAside::for_load(writer, &written_tables(), plan.insert.len()).await?;
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
    write_terms(writer, &mut set_aside, &linked).await?;
    write_vocabulary(writer, &linked, &THEMES).await?;
    write_vocabulary(writer, &linked, &AFFECTED_PERSONS).await?;
    write_vocabulary(writer, &linked, &SDG_TARGETS).await?;
    set_aside.restore(txn).await?;
    Ok(plan.counts())
}

/// The tables written with each recommendation, the recommendations first.
fn written_tables() -> [DynIden; 5] {
    [
        recommendation::Entity.into_iden(),
        RecommendationTerms::Table.into_iden(),
        THEMES.link_name.entity_name(),
        AFFECTED_PERSONS.link_name.entity_name(),
        SDG_TARGETS.link_name.entity_name(),
    ]
}

/// Search terms removed per statement: three values each.
const TERMS_PER_DELETE: usize = 2_000;

/// Deletes the search terms of the rows `ids`. Their whole key is known without
/// reading them: the stems of each row's stored search text, by their numbers, with the
/// relevances those give, as they were written (`write_terms`, and the migrations that
/// fill the table compute them alike).
async fn delete_terms(txn: &DatabaseTransaction, ids: &[i32]) -> Result<(), ImportError> {
    use recommendation::Column;
    use RecommendationTerms as Terms;
    if ids.is_empty() {
        return Ok(());
    }
    let stems = stem_ids(txn).await?;
    for chunk in ids.chunks(BATCH) {
        let texts = Query::select()
            .column(Column::Id)
            .column(RecommendationSearch::SearchText)
            .from(recommendation::Entity)
            .and_where(Column::Id.is_in(chunk.iter().copied()))
            .to_owned();
        let texts: Vec<(i32, String)> = read_rows(txn, &texts, |row| {
            Ok((get(row, Column::Id)?, row.try_get("", "search_text")?))
        })
        .await?;
        // A stem without a number was never written, and has no terms to remove.
        let keys: Vec<(i32, i64, i32)> = texts
            .iter()
            .flat_map(|(id, text)| {
                relevances(text)
                    .into_iter()
                    .filter_map(|(stem, relevance)| {
                        stems.get(stem).map(|stem| (*stem, relevance, *id))
                    })
            })
            .collect();
        for keys in keys.chunks(TERMS_PER_DELETE) {
            let key = Expr::tuple([
                Expr::col(Terms::StemId),
                Expr::col(Terms::Relevance),
                Expr::col(Terms::RecommendationId),
            ]);
            let delete = Query::delete()
                .from_table(Terms::Table)
                .and_where(key.in_tuples(keys.iter().copied()))
                .to_owned();
            txn.execute(&delete).await?;
        }
    }
    Ok(())
}

/// Deletes the links of the rows `ids`, to be written anew.
async fn delete_links(txn: &DatabaseTransaction, ids: &[i32]) -> Result<(), ImportError> {
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

/// A stored relevance to write, which orders terms as the table's key does: the stem's
/// number, the relevance (best first), the recommendation's id. Sixteen bytes, for the
/// millions of terms of a large file.
type Term = (i32, Reverse<i64>, i32);

/// Linked rows under this many have their terms made on one thread.
const TERMS_ALONE_BELOW: usize = 4_096;

/// Writes the stored relevances of the linked rows' stems, numbering the stems
/// `search_stems` lacks, in the order of the table's key (stem number, relevance best
/// first, id): each INSERT then fills a stretch of the ranked B-tree at a time rather
/// than one place per stem, and into an empty table every row is appended. A term is
/// three integers.
///
/// The recommendations' own indexes, when a bulk load set them aside, are made again
/// while the terms are made.
async fn write_terms(
    writer: Writer<'_>,
    set_aside: &mut SetAside,
    linked: &[(i32, &NewRecommendation)],
) -> Result<(), ImportError> {
    let stems = number_stems(writer, linked).await?;
    let terms = set_aside
        .restore_first_while(writer.txn, || ordered_terms(linked, &stems))
        .await?;
    // Only a refused term needs its row's line.
    let lines: HashMap<i32, u64> = linked.iter().map(|(id, row)| (*id, row.line)).collect();
    let insert = Insert::new(RecommendationTerms::Table, "the row's search terms");
    let fields = |(stem, Reverse(relevance), id): &Term| {
        vec![
            field(RecommendationTerms::StemId, *stem),
            field(RecommendationTerms::Relevance, *relevance),
            field(RecommendationTerms::RecommendationId, *id),
        ]
    };
    writer
        .insert_batches(insert, &terms, fields, |(.., id)| lines.get(id).copied())
        .await?;
    Ok(())
}

/// `stem -> number` for every stem `search_stems` holds.
async fn stem_ids(txn: &DatabaseTransaction) -> Result<HashMap<String, i32>, ImportError> {
    let select = Query::select()
        .columns([SearchStems::Id, SearchStems::Stem])
        .from(SearchStems::Table)
        .to_owned();
    read_rows(txn, &select, |row| {
        Ok((row.try_get("", "stem")?, row.try_get("", "id")?))
    })
    .await
}

/// The numbers of the linked rows' stems, numbering those `search_stems` lacks in the
/// order of their spelling; each new stem is named by the first line that gives it. The
/// stems are gathered on every core.
async fn number_stems(
    writer: Writer<'_>,
    linked: &[(i32, &NewRecommendation)],
) -> Result<HashMap<String, i32>, ImportError> {
    let mut stems: HashMap<&str, u64> = HashMap::new();
    let parts = on_every_core(linked, TERMS_ALONE_BELOW, |part| {
        let mut first: HashMap<&str, u64> = HashMap::new();
        for (_, row) in part {
            for stem in row.search.stems.split_whitespace() {
                first_line(&mut first, stem, row.line);
            }
        }
        first
    });
    for part in parts {
        for (stem, line) in part {
            first_line(&mut stems, stem, line);
        }
    }
    let mut known = stem_ids(writer.txn).await?;
    let mut missing: Vec<(&str, u64)> = stems
        .into_iter()
        .filter(|(stem, _)| !known.contains_key(*stem))
        .collect();
    if !missing.is_empty() {
        missing.sort_unstable();
        let insert = Insert::new(SearchStems::Table, "a search stem the row gives");
        let fields = |(stem, _): &(&str, u64)| vec![field(SearchStems::Stem, (*stem).to_owned())];
        writer
            .insert_batches(insert, &missing, fields, |(_, line)| Some(*line))
            .await?;
        known = stem_ids(writer.txn).await?;
    }
    Ok(known)
}

/// Keeps in `lines` the first line that gives `stem`.
fn first_line<'s>(lines: &mut HashMap<&'s str, u64>, stem: &'s str, line: u64) {
    let first = lines.entry(stem).or_insert(line);
    *first = std::cmp::min(*first, line);
}

/// The linked rows' terms in the order of the table's key. The relevances are
/// computed, and the terms ordered, on every core in parts that are then merged.
fn ordered_terms(linked: &[(i32, &NewRecommendation)], stems: &HashMap<String, i32>) -> Vec<Term> {
    let parts = on_every_core(linked, TERMS_ALONE_BELOW, |part| {
        // At most a term a word: reserved once, so that the vector is not copied as it
        // grows (the pages reserved and never written cost nothing).
        let words = part
            .iter()
            .map(|(_, row)| row.search.stems.split_whitespace().count())
            .sum();
        let mut terms: Vec<Term> = Vec::with_capacity(words);
        for (id, row) in part {
            let row_terms = relevances(&row.search.stems).into_iter();
            terms.extend(row_terms.map(|(stem, relevance)| (stems[stem], Reverse(relevance), *id)));
        }
        terms.sort_unstable();
        terms
    });
    merged(parts)
}

/// The terms of `parts`, each in key order, in key order.
fn merged(parts: Vec<Vec<Term>>) -> Vec<Term> {
    let mut all = Vec::with_capacity(parts.iter().map(Vec::len).sum());
    let mut heads: Vec<_> = parts
        .into_iter()
        .map(|p| p.into_iter().peekable())
        .collect();
    loop {
        let least = heads
            .iter_mut()
            .enumerate()
            .filter_map(|(i, part)| part.peek().map(|term| (*term, i)))
            .min();
        match least {
            Some((_, i)) => all.extend(heads[i].next()),
            None => return all,
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_ordered_in_parts_merge_into_the_key_order() {
        // Terms as two parts of a file would give them: each part in key order.
        let term = |i: u32| ((i % 7) as i32, Reverse(i64::from(i % 5)), (i / 3) as i32);
        let mut parts: Vec<Vec<Term>> = vec![
            (0..500).map(term).collect(),
            (500..1_200).map(term).collect(),
            Vec::new(),
        ];
        for part in &mut parts {
            part.sort_unstable();
        }
        let mut expected: Vec<Term> = parts.concat();
        expected.sort();
        let all = merged(parts);
        assert_eq!(all.len(), 1_200);
        assert_eq!(all, expected);
        assert!(all.windows(2).all(|w| w[0] <= w[1]));
    }
}
