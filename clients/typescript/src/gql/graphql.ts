/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** What an aid figure is for. */
export type AidCategory =
  /** Economic and development assistance. */
  | 'ECONOMIC'
  /** Humanitarian relief. */
  | 'HUMANITARIAN'
  /** Military assistance: grants, loans, weapons and security support. */
  | 'MILITARY'
  /**
   * Official development assistance as the OECD's Development Assistance Committee
   * reports it for every donor (DAC Table 2a): net disbursements, negative when a
   * recipient repaid more than it received. A measure of its own: sums never add it to
   * a donor's own categories (they are kept apart by source).
   */
  | 'OFFICIAL_DEVELOPMENT_ASSISTANCE'
  /** A category the source gives that none of the others covers. */
  | 'OTHER'
  /**
   * Private development finance as OECD's DAC Table 2a reports it for private donors
   * (foundations, charities, lotteries): their grants for development, which OECD keeps
   * apart from official development assistance, official by definition.
   */
  | 'PRIVATE_DEVELOPMENT_FINANCE'
  /** All categories together. */
  | 'TOTAL';

/**
 * Which aid flows to list. Fields combine with AND; a list matches any of its values; an
 * absent field does not restrict. Example: `{ donor: ["USA"], transactionType: [OBLIGATION] }`.
 */
export type AidFlowFilter = {
  /** Amounts of at least this much; needs exactly one `currency`. */
  amountAtLeast?: string | null | undefined;
  /** Amounts of at most this much; needs exactly one `currency`. */
  amountAtMost?: string | null | undefined;
  /** Filters that must all match as well. */
  and?: Array<AidFlowFilter> | null | undefined;
  /** Aid categories. */
  category?: Array<AidCategory> | null | undefined;
  /** Currencies, by ISO 4217 code (`USD`). */
  currency?: Array<string> | null | undefined;
  /** Datasets the figures were imported from, by name. */
  dataset?: Array<string> | null | undefined;
  /**
   * Donor states, by ISO 3166-1 code (alpha-3 or alpha-2). Flows an organisation gave
   * never match.
   */
  donor?: Array<string> | null | undefined;
  /**
   * Donor organisations, by code in any case (`EU`, `IDA`, `UNICEF`). Flows a state gave
   * never match; with `donor` too, a flow must match both, so none does.
   */
  donorOrganization?: Array<string> | null | undefined;
  /** Fiscal years from this one on (figures for a period rather than a fiscal year are left out). */
  fiscalYearFrom?: number | null | undefined;
  /** Fiscal years up to this one (figures for a period rather than a fiscal year are left out). */
  fiscalYearTo?: number | null | undefined;
  /** A filter that must not match, e.g. `not: { transactionType: [DISBURSEMENT] }`. */
  not?: AidFlowFilter | null | undefined;
  /** Filters of which at least one must match; an empty list matches nothing. */
  or?: Array<AidFlowFilter> | null | undefined;
  /** Recipient states, by ISO 3166-1 code (alpha-3 or alpha-2). */
  recipient?: Array<string> | null | undefined;
  /**
   * Sources the figures come from, by key (as `Source.key` gives it, e.g.
   * `costs-of-war-2025-israel`).
   */
  source?: Array<string> | null | undefined;
  /** Transaction types. */
  transactionType?: Array<TransactionType> | null | undefined;
};

/** What `aidTotals` can sum aid flows by. */
export type AidGroupBy =
  /** The aid category. */
  | 'CATEGORY'
  /** The donor: a state (`donor`) or an organisation (`donorOrganization`). */
  | 'DONOR'
  /** The fiscal year (figures for a period rather than a fiscal year form a group whose year is null). */
  | 'FISCAL_YEAR'
  /** The recipient state. */
  | 'RECIPIENT'
  /** The transaction type. */
  | 'TRANSACTION_TYPE';

/** How a published figure relates to the true value. */
export type Bound =
  /** The true value is this figure or more. */
  | 'AT_LEAST'
  /** The figure is the value. */
  | 'EXACT'
  /** The true value is higher than this figure. */
  | 'MORE_THAN';

/** What a documented figure counts. */
export type FigureMeasure =
  /** People killed. */
  | 'PEOPLE_KILLED';

/** The kind of an organisation. */
export type OrganizationKind =
  /**
   * A development bank or a fund of one: the regional development banks and the World
   * Bank Group, as OECD's DAC Table 2a groups its donors.
   */
  | 'DEVELOPMENT_BANK'
  /** A ministry or agency of a government. */
  | 'GOVERNMENT_BODY'
  /** An intergovernmental grouping of states (EU, OIC, AU, ...). */
  | 'INTERGOVERNMENTAL'
  /**
   * A multilateral agency or fund that is neither a UN body nor a development bank (the
   * IMF's concessional trust funds, GAVI, the Global Fund, ...), as OECD's DAC Table 2a
   * groups its donors.
   */
  | 'MULTILATERAL_AGENCY'
  /** A non-governmental organisation. */
  | 'NGO'
  /** A private donor: a foundation, a charity or a lottery that gives for development. */
  | 'PRIVATE_DONOR'
  /** A research institute or university project. */
  | 'RESEARCH'
  /** A body of the United Nations (Human Rights Council, OHCHR). */
  | 'UN_BODY';

