/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
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

/** How a published figure relates to the true value. */
export type Bound =
  /** The true value is this figure or more. */
  | 'AT_LEAST'
  /** The figure is the value. */
  | 'EXACT'
  /** The true value is higher than this figure. */
  | 'MORE_THAN';

/** A style to cite a recommendation in (`Recommendation.citation`). */
export type CitationStyle =
  /** APA, 7th edition: a reference-list entry. */
  | 'APA'
  /** A BibTeX `@techreport` entry. */
  | 'BIBTEX'
  /** The Chicago Manual of Style, 17th edition: a bibliography entry. */
  | 'CHICAGO'
  /** An RIS record (`TY  - RPRT`), each line ended by CR LF. */
  | 'RIS';

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

export type AidViewQueryVariables = Exact<{
  donor: string;
  recipient: string;
}>;


export type AidViewQuery = { donor: { code: string, name: string, reviews: { nodes: Array<{ status: ReviewStatus, heldOn: string | null, scheduledOn: string | null, cycle: { number: number }, session: { number: number }, fromRecipient: Array<{ response: Response | null, count: number }> }> } } | null, recipient: { code: string, name: string } | null, aidTotals: Array<{ fiscalYear: number | null, category: AidCategory | null, transactionType: TransactionType | null, flows: number, bound: Bound, source: { title: string } | null, amount: { amount: string, currency: string } }>, arms: Array<{ deliveryYear: number | null, deliveries: number, deliveriesWithoutTiv: number, bound: Bound, tiv: { millions: string }, dataset: { name: string } }>, datasets: { nodes: Array<{ name: string, format: string, licence: string | null }> } };

export type CitationQueryVariables = Exact<{
  id: string | number;
  style: CitationStyle;
}>;


export type CitationQuery = { node:
    | { __typename: 'AidFlow' }
    | { __typename: 'ArmsTransfer' }
    | { __typename: 'Cycle' }
    | { __typename: 'Dataset' }
    | { __typename: 'Figure' }
    | { __typename: 'Organization' }
    | { __typename: 'Recommendation', citation: string }
    | { __typename: 'Review' }
    | { __typename: 'Session' }
    | { __typename: 'Source' }
    | { __typename: 'State' }
    | { __typename: 'Theme' }
   | null };

export type CompareViewQueryVariables = Exact<{
  a: string;
  b: string;
}>;


export type CompareViewQuery = { a: { code: string, name: string, received: Array<{ cycle: number | null, response: Response | null, count: number }>, topThemes: Array<{ count: number, supported: number, theme: { name: string } | null }>, topRecommenders: Array<{ count: number, supported: number, recommendingState: { code: string, name: string } | null }> } | null, b: { code: string, name: string, received: Array<{ cycle: number | null, response: Response | null, count: number }>, topThemes: Array<{ count: number, supported: number, theme: { name: string } | null }>, topRecommenders: Array<{ count: number, supported: number, recommendingState: { code: string, name: string } | null }> } | null, aMade: Array<{ cycle: number | null, response: Response | null, count: number }>, bMade: Array<{ cycle: number | null, response: Response | null, count: number }>, aToB: Array<{ cycle: number | null, response: Response | null, count: number }>, bToA: Array<{ cycle: number | null, response: Response | null, count: number }>, aidAToB: Array<{ category: AidCategory | null, transactionType: TransactionType | null, flows: number, bound: Bound, source: { title: string } | null, amount: { amount: string, currency: string } }>, aidBToA: Array<{ category: AidCategory | null, transactionType: TransactionType | null, flows: number, bound: Bound, source: { title: string } | null, amount: { amount: string, currency: string } }>, armsAToB: Array<{ deliveries: number, bound: Bound, tiv: { millions: string }, dataset: { name: string } }>, armsBToA: Array<{ deliveries: number, bound: Bound, tiv: { millions: string }, dataset: { name: string } }>, datasets: { nodes: Array<{ name: string, format: string, licence: string | null }> } };

export type CompareStateFragment = { code: string, name: string, received: Array<{ cycle: number | null, response: Response | null, count: number }>, topThemes: Array<{ count: number, supported: number, theme: { name: string } | null }>, topRecommenders: Array<{ count: number, supported: number, recommendingState: { code: string, name: string } | null }> };

