//! Closed vocabularies of the domain. Each has a stable upper-case code, used in
//! the database and on the wire, and reads older spellings found in real data.

use std::{fmt, str::FromStr};

use crate::DomainError;

macro_rules! code_enum {
    (
        $(#[$meta:meta])*
        $name:ident, $kind:literal {
            $( $(#[$vmeta:meta])* $variant:ident = $code:literal $(| $alias:literal)* ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $( $(#[$vmeta])* $variant ),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];

            /// The stable code of this value.
            pub fn code(self) -> &'static str {
                match self {
                    $(Self::$variant => $code),+
                }
            }
        }

        impl FromStr for $name {
            type Err = DomainError;

            /// Reads the code or a known older spelling, ignoring case, spaces and
            /// the difference between `-`, `_` and ` `.
            fn from_str(input: &str) -> Result<Self, DomainError> {
                let wanted: String = input
                    .trim()
                    .chars()
                    .map(|c| if c == '-' || c == ' ' { '_' } else { c.to_ascii_uppercase() })
                    .collect();
                $(
                    if wanted == $code $(|| wanted == $alias)* {
                        return Ok(Self::$variant);
                    }
                )+
                Err(DomainError::UnknownCode {
                    kind: $kind,
                    value: input.to_owned(),
                    expected: [$($code),+].join(", "),
                })
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.code())
            }
        }
    };
}

code_enum! {
    /// The five UN regional groups, used for elections and counted in UPR statistics.
    RegionalGroup, "regional group" {
        /// African Group.
        African = "AFRICAN" | "AFRICA" | "AFRICAN_GROUP",
        /// Asia-Pacific Group.
        AsiaPacific = "ASIA_PACIFIC" | "ASIA" | "APG" | "ASIA_AND_THE_PACIFIC_GROUP",
        /// Eastern European Group.
        EasternEuropean = "EASTERN_EUROPEAN" | "EEG" | "EASTERN_EUROPEAN_GROUP",
        /// Latin American and Caribbean Group (GRULAC).
        LatinAmericanAndCaribbean = "LATIN_AMERICAN_AND_CARIBBEAN" | "GRULAC" | "LATIN_AMERICAN_AND_CARIBBEAN_GROUP",
        /// Western European and Others Group (WEOG).
        WesternEuropeanAndOthers = "WESTERN_EUROPEAN_AND_OTHERS" | "WEOG" | "WESTERN_EUROPEAN_AND_OTHERS_GROUP",
    }
}

code_enum! {
    /// A state's standing at the United Nations.
    UnStatus, "UN status" {
        /// A member state of the United Nations (193).
        Member = "MEMBER",
        /// A non-member observer state (the State of Palestine, the Holy See).
        Observer = "OBSERVER",
    }
}

code_enum! {
    /// What became of a state's review in one cycle.
    ReviewStatus, "review status" {
        /// The review took place.
        Held = "HELD",
        /// The state under review refused to take part.
        NonCooperation = "NON_COOPERATION",
        /// The review was moved to a later session.
        Postponed = "POSTPONED",
        /// The review is planned and has not yet taken place.
        Scheduled = "SCHEDULED",
    }
}

code_enum! {
    /// The answer of the state under review to a recommendation.
    Response, "response" {
        /// Supported ("accepted" in older data).
        Supported = "SUPPORTED" | "ACCEPTED",
        /// Supported in part and noted in part: one recommendation whose parts the state
        /// under review answered differently (UHRI's `Supported/Noted`). Neither
        /// supported nor noted in the counts, but a response of its own.
        PartlySupported = "PARTLY_SUPPORTED" | "SUPPORTED/NOTED" | "SUPPORTED_/_NOTED" | "PARTIALLY_SUPPORTED",
        /// Noted: not supported.
        Noted = "NOTED",
        /// No answer recorded yet.
        Pending = "PENDING",
    }
}

code_enum! {
    /// What an aid figure is for.
    AidCategory, "aid category" {
        /// Military assistance: grants, loans, weapons and security support.
        Military = "MILITARY",
        /// Economic and development assistance.
        Economic = "ECONOMIC",
        /// Humanitarian relief.
        Humanitarian = "HUMANITARIAN",
        /// All categories together.
        Total = "TOTAL",
        /// Official development assistance as the OECD's Development Assistance Committee
        /// defines and reports it (DAC Table 2a): net disbursements, which are negative
        /// when a recipient repaid more than it received. A measure of its own, reported
        /// by OECD for every donor, never added to a donor's own categories.
        OfficialDevelopmentAssistance = "OFFICIAL_DEVELOPMENT_ASSISTANCE" | "ODA",
        /// Private development finance as OECD's DAC Table 2a reports it for private
        /// donors (foundations, charities, lotteries): their grants for development, which
        /// OECD keeps apart from official development assistance, official by definition.
        PrivateDevelopmentFinance = "PRIVATE_DEVELOPMENT_FINANCE",
        /// A category the source gives that none of the above covers.
        Other = "OTHER",
    }
}

code_enum! {
    /// The stage of the money a figure measures.
    TransactionType, "transaction type" {
        /// Requested in a budget.
        Request = "REQUEST" | "REQUESTS",
        /// Appropriated by a legislature, or planned from an appropriation.
        Appropriation = "APPROPRIATION" | "APPROPRIATIONS",
        /// Allocated to a recipient at the start of a budget year, before obligation.
        Allocation = "ALLOCATION" | "ALLOCATIONS",
        /// Committed to a recipient.
        Obligation = "OBLIGATION" | "OBLIGATIONS",
        /// Paid out.
        Disbursement = "DISBURSEMENT" | "DISBURSEMENTS",
        /// An estimate by a third party, e.g. a research institute.
        Estimate = "ESTIMATE" | "ESTIMATES",
    }
}

code_enum! {
    /// How a published figure relates to the true value.
    Bound, "bound" {
        /// The figure is the value.
        Exact = "EXACT",
        /// The true value is this figure or more.
        AtLeast = "AT_LEAST",
        /// The true value is higher than this figure.
        MoreThan = "MORE_THAN",
    }
}

code_enum! {
    /// What a documented figure about a state counts.
    FigureMeasure, "figure measure" {
        /// People killed.
        PeopleKilled = "PEOPLE_KILLED",
    }
}

code_enum! {
    /// The kind of an organisation.
    OrganizationKind, "organization kind" {
        /// An intergovernmental grouping of states (EU, OIC, AU, ...).
        Intergovernmental = "INTERGOVERNMENTAL",
        /// A body of the United Nations (Human Rights Council, OHCHR).
        UnBody = "UN_BODY",
        /// A non-governmental organisation.
        Ngo = "NGO",
        /// A research institute or university project.
        Research = "RESEARCH",
        /// A ministry or agency of a government.
        GovernmentBody = "GOVERNMENT_BODY",
        /// A development bank or a fund of one: the regional development banks and the
        /// World Bank Group, as OECD's DAC Table 2a groups its donors.
        DevelopmentBank = "DEVELOPMENT_BANK",
        /// A multilateral agency or fund that is neither a UN body nor a development bank
        /// (the IMF's concessional trust funds, GAVI, the Global Fund, ...), as OECD's DAC
        /// Table 2a groups its donors.
        MultilateralAgency = "MULTILATERAL_AGENCY",
        /// A private donor: a foundation, a charity or a lottery that gives for development.
        PrivateDonor = "PRIVATE_DONOR",
    }
}

code_enum! {
    /// Whether the weapons of an arms transfer were new, as SIPRI's register says.
    ArmsStatus, "arms transfer status" {
        /// New weapons.
        New = "NEW",
        /// Second-hand weapons.
        SecondHand = "SECOND_HAND",
        /// Second-hand weapons modernised before delivery.
        SecondHandModernized = "SECOND_HAND_MODERNIZED" | "SECOND_HAND_BUT_MODERNIZED",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn older_spellings_are_read() {
        assert_eq!("Accepted".parse::<Response>().unwrap(), Response::Supported);
        assert_eq!("noted".parse::<Response>().unwrap(), Response::Noted);
        for partly in ["Supported/Noted", "supported / noted", "PARTLY_SUPPORTED"] {
            assert_eq!(
                partly.parse::<Response>().unwrap(),
                Response::PartlySupported
            );
        }
        assert_eq!(
            "WEOG".parse::<RegionalGroup>().unwrap(),
            RegionalGroup::WesternEuropeanAndOthers
        );
        assert_eq!(
            "Asia".parse::<RegionalGroup>().unwrap(),
            RegionalGroup::AsiaPacific
        );
        assert_eq!(
            "non-cooperation".parse::<ReviewStatus>().unwrap(),
            ReviewStatus::NonCooperation
        );
        assert_eq!(
            "Second hand but modernized".parse::<ArmsStatus>().unwrap(),
            ArmsStatus::SecondHandModernized
        );
        assert_eq!(
            "Obligations".parse::<TransactionType>().unwrap(),
            TransactionType::Obligation
        );
    }

    #[test]
    fn unknown_codes_list_what_is_accepted() {
        let err = "maybe".parse::<Response>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "`maybe` is not a known response; expected one of: SUPPORTED, PARTLY_SUPPORTED, NOTED, PENDING"
        );
    }

    #[test]
    fn codes_round_trip() {
        for group in RegionalGroup::ALL {
            assert_eq!(group.code().parse::<RegionalGroup>().unwrap(), *group);
        }
        for status in ReviewStatus::ALL {
            assert_eq!(status.code().parse::<ReviewStatus>().unwrap(), *status);
        }
    }
}