/**
 * Which recommendations to list. Fields combine with AND; a list matches any of its values;
 * an absent field does not restrict. Example: `{ recommendingState: ["CUB"], session: [9] }`.
 */
export type RecommendationFilter = {
  /** UPR Info action categories, 1 (minimal action) to 5 (specific action). */
  actionCategory?: Array<number> | null | undefined;
  /** Affected persons named by the recommendation, in any case (`Women`). */
  affectedPersons?: Array<string> | null | undefined;
  /** Filters that must all match as well. */
  and?: Array<RecommendationFilter> | null | undefined;
  /** UPR cycles, by number. */
  cycle?: Array<number> | null | undefined;
  /** Datasets the recommendations were imported from, by name (`sessions-01-05.csv`). */
  dataset?: Array<string> | null | undefined;
  /** A filter that must not match, e.g. `not: { response: [SUPPORTED] }`. */
  not?: RecommendationFilter | null | undefined;
  /** Filters of which at least one must match; an empty list matches nothing. */
  or?: Array<RecommendationFilter> | null | undefined;
  /** Organisations the state under review belongs to, by code (`OIC`, `EU`). */
  organizationUnderReview?: Array<string> | null | undefined;
  /** Organisations the recommending state belongs to, by code (`OIC`, `EU`). */
  recommendingOrganization?: Array<string> | null | undefined;
  /** UN regional groups of the recommending state (its current group). */
  recommendingRegionalGroup?: Array<RegionalGroup> | null | undefined;
  /** States that made the recommendations, by ISO 3166-1 code (alpha-3 or alpha-2). */
  recommendingState?: Array<string> | null | undefined;
  /** UN regional groups of the state under review (its current group). */
  regionalGroupUnderReview?: Array<RegionalGroup> | null | undefined;
  /** Responses of the state under review. */
  response?: Array<Response> | null | undefined;
  /**
   * Only recommendations made at reviews that pass this filter, e.g. reviews held in
   * some years: `review: { from: "2013-01-01", to: "2018-12-31" }`.
   */
  review?: ReviewFilter | null | undefined;
  /** SDG targets the recommendation is linked to, by code (`16.10`). */
  sdgTarget?: Array<string> | null | undefined;
  /**
   * A full-text search of the text. Words match every form with the same stem
   * (`discriminate` finds `discrimination`), in any case and with or without
   * diacritics (`Türkiye` = `Turkiye`), and every spelling of one concept: irregular
   * plurals (`woman` = `women`), British and American spellings (`labour` =
   * `labor`), closed, hyphenated and spaced compounds (`nondiscrimination` =
   * `non-discrimination`), a few derived forms (`ratify` = `ratification`) and
   * treaty and body names (`CEDAW` = its full name); `=woman` finds that word only,
   * with none of these expansions. `"quoted words"` match as a phrase; `educat*`
   * matches words beginning with `educat`; terms side by side must all match, and
   * `AND`, `OR`, `NOT` (or a leading `-`) and parentheses combine them, e.g.
   * `blockade (Cuba OR embargo) -"United States"`. With a search, lists are ordered by
   * relevance, best first, unless `orderBy` says otherwise; only the top-level search
   * ranks, not one nested in `and`, `or` or `not`. A query that cannot be read is
   * refused, saying where.
   */
  search?: string | null | undefined;
  /** Working Group sessions, by number. */
  session?: Array<number> | null | undefined;
  /** States under review, by ISO 3166-1 code (alpha-3 or alpha-2). */
  stateUnderReview?: Array<string> | null | undefined;
  /** Themes, by name in any case (`Death penalty`). */
  theme?: Array<string> | null | undefined;
};

/** What `recommendationStats` can group recommendations by. */
export type RecommendationGroupBy =
  /** The UPR Info action category. */
  | 'ACTION_CATEGORY'
  /** The UPR cycle. */
  | 'CYCLE'
  /** The current UN regional group of the state that made the recommendation. */
  | 'RECOMMENDING_REGIONAL_GROUP'
  /** The state that made the recommendation. */
  | 'RECOMMENDING_STATE'
  /** The response of the state under review. */
  | 'RESPONSE'
  /** The Working Group session. */
  | 'SESSION'
  /** The state under review. */
  | 'STATE_UNDER_REVIEW'
  /**
   * Each theme; a recommendation with several themes counts in each, one with none in a
   * group whose theme is null.
   */
  | 'THEME';

