//! What the citations of recommendations are made of, read for many at once: one
//! statement joins each recommendation to its review, session, cycle, states, file and
//! the publication the file is an export of, and the data version is read around it.

use std::collections::HashMap;

use chrono::Datelike;
use sea_orm::{
    sea_query::{Expr, ExprTrait, Query},
    ColumnTrait, ConnectionTrait, DeriveIden, FromQueryResult, JoinType,
};
use uprgraph_domain::{CitationFacts, CitedDataset, CitedSource, Day};

use crate::{
    entity::{
        code::StoredResponse, cycle, dataset, recommendation, review, session, source, state,
    },
    Store, StoreError,
};

/// The parts states play in a citation, each a join of `states`.
#[derive(Debug, Clone, Copy, DeriveIden)]
enum Role {
    UnderReview,
    Recommending,
}

/// The fields of [`CitationRow`] that are not a column of `recommendations`.
#[derive(Debug, Clone, Copy, DeriveIden)]
enum Field {
    StateUnderReview,
    RecommendingState,
    Cycle,
    Session,
    OutcomeSymbol,
    DatasetName,
    DatasetChecksum,
    ImportedAt,
    SourceTitle,
    SourcePublisher,
    SourceUrl,
    DataVersion,
}

#[derive(Debug, FromQueryResult)]
struct CitationRow {
    id: i32,
    state_under_review: String,
    recommending_state: Option<String>,
    cycle: i32,
    session: i32,
    response: StoredResponse,
    document_symbol: Option<String>,
    outcome_symbol: Option<String>,
    paragraph: Option<String>,
    published_on: Option<chrono::NaiveDate>,
    source_line: Option<i32>,
    dataset_name: Option<String>,
    dataset_checksum: Option<String>,
    imported_at: Option<sea_orm::prelude::DateTimeWithTimeZone>,
    source_title: Option<String>,
    source_publisher: Option<String>,
    source_url: Option<String>,
    /// The data version, read in the same statement as the rest, so of the same data.
    data_version: i64,
}

fn day(date: impl Datelike) -> Day {
    Day {
        year: date.year(),
        month: date.month(),
        day: date.day(),
    }
}

impl CitationRow {
    fn facts(self) -> CitationFacts {
        let data_version = u64::try_from(self.data_version).unwrap_or_default();
        let source = match (self.source_title, self.source_publisher) {
            (Some(title), Some(publisher)) => Some(CitedSource {
                title,
                publisher,
                url: self.source_url,
            }),
            _ => None,
        };
        let dataset = match (self.dataset_name, self.dataset_checksum, self.imported_at) {
            (Some(name), Some(checksum), Some(imported_at)) => Some(CitedDataset {
                name,
                checksum,
                imported_on: day(imported_at.date_naive()),
                source,
            }),
            _ => None,
        };
        CitationFacts {
            id: self.id,
            state_under_review: self.state_under_review,
            recommending_state: self.recommending_state,
            cycle: self.cycle,
            session: self.session,
            response: self.response.0,
            // The recommendation's own document, else the review's outcome report.
            document_symbol: self.document_symbol.or(self.outcome_symbol),
            paragraph: self.paragraph,
            published_on: self.published_on.map(day),
            dataset,
            source_line: self.source_line,
            data_version,
        }
    }
}

impl Store {
    /// The citation facts of the recommendations `ids`, by id (an id that names no
    /// recommendation is missing), all read at one data version: the one they name.
    pub async fn citation_facts(
        &self,
        ids: &[i32],
    ) -> Result<HashMap<i32, CitationFacts>, StoreError> {
        if ids.is_empty() {
            return Ok(HashMap::new());
        }
        let rows = self.citation_rows(ids).await?;
        Ok(rows.into_iter().map(|row| (row.id, row.facts())).collect())
    }

    /// The rows of `ids`, each with the data version: one statement, so that every
    /// citation names the version of the data it was read from, with no import between.
    async fn citation_rows(&self, ids: &[i32]) -> Result<Vec<CitationRow>, StoreError> {
        use crate::entity::unlisted::DataVersion as Version;
        let data_version = Query::select()
            .column(Version::Version)
            .from(Version::Table)
            .and_where(Expr::col(Version::Id).eq(1))
            .to_owned();
        let mut select = crate::export::recommendations_in_reviews();
        select
            .join_as(
                JoinType::InnerJoin,
                state::Entity,
                Role::UnderReview,
                Expr::col((Role::UnderReview, state::Column::Id)).equals((
                    recommendation::Entity,
                    recommendation::Column::StateUnderReviewId,
                )),
            )
            .join_as(
                JoinType::LeftJoin,
                state::Entity,
                Role::Recommending,
                Expr::col((Role::Recommending, state::Column::Id)).equals((
                    recommendation::Entity,
                    recommendation::Column::RecommendingStateId,
                )),
            )
            .left_join(
                dataset::Entity,
                dataset::Column::Id
                    .into_expr()
                    .equals((recommendation::Entity, recommendation::Column::DatasetId)),
            )
            .left_join(
                source::Entity,
                source::Column::Id
                    .into_expr()
                    .equals((dataset::Entity, dataset::Column::SourceId)),
            )
            .expr_as(
                Expr::col((Role::UnderReview, state::Column::ShortName)),
                Field::StateUnderReview,
            )
            .expr_as(
                Expr::col((Role::Recommending, state::Column::ShortName)),
                Field::RecommendingState,
            )
            .expr_as(cycle::Column::Number.into_expr(), Field::Cycle)
            .expr_as(session::Column::Number.into_expr(), Field::Session)
            .expr(recommendation::Column::Response.into_expr())
            .expr(recommendation::Column::DocumentSymbol.into_expr())
            .expr_as(
                review::Column::OutcomeSymbol.into_expr(),
                Field::OutcomeSymbol,
            )
            .expr(recommendation::Column::Paragraph.into_expr())
            .expr(recommendation::Column::PublishedOn.into_expr())
            .expr(recommendation::Column::SourceLine.into_expr())
            .expr_as(dataset::Column::Name.into_expr(), Field::DatasetName)
            .expr_as(
                dataset::Column::Checksum.into_expr(),
                Field::DatasetChecksum,
            )
            .expr_as(dataset::Column::ImportedAt.into_expr(), Field::ImportedAt)
            .expr_as(source::Column::Title.into_expr(), Field::SourceTitle)
            .expr_as(
                source::Column::Publisher.into_expr(),
                Field::SourcePublisher,
            )
            .expr_as(source::Column::Url.into_expr(), Field::SourceUrl)
            .expr_as(
                Expr::SubQuery(None, Box::new(data_version.into())),
                Field::DataVersion,
            )
            .and_where(recommendation::Column::Id.is_in(ids.iter().copied()));
        let rows = self.connection().query_all(&select).await?;
        Ok(rows
            .iter()
            .map(|row| CitationRow::from_query_result(row, ""))
            .collect::<Result<_, _>>()?)
    }
}
