//! The GraphQL faces of the domain's vocabularies. Each mirrors a domain enum
//! (`remote`), so the two cannot drift apart without a compile error.

use async_graphql::Enum;
use uprgraph_domain as domain;

/// A UN regional group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[graphql(remote = "domain::RegionalGroup")]
pub enum RegionalGroup {
    /// African Group.
    African,
    /// Asia-Pacific Group.
    AsiaPacific,
    /// Eastern European Group.
    EasternEuropean,
    /// Latin American and Caribbean Group (GRULAC).
    LatinAmericanAndCaribbean,
    /// Western European and Others Group (WEOG).
    WesternEuropeanAndOthers,
}

/// A state's standing at the United Nations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[graphql(remote = "domain::UnStatus")]
pub enum UnStatus {
    /// A member state of the United Nations (there are 193).
    Member,
    /// A non-member observer state: the State of Palestine or the Holy See.
    Observer,
}

/// What became of a review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[graphql(remote = "domain::ReviewStatus")]
pub enum ReviewStatus {
    /// The review took place.
    Held,
    /// The state under review refused to take part (Israel in January 2013, the United States in November 2025).
    NonCooperation,
    /// The review was moved to a later session.
    Postponed,
    /// The review is planned and has not yet taken place.
    Scheduled,
}

/// The answer of the state under review to a recommendation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[graphql(remote = "domain::Response")]
pub enum Response {
    /// Supported ("accepted" in older data).
    Supported,
    /// Supported in part and noted in part: one recommendation whose parts the state under
    /// review answered differently (the UN Universal Human Rights Index's
    /// `Supported/Noted`). Counted apart from the supported and the noted ones.
    PartlySupported,
    /// Noted: not supported.
    Noted,
    /// No answer recorded yet.
    Pending,
}

/// What an aid figure is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[graphql(remote = "domain::AidCategory")]
pub enum AidCategory {
    /// Military assistance: grants, loans, weapons and security support.
    Military,
    /// Economic and development assistance.
    Economic,
    /// Humanitarian relief.
    Humanitarian,
    /// All categories together.
    Total,
    /// Official development assistance as the OECD's Development Assistance Committee
    /// reports it for every donor (DAC Table 2a): net disbursements, negative when a
    /// recipient repaid more than it received. A measure of its own: sums never add it to
    /// a donor's own categories (they are kept apart by source).
    OfficialDevelopmentAssistance,
    /// Private development finance as OECD's DAC Table 2a reports it for private donors
    /// (foundations, charities, lotteries): their grants for development, which OECD keeps
    /// apart from official development assistance, official by definition.
    PrivateDevelopmentFinance,
    /// A category the source gives that none of the others covers.
    Other,
}

/// The stage of the money an aid figure measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[graphql(remote = "domain::TransactionType")]
pub enum TransactionType {
    /// Requested in a budget.
    Request,
    /// Appropriated by a legislature, or planned from an appropriation.
    Appropriation,
    /// Allocated to a recipient at the start of a budget year, before obligation.
    Allocation,
    /// Committed to a recipient.
    Obligation,
    /// Paid out.
    Disbursement,
    /// An estimate by a third party, such as a research institute.
    Estimate,
}

/// How a published figure relates to the true value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[graphql(remote = "domain::Bound")]
pub enum Bound {
    /// The figure is the value.
    Exact,
    /// The true value is this figure or more.
    AtLeast,
    /// The true value is higher than this figure.
    MoreThan,
}

/// What a documented figure counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[graphql(remote = "domain::FigureMeasure")]
pub enum FigureMeasure {
    /// People killed.
    PeopleKilled,
}

/// The kind of an organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[graphql(remote = "domain::OrganizationKind")]
pub enum OrganizationKind {
    /// An intergovernmental grouping of states (EU, OIC, AU, ...).
    Intergovernmental,
    /// A body of the United Nations (Human Rights Council, OHCHR).
    UnBody,
    /// A non-governmental organisation.
    Ngo,
    /// A research institute or university project.
    Research,
    /// A ministry or agency of a government.
    GovernmentBody,
    /// A development bank or a fund of one: the regional development banks and the World
    /// Bank Group, as OECD's DAC Table 2a groups its donors.
    DevelopmentBank,
    /// A multilateral agency or fund that is neither a UN body nor a development bank (the
    /// IMF's concessional trust funds, GAVI, the Global Fund, ...), as OECD's DAC Table 2a
    /// groups its donors.
    MultilateralAgency,
    /// A private donor: a foundation, a charity or a lottery that gives for development.
    PrivateDonor,
}

/// Whether the weapons of an arms transfer were new, as SIPRI's register says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[graphql(remote = "domain::ArmsStatus")]
pub enum ArmsStatus {
    /// New weapons.
    New,
    /// Second-hand weapons.
    SecondHand,
    /// Second-hand weapons modernised before delivery.
    SecondHandModernized,
}

/// A style to cite a recommendation in (`Recommendation.citation`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[graphql(remote = "domain::CitationStyle")]
pub enum CitationStyle {
    /// APA, 7th edition: a reference-list entry.
    Apa,
    /// The Chicago Manual of Style, 17th edition: a bibliography entry.
    Chicago,
    /// A BibTeX `@techreport` entry.
    Bibtex,
    /// An RIS record (`TY  - RPRT`), each line ended by CR LF.
    Ris,
}