/** A UN regional group. */
export type RegionalGroup =
  /** African Group. */
  | 'AFRICAN'
  /** Asia-Pacific Group. */
  | 'ASIA_PACIFIC'
  /** Eastern European Group. */
  | 'EASTERN_EUROPEAN'
  /** Latin American and Caribbean Group (GRULAC). */
  | 'LATIN_AMERICAN_AND_CARIBBEAN'
  /** Western European and Others Group (WEOG). */
  | 'WESTERN_EUROPEAN_AND_OTHERS';

/** The answer of the state under review to a recommendation. */
export type Response =
  /** Noted: not supported. */
  | 'NOTED'
  /**
   * Supported in part and noted in part: one recommendation whose parts the state under
   * review answered differently (the UN Universal Human Rights Index's
   * `Supported/Noted`). Counted apart from the supported and the noted ones.
   */
  | 'PARTLY_SUPPORTED'
  /** No answer recorded yet. */
  | 'PENDING'
  /** Supported ("accepted" in older data). */
  | 'SUPPORTED';

/**
 * Which reviews to list. Fields combine with AND; a list matches any of its values.
 * Example: `{ status: [NON_COOPERATION] }` or `{ from: "2020-01-01", to: "2020-12-31" }`.
 */
export type ReviewFilter = {
  /** Filters that must all match as well. */
  and?: Array<ReviewFilter> | null | undefined;
  /** UPR cycles, by number. */
  cycle?: Array<number> | null | undefined;
  /** Reviews held (or, if not held, scheduled) on or after this day. */
  from?: string | null | undefined;
  /** A filter that must not match, e.g. `not: { status: [HELD] }`. */
  not?: ReviewFilter | null | undefined;
  /** Filters of which at least one must match; an empty list matches nothing. */
  or?: Array<ReviewFilter> | null | undefined;
  /** Working Group sessions, by number. */
  session?: Array<number> | null | undefined;
  /** States under review, by ISO 3166-1 code (alpha-3 or alpha-2). */
  state?: Array<string> | null | undefined;
  /** Review statuses. */
  status?: Array<ReviewStatus> | null | undefined;
  /** Reviews held (or, if not held, scheduled) on or before this day. */
  to?: string | null | undefined;
};

/** What became of a review. */
export type ReviewStatus =
  /** The review took place. */
  | 'HELD'
  /** The state under review refused to take part (Israel in January 2013, the United States in November 2025). */
  | 'NON_COOPERATION'
  /** The review was moved to a later session. */
  | 'POSTPONED'
  /** The review is planned and has not yet taken place. */
  | 'SCHEDULED';

/** The stage of the money an aid figure measures. */
export type TransactionType =
  /** Allocated to a recipient at the start of a budget year, before obligation. */
  | 'ALLOCATION'
  /** Appropriated by a legislature, or planned from an appropriation. */
  | 'APPROPRIATION'
  /** Paid out. */
  | 'DISBURSEMENT'
  /** An estimate by a third party, such as a research institute. */
  | 'ESTIMATE'
  /** Committed to a recipient. */
  | 'OBLIGATION'
  /** Requested in a budget. */
  | 'REQUEST';

/** A state's standing at the United Nations. */
export type UnStatus =
  /** A member state of the United Nations (there are 193). */
  | 'MEMBER'
  /** A non-member observer state: the State of Palestine or the Holy See. */
  | 'OBSERVER';

export type AidDashboardQueryVariables = Exact<{
  donor: string;
  recipient: string;
  years?: number | null | undefined;
}>;


export type AidDashboardQuery = { byYear: Array<{ groupedBy: Array<AidGroupBy>, fiscalYear: number | null, transactionType: TransactionType | null, flows: number, amount: { amount: string, currency: string } }>, donor: { code: string, name: string, aidTotals: Array<{ groupedBy: Array<AidGroupBy>, flows: number, recipient: { code: string, name: string } | null, amount: { amount: string, currency: string } }> } | null, largest: { totalCount: number, nodes: Array<{ id: string, fiscalYear: number | null, periodStart: string | null, periodEnd: string | null, category: AidCategory, transactionType: TransactionType, bound: Bound, amount: { amount: string, currency: string }, source: { key: string | null, title: string } | null, dataset: { name: string } | null }> } };

export type CrossLinksQueryVariables = Exact<{
  state: string;
  cycle: number;
  donor: string;
  aidFilter?: AidFlowFilter | null | undefined;
}>;


export type CrossLinksQuery = { review: { id: string, recommenders: Array<{ state: { code: string, name: string }, recommendations: { count: number, supported: number, noted: number, pending: number, supportedShare: number }, aidToStateUnderReview: Array<{ groupedBy: Array<AidGroupBy>, transactionType: TransactionType | null, flows: number, amount: { amount: string, currency: string } }>, aidFromStateUnderReview: Array<{ transactionType: TransactionType | null, amount: { amount: string, currency: string } }> }> } | null, donor: { aidedStates: Array<{ state: { code: string, name: string }, aid: Array<{ groupedBy: Array<AidGroupBy>, transactionType: TransactionType | null, flows: number, amount: { amount: string, currency: string } }>, recommendationsToDonor: { count: number, supported: number, noted: number, pending: number } }> } | null };

