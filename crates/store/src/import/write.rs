//! Writing a checked file in the import's transaction: the dataset row, then the
//! rows matched by natural key against what an earlier import of the file wrote.

use std::collections::{HashMap, HashSet};

use chrono::Utc;
use sea_orm::{
    sea_query::{Alias, Expr, ExprTrait, OnConflict, Query},
    ConnectionTrait, DatabaseTransaction, DbErr, QueryResult, Value,
};

use uprgraph_domain::search::relevances;

use super::{
    records::{NewAidFlow, NewRecommendation, Parsed, Rows, SourceRef},
    Counts, Format, ImportError, InputFile, Progress,
};
use crate::{dialect::Dialect, StoreError};

/// Rows or ids per statement where a statement is built by sea-query (memberships,
/// deletions): few of them in an import.
const BATCH: usize = 500;

/// Bind parameters one INSERT of [`insert_batches`] carries at most: SQLite's limit
/// (32,766), the lower of the two backends' (PostgreSQL's is 65,535).
const MAX_PARAMETERS: usize = 32_766;

/// Rows one INSERT of [`insert_batches`] carries: as many as the parameters allow, so
/// that the statements of an import grow with its size divided by thousands of rows.
/// The search terms (three columns) go in about 10,900 rows a statement, the
/// recommendations (fifteen) in 2,184.
fn rows_per_statement(width: usize) -> usize {
    MAX_PARAMETERS / width.max(1)
}

/// Where the rows being written come from, to say which one the database refused.
#[derive(Debug, Clone, Copy)]
struct Place<'a> {
    file: &'a str,
    sheet: Option<&'a str>,
}

impl Place<'_> {
    /// The error for a statement the database refused while writing `what`, from the
    /// row on `line` if one row caused it. A lost connection stays what it is.
    fn refused(&self, line: Option<u64>, what: &str, err: DbErr) -> ImportError {
        self.placed(line, what, err.into())
    }

    /// [`Self::refused`] for an error already read.
    fn placed(&self, line: Option<u64>, what: &str, err: ImportError) -> ImportError {
        match err {
            ImportError::Store(StoreError::Database(reason)) => ImportError::Refused {
                file: self.file.to_owned(),
                sheet: self.sheet.map(str::to_owned),
                line,
                what: what.to_owned(),
                reason,
            },
            other => other,
        }
    }
}

pub(crate) async fn write_file(
    txn: &DatabaseTransaction,
    dialect: &dyn Dialect,
    format: Format,
    file: &InputFile,
    parsed: &Parsed,
    progress: &dyn Progress,
) -> Result<Counts, ImportError> {
    let place = Place {
        file: &file.name,
        sheet: parsed.sheet.as_deref(),
    };
    let dataset_error = |err| place.placed(None, "the file's dataset", err);
    let dataset = write_dataset(txn, format, file, parsed)
        .await
        .map_err(dataset_error)?;
    let Some((dataset, source)) = dataset else {
        // The very same file: nothing to compare, nothing to change.
        return Ok(Counts {
            unchanged: match &parsed.rows {
                Rows::Recommendations(rows) => rows.len(),
                Rows::AidFlows(rows) => rows.len(),
            } as u64,
            ..Counts::default()
        });
    };
    write_memberships(txn, &parsed.memberships, source)
        .await
        .map_err(dataset_error)?;
    match &parsed.rows {
        Rows::Recommendations(rows) => {
            write_recommendations(txn, dialect, &place, dataset, rows, progress).await
        }
        Rows::AidFlows(rows) => {
            write_aid_flows(txn, dialect, &place, dataset, rows, progress).await
        }
    }
}

