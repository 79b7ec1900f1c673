// Each operation with the variables CI runs it with against a server that has the real
// UPR Info and ForeignAssistance.gov files imported. Variables are typed by the generated
// documents, so a changed argument fails `tsc`; a case may read earlier answers (the
// cursor of a first page, the IDs a refetch asks for), in the order written here.
import type { ResultOf, VariablesOf } from "@graphql-typed-document-node/core";
import { documents, type OperationName } from "./operations.js";

type Documents = typeof documents;

/** The answers so far, by operation, in the order their cases ran. */
export type Answers = { [K in OperationName]?: ResultOf<Documents[K]>[] };

export type Case<K extends OperationName> =
  | VariablesOf<Documents[K]>
  | ((answers: Answers) => VariablesOf<Documents[K]>);

/** A value an earlier answer must have given. */
function from<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`no ${what} in the earlier answers`);
  return value;
}

const noted = { response: ["NOTED" as const] };

export const cases: { [K in OperationName]: Case<K>[] } = {
  StatePage: [{ code: "ISR" }, { code: "USA" }, { code: "AF" }],
  ReviewPage: [
    { state: "ISR", cycle: 1, filter: noted, first: 5 },
    (answers) => ({
      state: "ISR",
      cycle: 1,
      filter: noted,
      first: 5,
      after: from(answers.ReviewPage?.[0]?.review?.recommendations.pageInfo.endCursor, "first page's end cursor"),
    }),
    { state: "USA", cycle: 1 },
  ],
  SearchRecommendations: [
    { search: "blockade", stateUnderReview: ["USA"] },
    { search: "\"death penalty\" abolish*", first: 10 },
  ],
  AidDashboard: [{ donor: "USA", recipient: "ISR" }, { donor: "USA", recipient: "AFG", years: 50 }],
  CrossLinks: [
    {
      state: "AFG",
      cycle: 1,
      donor: "USA",
      aidFilter: { transactionType: ["OBLIGATION"], fiscalYearFrom: 2001, fiscalYearTo: 2009 },
    },
  ],
  Provenance: [{}],
  Refetch: [
    (answers) => ({ id: from(answers.StatePage?.[0]?.state?.id, "state ID") }),
    (answers) => ({ id: from(answers.ReviewPage?.[0]?.review?.id, "review ID") }),
    (answers) => ({ id: from(answers.Provenance?.[0]?.datasets.nodes[0]?.id, "dataset ID") }),
  ],
  RefetchMany: [
    (answers) => ({
      ids: [
        from(answers.StatePage?.[1]?.state?.id, "state ID"),
        from(answers.ReviewPage?.[0]?.review?.recommendations.edges[0]?.node.id, "recommendation ID"),
        from(answers.Provenance?.[0]?.sources.nodes[0]?.id, "source ID"),
        from(answers.AidDashboard?.[0]?.largest.nodes[0]?.id, "aid flow ID"),
      ],
    }),
  ],
  Statistics: [{ cycle: 1, state: "ISR" }],
};
