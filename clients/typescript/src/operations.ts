// The operations a frontend for uprgraph sends, by name, as typed documents generated from
// src/operations/*.graphql. Import a document and pass it to any client that understands
// TypedDocumentNode (urql, Apollo, graphql-request, or fetch with `print`).
import * as generated from "./gql/graphql.js";

export const documents = {
  StatePage: generated.StatePageDocument,
  ReviewPage: generated.ReviewPageDocument,
  SearchRecommendations: generated.SearchRecommendationsDocument,
  AidDashboard: generated.AidDashboardDocument,
  CrossLinks: generated.CrossLinksDocument,
  Provenance: generated.ProvenanceDocument,
  Refetch: generated.RefetchDocument,
  RefetchMany: generated.RefetchManyDocument,
  Statistics: generated.StatisticsDocument,
} as const;

export type OperationName = keyof typeof documents;
