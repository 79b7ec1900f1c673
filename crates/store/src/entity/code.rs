//! The codes the entities hold, typed. A column that stores a code of one of the
//! domain's vocabularies reads as that vocabulary's value, so a code the domain does not
//! know fails once, as its row is read, and no caller decodes strings. In the database
//! each is the code as text, as the migrations and importers write it.

use sea_orm::DeriveValueType;
use uprgraph_domain::{
    AidCategory, Bound, Currency, DomainError, FigureMeasure, OrganizationKind, RegionalGroup,
    Response, ReviewStatus, TransactionType, UnStatus,
};

/// How a code column reads and writes its text.
trait StoredCode: Sized {
    fn read(code: &str) -> Result<Self, DomainError>;
    fn write(&self) -> &str;
}

macro_rules! stored_codes {
    ($( $(#[$meta:meta])* $name:ident($domain:ty) read by $read:path; )+) => {
        $(
            $(#[$meta])*
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, DeriveValueType)]
            #[sea_orm(value_type = "String", from_str = "StoredCode::read", to_str = "StoredCode::write")]
            pub struct $name(pub $domain);

            impl StoredCode for $name {
                fn read(code: &str) -> Result<Self, DomainError> {
                    $read(code).map(Self)
                }

                fn write(&self) -> &str {
                    self.0.code()
                }
            }

            impl From<$domain> for $name {
                fn from(value: $domain) -> Self {
                    Self(value)
                }
            }
        )+
    };
}

stored_codes! {
    /// A state's standing at the UN (`states.un_status`).
    StoredUnStatus(UnStatus) read by str::parse;
    /// A regional group (`regional_group_memberships.regional_group`).
    StoredRegionalGroup(RegionalGroup) read by str::parse;
    /// The kind of an organisation (`organizations.kind`).
    StoredOrganizationKind(OrganizationKind) read by str::parse;
    /// What became of a review (`reviews.status`).
    StoredReviewStatus(ReviewStatus) read by str::parse;
    /// The answer to a recommendation (`recommendations.response`).
    StoredResponse(Response) read by str::parse;
    /// What kind of aid a flow is (`aid_flows.category`).
    StoredAidCategory(AidCategory) read by str::parse;
    /// The stage of the money a flow measures (`aid_flows.transaction_type`).
    StoredTransactionType(TransactionType) read by str::parse;
    /// The currency of an amount (`aid_flows.currency`).
    StoredCurrency(Currency) read by Currency::parse;
    /// How a published amount or figure relates to the true value (`aid_flows.amount_bound`,
    /// `figures.bound`).
    StoredBound(Bound) read by str::parse;
    /// What a figure counts (`figures.measure`).
    StoredFigureMeasure(FigureMeasure) read by str::parse;
}
