//! The whole schema: states and their names, groups and organisations; cycles,
//! sessions and reviews; recommendations and their vocabularies; aid flows and
//! figures; and the sources and datasets every fact points to.
//!
//! Money is stored as integer minor units (`*_minor`, BIGINT) so that it is exact
//! on SQLite and PostgreSQL alike. Every foreign key and every column the API
//! filters on has an index.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum States {
    Table,
    Id,
    Alpha3,
    Alpha2,
    NumericCode,
    ShortName,
    OfficialName,
    UnStatus,
    AdmittedOn,
}

#[derive(DeriveIden, Clone, Copy)]
enum StateAliases {
    Table,
    Id,
    StateId,
    Alias,
    AliasKey,
}

#[derive(DeriveIden, Clone, Copy)]
enum RegionalGroupMemberships {
    Table,
    Id,
    StateId,
    RegionalGroup,
    ValidFrom,
    ValidTo,
    Note,
}

#[derive(DeriveIden, Clone, Copy)]
enum Organizations {
    Table,
    Id,
    Code,
    Name,
    Kind,
    Website,
}

#[derive(DeriveIden, Clone, Copy)]
enum OrganizationMembers {
    Table,
    OrganizationId,
    StateId,
    SourceId,
}

#[derive(DeriveIden, Clone, Copy)]
enum Sources {
    Table,
    Id,
    Key,
    Title,
    Publisher,
    PublisherOrganizationId,
    Url,
    PublishedOn,
    DocumentSymbol,
    Note,
}

#[derive(DeriveIden, Clone, Copy)]
enum Datasets {
    Table,
    Id,
    Name,
    Format,
    Checksum,
    RowCount,
    ImportedAt,
    Licence,
    SourceId,
}

#[derive(DeriveIden, Clone, Copy)]
enum Cycles {
    Table,
    Id,
    Number,
    FirstSession,
    LastSession,
    StartYear,
    EndYear,
}

#[derive(DeriveIden, Clone, Copy)]
enum Sessions {
    Table,
    Id,
    Number,
    CycleId,
    StartsOn,
    EndsOn,
}

#[derive(DeriveIden, Clone, Copy)]
enum Reviews {
    Table,
    Id,
    StateId,
    CycleId,
    SessionId,
    Status,
    ScheduledOn,
    HeldOn,
    ReplacedById,
    OutcomeSymbol,
    SourceId,
    Note,
}

#[derive(DeriveIden, Clone, Copy)]
enum Themes {
    Table,
    Id,
    Name,
}

#[derive(DeriveIden, Clone, Copy)]
enum Recommendations {
    Table,
    Id,
    ReviewId,
    StateUnderReviewId,
    RecommendingStateId,
    Text,
    Response,
    ActionCategory,
    DatasetId,
    SourceLine,
    DocumentSymbol,
    PublishedOn,
    NaturalKey,
    RowHash,
}

#[derive(DeriveIden, Clone, Copy)]
enum RecommendationThemes {
    Table,
    RecommendationId,
    ThemeId,
}

#[derive(DeriveIden, Clone, Copy)]
enum AffectedPersons {
    Table,
    Id,
    Name,
}

#[derive(DeriveIden, Clone, Copy)]
enum RecommendationAffectedPersons {
    Table,
    RecommendationId,
    AffectedPersonId,
}

#[derive(DeriveIden, Clone, Copy)]
enum SdgTargets {
    Table,
    Id,
    Code,
}

#[derive(DeriveIden, Clone, Copy)]
enum RecommendationSdgTargets {
    Table,
    RecommendationId,
    SdgTargetId,
}

#[derive(DeriveIden, Clone, Copy)]
enum AidFlows {
    Table,
    Id,
    DonorStateId,
    RecipientStateId,
    Category,
    TransactionType,
    FiscalYear,
    PeriodStart,
    PeriodEnd,
    AmountMinor,
    Currency,
    AmountBound,
    ConstantAmountMinor,
    ConstantBaseYear,
    Programme,
    Agency,
    PartOfId,
    SourceId,
    DatasetId,
    Note,
    SourceLine,
    NaturalKey,
    RowHash,
}

