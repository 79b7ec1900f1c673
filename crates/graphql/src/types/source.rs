//! Provenance: sources (publications), datasets (imported files) and the
//! documented figures that come with their source.

use async_graphql::{Context, Object, ID};
use uprgraph_domain as domain;
use uprgraph_store::{
    entity::{dataset, figure, organization, source, state},
    AidFlowsOfDataset, AidFlowsOfSource, FiguresOfSource, RecommendationsOfDataset,
    ReviewsOfSource,
};

use super::{
    aid::AidFlowConnection, load_opt, load_required, organization::Organization,
    recommendation::RecommendationConnection, review::ReviewConnection, state::State,
};
use uprgraph_store::Filter;

use crate::{
    connection::{child_page, connection, page_complexity, root_page, PageArgs},
    enums::{decode, Bound, FigureMeasure},
    ids::global_id,
    scalars::{Date, DateTime},
};

/// A publication facts served here come from: a UN document, a report, a database.
#[derive(Debug, Clone)]
pub struct Source(pub(crate) source::Model);

impl From<source::Model> for Source {
    fn from(row: source::Model) -> Self {
        Self(row)
    }
}

/// A publication facts served here come from: a UN document, a report, a database.
#[Object]
impl Source {
    /// The global ID of this source, for `node(id:)`.
    pub(crate) async fn id(&self) -> ID {
        global_id("Source", self.0.id)
    }

    /// The source's stable key, by which `AidFlowFilter.source` selects the figures it
    /// reports (e.g. `costs-of-war-2025-israel`); null for a source recorded without one.
    async fn key(&self) -> Option<&str> {
        self.0.key.as_deref()
    }

    /// The title of the publication.
    async fn title(&self) -> &str {
        &self.0.title
    }

    /// Who published it, as credited.
    async fn publisher(&self) -> &str {
        &self.0.publisher
    }

    /// The publishing organisation, where it is recorded as one.
    async fn publisher_organization(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<Organization>> {
        Ok(
            load_opt::<organization::Entity>(ctx, self.0.publisher_organization_id)
                .await?
                .map(Organization),
        )
    }

    /// Where to read it.
    async fn url(&self) -> Option<&str> {
        self.0.url.as_deref()
    }

    /// The day it was published, where known.
    async fn published_on(&self) -> Option<Date> {
        self.0.published_on.map(Date)
    }

    /// The UN document symbol, e.g. `A/HRC/16/11`.
    async fn document_symbol(&self) -> Option<&str> {
        self.0.document_symbol.as_deref()
    }

    /// Remarks on the source and what it says.
    async fn note(&self) -> Option<&str> {
        self.0.note.as_deref()
    }

    /// The reviews whose facts this source documents, in id order.
    #[graphql(complexity = "page_complexity(first, last, child_complexity)")]
    async fn reviews(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Return the first n reviews (at most 100).")] first: Option<i32>,
        #[graphql(desc = "Return reviews after this cursor.")] after: Option<String>,
        #[graphql(desc = "Return the last n reviews (at most 100).")] last: Option<i32>,
        #[graphql(desc = "Return reviews before this cursor.")] before: Option<String>,
    ) -> async_graphql::Result<ReviewConnection> {
        let args = PageArgs::unordered(first, after, last, before);
        let (page, total) = child_page(ctx, ReviewsOfSource, self.0.id, args, Filter::All).await?;
        Ok(ReviewConnection::new(page, total))
    }

    /// The aid flows this source reports.
    #[graphql(complexity = "page_complexity(first, last, child_complexity)")]
    async fn aid_flows(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Return the first n aid flows (at most 100).")] first: Option<i32>,
        #[graphql(desc = "Return aid flows after this cursor.")] after: Option<String>,
        #[graphql(desc = "Return the last n aid flows (at most 100).")] last: Option<i32>,
        #[graphql(desc = "Return aid flows before this cursor.")] before: Option<String>,
        #[graphql(desc = "Only the aid flows that pass this filter.")] filter: Option<
            crate::filters::AidFlowFilterInput,
        >,
        #[graphql(desc = "Sort the aid flows by these keys in turn (then by id).")]
        order_by: Option<Vec<crate::order::AidFlowOrder>>,
    ) -> async_graphql::Result<AidFlowConnection> {
        let (page, total) = child_page(
            ctx,
            AidFlowsOfSource,
            self.0.id,
            PageArgs {
                first,
                after,
                last,
                before,
                order: crate::order::sort_terms(order_by)?,
            },
            crate::filters::aid_flow_filter(filter)?,
        )
        .await?;
        Ok(AidFlowConnection::new(page, total))
    }

    /// The figures this source reports, in id order.
    #[graphql(complexity = "page_complexity(first, last, child_complexity)")]
    async fn figures(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Return the first n figures (at most 100).")] first: Option<i32>,
        #[graphql(desc = "Return figures after this cursor.")] after: Option<String>,
        #[graphql(desc = "Return the last n figures (at most 100).")] last: Option<i32>,
        #[graphql(desc = "Return figures before this cursor.")] before: Option<String>,
    ) -> async_graphql::Result<FigureConnection> {
        let args = PageArgs::unordered(first, after, last, before);
        let (page, total) = child_page(ctx, FiguresOfSource, self.0.id, args, Filter::All).await?;
        Ok(FigureConnection::new(page, total))
    }
}

/// An imported file: what was read, when, and under which licence.
#[derive(Debug, Clone)]
pub struct Dataset(pub(crate) dataset::Model);

impl From<dataset::Model> for Dataset {
    fn from(row: dataset::Model) -> Self {
        Self(row)
    }
}

/// An imported file: what was read, when, and under which licence.
#[Object]
impl Dataset {
    /// The global ID of this dataset, for `node(id:)`.
    pub(crate) async fn id(&self) -> ID {
        global_id("Dataset", self.0.id)
    }