export type CycleCountFragment = { cycle: number | null, response: Response | null, count: number };

export type AidSumFragment = { category: AidCategory | null, transactionType: TransactionType | null, flows: number, bound: Bound, source: { title: string } | null, amount: { amount: string, currency: string } };

export type ArmsSumFragment = { deliveries: number, bound: Bound, tiv: { millions: string }, dataset: { name: string } };

export type ReviewViewQueryVariables = Exact<{
  state: string;
  cycle: number;
  filter?: RecommendationFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
  last?: number | null | undefined;
  before?: string | null | undefined;
  search: string;
  withSearch: boolean;
}>;


export type ReviewViewQuery = { review: { status: ReviewStatus, heldOn: string | null, scheduledOn: string | null, outcomeSymbol: string | null, state: { code: string, name: string }, cycle: { number: number }, session: { number: number }, byResponse: Array<{ response: Response | null, count: number }>, themes: Array<{ count: number, theme: { name: string } | null }>, recommenders: Array<{ state: { code: string, name: string }, recommendations: { count: number } }>, armsSuppliers: Array<{ state: { code: string, name: string }, recommendations: { count: number, supported: number, partlySupported: number, noted: number }, arms: { years: { firstYear: number, lastYear: number } | null, toStateUnderReview: Array<{ bound: Bound, tiv: { millions: string }, dataset: { name: string } }> } }>, recommendations: { totalCount: number, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, startCursor: string | null, endCursor: string | null }, nodes: Array<{ id: string, text: string, response: Response, actionCategory: number | null, recommendingState: { code: string, name: string } | null, themes: Array<{ name: string }>, searchMatches?: { ranges: Array<{ start: number, end: number }> } }> } } | null };

export type SearchViewQueryVariables = Exact<{
  search: string;
  after?: string | null | undefined;
}>;


export type SearchViewQuery = { recommendations: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, text: string, response: Response, actionCategory: number | null, recommendingState: { code: string, name: string } | null, stateUnderReview: { code: string, name: string }, review: { cycle: { number: number }, session: { number: number } }, themes: Array<{ name: string }>, searchMatches: { ranges: Array<{ start: number, end: number }> } }> }, byResponse: Array<{ response: Response | null, count: number }>, byCycle: Array<{ cycle: number | null, count: number }>, byGroup: Array<{ recommendingRegionalGroup: RegionalGroup | null, count: number }> };

export type StateViewQueryVariables = Exact<{
  code: string;
}>;


export type StateViewQuery = { state: { code: string, alpha2: string, numericCode: string, name: string, officialName: string, unStatus: UnStatus, admittedOn: string | null, regionalGroup: RegionalGroup | null, regionalGroupMemberships: Array<{ group: RegionalGroup, validFrom: string | null, validTo: string | null, note: string | null }>, organizations: Array<{ code: string, name: string }>, reviews: { nodes: Array<{ status: ReviewStatus, heldOn: string | null, scheduledOn: string | null, note: string | null, outcomeSymbol: string | null, cycle: { number: number }, session: { number: number }, source: { title: string, publisher: string, url: string | null, documentSymbol: string | null } | null, recommenders: Array<{ state: { code: string, name: string }, recommendations: { count: number, supported: number, partlySupported: number, noted: number, pending: number }, aidToStateUnderReview: Array<{ category: AidCategory | null, transactionType: TransactionType | null, bound: Bound, source: { title: string } | null, amount: { amount: string, currency: string } }>, aidFromStateUnderReview: Array<{ category: AidCategory | null, transactionType: TransactionType | null, bound: Bound, source: { title: string } | null, amount: { amount: string, currency: string } }>, arms: { years: { firstYear: number, lastYear: number } | null, toStateUnderReview: Array<{ bound: Bound, tiv: { millions: string }, dataset: { name: string } }> } }> }> }, byCycle: Array<{ cycle: number | null, response: Response | null, count: number }>, bySession: Array<{ session: number | null, response: Response | null, count: number }>, topRecommenders: Array<{ count: number, supported: number, noted: number, recommendingState: { code: string, name: string } | null }>, topThemes: Array<{ count: number, supported: number, noted: number, theme: { name: string } | null }>, aidReceived: Array<{ fiscalYear: number | null, category: AidCategory | null, transactionType: TransactionType | null, flows: number, bound: Bound, source: { title: string } | null, amount: { amount: string, currency: string } }>, aidByDonor: Array<{ category: AidCategory | null, transactionType: TransactionType | null, flows: number, bound: Bound, donor: { code: string, name: string } | null, donorOrganization: { code: string, name: string } | null, source: { title: string } | null, amount: { amount: string, currency: string } }>, aidProvided: Array<{ fiscalYear: number | null, category: AidCategory | null, transactionType: TransactionType | null, flows: number, bound: Bound, source: { title: string } | null, amount: { amount: string, currency: string } }> } | null, armsReceived: Array<{ deliveryYear: number | null, deliveries: number, deliveriesWithoutTiv: number, bound: Bound, tiv: { millions: string }, dataset: { name: string } }>, armsSupplied: Array<{ deliveryYear: number | null, deliveries: number, deliveriesWithoutTiv: number, bound: Bound, tiv: { millions: string }, dataset: { name: string } }>, armsSuppliers: Array<{ deals: number, bound: Bound, supplier: { code: string, name: string } | null, tiv: { millions: string }, dataset: { name: string } }>, armsRecipients: Array<{ deals: number, bound: Bound, recipient: { code: string, name: string } | null, tiv: { millions: string }, dataset: { name: string } }>, compareFirst: { nodes: Array<{ code: string, name: string }> }, compareLast: { nodes: Array<{ code: string, name: string }> }, datasets: { nodes: Array<{ name: string, format: string, licence: string | null }> } };

