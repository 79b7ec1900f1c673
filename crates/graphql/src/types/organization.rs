//! Organisations: intergovernmental groupings, UN bodies, NGOs and publishers.

use async_graphql::{Context, Object, ID};
use uprgraph_domain as domain;
use uprgraph_store::{entity::organization, MembersOfOrganization, SourcesOfOrganization, Store};

use super::{source::SourceConnection, state::StateConnection};
use uprgraph_store::Filter;

use crate::{
    connection::{child_page, connection, page_complexity, root_page, PageArgs},
    enums::{decode, OrganizationKind},
    ids::global_id,
    OrApiError,
};

/// An organisation UPR data cites (EU, OIC, AU, ...) or that publishes the figures served here.
#[derive(Debug, Clone)]
pub struct Organization(pub(crate) organization::Model);

impl From<organization::Model> for Organization {
    fn from(row: organization::Model) -> Self {
        Self(row)
    }
}

/// An organisation UPR data cites (EU, OIC, AU, ...) or that publishes the figures served here.
#[Object]
impl Organization {
    /// The global ID of this organisation, for `node(id:)`.
    pub(crate) async fn id(&self) -> ID {
        global_id("Organization", self.0.id)
    }

    /// The short code UPR data uses, e.g. `EU`, `OIC`, `Commonwealth`.
    async fn code(&self) -> &str {
        &self.0.code
    }

    /// The full name.
    async fn name(&self) -> &str {
        &self.0.name
    }

    /// What kind of organisation it is.
    async fn kind(&self) -> async_graphql::Result<OrganizationKind> {
        decode::<domain::OrganizationKind, _>(&self.0.kind)
    }

    /// The organisation's website.
    async fn website(&self) -> Option<&str> {
        self.0.website.as_deref()
    }

    /// The member states, as UPR data records them, in id order.
    #[graphql(complexity = "page_complexity(first, last, child_complexity)")]
    async fn members(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Return the first n states (at most 100).")] first: Option<i32>,
        #[graphql(desc = "Return states after this cursor.")] after: Option<String>,
        #[graphql(desc = "Return the last n states (at most 100).")] last: Option<i32>,
        #[graphql(desc = "Return states before this cursor.")] before: Option<String>,
    ) -> async_graphql::Result<StateConnection> {
        let args = PageArgs::unordered(first, after, last, before);
        let (page, total) =
            child_page(ctx, MembersOfOrganization, self.0.id, args, Filter::All).await?;
        Ok(StateConnection::new(page, total))
    }

    /// The sources the organisation published, in id order.
    #[graphql(complexity = "page_complexity(first, last, child_complexity)")]
    async fn sources(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Return the first n sources (at most 100).")] first: Option<i32>,
        #[graphql(desc = "Return sources after this cursor.")] after: Option<String>,
        #[graphql(desc = "Return the last n sources (at most 100).")] last: Option<i32>,
        #[graphql(desc = "Return sources before this cursor.")] before: Option<String>,
    ) -> async_graphql::Result<SourceConnection> {
        let args = PageArgs::unordered(first, after, last, before);
        let (page, total) =
            child_page(ctx, SourcesOfOrganization, self.0.id, args, Filter::All).await?;
        Ok(SourceConnection::new(page, total))
    }
}

connection!(
    OrganizationConnection,
    OrganizationEdge,
    Organization,
    organization::Model,
    "A page of organisations.",
    "An organisation in a page of organisations."
);

/// Root fields for organisations.
#[derive(Debug, Default)]
pub struct OrganizationQuery;

#[Object]
impl OrganizationQuery {
    /// An organisation by code, in any case (`EU`, `oic`). Null when none has that code.
    async fn organization(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The organisation's code.")] code: String,
    ) -> async_graphql::Result<Option<Organization>> {
        Ok(ctx
            .data_unchecked::<Store>()
            .organization_by_code(&code)
            .await
            .api()?
            .map(Organization))
    }

    /// All organisations.
    #[graphql(complexity = "page_complexity(first, last, child_complexity)")]
    async fn organizations(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Return the first n organisations (at most 100).")] first: Option<i32>,
        #[graphql(desc = "Return organisations after this cursor.")] after: Option<String>,
        #[graphql(desc = "Return the last n organisations (at most 100).")] last: Option<i32>,
        #[graphql(desc = "Return organisations before this cursor.")] before: Option<String>,
    ) -> async_graphql::Result<OrganizationConnection> {
        let (page, total) = root_page::<organization::Entity>(
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
        Ok(OrganizationConnection::new(page, total))
    }
}
