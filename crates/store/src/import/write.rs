//! Writing a checked file in the import's transaction: the dataset row, then the
//! rows matched by natural key against what an earlier import of the file wrote.

use std::collections::{HashMap, HashSet};

use chrono::Utc;
use sea_orm::{
    sea_query::{Alias, Expr, ExprTrait, OnConflict, Query},
    ConnectionTrait, DatabaseBackend, DatabaseTransaction, Statement, Value,
};

use uprgraph_domain::search::{relevances, search_text, SearchText};

use super::{
    records::{NewAidFlow, NewRecommendation, Parsed, Rows, SourceRef},
    Counts, Format, ImportError, InputFile, Progress,
};

/// Rows per INSERT: well under the bind-parameter limits of SQLite (32,766) and
/// PostgreSQL (65,535) for the widest table.
const BATCH: usize = 500;

pub(crate) async fn write_file(
    txn: &DatabaseTransaction,
    format: Format,
    file: &InputFile,
    parsed: &Parsed,
    progress: &dyn Progress,
) -> Result<Counts, ImportError> {
    let row_count = match &parsed.rows {
        Rows::Recommendations(rows) => rows.len(),
        Rows::AidFlows(rows) => rows.len(),
    } as u64;
    let existing = dataset_of(txn, format, &file.name).await?;
    if let Some((_, checksum)) = &existing {
        if *checksum == parsed.checksum {
            // The very same file: nothing to compare, nothing to change.
            return Ok(Counts {
                unchanged: row_count,
                ..Counts::default()
            });
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
    write_memberships(txn, &parsed.memberships, source).await?;
    match &parsed.rows {
        Rows::Recommendations(rows) => {
            write_recommendations(txn, dataset, rows, progress, &file.name).await
        }
        Rows::AidFlows(rows) => write_aid_flows(txn, dataset, rows, progress, &file.name).await,
    }
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

/// Inserts rows in batches. The statements are written out directly rather than
/// built value by value: bulk loads spend their time here, and each value is moved
/// into its statement exactly once.
async fn insert_batches(
    txn: &DatabaseTransaction,
    table: &str,
    columns: &[&str],
    rows: Vec<Vec<Value>>,
    progress: &dyn Progress,
) -> Result<(), ImportError> {
    let backend = txn.get_database_backend();
    let mut done = 0;
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let batch: Vec<Vec<Value>> = rows.by_ref().take(BATCH).collect();
        let count = batch.len();
        let mut sql = format!("INSERT INTO \"{table}\" ({}) VALUES ", quoted(columns));
        sql.push_str(&placeholders(backend, count, columns.len()));
        txn.execute_raw(Statement::from_sql_and_values(
            backend,
            sql,
            batch.into_iter().flatten(),
        ))
        .await?;
        done += count;
        progress.advance(done as u64);
    }
    Ok(())
}

/// Inserts rows in batches like [`insert_batches`], returning `natural_key -> id`.
async fn insert_returning_keys(
    txn: &DatabaseTransaction,
    table: &str,
    columns: &[&str],
    rows: Vec<Vec<Value>>,
    progress: &dyn Progress,
) -> Result<HashMap<String, i32>, ImportError> {
    let backend = txn.get_database_backend();
    let mut ids = HashMap::with_capacity(rows.len());
    let mut done = 0;
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let batch: Vec<Vec<Value>> = rows.by_ref().take(BATCH).collect();
        let count = batch.len();
        let mut sql = format!("INSERT INTO \"{table}\" ({}) VALUES ", quoted(columns));
        sql.push_str(&placeholders(backend, count, columns.len()));
        sql.push_str(" RETURNING \"id\", \"natural_key\"");
        for row in txn
            .query_all_raw(Statement::from_sql_and_values(
                backend,
                sql,
                batch.into_iter().flatten(),
            ))
            .await?
        {
            ids.insert(row.try_get("", "natural_key")?, row.try_get("", "id")?);
        }
        done += count;
        progress.advance(done as u64);
    }
    Ok(ids)
}

fn quoted(columns: &[&str]) -> String {
    columns
        .iter()
        .map(|c| format!("\"{c}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `(?, ?), (?, ?)` or `($1, $2), ($3, $4)`: `rows` tuples of `width` parameters.
fn placeholders(backend: DatabaseBackend, rows: usize, width: usize) -> String {
    let mut sql = String::with_capacity(rows * width * 5);
    let mut parameter = 0;
    for row in 0..rows {
        if row > 0 {
            sql.push_str(", ");
        }
        sql.push('(');
        for column in 0..width {
            if column > 0 {
                sql.push_str(", ");
            }
            parameter += 1;
            if backend == DatabaseBackend::Postgres {
                sql.push('$');
                sql.push_str(&parameter.to_string());
            } else {
                sql.push('?');
            }
        }
        sql.push(')');
    }
    sql
}

/// Sets the columns of the row `id` to new values.
async fn update_row(
    txn: &DatabaseTransaction,
    table: &str,
    columns: &[&str],
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
    txn.execute(&update).await?;
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
/// adding the names it lacks.
async fn vocabulary(
    txn: &DatabaseTransaction,
    table: &str,
    column: &str,
    names: HashSet<&str>,
    progress: &dyn Progress,
) -> Result<HashMap<String, i32>, ImportError> {
    // New names get ids in the order of their spelling, so that lists read in id order
    // come out alphabetical and the same on every import.
    let names: std::collections::BTreeSet<&str> = names.into_iter().collect();
    let mut known = id_map(txn, table, column).await?;
    let missing: Vec<Vec<Value>> = names
        .into_iter()
        .filter(|n| !known.contains_key(*n))
        .map(|n| vec![Value::from(n.to_owned())])
        .collect();
    if !missing.is_empty() {
        insert_batches(txn, table, &[column], missing, progress).await?;
        known = id_map(txn, table, column).await?;
    }
    Ok(known)
}

async fn write_recommendations(
    txn: &DatabaseTransaction,
    dataset: i32,
    rows: &[NewRecommendation],
    progress: &dyn Progress,
    file: &str,
) -> Result<Counts, ImportError> {
    let mut counts = Counts::default();
    let existing = existing_rows(txn, "recommendations", dataset).await?;

    // Reviews the reference data lacks are made for the sessions the file names.
    let review_key = |state: i32, session: i32| (state, session);
    let mut reviews = review_ids(txn).await?;
    let mut new_reviews: Vec<(i32, i32, i32)> = Vec::new();
    for row in rows {
        let key = review_key(row.state_under_review, row.session_id);
        if !reviews.contains_key(&key) && !new_reviews.iter().any(|(s, n, _)| (*s, *n) == key) {
            new_reviews.push((row.state_under_review, row.session_id, row.cycle_id));
        }
    }
    if !new_reviews.is_empty() {
        let values = new_reviews
            .iter()
            .map(|(state, session, cycle)| {
                vec![
                    (*state).into(),
                    (*cycle).into(),
                    (*session).into(),
                    "HELD".into(),
                ]
            })
            .collect();
        insert_batches(
            txn,
            "reviews",
            &["state_id", "cycle_id", "session_id", "status"],
            values,
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

    // Each text is folded once, for its row and for its relevances.
    let folded: HashMap<&str, SearchText> = to_insert
        .iter()
        .copied()
        .chain(to_update.iter().map(|(_, row)| *row))
        .map(|row| (row.natural_key.as_str(), search_text(&row.text)))
        .collect();
    let fields = |row: &NewRecommendation| -> Vec<Value> {
        let search = &folded[row.natural_key.as_str()];
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
        update_row(txn, "recommendations", &COLUMNS, fields(row), *id).await?;
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

    progress.start(file, "writing", to_insert.len() as u64);
    let inserted: HashMap<String, i32> = if txn.get_database_backend() == DatabaseBackend::Sqlite {
        // SQLite has one writer, and this transaction has written (the dataset row), so
        // it alone assigns ids until it commits: it numbers the rows itself and need not
        // read the ids back row by row.
        let first = next_id(txn, "recommendations").await?;
        let ids: HashMap<String, i32> = to_insert
            .iter()
            .zip(first..)
            .map(|(row, id)| (row.natural_key.clone(), id))
            .collect();
        let rows = to_insert
            .iter()
            .map(|row| {
                let mut values = vec![Value::from(ids[&row.natural_key])];
                values.extend(fields(row));
                values
            })
            .collect();
        let columns: Vec<&str> = std::iter::once("id").chain(COLUMNS).collect();
        insert_batches(txn, "recommendations", &columns, rows, progress).await?;
        ids
    } else {
        insert_returning_keys(
            txn,
            "recommendations",
            &COLUMNS,
            to_insert.iter().map(|row| fields(row)).collect(),
            progress,
        )
        .await?
    };
    progress.finish();

    // Links for every inserted or updated row.
    let linked: Vec<(i32, &NewRecommendation)> = to_insert
        .iter()
        .map(|row| (inserted[&row.natural_key], *row))
        .chain(to_update.iter().map(|(id, row)| (*id, *row)))
        .collect();
    let terms: Vec<Vec<Value>> = linked
        .iter()
        .flat_map(|(id, row)| {
            relevances(&folded[row.natural_key.as_str()].stems)
                .into_iter()
                .map(|(stem, relevance)| vec![(*id).into(), stem.into(), relevance.into()])
        })
        .collect();
    insert_batches(
        txn,
        "recommendation_terms",
        &["recommendation_id", "stem", "relevance"],
        terms,
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
        let names: HashSet<&str> = linked
            .iter()
            .flat_map(|(_, row)| pick(row).iter().map(String::as_str))
            .collect();
        if names.is_empty() {
            continue;
        }
        let ids = vocabulary(txn, table, column, names, progress).await?;
        let links = linked
            .iter()
            .flat_map(|(id, row)| {
                pick(row)
                    .iter()
                    .map(|name| vec![Value::from(*id), ids[name].into()])
            })
            .collect();
        insert_batches(
            txn,
            link,
            &["recommendation_id", link_column],
            links,
            progress,
        )
        .await?;
    }
    Ok(counts)
}

/// One more than the largest id a table has held (SQLite's AUTOINCREMENT never reuses ids).
async fn next_id(txn: &DatabaseTransaction, table: &str) -> Result<i32, ImportError> {
    let sql = format!(
        "SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = '{table}'), 0), \
         COALESCE((SELECT MAX(id) FROM \"{table}\"), 0)) + 1 AS next"
    );
    let row = txn
        .query_one_raw(Statement::from_string(DatabaseBackend::Sqlite, sql))
        .await?
        .ok_or(sea_orm::DbErr::RecordNotFound(table.to_owned()))?;
    Ok(row.try_get::<i64>("", "next")? as i32)
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
    dataset: i32,
    rows: &[NewAidFlow],
    progress: &dyn Progress,
    file: &str,
) -> Result<Counts, ImportError> {
    let mut counts = Counts::default();
    let existing = existing_rows(txn, "aid_flows", dataset).await?;

    // Sources named in the file are found by title and address, or made.
    let mut sources: HashMap<SourceRef, i32> = HashMap::new();
    for source in rows.iter().filter_map(|r| r.source.as_ref()) {
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
            None => {
                insert_source(
                    txn,
                    None,
                    &source.title,
                    &source.publisher,
                    None,
                    source.url.clone(),
                )
                .await?
            }
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
            None => to_insert.push(fields(row)),
            Some((_, hash)) if *hash == row.row_hash => counts.unchanged += 1,
            Some((id, _)) => {
                counts.updated += 1;
                update_row(txn, "aid_flows", &COLUMNS, fields(row), *id).await?;
            }
        }
    }
    counts.created = to_insert.len() as u64;
    progress.start(file, "writing", to_insert.len() as u64);
    insert_batches(txn, "aid_flows", &COLUMNS, to_insert, progress).await?;
    progress.finish();
    Ok(counts)
}