export type ThemeViewQueryVariables = Exact<{
  name: string;
}>;


export type ThemeViewQuery = { theme: { name: string } | null, byCycle: Array<{ cycle: number | null, response: Response | null, count: number }>, bySession: Array<{ session: number | null, count: number, supported: number, supportedShare: number }>, receivers: Array<{ count: number, supportedShare: number, stateUnderReview: { code: string, name: string } | null }>, makers: Array<{ count: number, supportedShare: number, recommendingState: { code: string, name: string } | null }>, byGroup: Array<{ recommendingRegionalGroup: RegionalGroup | null, count: number, supportedShare: number }>, datasets: { nodes: Array<{ name: string, format: string, licence: string | null }> } };

export type WorldViewQueryVariables = Exact<{
  cycle?: Array<number> | number | null | undefined;
  donor?: Array<string> | string | null | undefined;
  donorOrganization?: Array<string> | string | null | undefined;
  withAid: boolean;
}>;


export type WorldViewQuery = { first: { nodes: Array<{ code: string, name: string, numericCode: string, unStatus: UnStatus }> }, last: { nodes: Array<{ code: string, name: string, numericCode: string, unStatus: UnStatus }> }, received: Array<{ count: number, supported: number, supportedShare: number, stateUnderReview: { code: string } | null }>, made: Array<{ count: number, recommendingState: { code: string } | null }>, donors: Array<{ donor: { code: string, name: string } | null, donorOrganization: { code: string, name: string } | null }>, aid?: Array<{ category: AidCategory | null, transactionType: TransactionType | null, bound: Bound, flows: number, recipient: { code: string } | null, source: { title: string } | null, amount: { amount: string, currency: string } }>, cycles: Array<{ number: number, firstSession: number, lastSession: number | null }>, datasets: { nodes: Array<{ name: string, format: string, licence: string | null }> } };

export type WorldStateFragment = { code: string, name: string, numericCode: string, unStatus: UnStatus };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const CycleCountFragmentDoc = new TypedDocumentString(`
    fragment CycleCount on RecommendationStat {
  cycle
  response
  count
}
    `, {"fragmentName":"CycleCount"}) as unknown as TypedDocumentString<CycleCountFragment, unknown>;