#[derive(DeriveIden, Clone, Copy)]
enum Figures {
    Table,
    Id,
    StateId,
    Measure,
    Value,
    Bound,
    PeriodStart,
    AsOf,
    Description,
    Note,
    SourceId,
}

fn fk<T: IntoIden + Copy, C: IntoIden, R: IntoIden, P: IntoIden>(
    table: T,
    column: C,
    referenced: R,
    referenced_id: P,
    on_delete: ForeignKeyAction,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(table, column)
        .to(referenced, referenced_id)
        .on_delete(on_delete)
        .to_owned()
}

/// Creates one index per listed column (or column set), named after table and columns.
async fn indexes<T: IntoIden + Copy + Iden>(
    manager: &SchemaManager<'_>,
    table: T,
    column_sets: &[&[&str]],
) -> Result<(), DbErr> {
    for columns in column_sets {
        let name = format!("idx_{}_{}", table.to_string(), columns.join("_"));
        let mut index = Index::create();
        index.name(name).table(table);
        for column in *columns {
            index.col(Alias::new(*column));
        }
        manager.create_index(index.to_owned()).await?;
    }
    Ok(())
}

/// A table that links two others, keyed by both ids, indexed the other way round too.
async fn link_table<T, A, B, RA, RB>(
    manager: &SchemaManager<'_>,
    table: T,
    (a, ra): (A, RA),
    (b, rb): (B, RB),
) -> Result<(), DbErr>
where
    T: IntoIden + Copy + Iden,
    A: IntoIden + Copy + Iden,
    B: IntoIden + Copy + Iden,
    RA: IntoIden + Copy,
    RB: IntoIden + Copy,
{
    manager
        .create_table(
            Table::create()
                .table(table)
                .col(integer(a))
                .col(integer(b))
                .primary_key(Index::create().col(a).col(b))
                .foreign_key(&mut fk(
                    table,
                    a,
                    ra,
                    Alias::new("id"),
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    table,
                    b,
                    rb,
                    Alias::new("id"),
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
    indexes(manager, table, &[&[&b.to_string()]]).await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::{Cascade, Restrict, SetNull};

        manager
            .create_table(
                Table::create()
                    .table(States::Table)
                    .col(pk_auto(States::Id))
                    .col(string_len(States::Alpha3, 3).unique_key())
                    .col(string_len(States::Alpha2, 2).unique_key())
                    .col(string_len(States::NumericCode, 3).unique_key())
                    .col(string(States::ShortName))
                    .col(string(States::OfficialName))
                    .col(string(States::UnStatus))
                    .col(date_null(States::AdmittedOn))
                    .to_owned(),
            )
            .await?;
        indexes(manager, States::Table, &[&["un_status"], &["short_name"]]).await?;

        manager
            .create_table(
                Table::create()
                    .table(StateAliases::Table)
                    .col(pk_auto(StateAliases::Id))
                    .col(integer(StateAliases::StateId))
                    .col(string(StateAliases::Alias))
                    .col(string(StateAliases::AliasKey).unique_key())
                    .foreign_key(&mut fk(
                        StateAliases::Table,
                        StateAliases::StateId,
                        States::Table,
                        States::Id,
                        Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        indexes(manager, StateAliases::Table, &[&["state_id"]]).await?;

        manager
            .create_table(
                Table::create()
                    .table(RegionalGroupMemberships::Table)
                    .col(pk_auto(RegionalGroupMemberships::Id))
                    .col(integer(RegionalGroupMemberships::StateId))
                    .col(string(RegionalGroupMemberships::RegionalGroup))
                    .col(date_null(RegionalGroupMemberships::ValidFrom))
                    .col(date_null(RegionalGroupMemberships::ValidTo))
                    .col(text_null(RegionalGroupMemberships::Note))
                    .foreign_key(&mut fk(
                        RegionalGroupMemberships::Table,
                        RegionalGroupMemberships::StateId,
                        States::Table,
                        States::Id,
                        Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        indexes(
            manager,
            RegionalGroupMemberships::Table,
            &[&["state_id"], &["regional_group"]],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(Organizations::Table)
                    .col(pk_auto(Organizations::Id))
                    .col(string(Organizations::Code).unique_key())
                    .col(string(Organizations::Name))
                    .col(string(Organizations::Kind))
                    .col(string_null(Organizations::Website))
                    .to_owned(),
            )
            .await?;
        indexes(manager, Organizations::Table, &[&["kind"]]).await?;

        manager
            .create_table(
                Table::create()
                    .table(Sources::Table)
                    .col(pk_auto(Sources::Id))
                    .col(string_null(Sources::Key).unique_key())
                    .col(text(Sources::Title))
                    .col(string(Sources::Publisher))
                    .col(integer_null(Sources::PublisherOrganizationId))
                    .col(string_null(Sources::Url))
                    .col(date_null(Sources::PublishedOn))
                    .col(string_null(Sources::DocumentSymbol))
                    .col(text_null(Sources::Note))
                    .foreign_key(&mut fk(
                        Sources::Table,
                        Sources::PublisherOrganizationId,
                        Organizations::Table,
                        Organizations::Id,
                        SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        indexes(manager, Sources::Table, &[&["publisher_organization_id"]]).await?;

        manager
            .create_table(
                Table::create()
                    .table(OrganizationMembers::Table)
                    .col(integer(OrganizationMembers::OrganizationId))
                    .col(integer(OrganizationMembers::StateId))
                    .col(integer_null(OrganizationMembers::SourceId))
                    .primary_key(
                        Index::create()
                            .col(OrganizationMembers::OrganizationId)
                            .col(OrganizationMembers::StateId),
                    )
                    .foreign_key(&mut fk(
                        OrganizationMembers::Table,
                        OrganizationMembers::OrganizationId,
                        Organizations::Table,
                        Organizations::Id,
                        Cascade,
                    ))
                    .foreign_key(&mut fk(
                        OrganizationMembers::Table,
                        OrganizationMembers::StateId,
                        States::Table,
                        States::Id,
                        Cascade,
                    ))
                    .foreign_key(&mut fk(
                        OrganizationMembers::Table,
                        OrganizationMembers::SourceId,
                        Sources::Table,
                        Sources::Id,
                        SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        indexes(
            manager,
            OrganizationMembers::Table,
            &[&["state_id"], &["source_id"]],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(Datasets::Table)
                    .col(pk_auto(Datasets::Id))
                    .col(string(Datasets::Name))
                    .col(string(Datasets::Format))
                    .col(string(Datasets::Checksum))
                    .col(big_integer(Datasets::RowCount))
                    .col(timestamp_with_time_zone(Datasets::ImportedAt))
                    .col(string_null(Datasets::Licence))
                    .col(integer_null(Datasets::SourceId))
                    .foreign_key(&mut fk(
                        Datasets::Table,
                        Datasets::SourceId,
                        Sources::Table,
                        Sources::Id,
                        SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        indexes(manager, Datasets::Table, &[&["source_id"]]).await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_datasets_format_name")
                    .table(Datasets::Table)
                    .col(Datasets::Format)
                    .col(Datasets::Name)
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Cycles::Table)
                    .col(pk_auto(Cycles::Id))
                    .col(integer(Cycles::Number).unique_key())
                    .col(integer(Cycles::FirstSession))
                    .col(integer_null(Cycles::LastSession))
                    .col(integer(Cycles::StartYear))
                    .col(integer_null(Cycles::EndYear))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Sessions::Table)
                    .col(pk_auto(Sessions::Id))
                    .col(integer(Sessions::Number).unique_key())
                    .col(integer(Sessions::CycleId))
                    .col(date_null(Sessions::StartsOn))
                    .col(date_null(Sessions::EndsOn))
                    .foreign_key(&mut fk(
                        Sessions::Table,
                        Sessions::CycleId,
                        Cycles::Table,
                        Cycles::Id,
                        Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        indexes(manager, Sessions::Table, &[&["cycle_id"]]).await?;

        manager
            .create_table(
                Table::create()
                    .table(Reviews::Table)
                    .col(pk_auto(Reviews::Id))
                    .col(integer(Reviews::StateId))
                    .col(integer(Reviews::CycleId))
                    .col(integer(Reviews::SessionId))
                    .col(string(Reviews::Status))
                    .col(date_null(Reviews::ScheduledOn))
                    .col(date_null(Reviews::HeldOn))
                    .col(integer_null(Reviews::ReplacedById))
                    .col(string_null(Reviews::OutcomeSymbol))
                    .col(integer_null(Reviews::SourceId))
                    .col(text_null(Reviews::Note))
                    .foreign_key(&mut fk(
                        Reviews::Table,
                        Reviews::StateId,
                        States::Table,
                        States::Id,
                        Restrict,
                    ))
                    .foreign_key(&mut fk(
                        Reviews::Table,
                        Reviews::CycleId,
                        Cycles::Table,
                        Cycles::Id,
                        Restrict,
                    ))
                    .foreign_key(&mut fk(
                        Reviews::Table,
                        Reviews::SessionId,
                        Sessions::Table,
                        Sessions::Id,
                        Restrict,
                    ))
                    .foreign_key(&mut fk(
                        Reviews::Table,
                        Reviews::ReplacedById,
                        Reviews::Table,
                        Reviews::Id,
                        SetNull,
                    ))
                    .foreign_key(&mut fk(
                        Reviews::Table,
                        Reviews::SourceId,
                        Sources::Table,
                        Sources::Id,
                        SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        indexes(
            manager,
            Reviews::Table,
            &[
                &["state_id", "cycle_id"],
                &["cycle_id"],
                &["session_id"],
                &["status"],
                &["replaced_by_id"],
                &["source_id"],
            ],
        )
        .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_reviews_state_id_session_id")
                    .table(Reviews::Table)
                    .col(Reviews::StateId)
                    .col(Reviews::SessionId)
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Themes::Table)
                    .col(pk_auto(Themes::Id))
                    .col(string(Themes::Name).unique_key())
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AffectedPersons::Table)
                    .col(pk_auto(AffectedPersons::Id))
                    .col(string(AffectedPersons::Name).unique_key())
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SdgTargets::Table)
                    .col(pk_auto(SdgTargets::Id))
                    .col(string(SdgTargets::Code).unique_key())
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Recommendations::Table)
                    .col(pk_auto(Recommendations::Id))
                    .col(integer(Recommendations::ReviewId))
                    .col(integer(Recommendations::StateUnderReviewId))
                    .col(integer_null(Recommendations::RecommendingStateId))
                    .col(text(Recommendations::Text))
                    .col(string(Recommendations::Response))
                    .col(small_integer_null(Recommendations::ActionCategory))
                    .col(integer_null(Recommendations::DatasetId))
                    .col(integer_null(Recommendations::SourceLine))
                    .col(string_null(Recommendations::DocumentSymbol))
                    .col(date_null(Recommendations::PublishedOn))
                    .col(string(Recommendations::NaturalKey).unique_key())
                    .col(string(Recommendations::RowHash))
                    .foreign_key(&mut fk(
                        Recommendations::Table,
                        Recommendations::ReviewId,
                        Reviews::Table,
                        Reviews::Id,
                        Cascade,
                    ))
                    .foreign_key(&mut fk(
                        Recommendations::Table,
                        Recommendations::StateUnderReviewId,
                        States::Table,
                        States::Id,
                        Restrict,
                    ))
                    .foreign_key(&mut fk(
                        Recommendations::Table,
                        Recommendations::RecommendingStateId,
                        States::Table,
                        States::Id,
                        Restrict,
                    ))
                    .foreign_key(&mut fk(
                        Recommendations::Table,
                        Recommendations::DatasetId,
                        Datasets::Table,
                        Datasets::Id,
                        SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        indexes(
            manager,
            Recommendations::Table,
            &[
                &["review_id"],
                &["state_under_review_id"],
                &["recommending_state_id"],
                &["response"],
                &["action_category"],
                &["dataset_id"],
            ],
        )
        .await?;

        link_table(
            manager,
            RecommendationThemes::Table,
            (
                RecommendationThemes::RecommendationId,
                Recommendations::Table,
            ),
            (RecommendationThemes::ThemeId, Themes::Table),
        )
        .await?;
        link_table(
            manager,
            RecommendationAffectedPersons::Table,
            (
                RecommendationAffectedPersons::RecommendationId,
                Recommendations::Table,
            ),
            (
                RecommendationAffectedPersons::AffectedPersonId,
                AffectedPersons::Table,
            ),
        )
        .await?;
        link_table(
            manager,
            RecommendationSdgTargets::Table,
            (
                RecommendationSdgTargets::RecommendationId,
                Recommendations::Table,
            ),
            (RecommendationSdgTargets::SdgTargetId, SdgTargets::Table),
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(AidFlows::Table)
                    .col(pk_auto(AidFlows::Id))
                    .col(integer(AidFlows::DonorStateId))
                    .col(integer(AidFlows::RecipientStateId))
                    .col(string(AidFlows::Category))
                    .col(string(AidFlows::TransactionType))
                    .col(integer_null(AidFlows::FiscalYear))
                    .col(date_null(AidFlows::PeriodStart))
                    .col(date_null(AidFlows::PeriodEnd))
                    .col(big_integer(AidFlows::AmountMinor))
                    .col(string_len(AidFlows::Currency, 3))
                    .col(string(AidFlows::AmountBound))
                    .col(big_integer_null(AidFlows::ConstantAmountMinor))
                    .col(integer_null(AidFlows::ConstantBaseYear))
                    .col(string_null(AidFlows::Programme))
                    .col(string_null(AidFlows::Agency))
                    .col(integer_null(AidFlows::PartOfId))
                    .col(integer_null(AidFlows::SourceId))
                    .col(integer_null(AidFlows::DatasetId))
                    .col(text_null(AidFlows::Note))
                    .col(integer_null(AidFlows::SourceLine))
                    .col(string_null(AidFlows::NaturalKey).unique_key())
                    .col(string_null(AidFlows::RowHash))
                    .foreign_key(&mut fk(
                        AidFlows::Table,
                        AidFlows::DonorStateId,
                        States::Table,
                        States::Id,
                        Restrict,
                    ))
                    .foreign_key(&mut fk(
                        AidFlows::Table,
                        AidFlows::RecipientStateId,
                        States::Table,
                        States::Id,
                        Restrict,
                    ))
                    .foreign_key(&mut fk(
                        AidFlows::Table,
                        AidFlows::PartOfId,
                        AidFlows::Table,
                        AidFlows::Id,
                        Cascade,
                    ))
                    .foreign_key(&mut fk(
                        AidFlows::Table,
                        AidFlows::SourceId,
                        Sources::Table,
                        Sources::Id,
                        SetNull,
                    ))
                    .foreign_key(&mut fk(
                        AidFlows::Table,
                        AidFlows::DatasetId,
                        Datasets::Table,
                        Datasets::Id,
                        Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        indexes(
            manager,
            AidFlows::Table,
            &[
                &["donor_state_id", "fiscal_year"],
                &["recipient_state_id", "fiscal_year"],
                &["category"],
                &["transaction_type"],
                &["fiscal_year"],
                &["part_of_id"],
                &["source_id"],
                &["dataset_id"],
            ],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(Figures::Table)
                    .col(pk_auto(Figures::Id))
                    .col(integer(Figures::StateId))
                    .col(string(Figures::Measure))
                    .col(big_integer(Figures::Value))
                    .col(string(Figures::Bound))
                    .col(date_null(Figures::PeriodStart))
                    .col(date_null(Figures::AsOf))
                    .col(text(Figures::Description))
                    .col(text_null(Figures::Note))
                    .col(integer_null(Figures::SourceId))
                    .foreign_key(&mut fk(
                        Figures::Table,
                        Figures::StateId,
                        States::Table,
                        States::Id,
                        Restrict,
                    ))
                    .foreign_key(&mut fk(
                        Figures::Table,
                        Figures::SourceId,
                        Sources::Table,
                        Sources::Id,
                        SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        indexes(
            manager,
            Figures::Table,
            &[&["state_id"], &["measure"], &["source_id"]],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "figures",
            "aid_flows",
            "recommendation_sdg_targets",
            "recommendation_affected_persons",
            "recommendation_themes",
            "recommendations",
            "sdg_targets",
            "affected_persons",
            "themes",
            "reviews",
            "sessions",
            "cycles",
            "datasets",
            "organization_members",
            "sources",
            "organizations",
            "regional_group_memberships",
            "state_aliases",
            "states",
        ] {
            manager
                .drop_table(Table::drop().table(Alias::new(table)).to_owned())
                .await?;
        }
        Ok(())
    }
}
