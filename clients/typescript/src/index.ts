// The client's public surface: every generated type and document, and the documents by
// operation name. Another project of the repository depends on this one ("file:") and
// imports from "@uprgraph/client".
export * from "./gql/graphql.js";
export { documents, type OperationName } from "./operations.js";