    /// The file name as imported.
    async fn name(&self) -> &str {
        &self.0.name
    }

    /// The import format, e.g. `upr-info`.
    async fn format(&self) -> &str {
        &self.0.format
    }

    /// The SHA-256 checksum of the file, in hex.
    async fn checksum(&self) -> &str {
        &self.0.checksum
    }

    /// How many data rows the file held.
    async fn row_count(&self) -> i64 {
        self.0.row_count
    }

    /// When the file was imported.
    async fn imported_at(&self) -> DateTime {
        DateTime(self.0.imported_at.with_timezone(&chrono::Utc))
    }

    /// The licence the data is under, where known.
    async fn licence(&self) -> Option<&str> {
        self.0.licence.as_deref()
    }

    /// The publication the file is a copy or export of.
    async fn source(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Source>> {
        Ok(load_opt::<source::Entity>(ctx, self.0.source_id)
            .await?
            .map(Source))
    }

    /// The recommendations imported from this file.
    #[graphql(complexity = "page_complexity(first, last, child_complexity)")]
    async fn recommendations(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Return the first n recommendations (at most 100).")] first: Option<i32>,
        #[graphql(desc = "Return recommendations after this cursor.")] after: Option<String>,
        #[graphql(desc = "Return the last n recommendations (at most 100).")] last: Option<i32>,
        #[graphql(desc = "Return recommendations before this cursor.")] before: Option<String>,
        #[graphql(desc = "Only the recommendations that pass this filter.")] filter: Option<
            crate::filters::RecommendationFilterInput,
        >,
        #[graphql(desc = "Sort the recommendations by these keys in turn (then by id).")] order_by: Option<
            Vec<crate::order::RecommendationOrder>,
        >,
    ) -> async_graphql::Result<RecommendationConnection> {
        let (page, total) = child_page(
            ctx,
            RecommendationsOfDataset,
            self.0.id,
            PageArgs {
                first,
                after,
                last,
                before,
                order: crate::order::sort_terms(order_by)?,
            },
            crate::filters::recommendation_filter(filter)?,
        )
        .await?;
        Ok(RecommendationConnection::new(page, total))
    }

    /// The aid flows imported from this file.
    #[graphql(complexity = "page_complexity(first, last, child_complexity)")]
    async fn aid_flows(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Return the first n aid flows (at most 100).")] first: Option<i32>,
        #[graphql(desc = "Return aid flows after this cursor.")] after: Option<String>,
        #[graphql(desc = "Return the last n aid flows (at most 100).")] last: Option<i32>,
        #[graphql(desc = "Return aid flows before this cursor.")] before: Option<String>,
        #[graphql(desc = "Only the aid flows that pass this filter.")] filter: Option<
            crate::filters::AidFlowFilterInput,
        >,
        #[graphql(desc = "Sort the aid flows by these keys in turn (then by id).")]
        order_by: Option<Vec<crate::order::AidFlowOrder>>,
    ) -> async_graphql::Result<AidFlowConnection> {
        let (page, total) = child_page(
            ctx,
            AidFlowsOfDataset,
            self.0.id,
            PageArgs {
                first,
                after,
                last,
                before,
                order: crate::order::sort_terms(order_by)?,
            },
            crate::filters::aid_flow_filter(filter)?,
        )
        .await?;
        Ok(AidFlowConnection::new(page, total))
    }
}

/// A documented figure about a state, such as a count of people killed, with its source.
#[derive(Debug, Clone)]
pub struct Figure(pub(crate) figure::Model);

impl From<figure::Model> for Figure {
    fn from(row: figure::Model) -> Self {
        Self(row)
    }
}

/// A documented figure about a state, such as a count of people killed, with its source.
#[Object]
impl Figure {
    /// The global ID of this figure, for `node(id:)`.
    pub(crate) async fn id(&self) -> ID {
        global_id("Figure", self.0.id)
    }

