//! Provenance: sources (publications), datasets (imported files) and the
//! documented figures that come with their source.

use async_graphql::{Context, Object, ID};
use uprgraph_graphql_macros::list_fields;
use uprgraph_store::{
    entity::{dataset, figure, organization, source, state},
    AidFlowsOfDataset, AidFlowsOfSource, ArmsTransfersOfDataset, FiguresOfSource, HasId,
    RecommendationsOfDataset, ReviewsOfSource,
};

use super::{
    aid::AidFlowConnection, arms::ArmsTransferConnection, load_opt, load_required,
    organization::Organization, recommendation::RecommendationConnection, review::ReviewConnection,
    state::State,
};

use crate::{
    connection::{child_connection, connection, root_connection, NoFilter, NoOrder, Paged},
    enums::{Bound, FigureMeasure},
    ids::global_id,
    plan::{Field, How, Planned, Planner, Unplanned},
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
#[list_fields]
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
    #[paged(noun = "reviews")]
    async fn reviews(
        &self,
        ctx: &Context<'_>,
        page: Paged,
    ) -> async_graphql::Result<ReviewConnection> {
        child_connection(ctx, ReviewsOfSource, self.0.id(), page).await
    }

    /// The aid flows this source reports.
    #[paged(noun = "aid flows")]
    async fn aid_flows(
        &self,
        ctx: &Context<'_>,
        page: Paged<crate::filters::AidFlowFilterInput, crate::order::AidFlowOrder>,
    ) -> async_graphql::Result<AidFlowConnection> {
        child_connection(ctx, AidFlowsOfSource, self.0.id(), page).await
    }

    /// The figures this source reports, in id order.
    #[paged(noun = "figures")]
    async fn figures(
        &self,
        ctx: &Context<'_>,
        page: Paged,
    ) -> async_graphql::Result<FigureConnection> {
        child_connection(ctx, FiguresOfSource, self.0.id(), page).await
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
#[list_fields]
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

    /// The day the file says its data was generated, where it says (SIPRI's exports do:
    /// `Data generated: 23 Oct 2025`).
    async fn generated_on(&self) -> Option<Date> {
        self.0.generated_on.map(Date)
    }

    /// The publication the file is a copy or export of.
    async fn source(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Source>> {
        Ok(load_opt::<source::Entity>(ctx, self.0.source_id)
            .await?
            .map(Source))
    }

    /// The recommendations imported from this file.
    #[paged(noun = "recommendations")]
    async fn recommendations(
        &self,
        ctx: &Context<'_>,
        page: Paged<crate::filters::RecommendationFilterInput, crate::order::RecommendationOrder>,
    ) -> async_graphql::Result<RecommendationConnection> {
        child_connection(ctx, RecommendationsOfDataset, self.0.id(), page).await
    }

    /// The aid flows imported from this file.
    #[paged(noun = "aid flows")]
    async fn aid_flows(
        &self,
        ctx: &Context<'_>,
        page: Paged<crate::filters::AidFlowFilterInput, crate::order::AidFlowOrder>,
    ) -> async_graphql::Result<AidFlowConnection> {
        child_connection(ctx, AidFlowsOfDataset, self.0.id(), page).await
    }

    /// The arms transfers imported from this file.
    #[paged(noun = "arms transfers")]
    async fn arms_transfers(
        &self,
        ctx: &Context<'_>,
        page: Paged<crate::filters::ArmsTransferFilterInput, crate::order::ArmsTransferOrder>,
    ) -> async_graphql::Result<ArmsTransferConnection> {
        child_connection(ctx, ArmsTransfersOfDataset, self.0.id(), page).await
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
    async fn measure(&self) -> FigureMeasure {
        self.0.measure.0.into()
    }

    /// The figure.
    async fn value(&self) -> i64 {
        self.0.value
    }

    /// How the figure relates to the true value (`MORE_THAN` for a published lower bound).
    async fn bound(&self) -> Bound {
        self.0.bound.0.into()
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

#[list_fields]
#[Object]
impl SourceQuery {
    /// All sources.
    #[paged(noun = "sources")]
    async fn sources(
        &self,
        ctx: &Context<'_>,
        page: Paged,
    ) -> async_graphql::Result<SourceConnection> {
        root_connection(ctx, source::Entity, page).await
    }

    /// All imported datasets.
    #[paged(noun = "datasets")]
    async fn datasets(
        &self,
        ctx: &Context<'_>,
        page: Paged,
    ) -> async_graphql::Result<DatasetConnection> {
        root_connection(ctx, dataset::Entity, page).await
    }

    /// All documented figures.
    #[paged(noun = "figures")]
    async fn figures(
        &self,
        ctx: &Context<'_>,
        page: Paged,
    ) -> async_graphql::Result<FigureConnection> {
        root_connection(ctx, figure::Entity, page).await
    }
}

impl Planned for Source {
    type Row = source::Model;
    const NAME: &'static str = "Source";

    fn field<'d>(f: &Field<'_, 'd>, plan: &mut Planner<'d>) -> Result<How<Self::Row>, Unplanned> {
        type Row = source::Model;
        Ok(match f.name() {
            "id" => How::Value(|r: &Row, o| o.str(&global_id("Source", r.id))),
            "key" => How::Value(|r: &Row, o| o.opt_str(r.key.as_deref())),
            "title" => How::Value(|r: &Row, o| o.str(&r.title)),
            "publisher" => How::Value(|r: &Row, o| o.str(&r.publisher)),
            "publisherOrganization" => plan.by_id::<_, Organization, organization::Entity>(f, |r: &Row| r.publisher_organization_id, false)?,
            "url" => How::Value(|r: &Row, o| o.opt_str(r.url.as_deref())),
            "publishedOn" => How::Value(|r: &Row, o| o.date(r.published_on)),
            "documentSymbol" => How::Value(|r: &Row, o| o.opt_str(r.document_symbol.as_deref())),
            "note" => How::Value(|r: &Row, o| o.opt_str(r.note.as_deref())),
            "reviews" => plan.child_connection::<_, super::review::Review, _, NoFilter, NoOrder>(f, ReviewsOfSource, Row::id)?,
            "aidFlows" => plan.child_connection::<_, super::aid::AidFlow, _, crate::filters::AidFlowFilterInput, crate::order::AidFlowOrder>(f, AidFlowsOfSource, Row::id)?,
            "figures" => plan.child_connection::<_, Figure, _, NoFilter, NoOrder>(f, FiguresOfSource, Row::id)?,
            _ => return Err(Unplanned),
        })
    }
}

impl Planned for Dataset {
    type Row = dataset::Model;
    const NAME: &'static str = "Dataset";

    fn field<'d>(f: &Field<'_, 'd>, plan: &mut Planner<'d>) -> Result<How<Self::Row>, Unplanned> {
        type Row = dataset::Model;
        Ok(match f.name() {
            "id" => How::Value(|r: &Row, o| o.str(&global_id("Dataset", r.id))),
            "name" => How::Value(|r: &Row, o| o.str(&r.name)),
            "format" => How::Value(|r: &Row, o| o.str(&r.format)),
            "checksum" => How::Value(|r: &Row, o| o.str(&r.checksum)),
            "rowCount" => How::Value(|r: &Row, o| o.int(r.row_count)),
            "importedAt" => How::Value(|r: &Row, o| {
                o.str(&DateTime(r.imported_at.with_timezone(&chrono::Utc)).to_string())
            }),
            "licence" => How::Value(|r: &Row, o| o.opt_str(r.licence.as_deref())),
            "generatedOn" => How::Value(|r: &Row, o| o.date(r.generated_on)),
            "armsTransfers" => plan.child_connection::<_, super::arms::ArmsTransfer, _, crate::filters::ArmsTransferFilterInput, crate::order::ArmsTransferOrder>(f, ArmsTransfersOfDataset, Row::id)?,
            "source" => plan.by_id::<_, Source, source::Entity>(f, |r: &Row| r.source_id, false)?,
            "recommendations" => plan.child_connection::<_, super::recommendation::Recommendation, _, crate::filters::RecommendationFilterInput, crate::order::RecommendationOrder>(f, RecommendationsOfDataset, Row::id)?,
            "aidFlows" => plan.child_connection::<_, super::aid::AidFlow, _, crate::filters::AidFlowFilterInput, crate::order::AidFlowOrder>(f, AidFlowsOfDataset, Row::id)?,
            _ => return Err(Unplanned),
        })
    }
}

impl Planned for Figure {
    type Row = figure::Model;
    const NAME: &'static str = "Figure";

    fn field<'d>(f: &Field<'_, 'd>, plan: &mut Planner<'d>) -> Result<How<Self::Row>, Unplanned> {
        type Row = figure::Model;
        Ok(match f.name() {
            "id" => How::Value(|r: &Row, o| o.str(&global_id("Figure", r.id))),
            "state" => {
                plan.by_id::<_, State, state::Entity>(f, |r: &Row| Some(r.state_id), true)?
            }
            "measure" => How::Value(|r: &Row, o| o.enumeration(FigureMeasure::from(r.measure.0))),
            "value" => How::Value(|r: &Row, o| o.int(r.value)),
            "bound" => How::Value(|r: &Row, o| o.enumeration(Bound::from(r.bound.0))),
            "periodStart" => How::Value(|r: &Row, o| o.date(r.period_start)),
            "asOf" => How::Value(|r: &Row, o| o.date(r.as_of)),
            "description" => How::Value(|r: &Row, o| o.str(&r.description)),
            "note" => How::Value(|r: &Row, o| o.opt_str(r.note.as_deref())),
            "source" => plan.by_id::<_, Source, source::Entity>(f, |r: &Row| r.source_id, false)?,
            _ => return Err(Unplanned),
        })
    }
}

/// The root fields of provenance, as the plan answers them; `None` for another field.
pub(crate) fn plan_root<'d>(
    f: &Field<'_, 'd>,
    plan: &mut Planner<'d>,
) -> Option<Result<How<()>, Unplanned>> {
    Some(match f.name() {
        "sources" => plan.root_connection::<Source, source::Entity, NoFilter, NoOrder>(f),
        "datasets" => plan.root_connection::<Dataset, dataset::Entity, NoFilter, NoOrder>(f),
        "figures" => plan.root_connection::<Figure, figure::Entity, NoFilter, NoOrder>(f),
        _ => return None,
    })
}