export type ProvenanceQueryVariables = Exact<{
  first?: number | null | undefined;
}>;


export type ProvenanceQuery = { sources: { totalCount: number, nodes: Array<{ id: string, key: string | null, title: string, publisher: string, url: string | null, publishedOn: string | null, documentSymbol: string | null, publisherOrganization: { code: string, name: string } | null, reviews: { totalCount: number, nodes: Array<{ id: string, status: ReviewStatus, state: { code: string }, cycle: { number: number } }> }, figures: { totalCount: number, nodes: Array<{ id: string, description: string, value: number, bound: Bound }> }, aidFlows: { totalCount: number, nodes: Array<{ id: string, amount: { amount: string, currency: string } }> } }> }, datasets: { totalCount: number, nodes: Array<{ id: string, name: string, format: string, checksum: string, rowCount: number, importedAt: string, licence: string | null, source: { key: string | null, title: string } | null }> } };

export type RefetchQueryVariables = Exact<{
  id: string | number;
}>;


export type RefetchQuery = { node:
    | { __typename: 'AidFlow', id: string, transactionType: TransactionType, amount: { amount: string, currency: string } }
    | { __typename: 'ArmsTransfer', id: string }
    | { __typename: 'Cycle', id: string }
    | { __typename: 'Dataset', id: string, name: string, importedAt: string }
    | { __typename: 'Figure', id: string }
    | { __typename: 'Organization', id: string }
    | { __typename: 'Recommendation', id: string, text: string, response: Response }
    | { __typename: 'Review', id: string, status: ReviewStatus, heldOn: string | null, cycle: { number: number } }
    | { __typename: 'Session', id: string }
    | { __typename: 'Source', id: string, key: string | null, title: string }
    | { __typename: 'State', id: string, code: string, name: string }
    | { __typename: 'Theme', id: string }
   | null };

export type RefetchManyQueryVariables = Exact<{
  ids: Array<string | number> | string | number;
}>;


export type RefetchManyQuery = { nodes: Array<
    | { __typename: 'AidFlow', id: string, transactionType: TransactionType, amount: { amount: string, currency: string } }
    | { __typename: 'ArmsTransfer', id: string }
    | { __typename: 'Cycle', id: string }
    | { __typename: 'Dataset', id: string, name: string, importedAt: string }
    | { __typename: 'Figure', id: string }
    | { __typename: 'Organization', id: string }
    | { __typename: 'Recommendation', id: string, text: string, response: Response }
    | { __typename: 'Review', id: string, status: ReviewStatus, heldOn: string | null, cycle: { number: number } }
    | { __typename: 'Session', id: string }
    | { __typename: 'Source', id: string, key: string | null, title: string }
    | { __typename: 'State', id: string, code: string, name: string }
    | { __typename: 'Theme', id: string }
   | null> };

type NodeSummary_AidFlow_Fragment = { transactionType: TransactionType, amount: { amount: string, currency: string } };

type NodeSummary_Dataset_Fragment = { name: string, importedAt: string };

type NodeSummary_Recommendation_Fragment = { text: string, response: Response };

type NodeSummary_Review_Fragment = { status: ReviewStatus, heldOn: string | null, cycle: { number: number } };

type NodeSummary_Source_Fragment = { key: string | null, title: string };

type NodeSummary_State_Fragment = { code: string, name: string };

export type NodeSummaryFragment =
  | NodeSummary_AidFlow_Fragment
  | NodeSummary_Dataset_Fragment
  | NodeSummary_Recommendation_Fragment
  | NodeSummary_Review_Fragment
  | NodeSummary_Source_Fragment
  | NodeSummary_State_Fragment
;

export type ReviewPageQueryVariables = Exact<{
  state: string;
  cycle: number;
  filter?: RecommendationFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type ReviewPageQuery = { review: { id: string, status: ReviewStatus, heldOn: string | null, scheduledOn: string | null, outcomeSymbol: string | null, state: { code: string, name: string }, cycle: { number: number }, session: { number: number }, replaces: Array<{ id: string, status: ReviewStatus, scheduledOn: string | null, note: string | null }>, recommendations: { totalCount: number, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, startCursor: string | null, endCursor: string | null }, edges: Array<{ cursor: string, node: { id: string, text: string, response: Response, actionCategory: number | null, recommendingState: { code: string, name: string } | null, themes: Array<{ name: string }> } }> } } | null };

export type SearchRecommendationsQueryVariables = Exact<{
  search: string;
  stateUnderReview?: Array<string> | string | null | undefined;
  first?: number | null | undefined;
}>;


