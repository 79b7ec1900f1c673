//! Tables and columns the entities leave out, named by typed identifiers all the same:
//! the search columns of `recommendations` (written by the importer and the
//! migrations, read only in SQL), the stored relevances and their stems, and the data
//! version.

use sea_orm::DeriveIden;

/// The `id` column every table has, for a table named by an alias or chosen at run time,
/// and the `number` column that cycles and sessions both have.
#[derive(Debug, Clone, Copy, DeriveIden)]
pub enum AnyTable {
    Id,
    Number,
}

/// The columns of `recommendations` that hold its text folded for search.
#[derive(Debug, Clone, Copy, DeriveIden)]
pub enum RecommendationSearch {
    /// The stems in text order (words and phrases are matched there).
    SearchText,
    /// The distinct unstemmed words (prefixes are matched there).
    SearchWords,
    /// PostgreSQL's `tsvector` of `search_text`.
    SearchVector,
    /// PostgreSQL's `tsvector` of `search_words`.
    SearchWordsVector,
}

/// SQLite's full-text index of the search columns.
#[derive(Debug, Clone, Copy, DeriveIden)]
pub enum RecommendationsFts {
    #[sea_orm(iden = "recommendations_fts")]
    Table,
    /// The recommendation's id.
    Rowid,
    /// The FTS5 rank of a match.
    Rank,
}

/// `recommendation_terms`: the stored relevance of each stem to each recommendation.
#[derive(Debug, Clone, Copy, DeriveIden)]
pub enum RecommendationTerms {
    #[sea_orm(iden = "recommendation_terms")]
    Table,
    RecommendationId,
    /// The stem's number in [`SearchStems`].
    StemId,
    Relevance,
}

/// `search_stems`: each stem of the stored relevances once, with its number.
#[derive(Debug, Clone, Copy, DeriveIden)]
pub enum SearchStems {
    #[sea_orm(iden = "search_stems")]
    Table,
    Id,
    Stem,
}

/// The normalised name a state sorts by.
#[derive(Debug, Clone, Copy, DeriveIden)]
pub enum StateNameKey {
    NameKey,
}

/// `data_version`: one row, raised by every write.
#[derive(Debug, Clone, Copy, DeriveIden)]
pub enum DataVersion {
    #[sea_orm(iden = "data_version")]
    Table,
    Id,
    Version,
    /// A random stamp, made anew whenever the version is raised (migration
    /// `m20261206_000301`).
    Stamp,
}

/// SQLite's record of the largest id each `AUTOINCREMENT` table has assigned.
#[derive(Debug, Clone, Copy, DeriveIden)]
pub enum SqliteSequence {
    Table,
    /// The table's name.
    Name,
    /// The largest id it has assigned.
    Seq,
}

/// sea-orm-migration's record of the migrations a database has had.
#[derive(Debug, Clone, Copy, DeriveIden)]
pub enum SeaqlMigrations {
    #[sea_orm(iden = "seaql_migrations")]
    Table,
}