/// Writes the dataset row of a file (made, or updated from an earlier import) and
/// returns its id and its source's, or `None` when the file is the very one imported
/// before.
async fn write_dataset(
    txn: &DatabaseTransaction,
    format: Format,
    file: &InputFile,
    parsed: &Parsed,
) -> Result<Option<(i32, i32)>, ImportError> {
    let row_count = match &parsed.rows {
        Rows::Recommendations(rows) => rows.len(),
        Rows::AidFlows(rows) => rows.len(),
    } as u64;
    let existing = dataset_of(txn, format, &file.name).await?;
    if let Some((_, checksum)) = &existing {
        if *checksum == parsed.checksum {
            return Ok(None);
        }
    }
    let source = format_source(txn, format).await?;
    let now: Value = Utc::now().fixed_offset().into();
    let dataset = match existing {
        Some((id, _)) => {
            let update = Query::update()
                .table(Alias::new("datasets"))
                .values([
                    (Alias::new("checksum"), Expr::val(parsed.checksum.clone())),
                    (Alias::new("row_count"), Expr::val(row_count as i64)),
                    (Alias::new("imported_at"), Expr::val(now)),
                ])
                .and_where(Expr::col(Alias::new("id")).eq(id))
                .to_owned();
            txn.execute(&update).await?;
            id
        }
        None => {
            let insert = Query::insert()
                .into_table(Alias::new("datasets"))
                .columns(
                    [
                        "name",
                        "format",
                        "checksum",
                        "row_count",
                        "imported_at",
                        "licence",
                        "source_id",
                    ]
                    .map(Alias::new),
                )
                .values_panic(
                    [
                        Value::from(file.name.clone()),
                        format.name().into(),
                        parsed.checksum.clone().into(),
                        (row_count as i64).into(),
                        now,
                        parsed.licence.map(str::to_owned).into(),
                        source.into(),
                    ]
                    .map(Expr::val),
                )
                .returning_col(Alias::new("id"))
                .to_owned();
            let row = txn
                .query_one(&insert)
                .await?
                .ok_or_else(|| sea_orm::DbErr::RecordNotInserted)?;
            row.try_get("", "id")?
        }
    };
    Ok(Some((dataset, source)))
}

/// The dataset an earlier import of this file made, with its checksum.
async fn dataset_of(
    txn: &DatabaseTransaction,
    format: Format,
    name: &str,
) -> Result<Option<(i32, String)>, ImportError> {
    let select = Query::select()
        .columns(["id", "checksum"].map(Alias::new))
        .from(Alias::new("datasets"))
        .and_where(Expr::col(Alias::new("format")).eq(format.name()))
        .and_where(Expr::col(Alias::new("name")).eq(name))
        .to_owned();
    Ok(match txn.query_one(&select).await? {
        Some(row) => Some((row.try_get("", "id")?, row.try_get("", "checksum")?)),
        None => None,
    })
}

/// The source every dataset of a format is an export of, made on first use.
async fn format_source(txn: &DatabaseTransaction, format: Format) -> Result<i32, ImportError> {
    let (title, publisher, organization, url) = match format {
        Format::UprInfo => (
            "UPR Info database of UPR recommendations",
            "UPR Info",
            Some("UPRINFO"),
            Some("https://www.upr-info.org/database/"),
        ),
        Format::Uhri => (
            "Universal Human Rights Index",
            "Office of the United Nations High Commissioner for Human Rights",
            Some("OHCHR"),
            Some("https://uhri.ohchr.org/"),
        ),
        Format::ForeignAssistance => (
            "ForeignAssistance.gov: U.S. foreign assistance by country",
            "U.S. Department of State and USAID",
            Some("USGFA"),
            Some("https://foreignassistance.gov/"),
        ),
        Format::AidCsv => (
            "Aid-flow files imported with uprgraph's generic aid CSV format",
            "Various; each figure names its own source",
            None,
            None,
        ),
    };
    let key = format!("format:{}", format.name());
    let select = Query::select()
        .column(Alias::new("id"))
        .from(Alias::new("sources"))
        .and_where(Expr::col(Alias::new("key")).eq(key.clone()))
        .to_owned();
    if let Some(row) = txn.query_one(&select).await? {
        return Ok(row.try_get("", "id")?);
    }
    let organization_id: Option<i32> = match organization {
        Some(code) => {
            let select = Query::select()
                .column(Alias::new("id"))
                .from(Alias::new("organizations"))
                .and_where(Expr::col(Alias::new("code")).eq(code))
                .to_owned();
            match txn.query_one(&select).await? {
                Some(row) => Some(row.try_get("", "id")?),
                None => None,
            }
        }
        None => None,
    };
    insert_source(
        txn,
        Some(key),
        title,
        publisher,
        organization_id,
        url.map(str::to_owned),
    )
    .await
}