export type SearchRecommendationsQuery = { recommendations: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, text: string, response: Response, stateUnderReview: { code: string, name: string }, recommendingState: { code: string, name: string } | null, review: { cycle: { number: number }, session: { number: number } }, searchMatches: { count: number, ranges: Array<{ start: number, end: number, text: string }> } }> } };

export type StatePageQueryVariables = Exact<{
  code: string;
}>;


export type StatePageQuery = { state: { id: string, code: string, name: string, unStatus: UnStatus, regionalGroup: RegionalGroup | null, admittedOn: string | null, aliases: Array<string>, organizations: Array<{ code: string, name: string, kind: OrganizationKind }>, reviews: { totalCount: number, nodes: Array<{ id: string, status: ReviewStatus, heldOn: string | null, scheduledOn: string | null, cycle: { number: number }, session: { number: number } }> }, recommendationStats: Array<{ groupedBy: Array<RecommendationGroupBy>, response: Response | null, count: number }>, figures: { totalCount: number, nodes: Array<{ id: string, measure: FigureMeasure, value: number, bound: Bound, description: string, asOf: string | null, source: { key: string | null, title: string, url: string | null } | null }> }, aidTotals: Array<{ groupedBy: Array<AidGroupBy>, flows: number, donor: { code: string, name: string } | null, donorOrganization: { code: string, name: string, kind: OrganizationKind } | null, amount: { amount: string, currency: string } }> } | null };

export type StatisticsQueryVariables = Exact<{
  cycle: number;
  state: string;
  groups?: number | null | undefined;
}>;


export type StatisticsQuery = { byGroup: Array<{ groupedBy: Array<RecommendationGroupBy>, recommendingRegionalGroup: RegionalGroup | null, count: number, supported: number, noted: number, pending: number, supportedShare: number, stateUnderReview: { code: string, name: string } | null }>, themes: { recommendationStats: Array<{ groupedBy: Array<RecommendationGroupBy>, count: number, supported: number, noted: number, pending: number, theme: { name: string } | null }> } | null, review: { recommendationStats: Array<{ groupedBy: Array<RecommendationGroupBy>, response: Response | null, count: number }> } | null };

