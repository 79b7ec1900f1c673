//! The rows that say where an import's rows come from: the file's dataset, the
//! source its format's files are exports of, sources the rows name, and the
//! organisation memberships the file states.

use std::collections::BTreeSet;

use chrono::Utc;
use sea_orm::{
    sea_query::{DynIden, Expr, ExprTrait, InsertStatement, IntoIden, OnConflict, Query},
    ColumnTrait, ConnectionTrait, DatabaseTransaction, Value,
};

use super::{
    batch::{get, id_map, BATCH},
    field, Fields,
};
use crate::{
    entity::{dataset, organization, organization_member, source},
    import::{formats::spec::FormatSpec, read::Parsed, rows::SourceRef, ImportError, InputFile},
};

/// One row to insert into `table`.
fn insert_row(table: impl IntoIden, fields: Fields) -> InsertStatement {
    let (columns, values): (Vec<DynIden>, Vec<Value>) = fields.into_iter().unzip();
    Query::insert()
        .into_table(table)
        .columns(columns)
        .values_panic(values.into_iter().map(Expr::val))
        .to_owned()
}

/// Runs an insert of one row and reads back its id.
async fn insert_returning_id(
    txn: &DatabaseTransaction,
    mut insert: InsertStatement,
    id: impl ColumnTrait,
) -> Result<i32, ImportError> {
    insert.returning_col(id);
    let row = txn
        .query_one(&insert)
        .await?
        .ok_or(sea_orm::DbErr::RecordNotInserted)?;
    Ok(get(&row, id)?)
}

/// Writes the dataset row of a file (made, or updated from an earlier import) and
/// returns its id and its source's, or `None` when the file is the very one imported
/// before.
pub(super) async fn write_dataset(
    txn: &DatabaseTransaction,
    spec: &FormatSpec,
    file: &InputFile,
    parsed: &Parsed,
) -> Result<Option<(i32, i32)>, ImportError> {
    let row_count = parsed.rows.len() as i64;
    let existing = dataset_of(txn, spec, &file.name).await?;
    // The very file, read into as many rows as last time, changes nothing. Read into
    // another number of rows (a later uprgraph reads more of it: the organisations of
    // OECD's DAC Table 2a, say), its rows are compared with those held.
    if let Some((id, checksum, _)) = existing.as_ref().filter(|(_, _, rows)| *rows == row_count) {
        if *checksum == parsed.checksum {
            return Ok(None);
        }
        if *checksum == parsed.framed_checksum {
            // The very file, imported when a dataset's checksum was taken over the file's
            // length and bytes: it now holds the file's own.
            let update = Query::update()
                .table(dataset::Entity)
                .value(dataset::Column::Checksum, parsed.checksum.clone())
                .and_where(Expr::col(dataset::Column::Id).eq(*id))
                .to_owned();
            txn.execute(&update).await?;
            return Ok(None);
        }
    }
    let source = format_source(txn, spec).await?;
    let now: Value = Utc::now().fixed_offset().into();
    let dataset = match existing {
        Some((id, _, _)) => {
            let update = Query::update()
                .table(dataset::Entity)
                .values([
                    (
                        dataset::Column::Checksum,
                        Expr::val(parsed.checksum.clone()),
                    ),
                    (dataset::Column::RowCount, Expr::val(row_count)),
                    (dataset::Column::ImportedAt, Expr::val(now)),
                ])
                .and_where(Expr::col(dataset::Column::Id).eq(id))
                .to_owned();
            txn.execute(&update).await?;
            id
        }
        None => {
            use dataset::Column;
            let insert = insert_row(
                dataset::Entity,
                vec![
                    field(Column::Name, file.name.clone()),
                    field(Column::Format, spec.name),
                    field(Column::Checksum, parsed.checksum.clone()),
                    field(Column::RowCount, row_count),
                    field(Column::ImportedAt, now),
                    field(Column::Licence, spec.licence.map(str::to_owned)),
                    field(Column::SourceId, source),
                ],
            );
            insert_returning_id(txn, insert, Column::Id).await?
        }
    };
    Ok(Some((dataset, source)))
}

