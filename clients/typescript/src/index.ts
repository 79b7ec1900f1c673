// The client's public surface: every generated type and document, and the documents by
// operation name. Another npm project takes it as a "file:" dependency and imports from
// "@uprgraph/client" (tests/api/client.rs does so in a project of its own).
export * from "./gql/graphql.js";
export { documents, type OperationName } from "./operations.js";
