//! The codes the entities hold, typed. A column that stores a code of one of the
//! domain's vocabularies reads as that vocabulary's value, so a code the domain does not
//! know fails once, as its row is read, and no caller decodes strings. In the database
//! each is the code as text, as the migrations and importers write it.

use std::sync::Arc;

use sea_orm::{
    sea_query::{ArrayType, ColumnType, Nullable, ValueType, ValueTypeErr},
    ColIdx, DbErr, DeriveValueType, QueryResult, TryGetError, TryGetable, Value,
};
use uprgraph_domain::{
    ActionCategory, AidCategory, Alpha2Code, ArmsStatus, Bound, Currency, DomainError,
    FigureMeasure, OrganizationKind, RegionalGroup, Response, ReviewStatus, StateCode,
    TransactionType, UnStatus,
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
    /// A state's ISO 3166-1 alpha-3 code (`states.alpha3`).
    StoredStateCode(StateCode) read by StateCode::parse;
    /// A state's ISO 3166-1 alpha-2 code (`states.alpha2`).
    StoredAlpha2Code(Alpha2Code) read by Alpha2Code::parse;
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
    /// Whether an arms transfer's weapons were new (`arms_transfers.status`).
    StoredArmsStatus(ArmsStatus) read by str::parse;
}

/// A recommendation's UPR Info action category (`recommendations.action_category`),
/// stored as its number. sea-orm derives value types for text and for plain numbers
/// only, so this one is written out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct StoredActionCategory(pub ActionCategory);

impl StoredActionCategory {
    fn read(number: i16) -> Result<Self, DomainError> {
        ActionCategory::new(number.into()).map(Self)
    }
}

impl From<ActionCategory> for StoredActionCategory {
    fn from(value: ActionCategory) -> Self {
        Self(value)
    }
}

impl From<StoredActionCategory> for Value {
    fn from(stored: StoredActionCategory) -> Self {
        Value::SmallInt(Some(stored.0.get().into()))
    }
}

impl TryGetable for StoredActionCategory {
    fn try_get_by<I: ColIdx>(res: &QueryResult, idx: I) -> Result<Self, TryGetError> {
        Self::read(i16::try_get_by(res, idx)?).map_err(|err| {
            TryGetError::DbErr(DbErr::TryIntoErr {
                from: "i16",
                into: "StoredActionCategory",
                source: Arc::new(err),
            })
        })
    }
}

impl ValueType for StoredActionCategory {
    fn try_from(value: Value) -> Result<Self, ValueTypeErr> {
        Self::read(<i16 as ValueType>::try_from(value)?).map_err(|_| ValueTypeErr)
    }

    fn type_name() -> String {
        "StoredActionCategory".to_owned()
    }

    fn array_type() -> ArrayType {
        ArrayType::SmallInt
    }

    fn column_type() -> ColumnType {
        ColumnType::SmallInteger
    }
}

impl Nullable for StoredActionCategory {
    fn null() -> Value {
        Value::SmallInt(None)
    }
}

impl sea_orm::sea_query::postgres_array::NotU8 for StoredActionCategory {}

#[cfg(test)]
mod tests {
    use sea_orm::{ConnectionTrait, Database, DatabaseBackend, Statement};

    use super::*;

    /// Known codes and numbers read as the domain's values; any other fails its row,
    /// naming the type it could not become.
    #[tokio::test]
    async fn stored_codes_read_as_domain_values_or_fail() {
        let db = Database::connect("sqlite::memory:").await.unwrap();
        db.execute_unprepared(
            "CREATE TABLE t (n INTEGER, response TEXT, action_category SMALLINT);
             INSERT INTO t VALUES (1, 'SUPPORTED', 3), (2, 'GUILD', 9)",
        )
        .await
        .unwrap();
        let rows = db
            .query_all_raw(Statement::from_string(
                DatabaseBackend::Sqlite,
                "SELECT response, action_category FROM t ORDER BY n",
            ))
            .await
            .unwrap();
        let good = &rows[0];
        assert_eq!(
            good.try_get::<StoredResponse>("", "response").unwrap(),
            StoredResponse(Response::Supported)
        );
        assert_eq!(
            good.try_get::<StoredActionCategory>("", "action_category")
                .unwrap(),
            StoredActionCategory(ActionCategory::new(3).unwrap())
        );
        let bad = &rows[1];
        let err = bad.try_get::<StoredResponse>("", "response").unwrap_err();
        assert!(format!("{err:?}").contains("StoredResponse"), "{err:?}");
        let err = bad
            .try_get::<StoredActionCategory>("", "action_category")
            .unwrap_err();
        assert!(
            format!("{err:?}").contains("StoredActionCategory"),
            "{err:?}"
        );
        // Written back, each is its code or number.
        assert_eq!(
            Value::from(StoredResponse(Response::Noted)),
            Value::from("NOTED")
        );
        assert_eq!(
            Value::from(StoredActionCategory(ActionCategory::new(5).unwrap())),
            Value::SmallInt(Some(5))
        );
    }
}