    /// The state the figure is about.
    async fn state(&self, ctx: &Context<'_>) -> async_graphql::Result<State> {
        load_required::<state::Entity>(ctx, self.0.state_id)
            .await
            .map(State)
    }

    /// What the figure counts.
    async fn measure(&self) -> async_graphql::Result<FigureMeasure> {
        decode::<domain::FigureMeasure, _>(&self.0.measure)
    }

    /// The figure.
    async fn value(&self) -> i64 {
        self.0.value
    }

    /// How the figure relates to the true value (`MORE_THAN` for a published lower bound).
    async fn bound(&self) -> async_graphql::Result<Bound> {
        decode::<domain::Bound, _>(&self.0.bound)
    }

    /// The first day of the period the figure covers.
    async fn period_start(&self) -> Option<Date> {
        self.0.period_start.map(Date)
    }

    /// The day the figure was current, where known.
    async fn as_of(&self) -> Option<Date> {
        self.0.as_of.map(Date)
    }

    /// What the figure is, in words.
    async fn description(&self) -> &str {
        &self.0.description
    }

    /// Remarks on the figure, such as what it leaves out.
    async fn note(&self) -> Option<&str> {
        self.0.note.as_deref()
    }

    /// Where the figure comes from.
    async fn source(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Source>> {
        Ok(load_opt::<source::Entity>(ctx, self.0.source_id)
            .await?
            .map(Source))
    }
}

connection!(
    SourceConnection,
    SourceEdge,
    Source,
    source::Model,
    "A page of sources.",
    "A source in a page of sources."
);
connection!(
    DatasetConnection,
    DatasetEdge,
    Dataset,
    dataset::Model,
    "A page of datasets.",
    "A dataset in a page of datasets."
);
connection!(
    FigureConnection,
    FigureEdge,
    Figure,
    figure::Model,
    "A page of figures.",
    "A figure in a page of figures."
);

/// Root fields for provenance and figures.
#[derive(Debug, Default)]
pub struct SourceQuery;

#[Object]
impl SourceQuery {
    /// All sources.
    #[graphql(complexity = "page_complexity(first, last, child_complexity)")]
    async fn sources(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Return the first n sources (at most 100).")] first: Option<i32>,
        #[graphql(desc = "Return sources after this cursor.")] after: Option<String>,
        #[graphql(desc = "Return the last n sources (at most 100).")] last: Option<i32>,
        #[graphql(desc = "Return sources before this cursor.")] before: Option<String>,
    ) -> async_graphql::Result<SourceConnection> {
        let (page, total) = root_page::<source::Entity>(
            ctx,
            PageArgs {
                first,
                after,
                last,
                before,
                order: Vec::new(),
            },
            Filter::All,
        )
        .await?;
        Ok(SourceConnection::new(page, total))
    }

    /// All imported datasets.
    #[graphql(complexity = "page_complexity(first, last, child_complexity)")]
    async fn datasets(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Return the first n datasets (at most 100).")] first: Option<i32>,
        #[graphql(desc = "Return datasets after this cursor.")] after: Option<String>,
        #[graphql(desc = "Return the last n datasets (at most 100).")] last: Option<i32>,
        #[graphql(desc = "Return datasets before this cursor.")] before: Option<String>,
    ) -> async_graphql::Result<DatasetConnection> {
        let (page, total) = root_page::<dataset::Entity>(
            ctx,
            PageArgs {
                first,
                after,
                last,
                before,
                order: Vec::new(),
            },
            Filter::All,
        )
        .await?;
        Ok(DatasetConnection::new(page, total))
    }

    /// All documented figures.
    #[graphql(complexity = "page_complexity(first, last, child_complexity)")]
    async fn figures(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Return the first n figures (at most 100).")] first: Option<i32>,
        #[graphql(desc = "Return figures after this cursor.")] after: Option<String>,
        #[graphql(desc = "Return the last n figures (at most 100).")] last: Option<i32>,
        #[graphql(desc = "Return figures before this cursor.")] before: Option<String>,
    ) -> async_graphql::Result<FigureConnection> {
        let (page, total) = root_page::<figure::Entity>(
            ctx,
            PageArgs {
                first,
                after,
                last,
                before,
                order: Vec::new(),
            },
            Filter::All,
        )
        .await?;
        Ok(FigureConnection::new(page, total))
    }
}