async fn insert_source(
    txn: &DatabaseTransaction,
    key: Option<String>,
    title: &str,
    publisher: &str,
    organization: Option<i32>,
    url: Option<String>,
) -> Result<i32, ImportError> {
    let insert = Query::insert()
        .into_table(Alias::new("sources"))
        .columns(
            [
                "key",
                "title",
                "publisher",
                "publisher_organization_id",
                "url",
            ]
            .map(Alias::new),
        )
        .values_panic(
            [
                Value::from(key),
                title.into(),
                publisher.into(),
                organization.into(),
                url.into(),
            ]
            .map(Expr::val),
        )
        .returning_col(Alias::new("id"))
        .to_owned();
    let row = txn
        .query_one(&insert)
        .await?
        .ok_or(sea_orm::DbErr::RecordNotInserted)?;
    Ok(row.try_get("", "id")?)
}

/// Adds the organisation memberships a file states that the database lacks.
async fn write_memberships(
    txn: &DatabaseTransaction,
    memberships: &std::collections::BTreeSet<(String, i32)>,
    source: i32,
) -> Result<(), ImportError> {
    if memberships.is_empty() {
        return Ok(());
    }
    let organizations = id_map(txn, "organizations", "code").await?;
    let rows: Vec<Vec<Value>> = memberships
        .iter()
        .filter_map(|(code, state)| {
            organizations
                .get(code)
                .map(|org| vec![(*org).into(), (*state).into(), source.into()])
        })
        .collect();
    for chunk in rows.chunks(BATCH) {
        let mut insert = Query::insert();
        insert
            .into_table(Alias::new("organization_members"))
            .columns(["organization_id", "state_id", "source_id"].map(Alias::new))
            .on_conflict(
                OnConflict::columns(["organization_id", "state_id"].map(Alias::new))
                    .do_nothing()
                    .to_owned(),
            );
        for row in chunk {
            insert.values_panic(row.iter().cloned().map(Expr::val));
        }
        txn.execute(&insert).await?;
    }
    Ok(())
}

/// `key -> id` for a whole table.
async fn id_map(
    txn: &DatabaseTransaction,
    table: &str,
    key: &str,
) -> Result<HashMap<String, i32>, ImportError> {
    let select = Query::select()
        .columns(["id", key].map(Alias::new))
        .from(Alias::new(table))
        .to_owned();
    txn.query_all(&select)
        .await?
        .into_iter()
        .map(|row| Ok((row.try_get("", key)?, row.try_get("", "id")?)))
        .collect()
}

/// `natural_key -> (id, row_hash)` of the rows a dataset holds.
async fn existing_rows(
    txn: &DatabaseTransaction,
    table: &str,
    dataset: i32,
) -> Result<HashMap<String, (i32, String)>, ImportError> {
    let select = Query::select()
        .columns(["id", "natural_key", "row_hash"].map(Alias::new))
        .from(Alias::new(table))
        .and_where(Expr::col(Alias::new("dataset_id")).eq(dataset))
        .to_owned();
    txn.query_all(&select)
        .await?
        .into_iter()
        .map(|row| {
            Ok((
                row.try_get("", "natural_key")?,
                (row.try_get("", "id")?, row.try_get("", "row_hash")?),
            ))
        })
        .collect()
}