export const CompareStateFragmentDoc = new TypedDocumentString(`
    fragment CompareState on State {
  code
  name
  received: recommendationStats(groupBy: [CYCLE, RESPONSE]) {
    ...CycleCount
  }
  topThemes: recommendationStats(groupBy: [THEME], first: 5) {
    theme {
      name
    }
    count
    supported
  }
  topRecommenders: recommendationStats(groupBy: [RECOMMENDING_STATE], first: 5) {
    recommendingState {
      code
      name
    }
    count
    supported
  }
}
    fragment CycleCount on RecommendationStat {
  cycle
  response
  count
}`, {"fragmentName":"CompareState"}) as unknown as TypedDocumentString<CompareStateFragment, unknown>;
export const AidSumFragmentDoc = new TypedDocumentString(`
    fragment AidSum on AidTotal {
  category
  transactionType
  source {
    title
  }
  flows
  bound
  amount {
    amount
    currency
  }
}
    `, {"fragmentName":"AidSum"}) as unknown as TypedDocumentString<AidSumFragment, unknown>;
export const ArmsSumFragmentDoc = new TypedDocumentString(`
    fragment ArmsSum on ArmsTotal {
  deliveries
  bound
  tiv {
    millions
  }
  dataset {
    name
  }
}
    `, {"fragmentName":"ArmsSum"}) as unknown as TypedDocumentString<ArmsSumFragment, unknown>;
export const WorldStateFragmentDoc = new TypedDocumentString(`
    fragment WorldState on State {
  code
  name
  numericCode
  unStatus
}
    `, {"fragmentName":"WorldState"}) as unknown as TypedDocumentString<WorldStateFragment, unknown>;
export const AidViewDocument = new TypedDocumentString(`
    query AidView($donor: String!, $recipient: String!) {
  donor: state(code: $donor) {
    code
    name
    reviews(first: 20) {
      nodes {
        status
        heldOn
        scheduledOn
        cycle {
          number
        }
        session {
          number
        }
        fromRecipient: recommendationStats(
          filter: {recommendingState: [$recipient]}
          groupBy: [RESPONSE]
        ) {
          response
          count
        }
      }
    }
  }
  recipient: state(code: $recipient) {
    code
    name
  }
  aidTotals(
    filter: {donor: [$donor], recipient: [$recipient]}
    groupBy: [FISCAL_YEAR, CATEGORY, TRANSACTION_TYPE]
    first: 1000
  ) {
    fiscalYear
    category
    transactionType
    source {
      title
    }
    flows
    bound
    amount {
      amount
      currency
    }
  }
  arms: armsTotals(
    filter: {supplier: [$donor], recipient: [$recipient]}
    groupBy: [DELIVERY_YEAR]
    first: 1000
  ) {
    deliveryYear
    deliveries
    deliveriesWithoutTiv
    bound
    tiv {
      millions
    }
    dataset {
      name
    }
  }
  datasets(first: 100) {
    nodes {
      name
      format
      licence
    }
  }
}
    `, {"hash":"sha256:4535b0039d884477fa5f6bb15c46bfad215d53057d5c59c7d29827a57c8cd39f"}) as unknown as TypedDocumentString<AidViewQuery, AidViewQueryVariables>;
export const CitationDocument = new TypedDocumentString(`
    query Citation($id: ID!, $style: CitationStyle!) {
  node(id: $id) {
    __typename
    ... on Recommendation {
      citation(style: $style)
    }
  }
}
    `, {"hash":"sha256:21400e71526473907a24282fc557ed41498a9a2249cc2d7a126e3bcff1d5cbc9"}) as unknown as TypedDocumentString<CitationQuery, CitationQueryVariables>;
