//! Recommendations and their themes.

use std::collections::HashMap;

use async_graphql::{Context, Object, ID};
use futures_util::future::BoxFuture;
use uprgraph_domain::CitationFacts;
use uprgraph_graphql_macros::list_fields;

use super::stats::Grouped;
use uprgraph_store::{
    entity::{affected_person, dataset, recommendation, review, sdg_target, state, theme},
    AffectedPersonsOfRecommendation, HasId, RecommendationsOfTheme, SdgTargetsOfRecommendation,
    Store, StoreError, ThemesOfRecommendation,
};

use super::{
    children, load_opt, load_required, review::Review, search::SearchMatches, source::Dataset,
    state::State,
};

use crate::{
    batch::BatchKey,
    connection::{child_connection, connection, root_connection, Paged},
    enums::{CitationStyle, Response},
    ids::global_id,
    plan::{Field, How, Planned, Planner, Unplanned},
    ApiError, OrApiError, RequestLoader,
};

/// A recommendation one state made to another in its review, and the answer it got.
#[derive(Debug, Clone)]
pub struct Recommendation(pub(crate) recommendation::Model);

impl From<recommendation::Model> for Recommendation {
    fn from(row: recommendation::Model) -> Self {
        Self(row)
    }
}

/// A recommendation one state made to another in its review, and the answer it got.
#[Object]
impl Recommendation {
    /// The global ID of this recommendation, for `node(id:)`.
    pub(crate) async fn id(&self) -> ID {
        global_id("Recommendation", self.0.id)
    }

    /// The review the recommendation was made in.
    async fn review(&self, ctx: &Context<'_>) -> async_graphql::Result<Review> {
        load_required::<review::Entity>(ctx, self.0.review_id)
            .await
            .map(Review)
    }

    /// The state the recommendation was made to.
    async fn state_under_review(&self, ctx: &Context<'_>) -> async_graphql::Result<State> {
        load_required::<state::Entity>(ctx, self.0.state_under_review_id)
            .await
            .map(State)
    }