/// What a batch insert writes: the table, its columns, and what a row of it is to
/// the file's row it comes from (for errors).
struct Insert<'a> {
    table: &'a str,
    columns: &'a [&'a str],
    /// `this row`, `the row's search terms`, ...
    what: &'a str,
    /// Whether to read back `id` and `natural_key` of the inserted rows.
    returning: bool,
}

/// Inserts rows in batches, each row made by `values` from an item that came from the
/// file's row on `line`. The statements are written out directly rather than built
/// value by value: bulk loads spend their time here, and each value is made once,
/// straight into its statement (again only to find a refused row).
///
/// Each batch runs inside a savepoint, so that when the database refuses one (and
/// PostgreSQL then refuses the rest of the transaction) the batch can be undone and
/// its rows tried one by one, to name the file's row that the database refused.
#[expect(
    clippy::too_many_arguments,
    reason = "the transaction and its dialect, the table, the rows and how each is written"
)]
async fn insert_batches<T>(
    txn: &DatabaseTransaction,
    dialect: &dyn Dialect,
    place: &Place<'_>,
    insert: Insert<'_>,
    items: &[T],
    values: impl Fn(&T) -> Vec<Value>,
    line: impl Fn(&T) -> Option<u64>,
    progress: &dyn Progress,
) -> Result<Vec<QueryResult>, ImportError> {
    let width = insert.columns.len();
    let statement = |count: usize, values: Vec<Value>| {
        let mut sql = format!(
            "INSERT INTO \"{}\" ({}) VALUES ",
            insert.table,
            quoted(insert.columns)
        );
        sql.push_str(&placeholders(count, width));
        if insert.returning {
            sql.push_str(" RETURNING \"id\", \"natural_key\"");
        }
        dialect.statement(&sql, values)
    };
    let mut returned = Vec::new();
    let mut done = 0;
    for chunk in items.chunks(rows_per_statement(width)) {
        let batch = statement(chunk.len(), chunk.iter().flat_map(&values).collect());
        txn.execute_unprepared("SAVEPOINT import_batch").await?;
        match txn.query_all_raw(batch).await {
            Ok(rows) => returned.extend(rows),
            Err(err) => {
                txn.execute_unprepared("ROLLBACK TO SAVEPOINT import_batch")
                    .await?;
                for item in chunk {
                    let one = statement(1, values(item));
                    txn.execute_unprepared("SAVEPOINT import_row").await?;
                    if let Err(err) = txn.query_all_raw(one).await {
                        return Err(place.refused(line(item), insert.what, err));
                    }
                    txn.execute_unprepared("RELEASE SAVEPOINT import_row")
                        .await?;
                }
                // No row alone was refused: the batch as a whole was.
                return Err(place.refused(chunk.first().and_then(&line), insert.what, err));
            }
        }
        txn.execute_unprepared("RELEASE SAVEPOINT import_batch")
            .await?;
        done += chunk.len();
        progress.advance(done as u64);
    }
    Ok(returned)
}