export const CompareViewDocument = new TypedDocumentString(`
    query CompareView($a: String!, $b: String!) {
  a: state(code: $a) {
    ...CompareState
  }
  b: state(code: $b) {
    ...CompareState
  }
  aMade: recommendationStats(
    filter: {recommendingState: [$a]}
    groupBy: [CYCLE, RESPONSE]
  ) {
    ...CycleCount
  }
  bMade: recommendationStats(
    filter: {recommendingState: [$b]}
    groupBy: [CYCLE, RESPONSE]
  ) {
    ...CycleCount
  }
  aToB: recommendationStats(
    filter: {recommendingState: [$a], stateUnderReview: [$b]}
    groupBy: [CYCLE, RESPONSE]
  ) {
    ...CycleCount
  }
  bToA: recommendationStats(
    filter: {recommendingState: [$b], stateUnderReview: [$a]}
    groupBy: [CYCLE, RESPONSE]
  ) {
    ...CycleCount
  }
  aidAToB: aidTotals(
    filter: {donor: [$a], recipient: [$b]}
    groupBy: [CATEGORY, TRANSACTION_TYPE]
    first: 100
  ) {
    ...AidSum
  }
  aidBToA: aidTotals(
    filter: {donor: [$b], recipient: [$a]}
    groupBy: [CATEGORY, TRANSACTION_TYPE]
    first: 100
  ) {
    ...AidSum
  }
  armsAToB: armsTotals(filter: {supplier: [$a], recipient: [$b]}) {
    ...ArmsSum
  }
  armsBToA: armsTotals(filter: {supplier: [$b], recipient: [$a]}) {
    ...ArmsSum
  }
  datasets(first: 100) {
    nodes {
      name
      format
      licence
    }
  }
}
    fragment CompareState on State {
  code
  name
  received: recommendationStats(groupBy: [CYCLE, RESPONSE]) {
    ...CycleCount
  }
  topThemes: recommendationStats(groupBy: [THEME], first: 5) {
    theme {
      name
    }
    count
    supported
  }
  topRecommenders: recommendationStats(groupBy: [RECOMMENDING_STATE], first: 5) {
    recommendingState {
      code
      name
    }
    count
    supported
  }
}
fragment CycleCount on RecommendationStat {
  cycle
  response
  count
}
fragment AidSum on AidTotal {
  category
  transactionType
  source {
    title
  }
  flows
  bound
  amount {
    amount
    currency
  }
}
fragment ArmsSum on ArmsTotal {
  deliveries
  bound
  tiv {
    millions
  }
  dataset {
    name
  }
}`, {"hash":"sha256:1dcc81d0ef3b3c5d38e9ce64d758eb0392b627fcf5952bfe8fd48f71ea342309"}) as unknown as TypedDocumentString<CompareViewQuery, CompareViewQueryVariables>;
export const ReviewViewDocument = new TypedDocumentString(`
    query ReviewView($state: String!, $cycle: Int!, $filter: RecommendationFilter, $first: Int, $after: String, $last: Int, $before: String, $search: String!, $withSearch: Boolean!) {
  review(state: $state, cycle: $cycle) {
    status
    heldOn
    scheduledOn
    outcomeSymbol
    state {
      code
      name
    }
    cycle {
      number
    }
    session {
      number
    }
    byResponse: recommendationStats(filter: $filter, groupBy: [RESPONSE]) {
      response
      count
    }
    themes: recommendationStats(groupBy: [THEME], first: 1000) {
      theme {
        name
      }
      count
    }
    recommenders {
      state {
        code
        name
      }
      recommendations {
        count
      }
    }
    armsSuppliers: recommenders(relation: ARMS_SUPPLIERS) {
      state {
        code
        name
      }
      recommendations {
        count
        supported
        partlySupported
        noted
      }
      arms {
        years {
          firstYear
          lastYear
        }
        toStateUnderReview {
          bound
          tiv {
            millions
          }
          dataset {
            name
          }
        }
      }
    }
    recommendations(
      filter: $filter
      first: $first
      after: $after
      last: $last
      before: $before
    ) {
      totalCount
      pageInfo {
        hasNextPage
        hasPreviousPage
        startCursor
        endCursor
      }
      nodes {
        id
        text
        response
        actionCategory
        recommendingState {
          code
          name
        }
        themes {
          name
        }
        searchMatches(search: $search) @include(if: $withSearch) {
          ranges {
            start
            end
          }
        }
      }
    }
  }
}
    `, {"hash":"sha256:83055e2656e58cbf037537bc9da253454f56f313a2ad094dabfb9ac43ded7a32"}) as unknown as TypedDocumentString<ReviewViewQuery, ReviewViewQueryVariables>;
export const SearchViewDocument = new TypedDocumentString(`
    query SearchView($search: String!, $after: String) {
  recommendations(filter: {search: $search}, first: 25, after: $after) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    nodes {
      id
      text
      response
      actionCategory
      recommendingState {
        code
        name
      }
      stateUnderReview {
        code
        name
      }
      review {
        cycle {
          number
        }
        session {
          number
        }
      }
      themes {
        name
      }
      searchMatches(search: $search) {
        ranges {
          start
          end
        }
      }
    }
  }
  byResponse: recommendationStats(filter: {search: $search}, groupBy: [RESPONSE]) {
    response
    count
  }
  byCycle: recommendationStats(filter: {search: $search}, groupBy: [CYCLE]) {
    cycle
    count
  }
  byGroup: recommendationStats(
    filter: {search: $search}
    groupBy: [RECOMMENDING_REGIONAL_GROUP]
  ) {
    recommendingRegionalGroup
    count
  }
}
    `, {"hash":"sha256:123a33490f27f58b1a7c20fa6582736bc7bb63cf00b1ae5931ae4e5884210cbb"}) as unknown as TypedDocumentString<SearchViewQuery, SearchViewQueryVariables>;