    /// The state that made the recommendation; null when the data does not name one.
    async fn recommending_state(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<State>> {
        Ok(load_opt::<state::Entity>(ctx, self.0.recommending_state_id)
            .await?
            .map(State))
    }

    /// The text of the recommendation, as published.
    async fn text(&self) -> &str {
        &self.0.text
    }

    /// Where a search matches this recommendation's text: the matched parts as ranges,
    /// the text marked up, and a snippet. Pass the same search as the list's filter, e.g.
    /// `searchMatches(search: "blockade") { snippet }`.
    async fn search_matches(
        &self,
        #[graphql(desc = "A search, in the syntax of `RecommendationFilter.search`.")]
        search: String,
    ) -> async_graphql::Result<SearchMatches> {
        let query = crate::filters::search_query(&search).api()?;
        SearchMatches::new(&self.0.text, &query)
            .await
            .map_err(ApiError::into_graphql)
    }

    /// The answer of the state under review.
    async fn response(&self) -> Response {
        self.0.response.0.into()
    }

    /// The UPR Info action category: 1 (minimal action) to 5 (specific action); null when unknown.
    async fn action_category(&self) -> Option<i32> {
        self.0.action_category.map(|c| c.0.get().into())
    }

    /// The themes (issues) the recommendation addresses.
    async fn themes(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Theme>> {
        children(ctx, ThemesOfRecommendation, self.0.id()).await
    }

    /// The groups of persons the recommendation concerns, where the data names them.
    async fn affected_persons(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<String>> {
        let rows: Vec<affected_person::Model> =
            children(ctx, AffectedPersonsOfRecommendation, self.0.id()).await?;
        Ok(rows.into_iter().map(|r| r.name).collect())
    }

    /// The Sustainable Development Goal targets linked to the recommendation, e.g. `16.3`.
    async fn sdg_targets(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<String>> {
        let rows: Vec<sdg_target::Model> =
            children(ctx, SdgTargetsOfRecommendation, self.0.id()).await?;
        Ok(rows.into_iter().map(|r| r.code).collect())
    }

    /// The imported file the recommendation comes from.
    async fn dataset(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Dataset>> {
        Ok(load_opt::<dataset::Entity>(ctx, self.0.dataset_id)
            .await?
            .map(Dataset))
    }

    /// The symbol of the UN document the recommendation was published in, e.g. `A/HRC/16/11`,
    /// where the data gives it.
    async fn document_symbol(&self) -> Option<&str> {
        self.0.document_symbol.as_deref()
    }

    /// The paragraph of that document the recommendation stands at, e.g. `166.6`, where the
    /// data gives it (the UN Universal Human Rights Index does; UPR Info's exports do not).
    /// With `documentSymbol`, what a citation needs: `A/HRC/37/15, para. 166.6`.
    async fn paragraph(&self) -> Option<&str> {
        self.0.paragraph.as_deref()
    }

    /// The day the document holding the recommendation was published, where the data gives it.
    async fn published_on(&self) -> Option<crate::scalars::Date> {
        self.0.published_on.map(crate::scalars::Date)
    }

    /// The line of the imported file the recommendation was read from.
    async fn source_line(&self) -> Option<i32> {
        self.0.source_line
    }

    /// The recommendation cited in `style`, to paste into a paper: the report of the
    /// Working Group on the review (its symbol and paragraph where the data gives them,
    /// `n.d.` where its date is unknown), who recommended what to whom in which cycle and
    /// session and the answer, and where the data came from: the publication, the file
    /// with its SHA-256 and line, the day it was imported and the data version, so that a
    /// count can be traced back to its rows. The citations of a page of recommendations
    /// are read together, in one statement.
    async fn citation(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The citation style: `APA`, `CHICAGO`, `BIBTEX` or `RIS`.")]
        style: CitationStyle,
    ) -> async_graphql::Result<String> {
        let facts = ctx
            .data_unchecked::<RequestLoader>()
            .load(CitationOf(self.0.id))
            .await
            .api()?;
        cite(facts.as_ref(), style).map_err(ApiError::into_graphql)
    }
}

/// The recommendation `facts` are of, cited in `style`; no facts, a recommendation
/// removed while the request was answered, is an internal error.
fn cite(facts: Option<&CitationFacts>, style: CitationStyle) -> Result<String, ApiError> {
    facts
        .map(|facts| facts.cite(style.into()))
        .ok_or(ApiError::Internal)
}

/// The facts a recommendation's citation is made of, by its id: the citations of every
/// recommendation of a level are read in one statement.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct CitationOf(pub i32);

impl BatchKey for CitationOf {
    type Value = CitationFacts;

    fn load(
        store: Store,
        keys: Vec<Self>,
    ) -> BoxFuture<'static, Result<HashMap<Self, CitationFacts>, StoreError>> {
        Box::pin(async move {
            let ids: Vec<i32> = keys.iter().map(|key| key.0).collect();
            let facts = store.citation_facts(&ids).await?;
            Ok(facts
                .into_iter()
                .map(|(id, facts)| (CitationOf(id), facts))
                .collect())
        })
    }
}

/// A theme (issue) recommendations address, e.g. `Women's rights`.
#[derive(Debug, Clone)]
pub struct Theme(pub(crate) theme::Model);

impl From<theme::Model> for Theme {
    fn from(row: theme::Model) -> Self {
        Self(row)
    }
}

/// A theme (issue) recommendations address, e.g. `Women's rights`.
#[list_fields]
#[Object]
impl Theme {
    /// The global ID of this theme, for `node(id:)`.
    pub(crate) async fn id(&self) -> ID {
        global_id("Theme", self.0.id)
    }

    /// The theme's name.
    async fn name(&self) -> &str {
        &self.0.name
    }

    /// The recommendations on this theme.
    #[paged(noun = "recommendations")]
    async fn recommendations(
        &self,
        ctx: &Context<'_>,
        page: Paged<crate::filters::RecommendationFilterInput, crate::order::RecommendationOrder>,
    ) -> async_graphql::Result<RecommendationConnection> {
        child_connection(ctx, RecommendationsOfTheme, self.0.id(), page).await
    }
}

connection!(
    RecommendationConnection,
    RecommendationEdge,
    Recommendation,
    recommendation::Model,
    "A page of recommendations.",
    "A recommendation in a page of recommendations."
);
connection!(
    ThemeConnection,
    ThemeEdge,
    Theme,
    theme::Model,
    "A page of themes.",
    "A theme in a page of themes."
);

/// Root fields for recommendations and themes.
#[derive(Debug, Default)]
pub struct RecommendationQuery;

#[list_fields]
#[Object]
impl RecommendationQuery {
    /// All recommendations, in the order they were imported (by relevance when the filter
    /// searches text) unless `orderBy` says otherwise.
    #[paged(noun = "recommendations")]
    async fn recommendations(
        &self,
        ctx: &Context<'_>,
        page: Paged<crate::filters::RecommendationFilterInput, crate::order::RecommendationOrder>,
    ) -> async_graphql::Result<RecommendationConnection> {
        root_connection(ctx, recommendation::Entity, page).await
    }

    /// A theme by name, in any case. Null when no recommendation has that theme.
    async fn theme(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The theme's name, e.g. `Death penalty`.")] name: String,
    ) -> async_graphql::Result<Option<Theme>> {
        Ok(ctx
            .data_unchecked::<Store>()
            .theme_by_name(&name)
            .await
            .api()?
            .map(Theme))
    }

    /// All themes.
    #[paged(noun = "themes")]
    async fn themes(
        &self,
        ctx: &Context<'_>,
        page: Paged,
    ) -> async_graphql::Result<ThemeConnection> {
        root_connection(ctx, theme::Entity, page).await
    }
}

/// What `recommendationStats` can group recommendations by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, async_graphql::Enum)]
#[graphql(remote = "uprgraph_store::RecommendationDimension")]
pub enum RecommendationGroupBy {
    /// The response of the state under review.
    Response,
    /// Each theme; a recommendation with several themes counts in each, one with none in a
    /// group whose theme is null.
    Theme,
    /// The UPR Info action category.
    ActionCategory,
    /// The state that made the recommendation.
    RecommendingState,
    /// The current UN regional group of the state that made the recommendation.
    RecommendingRegionalGroup,
    /// The state under review.
    StateUnderReview,
    /// The UPR cycle.
    Cycle,
    /// The Working Group session.
    Session,
}

/// A group of recommendations that share the values of the `groupBy` dimensions, with
/// their counts by response and the dimensions it is grouped by.
#[derive(Debug, Clone)]
pub struct RecommendationStat(
    pub(crate) uprgraph_store::RecommendationStat,
    pub(crate) std::sync::Arc<[RecommendationGroupBy]>,
);

/// A group of recommendations that share the values of the `groupBy` dimensions, with
/// their counts by response. `groupedBy` tells which dimensions the group has: a dimension
/// in it whose field is null is the group without a value there (recommendations with no
/// theme, say); a dimension not in it is null because the counts were not grouped by it.
#[Object]
impl RecommendationStat {
    /// The dimensions this group shares values of, in the order `groupBy` gave them.
    async fn grouped_by(&self) -> &[RecommendationGroupBy] {
        &self.1
    }

    /// The response shared by the group.
    async fn response(&self) -> Option<Response> {
        self.0.key.response.map(Response::from)
    }

    /// The theme shared by the group.
    async fn theme(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Theme>> {
        Ok(super::load_opt::<theme::Entity>(ctx, self.0.key.theme)
            .await?
            .map(Theme))
    }

    /// The action category shared by the group.
    async fn action_category(&self) -> Option<i32> {
        self.0.key.action_category.map(|c| c.get().into())
    }

    /// The recommending state shared by the group.
    async fn recommending_state(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<State>> {
        Ok(
            super::load_opt::<state::Entity>(ctx, self.0.key.recommending_state)
                .await?
                .map(State),
        )
    }

    /// The current regional group of the recommending states of the group.
    async fn recommending_regional_group(&self) -> Option<crate::enums::RegionalGroup> {
        self.0
            .key
            .recommending_regional_group
            .map(crate::enums::RegionalGroup::from)
    }

    /// The state under review shared by the group.
    async fn state_under_review(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<State>> {
        Ok(
            super::load_opt::<state::Entity>(ctx, self.0.key.state_under_review)
                .await?
                .map(State),
        )
    }

    /// The cycle number shared by the group.
    async fn cycle(&self) -> Option<i32> {
        self.0.key.cycle
    }

    /// The session number shared by the group.
    async fn session(&self) -> Option<i32> {
        self.0.key.session
    }

    /// How many recommendations the group holds.
    async fn count(&self) -> i64 {
        self.0.count
    }

    /// How many of them the state under review supported.
    async fn supported(&self) -> i64 {
        self.0.supported
    }

    /// How many of them it supported in part and noted in part (UHRI's
    /// `Supported/Noted`): neither among the supported nor among the noted.
    async fn partly_supported(&self) -> i64 {
        self.0.partly_supported
    }

    /// How many of them it noted.
    async fn noted(&self) -> i64 {
        self.0.noted
    }

    /// How many have no response recorded.
    async fn pending(&self) -> i64 {
        self.0.pending
    }

    /// The share of the group that was supported, from 0 to 1; the partly supported are not
    /// among the supported.
    async fn supported_share(&self) -> f64 {
        share(self.0.supported, self.0.count)
    }
}

/// Root fields for statistics.
#[derive(Debug, Default)]
pub struct StatsQuery;

#[list_fields]
#[Object]
impl StatsQuery {
    /// Counts of recommendations by response, grouped by the dimensions given (none: one
    /// group of all), largest group first. Computed by the database. Example: the share
    /// supported by each state under review in cycle 1, per regional group of the
    /// recommending state: `recommendationStats(filter: { cycle: [1] }, groupBy:
    /// [STATE_UNDER_REVIEW, RECOMMENDING_REGIONAL_GROUP]) { stateUnderReview { name }
    /// recommendingRegionalGroup supportedShare }`.
    #[grouped(noun = "recommendations")]
    async fn recommendation_stats(
        &self,
        ctx: &Context<'_>,
        groups: Grouped<crate::filters::RecommendationFilterInput, RecommendationGroupBy>,
    ) -> async_graphql::Result<Vec<RecommendationStat>> {
        super::stats::statistic::<super::stats::Counts>(ctx, None, groups).await
    }
}

impl Planned for Recommendation {
    type Row = recommendation::Model;
    const NAME: &'static str = "Recommendation";

    fn field<'d>(f: &Field<'_, 'd>, plan: &mut Planner<'d>) -> Result<How<Self::Row>, Unplanned> {
        type Row = recommendation::Model;
        Ok(match f.name() {
            "id" => How::Value(|r: &Row, o| o.str(&global_id("Recommendation", r.id))),
            "review" => {
                plan.by_id::<_, Review, review::Entity>(f, |r: &Row| Some(r.review_id), true)?
            }
            "stateUnderReview" => plan.by_id::<_, State, state::Entity>(
                f,
                |r: &Row| Some(r.state_under_review_id),
                true,
            )?,
            "recommendingState" => {
                plan.by_id::<_, State, state::Entity>(f, |r: &Row| r.recommending_state_id, false)?
            }
            "text" => How::Value(|r: &Row, o| o.str(&r.text)),
            "searchMatches" => match f
                .argument::<String>("search")
                .and_then(|search| crate::filters::search_query(&search).map_err(|e| f.error(e)))
            {
                Ok(query) => plan.made::<_, SearchMatches>(f, move |r: &Row| {
                    Ok(Some(SearchMatches::compute(r.text.clone(), &query)))
                })?,
                Err(error) => How::Error(error),
            },
            "response" => How::Value(|r: &Row, o| o.enumeration(Response::from(r.response.0))),
            "actionCategory" => {
                How::Value(|r: &Row, o| o.opt_int(r.action_category.map(|c| i32::from(c.0.get()))))
            }
            "themes" => plan.children::<_, Theme, _>(f, ThemesOfRecommendation, Row::id)?,
            "affectedPersons" => {
                plan.read_children(AffectedPersonsOfRecommendation, Row::id, |rows, o| {
                    write_strings(rows.iter().map(|r| r.name.as_str()), o)
                })
            }
            "sdgTargets" => plan.read_children(SdgTargetsOfRecommendation, Row::id, |rows, o| {
                write_strings(rows.iter().map(|r| r.code.as_str()), o)
            }),
            "dataset" => {
                plan.by_id::<_, Dataset, dataset::Entity>(f, |r: &Row| r.dataset_id, false)?
            }
            "documentSymbol" => How::Value(|r: &Row, o| o.opt_str(r.document_symbol.as_deref())),
            "paragraph" => How::Value(|r: &Row, o| o.opt_str(r.paragraph.as_deref())),
            "publishedOn" => How::Value(|r: &Row, o| o.date(r.published_on)),
            "sourceLine" => How::Value(|r: &Row, o| o.opt_int(r.source_line)),
            "citation" => match f.argument::<CitationStyle>("style") {
                Ok(style) => plan.read(
                    Box::new(|r: &Row| Some(r.id)),
                    Box::new(CitationOf),
                    Box::new(move |facts: Option<&CitationFacts>, o| {
                        o.str(&cite(facts, style)?);
                        Ok(())
                    }),
                ),
                Err(error) => How::Error(error),
            },
            _ => return Err(Unplanned),
        })
    }
}

/// Writes a list of strings.
pub(crate) fn write_strings<'s>(
    values: impl Iterator<Item = &'s str>,
    out: &mut crate::plan::out::Out<'_>,
) {
    out.raw(b"[");
    for (i, value) in values.enumerate() {
        if i > 0 {
            out.raw(b",");
        }
        out.str(value);
    }
    out.raw(b"]");
}

impl Planned for Theme {
    type Row = theme::Model;
    const NAME: &'static str = "Theme";

    fn field<'d>(f: &Field<'_, 'd>, plan: &mut Planner<'d>) -> Result<How<Self::Row>, Unplanned> {
        type Row = theme::Model;
        Ok(match f.name() {
            "id" => How::Value(|r: &Row, o| o.str(&global_id("Theme", r.id))),
            "name" => How::Value(|r: &Row, o| o.str(&r.name)),
            "recommendations" => plan.child_connection::<_, Recommendation, _, crate::filters::RecommendationFilterInput, crate::order::RecommendationOrder>(f, RecommendationsOfTheme, Row::id)?,
            _ => return Err(Unplanned),
        })
    }
}

impl Planned for RecommendationStat {
    type Row = RecommendationStat;
    const NAME: &'static str = "RecommendationStat";

    fn field<'d>(f: &Field<'_, 'd>, plan: &mut Planner<'d>) -> Result<How<Self::Row>, Unplanned> {
        type Row = RecommendationStat;
        Ok(match f.name() {
            "groupedBy" => How::Value(|r: &Row, o| {
                o.raw(b"[");
                for (i, by) in r.1.iter().enumerate() {
                    if i > 0 {
                        o.raw(b",");
                    }
                    o.enumeration(*by);
                }
                o.raw(b"]");
            }),
            "response" => {
                How::Value(|r: &Row, o| o.opt_enumeration(r.0.key.response.map(Response::from)))
            }
            "theme" => plan.by_id::<_, Theme, theme::Entity>(f, |r: &Row| r.0.key.theme, false)?,
            "actionCategory" => How::Value(|r: &Row, o| {
                o.opt_int(r.0.key.action_category.map(|c| i32::from(c.get())))
            }),
            "recommendingState" => plan.by_id::<_, State, state::Entity>(
                f,
                |r: &Row| r.0.key.recommending_state,
                false,
            )?,
            "recommendingRegionalGroup" => How::Value(|r: &Row, o| {
                o.opt_enumeration(
                    r.0.key
                        .recommending_regional_group
                        .map(crate::enums::RegionalGroup::from),
                )
            }),
            "stateUnderReview" => plan.by_id::<_, State, state::Entity>(
                f,
                |r: &Row| r.0.key.state_under_review,
                false,
            )?,
            "cycle" => How::Value(|r: &Row, o| o.opt_int(r.0.key.cycle)),
            "session" => How::Value(|r: &Row, o| o.opt_int(r.0.key.session)),
            "count" => How::Value(|r: &Row, o| o.int(r.0.count)),
            "supported" => How::Value(|r: &Row, o| o.int(r.0.supported)),
            "partlySupported" => How::Value(|r: &Row, o| o.int(r.0.partly_supported)),
            "noted" => How::Value(|r: &Row, o| o.int(r.0.noted)),
            "pending" => How::Value(|r: &Row, o| o.int(r.0.pending)),
            "supportedShare" => How::Value(|r: &Row, o| o.float(share(r.0.supported, r.0.count))),
            _ => return Err(Unplanned),
        })
    }
}

/// The share `part` is of `whole`, from 0 to 1 (0 of nothing).
pub(crate) fn share(part: i64, whole: i64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

/// The root fields of recommendations, themes and their statistics, as the plan answers
/// them; `None` for another field.
pub(crate) fn plan_root<'d>(
    f: &Field<'_, 'd>,
    plan: &mut Planner<'d>,
) -> Option<Result<How<()>, Unplanned>> {
    Some(match f.name() {
        "recommendations" => plan.root_connection::<Recommendation, recommendation::Entity, crate::filters::RecommendationFilterInput, crate::order::RecommendationOrder>(f),
        "theme" => match f.argument::<String>("name") {
            Ok(name) => plan.one::<(), Theme, _>(
                f,
                Box::new(|_| Some(0)),
                Box::new(move |_| crate::plan::lookups::ThemeByName(name.clone())),
                crate::plan::nested::same,
                false,
            ),
            Err(error) => Ok(How::Error(error)),
        },
        "themes" => plan.root_connection::<Theme, theme::Entity, crate::connection::NoFilter, crate::connection::NoOrder>(f),
        "recommendationStats" => super::stats::plan_recommendation_stats::<()>(plan, f, None),
        _ => return None,
    })
}
