//! Organisations: intergovernmental groupings, UN bodies, NGOs and publishers.

use async_graphql::{Context, Object, ID};
use uprgraph_graphql_macros::list_fields;
use uprgraph_store::{
    entity::organization, AidProvidedByOrganization, AidScope, HasId, MembersOfOrganization,
    SourcesOfOrganization, Store,
};

use super::{
    aid::{AidFlow, AidFlowConnection, AidGroupBy, AidTotal},
    source::{Source, SourceConnection},
    state::{State, StateConnection},
    stats::Grouped,
};

use crate::{
    connection::{child_connection, connection, root_connection, NoFilter, NoOrder, Paged},
    enums::OrganizationKind,
    ids::global_id,
    plan::{Field, How, Planned, Planner, Unplanned},
    OrApiError,
};

/// An organisation UPR data cites (EU, OIC, AU, ...), that publishes the figures served here,
/// or that gives aid (the donors of OECD's DAC Table 2a that are not states).
#[derive(Debug, Clone)]
pub struct Organization(pub(crate) organization::Model);

impl From<organization::Model> for Organization {
    fn from(row: organization::Model) -> Self {
        Self(row)
    }
}

/// An organisation UPR data cites (EU, OIC, AU, ...), that publishes the figures served here,
/// or that gives aid (the donors of OECD's DAC Table 2a that are not states).
#[list_fields]
#[Object]
impl Organization {
    /// The global ID of this organisation, for `node(id:)`.
    pub(crate) async fn id(&self) -> ID {
        global_id("Organization", self.0.id)
    }

    /// The short code UPR data uses, e.g. `EU`, `OIC`, `Commonwealth`; for a donor of OECD's
    /// DAC Table 2a, the acronym the table gives it (`AfDB`, `UNICEF`), else its name.
    async fn code(&self) -> &str {
        &self.0.code
    }

    /// The full name.
    async fn name(&self) -> &str {
        &self.0.name
    }

    /// What kind of organisation it is.
    async fn kind(&self) -> OrganizationKind {
        self.0.kind.0.into()
    }

    /// The organisation's website.
    async fn website(&self) -> Option<&str> {
        self.0.website.as_deref()
    }

    /// The member states, as UPR data records them, in id order.
    #[paged(noun = "states")]
    async fn members(
        &self,
        ctx: &Context<'_>,
        page: Paged,
    ) -> async_graphql::Result<StateConnection> {
        child_connection(ctx, MembersOfOrganization, self.0.id(), page).await
    }

    /// The sources the organisation published, in id order.
    #[paged(noun = "sources")]
    async fn sources(
        &self,
        ctx: &Context<'_>,
        page: Paged,
    ) -> async_graphql::Result<SourceConnection> {
        child_connection(ctx, SourcesOfOrganization, self.0.id(), page).await
    }

    /// Aid this organisation gave to states.
    #[paged(noun = "aid flows")]
    async fn aid_provided(
        &self,
        ctx: &Context<'_>,
        page: Paged<crate::filters::AidFlowFilterInput, crate::order::AidFlowOrder>,
    ) -> async_graphql::Result<AidFlowConnection> {
        child_connection(ctx, AidProvidedByOrganization, self.0.id(), page).await
    }

    /// Exact sums of the aid this organisation gave, grouped by the dimensions given and
    /// always by source and currency, largest first. Parts of larger figures are left out
    /// and two sources' figures are never added, so nothing counts twice. Computed by the
    /// database, for every organisation of a list in one statement. Example:
    /// `aidTotals(groupBy: [FISCAL_YEAR]) { fiscalYear amount { amount currency } }`.
    #[grouped(noun = "aid flows", ungrouped = "one group per source and currency")]
    async fn aid_totals(
        &self,
        ctx: &Context<'_>,
        groups: Grouped<crate::filters::AidFlowFilterInput, AidGroupBy>,
    ) -> async_graphql::Result<Vec<AidTotal>> {
        super::stats::statistic::<super::stats::Sums>(
            ctx,
            Some((AidScope::DonorOrganizations, self.0.id)),
            groups,
        )
        .await
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

#[list_fields]
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
    #[paged(noun = "organisations")]
    async fn organizations(
        &self,
        ctx: &Context<'_>,
        page: Paged,
    ) -> async_graphql::Result<OrganizationConnection> {
        root_connection(ctx, organization::Entity, page).await
    }
}

impl Planned for Organization {
    type Row = organization::Model;
    const NAME: &'static str = "Organization";

    fn field<'d>(f: &Field<'_, 'd>, plan: &mut Planner<'d>) -> Result<How<Self::Row>, Unplanned> {
        type Row = organization::Model;
        Ok(match f.name() {
            "id" => How::Value(|r: &Row, o| o.str(&global_id("Organization", r.id))),
            "code" => How::Value(|r: &Row, o| o.str(&r.code)),
            "name" => How::Value(|r: &Row, o| o.str(&r.name)),
            "kind" => How::Value(|r: &Row, o| o.enumeration(OrganizationKind::from(r.kind.0))),
            "website" => How::Value(|r: &Row, o| o.opt_str(r.website.as_deref())),
            "members" => plan.child_connection::<_, State, _, NoFilter, NoOrder>(
                f,
                MembersOfOrganization,
                Row::id,
            )?,
            "sources" => plan.child_connection::<_, Source, _, NoFilter, NoOrder>(
                f,
                SourcesOfOrganization,
                Row::id,
            )?,
            "aidProvided" => plan.child_connection::<
                _,
                AidFlow,
                _,
                crate::filters::AidFlowFilterInput,
                crate::order::AidFlowOrder,
            >(f, AidProvidedByOrganization, Row::id)?,
            "aidTotals" => super::stats::plan_aid_totals(
                plan,
                f,
                Some((AidScope::DonorOrganizations, |r: &Row| r.id)),
            )?,
            _ => return Err(Unplanned),
        })
    }
}

/// The root fields of organisations, as the plan answers them; `None` for another field.
pub(crate) fn plan_root<'d>(
    f: &Field<'_, 'd>,
    plan: &mut Planner<'d>,
) -> Option<Result<How<()>, Unplanned>> {
    Some(match f.name() {
        "organization" => match f.argument::<String>("code") {
            Ok(code) => plan.one::<(), Organization, _>(
                f,
                Box::new(|_| Some(0)),
                Box::new(move |_| crate::plan::lookups::OrganizationByCode(code.clone())),
                crate::plan::nested::same,
                false,
            ),
            Err(error) => Ok(How::Error(error)),
        },
        "organizations" => {
            plan.root_connection::<Organization, organization::Entity, NoFilter, NoOrder>(f)
        }
        _ => return None,
    })
}