export const StateViewDocument = new TypedDocumentString(`
    query StateView($code: String!) {
  state(code: $code) {
    code
    alpha2
    numericCode
    name
    officialName
    unStatus
    admittedOn
    regionalGroup
    regionalGroupMemberships {
      group
      validFrom
      validTo
      note
    }
    organizations {
      code
      name
    }
    reviews(first: 20) {
      nodes {
        status
        heldOn
        scheduledOn
        note
        outcomeSymbol
        cycle {
          number
        }
        session {
          number
        }
        source {
          title
          publisher
          url
          documentSymbol
        }
        recommenders {
          state {
            code
            name
          }
          recommendations {
            count
            supported
            partlySupported
            noted
            pending
          }
          aidToStateUnderReview {
            category
            transactionType
            source {
              title
            }
            bound
            amount {
              amount
              currency
            }
          }
          aidFromStateUnderReview {
            category
            transactionType
            source {
              title
            }
            bound
            amount {
              amount
              currency
            }
          }
          arms {
            years {
              firstYear
              lastYear
            }
            toStateUnderReview {
              bound
              tiv {
                millions
              }
              dataset {
                name
              }
            }
          }
        }
      }
    }
    byCycle: recommendationStats(groupBy: [CYCLE, RESPONSE]) {
      cycle
      response
      count
    }
    bySession: recommendationStats(groupBy: [SESSION, RESPONSE], first: 1000) {
      session
      response
      count
    }
    topRecommenders: recommendationStats(groupBy: [RECOMMENDING_STATE], first: 10) {
      recommendingState {
        code
        name
      }
      count
      supported
      noted
    }
    topThemes: recommendationStats(groupBy: [THEME], first: 10) {
      theme {
        name
      }
      count
      supported
      noted
    }
    aidReceived: aidTotals(
      role: RECEIVED
      groupBy: [FISCAL_YEAR, CATEGORY, TRANSACTION_TYPE]
      first: 1000
    ) {
      fiscalYear
      category
      transactionType
      source {
        title
      }
      flows
      bound
      amount {
        amount
        currency
      }
    }
    aidByDonor: aidTotals(
      role: RECEIVED
      groupBy: [DONOR, CATEGORY, TRANSACTION_TYPE]
      first: 25
    ) {
      donor {
        code
        name
      }
      donorOrganization {
        code
        name
      }
      category
      transactionType
      source {
        title
      }
      flows
      bound
      amount {
        amount
        currency
      }
    }
    aidProvided: aidTotals(
      role: PROVIDED
      groupBy: [FISCAL_YEAR, CATEGORY, TRANSACTION_TYPE]
      first: 1000
    ) {
      fiscalYear
      category
      transactionType
      source {
        title
      }
      flows
      bound
      amount {
        amount
        currency
      }
    }
  }
  armsReceived: armsTotals(
    filter: {recipient: [$code]}
    groupBy: [DELIVERY_YEAR]
    first: 1000
  ) {
    deliveryYear
    deliveries
    deliveriesWithoutTiv
    bound
    tiv {
      millions
    }
    dataset {
      name
    }
  }
  armsSupplied: armsTotals(
    filter: {supplier: [$code]}
    groupBy: [DELIVERY_YEAR]
    first: 1000
  ) {
    deliveryYear
    deliveries
    deliveriesWithoutTiv
    bound
    tiv {
      millions
    }
    dataset {
      name
    }
  }
  armsSuppliers: armsTotals(
    filter: {recipient: [$code]}
    groupBy: [SUPPLIER]
    first: 10
  ) {
    supplier {
      code
      name
    }
    deals
    bound
    tiv {
      millions
    }
    dataset {
      name
    }
  }
  armsRecipients: armsTotals(
    filter: {supplier: [$code]}
    groupBy: [RECIPIENT]
    first: 10
  ) {
    recipient {
      code
      name
    }
    deals
    bound
    tiv {
      millions
    }
    dataset {
      name
    }
  }
  compareFirst: states(first: 100, orderBy: [{field: NAME}]) {
    nodes {
      code
      name
    }
  }
  compareLast: states(last: 100, orderBy: [{field: NAME}]) {
    nodes {
      code
      name
    }
  }
  datasets(first: 100) {
    nodes {
      name
      format
      licence
    }
  }
}
    `, {"hash":"sha256:4b3cb5271e0980abf6393a6e37f44ea06c345b08eab73f25848256bcfd6d9834"}) as unknown as TypedDocumentString<StateViewQuery, StateViewQueryVariables>;