/// The dataset an earlier import of this file made, with its checksum.
async fn dataset_of(
    txn: &DatabaseTransaction,
    spec: &FormatSpec,
    name: &str,
) -> Result<Option<(i32, String, i64)>, ImportError> {
    use dataset::Column;
    let select = Query::select()
        .columns([Column::Id, Column::Checksum, Column::RowCount])
        .from(dataset::Entity)
        .and_where(Expr::col(Column::Format).eq(spec.name))
        .and_where(Expr::col(Column::Name).eq(name))
        .to_owned();
    Ok(match txn.query_one(&select).await? {
        Some(row) => Some((
            get(&row, Column::Id)?,
            get(&row, Column::Checksum)?,
            get(&row, Column::RowCount)?,
        )),
        None => None,
    })
}

/// The source every dataset of a format is an export of, made on first use.
async fn format_source(txn: &DatabaseTransaction, spec: &FormatSpec) -> Result<i32, ImportError> {
    let key = format!("format:{}", spec.name);
    let select = Query::select()
        .column(source::Column::Id)
        .from(source::Entity)
        .and_where(Expr::col(source::Column::Key).eq(key.clone()))
        .to_owned();
    if let Some(row) = txn.query_one(&select).await? {
        return Ok(get(&row, source::Column::Id)?);
    }
    let organization_id: Option<i32> = match spec.source.organization {
        Some(code) => {
            let select = Query::select()
                .column(organization::Column::Id)
                .from(organization::Entity)
                .and_where(Expr::col(organization::Column::Code).eq(code))
                .to_owned();
            match txn.query_one(&select).await? {
                Some(row) => Some(get(&row, organization::Column::Id)?),
                None => None,
            }
        }
        None => None,
    };
    let named = SourceRef {
        title: spec.source.title.to_owned(),
        publisher: spec.source.publisher.to_owned(),
        url: spec.source.url.map(str::to_owned),
    };
    insert_source(txn, Some(key), &named, organization_id).await
}

/// Makes a source row: the one of a format (with its `key`), or one the rows name.
pub(super) async fn insert_source(
    txn: &DatabaseTransaction,
    key: Option<String>,
    named: &SourceRef,
    organization: Option<i32>,
) -> Result<i32, ImportError> {
    use source::Column;
    let insert = insert_row(
        source::Entity,
        vec![
            field(Column::Key, key),
            field(Column::Title, named.title.clone()),
            field(Column::Publisher, named.publisher.clone()),
            field(Column::PublisherOrganizationId, organization),
            field(Column::Url, named.url.clone()),
        ],
    );
    insert_returning_id(txn, insert, Column::Id).await
}

/// Adds the organisation memberships a file states that the database lacks.
pub(super) async fn write_memberships(
    txn: &DatabaseTransaction,
    memberships: &BTreeSet<(String, i32)>,
    source: i32,
) -> Result<(), ImportError> {
    use organization_member::Column;
    if memberships.is_empty() {
        return Ok(());
    }
    let organizations = id_map(txn, organization::Column::Id, organization::Column::Code).await?;
    let rows: Vec<Fields> = memberships
        .iter()
        .filter_map(|(code, state)| {
            organizations.get(code).map(|org| {
                vec![
                    field(Column::OrganizationId, *org),
                    field(Column::StateId, *state),
                    field(Column::SourceId, source),
                ]
            })
        })
        .collect();
    for chunk in rows.chunks(BATCH) {
        let mut insert = Query::insert();
        insert.into_table(organization_member::Entity).on_conflict(
            OnConflict::columns([Column::OrganizationId, Column::StateId])
                .do_nothing()
                .to_owned(),
        );
        for (i, row) in chunk.iter().enumerate() {
            if i == 0 {
                insert.columns(row.iter().map(|(c, _)| c.clone()));
            }
            insert.values_panic(row.iter().map(|(_, v)| Expr::val(v.clone())));
        }
        txn.execute(&insert).await?;
    }
    Ok(())
}