fn quoted(columns: &[&str]) -> String {
    columns
        .iter()
        .map(|c| format!("\"{c}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `(?, ?), (?, ?)`: `rows` tuples of `width` parameters.
fn placeholders(rows: usize, width: usize) -> String {
    let mut sql = String::with_capacity(rows * width * 5);
    for row in 0..rows {
        if row > 0 {
            sql.push_str(", ");
        }
        sql.push('(');
        for column in 0..width {
            if column > 0 {
                sql.push_str(", ");
            }
            sql.push('?');
        }
        sql.push(')');
    }
    sql
}

/// Sets the columns of the row `id` to new values, from the file's row on `line`.
async fn update_row(
    txn: &DatabaseTransaction,
    place: &Place<'_>,
    line: u64,
    (table, columns): (&str, &[&str]),
    values: Vec<Value>,
    id: i32,
) -> Result<(), ImportError> {
    let update = Query::update()
        .table(Alias::new(table))
        .values(
            columns
                .iter()
                .map(|c| Alias::new(*c))
                .zip(values)
                .map(|(c, v)| (c, Expr::val(v))),
        )
        .and_where(Expr::col(Alias::new("id")).eq(id))
        .to_owned();
    txn.execute(&update)
        .await
        .map_err(|err| place.refused(Some(line), "this row", err))?;
    Ok(())
}

async fn delete_ids(
    txn: &DatabaseTransaction,
    table: &str,
    column: &str,
    ids: &[i32],
) -> Result<(), ImportError> {
    for chunk in ids.chunks(BATCH) {
        let delete = Query::delete()
            .from_table(Alias::new(table))
            .and_where(Expr::col(Alias::new(column)).is_in(chunk.iter().copied()))
            .to_owned();
        txn.execute(&delete).await?;
    }
    Ok(())
}

/// Ids for names of a vocabulary table (themes, affected persons, SDG targets),
/// adding the names it lacks; each name comes with the first line that names it.
async fn vocabulary(
    txn: &DatabaseTransaction,
    dialect: &dyn Dialect,
    place: &Place<'_>,
    (table, column): (&str, &str),
    names: HashMap<&str, u64>,
    progress: &dyn Progress,
) -> Result<HashMap<String, i32>, ImportError> {
    // New names get ids in the order of their spelling, so that lists read in id order
    // come out alphabetical and the same on every import.
    let names: std::collections::BTreeMap<&str, u64> = names.into_iter().collect();
    let mut known = id_map(txn, table, column).await?;
    let missing: Vec<(&str, u64)> = names
        .into_iter()
        .filter(|(n, _)| !known.contains_key(*n))
        .collect();
    if !missing.is_empty() {
        let insert = Insert {
            table,
            columns: &[column],
            what: "a name the row gives",
            returning: false,
        };
        insert_batches(
            txn,
            dialect,
            place,
            insert,
            &missing,
            |(name, _)| vec![Value::from((*name).to_owned())],
            |(_, line)| Some(*line),
            progress,
        )
        .await?;
        known = id_map(txn, table, column).await?;
    }
    Ok(known)
}

async fn write_recommendations(
    txn: &DatabaseTransaction,
    dialect: &dyn Dialect,
    place: &Place<'_>,
    dataset: i32,
    rows: &[NewRecommendation],
    progress: &dyn Progress,
) -> Result<Counts, ImportError> {
    let mut counts = Counts::default();
    let existing = existing_rows(txn, "recommendations", dataset).await?;

    // Reviews the reference data lacks are made for the sessions the file names.
    let review_key = |state: i32, session: i32| (state, session);
    let mut reviews = review_ids(txn).await?;
    let mut new_reviews: Vec<&NewRecommendation> = Vec::new();
    for row in rows {
        let key = review_key(row.state_under_review, row.session_id);
        if !reviews.contains_key(&key)
            && !new_reviews
                .iter()
                .any(|r| review_key(r.state_under_review, r.session_id) == key)
        {
            new_reviews.push(row);
        }
    }
    if !new_reviews.is_empty() {
        let insert = Insert {
            table: "reviews",
            columns: &["state_id", "cycle_id", "session_id", "status"],
            what: "the review the row is part of",
            returning: false,
        };
        insert_batches(
            txn,
            dialect,
            place,
            insert,
            &new_reviews,
            |row| {
                vec![
                    row.state_under_review.into(),
                    row.cycle_id.into(),
                    row.session_id.into(),
                    "HELD".into(),
                ]
            },
            |row| Some(row.line),
            progress,
        )
        .await?;
        reviews = review_ids(txn).await?;
    }

    let seen: HashSet<&str> = rows.iter().map(|r| r.natural_key.as_str()).collect();
    let removed: Vec<i32> = existing
        .iter()
        .filter(|(key, _)| !seen.contains(key.as_str()))
        .map(|(_, (id, _))| *id)
        .collect();
    counts.removed = removed.len() as u64;
    delete_ids(txn, "recommendations", "id", &removed).await?;

    let mut to_insert = Vec::new();
    let mut to_update = Vec::new();
    for row in rows {
        match existing.get(&row.natural_key) {
            None => to_insert.push(row),
            Some((_, hash)) if *hash == row.row_hash => counts.unchanged += 1,
            Some((id, _)) => to_update.push((*id, row)),
        }
    }
    counts.created = to_insert.len() as u64;
    counts.updated = to_update.len() as u64;

    let fields = |row: &NewRecommendation| -> Vec<Value> {
        let search = &row.search;
        vec![
            reviews[&review_key(row.state_under_review, row.session_id)].into(),
            row.state_under_review.into(),
            row.recommending_state.into(),
            row.text.clone().into(),
            row.response.code().into(),
            row.action.map(|a| i16::from(a.get())).into(),
            dataset.into(),
            i32::try_from(row.line).ok().into(),
            row.document_symbol.clone().into(),
            row.published_on.into(),
            row.natural_key.clone().into(),
            row.row_hash.clone().into(),
            search.stems.clone().into(),
            search.words.clone().into(),
        ]
    };
    const COLUMNS: [&str; 14] = [
        "review_id",
        "state_under_review_id",
        "recommending_state_id",
        "text",
        "response",
        "action_category",
        "dataset_id",
        "source_line",
        "document_symbol",
        "published_on",
        "natural_key",
        "row_hash",
        "search_text",
        "search_words",
    ];
    for (id, row) in &to_update {
        let table = ("recommendations", &COLUMNS[..]);
        update_row(txn, place, row.line, table, fields(row), *id).await?;
    }
    let updated_ids: Vec<i32> = to_update.iter().map(|(id, _)| *id).collect();
    for link in [
        "recommendation_terms",
        "recommendation_themes",
        "recommendation_affected_persons",
        "recommendation_sdg_targets",
    ] {
        delete_ids(txn, link, "recommendation_id", &updated_ids).await?;
    }

    progress.start(place.file, "writing", to_insert.len() as u64);
    let next_id = match dialect.next_id("recommendations") {
        Some(next_id) => Some(
            txn.query_one_raw(next_id)
                .await?
                .ok_or(sea_orm::DbErr::RecordNotFound("recommendations".to_owned()))?,
        ),
        None => None,
    };
    let inserted: HashMap<String, i32> = if let Some(next_id) = next_id {
        let first = next_id.try_get::<i64>("", "next")? as i32;
        let ids: HashMap<String, i32> = to_insert
            .iter()
            .zip(first..)
            .map(|(row, id)| (row.natural_key.clone(), id))
            .collect();
        let columns: Vec<&str> = std::iter::once("id").chain(COLUMNS).collect();
        let insert = Insert {
            table: "recommendations",
            columns: &columns,
            what: "this row",
            returning: false,
        };
        insert_batches(
            txn,
            dialect,
            place,
            insert,
            &to_insert,
            |row| {
                let mut values = vec![Value::from(ids[&row.natural_key])];
                values.extend(fields(row));
                values
            },
            |row| Some(row.line),
            progress,
        )
        .await?;
        ids
    } else {
        let insert = Insert {
            table: "recommendations",
            columns: &COLUMNS,
            what: "this row",
            returning: true,
        };
        let returned = insert_batches(
            txn,
            dialect,
            place,
            insert,
            &to_insert,
            |row| fields(row),
            |row| Some(row.line),
            progress,
        )
        .await?;
        returned
            .into_iter()
            .map(|row| Ok((row.try_get("", "natural_key")?, row.try_get("", "id")?)))
            .collect::<Result<_, DbErr>>()?
    };
    progress.finish();

    // Links for every inserted or updated row.
    let linked: Vec<(i32, &NewRecommendation)> = to_insert
        .iter()
        .map(|row| (inserted[&row.natural_key], *row))
        .chain(to_update.iter().map(|(id, row)| (*id, *row)))
        .collect();
    let mut terms: Vec<(i32, &str, i64, u64)> = linked
        .iter()
        .flat_map(|(id, row)| {
            relevances(&row.search.stems)
                .into_iter()
                .map(|(stem, relevance)| (*id, stem, relevance, row.line))
        })
        .collect();
    // In the order of the ranked index (stem, relevance best first, id), which each
    // INSERT then fills a stretch at a time rather than at every stem's place: the
    // search terms of the three UPR Info files, copied so into PostgreSQL's table,
    // took two thirds of the time they took in the order of the recommendations.
    terms.sort_unstable_by(|a, b| (a.1, b.2, a.0).cmp(&(b.1, a.2, b.0)));
    let insert = Insert {
        table: "recommendation_terms",
        columns: &["recommendation_id", "stem", "relevance"],
        what: "the row's search terms",
        returning: false,
    };
    insert_batches(
        txn,
        dialect,
        place,
        insert,
        &terms,
        |(id, stem, relevance, _)| vec![(*id).into(), (*stem).into(), (*relevance).into()],
        |(.., line)| Some(*line),
        progress,
    )
    .await?;
    type Pick = fn(&NewRecommendation) -> &Vec<String>;
    let vocabularies: [(&str, &str, &str, &str, Pick); 3] = [
        ("themes", "name", "recommendation_themes", "theme_id", |r| {
            &r.themes
        }),
        (
            "affected_persons",
            "name",
            "recommendation_affected_persons",
            "affected_person_id",
            |r| &r.affected_persons,
        ),
        (
            "sdg_targets",
            "code",
            "recommendation_sdg_targets",
            "sdg_target_id",
            |r| &r.sdg_targets,
        ),
    ];
    for (table, column, link, link_column, pick) in vocabularies {
        let mut names: HashMap<&str, u64> = HashMap::new();
        for (_, row) in &linked {
            for name in pick(row) {
                let line = names.entry(name.as_str()).or_insert(row.line);
                *line = std::cmp::min(*line, row.line);
            }
        }
        if names.is_empty() {
            continue;
        }
        let ids = vocabulary(txn, dialect, place, (table, column), names, progress).await?;
        let links: Vec<(i32, i32, u64)> = linked
            .iter()
            .flat_map(|(id, row)| pick(row).iter().map(|name| (*id, ids[name], row.line)))
            .collect();
        let insert = Insert {
            table: link,
            columns: &["recommendation_id", link_column],
            what: "the row's links",
            returning: false,
        };
        insert_batches(
            txn,
            dialect,
            place,
            insert,
            &links,
            |(id, name, _)| vec![(*id).into(), (*name).into()],
            |(.., line)| Some(*line),
            progress,
        )
        .await?;
    }
    Ok(counts)
}

/// `(state id, session id) -> review id` for every review.
async fn review_ids(txn: &DatabaseTransaction) -> Result<HashMap<(i32, i32), i32>, ImportError> {
    let select = Query::select()
        .columns(["id", "state_id", "session_id"].map(Alias::new))
        .from(Alias::new("reviews"))
        .to_owned();
    txn.query_all(&select)
        .await?
        .into_iter()
        .map(|row| {
            Ok((
                (row.try_get("", "state_id")?, row.try_get("", "session_id")?),
                row.try_get("", "id")?,
            ))
        })
        .collect()
}

async fn write_aid_flows(
    txn: &DatabaseTransaction,
    dialect: &dyn Dialect,
    place: &Place<'_>,
    dataset: i32,
    rows: &[NewAidFlow],
    progress: &dyn Progress,
) -> Result<Counts, ImportError> {
    let mut counts = Counts::default();
    let existing = existing_rows(txn, "aid_flows", dataset).await?;

    // Sources named in the file are found by title and address, or made.
    let mut sources: HashMap<SourceRef, i32> = HashMap::new();
    for (line, source) in rows
        .iter()
        .filter_map(|r| r.source.as_ref().map(|s| (r.line, s)))
    {
        if sources.contains_key(source) {
            continue;
        }
        let mut select = Query::select();
        select
            .column(Alias::new("id"))
            .from(Alias::new("sources"))
            .and_where(Expr::col(Alias::new("title")).eq(source.title.clone()))
            .and_where(Expr::col(Alias::new("publisher")).eq(source.publisher.clone()));
        match &source.url {
            Some(url) => select.and_where(Expr::col(Alias::new("url")).eq(url.clone())),
            None => select.and_where(Expr::col(Alias::new("url")).is_null()),
        };
        let id = match txn.query_one(&select).await? {
            Some(row) => row.try_get("", "id")?,
            None => insert_source(
                txn,
                None,
                &source.title,
                &source.publisher,
                None,
                source.url.clone(),
            )
            .await
            .map_err(|err| place.placed(Some(line), "the source the row names", err))?,
        };
        sources.insert(source.clone(), id);
    }

    let seen: HashSet<&str> = rows.iter().map(|r| r.natural_key.as_str()).collect();
    let removed: Vec<i32> = existing
        .iter()
        .filter(|(key, _)| !seen.contains(key.as_str()))
        .map(|(_, (id, _))| *id)
        .collect();
    counts.removed = removed.len() as u64;
    delete_ids(txn, "aid_flows", "id", &removed).await?;

    const COLUMNS: [&str; 20] = [
        "donor_state_id",
        "recipient_state_id",
        "category",
        "transaction_type",
        "fiscal_year",
        "period_start",
        "period_end",
        "amount_minor",
        "currency",
        "amount_bound",
        "constant_amount_minor",
        "constant_base_year",
        "programme",
        "agency",
        "source_id",
        "dataset_id",
        "note",
        "source_line",
        "natural_key",
        "row_hash",
    ];
    let fields = |row: &NewAidFlow| -> Vec<Value> {
        vec![
            row.donor.into(),
            row.recipient.into(),
            row.category.code().into(),
            row.transaction_type.code().into(),
            row.fiscal_year.into(),
            row.period_start.into(),
            row.period_end.into(),
            row.amount.minor_units().into(),
            row.amount.currency().code().to_owned().into(),
            row.bound.code().into(),
            row.constant_amount.map(|m| m.minor_units()).into(),
            row.constant_base_year.into(),
            row.programme.clone().into(),
            row.agency.clone().into(),
            row.source.as_ref().map(|s| sources[s]).into(),
            dataset.into(),
            row.note.clone().into(),
            i32::try_from(row.line).ok().into(),
            row.natural_key.clone().into(),
            row.row_hash.clone().into(),
        ]
    };
    let mut to_insert = Vec::new();
    for row in rows {
        match existing.get(&row.natural_key) {
            None => to_insert.push(row),
            Some((_, hash)) if *hash == row.row_hash => counts.unchanged += 1,
            Some((id, _)) => {
                counts.updated += 1;
                let table = ("aid_flows", &COLUMNS[..]);
                update_row(txn, place, row.line, table, fields(row), *id).await?;
            }
        }
    }
    counts.created = to_insert.len() as u64;
    progress.start(place.file, "writing", to_insert.len() as u64);
    let insert = Insert {
        table: "aid_flows",
        columns: &COLUMNS,
        what: "this row",
        returning: false,
    };
    insert_batches(
        txn,
        dialect,
        place,
        insert,
        &to_insert,
        |row| fields(row),
        |row| Some(row.line),
        progress,
    )
    .await?;
    progress.finish();
    Ok(counts)
}