export const ThemeViewDocument = new TypedDocumentString(`
    query ThemeView($name: String!) {
  theme(name: $name) {
    name
  }
  byCycle: recommendationStats(
    filter: {theme: [$name]}
    groupBy: [CYCLE, RESPONSE]
  ) {
    cycle
    response
    count
  }
  bySession: recommendationStats(
    filter: {theme: [$name]}
    groupBy: [SESSION]
    first: 1000
  ) {
    session
    count
    supported
    supportedShare
  }
  receivers: recommendationStats(
    filter: {theme: [$name]}
    groupBy: [STATE_UNDER_REVIEW]
    first: 10
  ) {
    stateUnderReview {
      code
      name
    }
    count
    supportedShare
  }
  makers: recommendationStats(
    filter: {theme: [$name]}
    groupBy: [RECOMMENDING_STATE]
    first: 10
  ) {
    recommendingState {
      code
      name
    }
    count
    supportedShare
  }
  byGroup: recommendationStats(
    filter: {theme: [$name]}
    groupBy: [RECOMMENDING_REGIONAL_GROUP]
  ) {
    recommendingRegionalGroup
    count
    supportedShare
  }
  datasets(first: 100) {
    nodes {
      name
      format
      licence
    }
  }
}
    `, {"hash":"sha256:233c75eef01ec9f447447c261b294bd957a0a8f2540c66cf18dfcbe75ac6ebff"}) as unknown as TypedDocumentString<ThemeViewQuery, ThemeViewQueryVariables>;
export const WorldViewDocument = new TypedDocumentString(`
    query WorldView($cycle: [Int!], $donor: [String!], $donorOrganization: [String!], $withAid: Boolean!) {
  first: states(first: 100, orderBy: [{field: NAME}]) {
    nodes {
      ...WorldState
    }
  }
  last: states(last: 100, orderBy: [{field: NAME}]) {
    nodes {
      ...WorldState
    }
  }
  received: recommendationStats(
    filter: {cycle: $cycle}
    groupBy: [STATE_UNDER_REVIEW]
    first: 1000
  ) {
    stateUnderReview {
      code
    }
    count
    supported
    supportedShare
  }
  made: recommendationStats(
    filter: {cycle: $cycle}
    groupBy: [RECOMMENDING_STATE]
    first: 1000
  ) {
    recommendingState {
      code
    }
    count
  }
  donors: aidTotals(groupBy: [DONOR], first: 1000) {
    donor {
      code
      name
    }
    donorOrganization {
      code
      name
    }
  }
  aid: aidTotals(
    filter: {donor: $donor, donorOrganization: $donorOrganization}
    groupBy: [RECIPIENT, CATEGORY, TRANSACTION_TYPE]
    first: 1000
  ) @include(if: $withAid) {
    recipient {
      code
    }
    category
    transactionType
    source {
      title
    }
    bound
    flows
    amount {
      amount
      currency
    }
  }
  cycles {
    number
    firstSession
    lastSession
  }
  datasets(first: 100) {
    nodes {
      name
      format
      licence
    }
  }
}
    fragment WorldState on State {
  code
  name
  numericCode
  unStatus
}`, {"hash":"sha256:41409f32bc4ae659298f2cc7646d063dd0ae778a7d61c0fa2adaef24cdc0902f"}) as unknown as TypedDocumentString<WorldViewQuery, WorldViewQueryVariables>;