export const NodeSummaryFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"NodeSummary"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Node"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"State"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Review"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"heldOn"}},{"kind":"Field","name":{"kind":"Name","value":"cycle"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"number"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Recommendation"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"text"}},{"kind":"Field","name":{"kind":"Name","value":"response"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Source"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"title"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Dataset"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"importedAt"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AidFlow"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currency"}}]}},{"kind":"Field","name":{"kind":"Name","value":"transactionType"}}]}}]}}]} as unknown as DocumentNode<NodeSummaryFragment, unknown>;
export const AidDashboardDocument = {"__meta__":{"hash":"sha256:2a27a60ced064c8a1ca2a5838fe2784ae56d3808bec49942d2281fe5c0bbd98c"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AidDashboard"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"donor"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"recipient"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"years"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}},"defaultValue":{"kind":"IntValue","value":"1000"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","alias":{"kind":"Name","value":"byYear"},"name":{"kind":"Name","value":"aidTotals"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"donor"},"value":{"kind":"ListValue","values":[{"kind":"Variable","name":{"kind":"Name","value":"donor"}}]}},{"kind":"ObjectField","name":{"kind":"Name","value":"recipient"},"value":{"kind":"ListValue","values":[{"kind":"Variable","name":{"kind":"Name","value":"recipient"}}]}}]}},{"kind":"Argument","name":{"kind":"Name","value":"groupBy"},"value":{"kind":"ListValue","values":[{"kind":"EnumValue","value":"FISCAL_YEAR"},{"kind":"EnumValue","value":"TRANSACTION_TYPE"}]}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"years"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"groupedBy"}},{"kind":"Field","name":{"kind":"Name","value":"fiscalYear"}},{"kind":"Field","name":{"kind":"Name","value":"transactionType"}},{"kind":"Field","name":{"kind":"Name","value":"amount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currency"}}]}},{"kind":"Field","name":{"kind":"Name","value":"flows"}}]}},{"kind":"Field","alias":{"kind":"Name","value":"donor"},"name":{"kind":"Name","value":"state"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"code"},"value":{"kind":"Variable","name":{"kind":"Name","value":"donor"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"aidTotals"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"role"},"value":{"kind":"EnumValue","value":"PROVIDED"}},{"kind":"Argument","name":{"kind":"Name","value":"groupBy"},"value":{"kind":"ListValue","values":[{"kind":"EnumValue","value":"RECIPIENT"}]}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"transactionType"},"value":{"kind":"ListValue","values":[{"kind":"EnumValue","value":"OBLIGATION"}]}}]}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"10"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"groupedBy"}},{"kind":"Field","name":{"kind":"Name","value":"recipient"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"amount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currency"}}]}},{"kind":"Field","name":{"kind":"Name","value":"flows"}}]}}]}},{"kind":"Field","alias":{"kind":"Name","value":"largest"},"name":{"kind":"Name","value":"aidFlows"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"10"}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"donor"},"value":{"kind":"ListValue","values":[{"kind":"Variable","name":{"kind":"Name","value":"donor"}}]}},{"kind":"ObjectField","name":{"kind":"Name","value":"recipient"},"value":{"kind":"ListValue","values":[{"kind":"Variable","name":{"kind":"Name","value":"recipient"}}]}}]}},{"kind":"Argument","name":{"kind":"Name","value":"orderBy"},"value":{"kind":"ListValue","values":[{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"field"},"value":{"kind":"EnumValue","value":"AMOUNT"}},{"kind":"ObjectField","name":{"kind":"Name","value":"direction"},"value":{"kind":"EnumValue","value":"DESC"}}]}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"fiscalYear"}},{"kind":"Field","name":{"kind":"Name","value":"periodStart"}},{"kind":"Field","name":{"kind":"Name","value":"periodEnd"}},{"kind":"Field","name":{"kind":"Name","value":"category"}},{"kind":"Field","name":{"kind":"Name","value":"transactionType"}},{"kind":"Field","name":{"kind":"Name","value":"bound"}},{"kind":"Field","name":{"kind":"Name","value":"amount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currency"}}]}},{"kind":"Field","name":{"kind":"Name","value":"source"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"title"}}]}},{"kind":"Field","name":{"kind":"Name","value":"dataset"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]} as unknown as DocumentNode<AidDashboardQuery, AidDashboardQueryVariables>;
export const CrossLinksDocument = {"__meta__":{"hash":"sha256:c0a68662572e680f5df9110487bc31dc7b5ef916647b7ba4ad50f1599bf167d7"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CrossLinks"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"state"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"cycle"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"donor"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"aidFilter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"AidFlowFilter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"review"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"state"},"value":{"kind":"Variable","name":{"kind":"Name","value":"state"}}},{"kind":"Argument","name":{"kind":"Name","value":"cycle"},"value":{"kind":"Variable","name":{"kind":"Name","value":"cycle"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"recommenders"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"relation"},"value":{"kind":"EnumValue","value":"DONORS"}},{"kind":"Argument","name":{"kind":"Name","value":"aidFilter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"aidFilter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"state"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"recommendations"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"supported"}},{"kind":"Field","name":{"kind":"Name","value":"noted"}},{"kind":"Field","name":{"kind":"Name","value":"pending"}},{"kind":"Field","name":{"kind":"Name","value":"supportedShare"}}]}},{"kind":"Field","name":{"kind":"Name","value":"aidToStateUnderReview"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"groupedBy"}},{"kind":"Field","name":{"kind":"Name","value":"transactionType"}},{"kind":"Field","name":{"kind":"Name","value":"amount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currency"}}]}},{"kind":"Field","name":{"kind":"Name","value":"flows"}}]}},{"kind":"Field","name":{"kind":"Name","value":"aidFromStateUnderReview"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"transactionType"}},{"kind":"Field","name":{"kind":"Name","value":"amount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currency"}}]}}]}}]}}]}},{"kind":"Field","alias":{"kind":"Name","value":"donor"},"name":{"kind":"Name","value":"state"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"code"},"value":{"kind":"Variable","name":{"kind":"Name","value":"donor"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"aidedStates"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"aidFilter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"aidFilter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"state"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"aid"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"groupedBy"}},{"kind":"Field","name":{"kind":"Name","value":"transactionType"}},{"kind":"Field","name":{"kind":"Name","value":"amount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currency"}}]}},{"kind":"Field","name":{"kind":"Name","value":"flows"}}]}},{"kind":"Field","name":{"kind":"Name","value":"recommendationsToDonor"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"supported"}},{"kind":"Field","name":{"kind":"Name","value":"noted"}},{"kind":"Field","name":{"kind":"Name","value":"pending"}}]}}]}}]}}]}}]} as unknown as DocumentNode<CrossLinksQuery, CrossLinksQueryVariables>;
export const ProvenanceDocument = {"__meta__":{"hash":"sha256:96ff77ab396ce419ebbde18dbc8c44becca0752932e71f6788f487445ce1bb6f"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Provenance"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}},"defaultValue":{"kind":"IntValue","value":"20"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sources"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"publisher"}},{"kind":"Field","name":{"kind":"Name","value":"publisherOrganization"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"publishedOn"}},{"kind":"Field","name":{"kind":"Name","value":"documentSymbol"}},{"kind":"Field","name":{"kind":"Name","value":"reviews"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"10"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"state"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}}]}},{"kind":"Field","name":{"kind":"Name","value":"cycle"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"number"}}]}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"figures"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"10"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"bound"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"aidFlows"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"5"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"amount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currency"}}]}}]}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"datasets"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"format"}},{"kind":"Field","name":{"kind":"Name","value":"checksum"}},{"kind":"Field","name":{"kind":"Name","value":"rowCount"}},{"kind":"Field","name":{"kind":"Name","value":"importedAt"}},{"kind":"Field","name":{"kind":"Name","value":"licence"}},{"kind":"Field","name":{"kind":"Name","value":"source"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"title"}}]}}]}}]}}]}}]} as unknown as DocumentNode<ProvenanceQuery, ProvenanceQueryVariables>;
export const RefetchDocument = {"__meta__":{"hash":"sha256:5338262c967e449244e5f843c6cf09fbd4d1c9b67a8ba88d0b0d1f41fa81d2bb"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Refetch"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"NodeSummary"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"NodeSummary"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Node"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"State"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Review"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"heldOn"}},{"kind":"Field","name":{"kind":"Name","value":"cycle"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"number"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Recommendation"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"text"}},{"kind":"Field","name":{"kind":"Name","value":"response"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Source"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"title"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Dataset"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"importedAt"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AidFlow"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currency"}}]}},{"kind":"Field","name":{"kind":"Name","value":"transactionType"}}]}}]}}]} as unknown as DocumentNode<RefetchQuery, RefetchQueryVariables>;
export const RefetchManyDocument = {"__meta__":{"hash":"sha256:da1d4c6299fd3fd6c6e4d736a24dca27b691491a964c817a6c55916590b1e36c"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"RefetchMany"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"ids"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"ids"},"value":{"kind":"Variable","name":{"kind":"Name","value":"ids"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"NodeSummary"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"NodeSummary"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Node"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"State"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Review"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"heldOn"}},{"kind":"Field","name":{"kind":"Name","value":"cycle"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"number"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Recommendation"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"text"}},{"kind":"Field","name":{"kind":"Name","value":"response"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Source"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"title"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Dataset"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"importedAt"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AidFlow"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currency"}}]}},{"kind":"Field","name":{"kind":"Name","value":"transactionType"}}]}}]}}]} as unknown as DocumentNode<RefetchManyQuery, RefetchManyQueryVariables>;
export const ReviewPageDocument = {"__meta__":{"hash":"sha256:fb64d85e6b474791eb43de5e403ea9273abd64b07b9ffd9d033ab78432b2aa2b"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ReviewPage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"state"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"cycle"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"RecommendationFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}},"defaultValue":{"kind":"IntValue","value":"20"}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"review"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"state"},"value":{"kind":"Variable","name":{"kind":"Name","value":"state"}}},{"kind":"Argument","name":{"kind":"Name","value":"cycle"},"value":{"kind":"Variable","name":{"kind":"Name","value":"cycle"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"heldOn"}},{"kind":"Field","name":{"kind":"Name","value":"scheduledOn"}},{"kind":"Field","name":{"kind":"Name","value":"outcomeSymbol"}},{"kind":"Field","name":{"kind":"Name","value":"state"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"cycle"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"number"}}]}},{"kind":"Field","name":{"kind":"Name","value":"session"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"number"}}]}},{"kind":"Field","name":{"kind":"Name","value":"replaces"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"scheduledOn"}},{"kind":"Field","name":{"kind":"Name","value":"note"}}]}},{"kind":"Field","name":{"kind":"Name","value":"recommendations"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"hasPreviousPage"}},{"kind":"Field","name":{"kind":"Name","value":"startCursor"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"text"}},{"kind":"Field","name":{"kind":"Name","value":"response"}},{"kind":"Field","name":{"kind":"Name","value":"actionCategory"}},{"kind":"Field","name":{"kind":"Name","value":"recommendingState"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"themes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<ReviewPageQuery, ReviewPageQueryVariables>;
export const SearchRecommendationsDocument = {"__meta__":{"hash":"sha256:ab5b19b8a5b355e24e5ff4861a94c1233dde964f050f3beebba8b5a07b2999d5"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"SearchRecommendations"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"search"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"stateUnderReview"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}},"defaultValue":{"kind":"IntValue","value":"20"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"recommendations"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"search"},"value":{"kind":"Variable","name":{"kind":"Name","value":"search"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"stateUnderReview"},"value":{"kind":"Variable","name":{"kind":"Name","value":"stateUnderReview"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"text"}},{"kind":"Field","name":{"kind":"Name","value":"response"}},{"kind":"Field","name":{"kind":"Name","value":"stateUnderReview"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"recommendingState"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"review"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cycle"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"number"}}]}},{"kind":"Field","name":{"kind":"Name","value":"session"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"number"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"searchMatches"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"search"},"value":{"kind":"Variable","name":{"kind":"Name","value":"search"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"ranges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"start"}},{"kind":"Field","name":{"kind":"Name","value":"end"}},{"kind":"Field","name":{"kind":"Name","value":"text"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<SearchRecommendationsQuery, SearchRecommendationsQueryVariables>;
export const StatePageDocument = {"__meta__":{"hash":"sha256:4670e12bdd461fd6e0c3cdbd43eaacaf0c0a8ab6f4b850151603628fe18f1cf3"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"StatePage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"code"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"state"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"code"},"value":{"kind":"Variable","name":{"kind":"Name","value":"code"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"unStatus"}},{"kind":"Field","name":{"kind":"Name","value":"regionalGroup"}},{"kind":"Field","name":{"kind":"Name","value":"admittedOn"}},{"kind":"Field","name":{"kind":"Name","value":"aliases"}},{"kind":"Field","name":{"kind":"Name","value":"organizations"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}}]}},{"kind":"Field","name":{"kind":"Name","value":"reviews"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"10"}},{"kind":"Argument","name":{"kind":"Name","value":"orderBy"},"value":{"kind":"ListValue","values":[{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"field"},"value":{"kind":"EnumValue","value":"DATE"}},{"kind":"ObjectField","name":{"kind":"Name","value":"direction"},"value":{"kind":"EnumValue","value":"DESC"}}]}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"heldOn"}},{"kind":"Field","name":{"kind":"Name","value":"scheduledOn"}},{"kind":"Field","name":{"kind":"Name","value":"cycle"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"number"}}]}},{"kind":"Field","name":{"kind":"Name","value":"session"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"number"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"recommendationStats"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"groupBy"},"value":{"kind":"ListValue","values":[{"kind":"EnumValue","value":"RESPONSE"}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"groupedBy"}},{"kind":"Field","name":{"kind":"Name","value":"response"}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}},{"kind":"Field","name":{"kind":"Name","value":"figures"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"10"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"measure"}},{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"bound"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"asOf"}},{"kind":"Field","name":{"kind":"Name","value":"source"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"url"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"aidTotals"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"groupBy"},"value":{"kind":"ListValue","values":[{"kind":"EnumValue","value":"DONOR"}]}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"10"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"groupedBy"}},{"kind":"Field","name":{"kind":"Name","value":"donor"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"donorOrganization"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}}]}},{"kind":"Field","name":{"kind":"Name","value":"amount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currency"}}]}},{"kind":"Field","name":{"kind":"Name","value":"flows"}}]}}]}}]}}]} as unknown as DocumentNode<StatePageQuery, StatePageQueryVariables>;
export const StatisticsDocument = {"__meta__":{"hash":"sha256:4ec29cd58a6faa4f58136fcd49390385e46f79aef18a9cb2f4411cc275ed4f4f"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Statistics"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"cycle"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"state"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"groups"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}},"defaultValue":{"kind":"IntValue","value":"1000"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","alias":{"kind":"Name","value":"byGroup"},"name":{"kind":"Name","value":"recommendationStats"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"cycle"},"value":{"kind":"ListValue","values":[{"kind":"Variable","name":{"kind":"Name","value":"cycle"}}]}}]}},{"kind":"Argument","name":{"kind":"Name","value":"groupBy"},"value":{"kind":"ListValue","values":[{"kind":"EnumValue","value":"STATE_UNDER_REVIEW"},{"kind":"EnumValue","value":"RECOMMENDING_REGIONAL_GROUP"}]}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"groups"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"groupedBy"}},{"kind":"Field","name":{"kind":"Name","value":"stateUnderReview"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"recommendingRegionalGroup"}},{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"supported"}},{"kind":"Field","name":{"kind":"Name","value":"noted"}},{"kind":"Field","name":{"kind":"Name","value":"pending"}},{"kind":"Field","name":{"kind":"Name","value":"supportedShare"}}]}},{"kind":"Field","alias":{"kind":"Name","value":"themes"},"name":{"kind":"Name","value":"state"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"code"},"value":{"kind":"Variable","name":{"kind":"Name","value":"state"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"recommendationStats"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"groupBy"},"value":{"kind":"ListValue","values":[{"kind":"EnumValue","value":"THEME"}]}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"10"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"groupedBy"}},{"kind":"Field","name":{"kind":"Name","value":"theme"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"supported"}},{"kind":"Field","name":{"kind":"Name","value":"noted"}},{"kind":"Field","name":{"kind":"Name","value":"pending"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"review"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"state"},"value":{"kind":"Variable","name":{"kind":"Name","value":"state"}}},{"kind":"Argument","name":{"kind":"Name","value":"cycle"},"value":{"kind":"Variable","name":{"kind":"Name","value":"cycle"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"recommendationStats"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"groupBy"},"value":{"kind":"ListValue","values":[{"kind":"EnumValue","value":"RESPONSE"}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"groupedBy"}},{"kind":"Field","name":{"kind":"Name","value":"response"}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}}]}}]}}]} as unknown as DocumentNode<StatisticsQuery, StatisticsQueryVariables>;