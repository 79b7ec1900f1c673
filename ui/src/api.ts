// The one way the explorer talks to the server: a GraphQL GET naming the query by the
// SHA-256 of its text (an automatic persisted query), so that HTTP caches and the
// server's own cache can answer it. The first time the server has not seen a hash it
// answers PERSISTED_QUERY_NOT_FOUND, and the same GET is sent again with the text.
import type { TypedDocumentString } from "./gql/graphql";
import persisted from "./gql/persisted-documents.json";

const texts: Record<string, string> = persisted;

export class ApiError extends Error {}

interface Answer<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

function url(hash: string, variables: unknown, query?: string): string {
  const params = new URLSearchParams();
  if (query !== undefined) params.set("query", query);
  params.set("variables", JSON.stringify(variables));
  params.set("extensions", JSON.stringify({ persistedQuery: { version: 1, sha256Hash: hash } }));
  return `/graphql?${params.toString()}`;
}

async function get<T>(address: string): Promise<Answer<T>> {
  const response = await fetch(address, {
    headers: { accept: "application/graphql-response+json, application/json" },
  });
  const type = response.headers.get("content-type") ?? "";
  if (!type.includes("json")) throw new ApiError(`the server answered ${response.status}`);
  return (await response.json()) as Answer<T>;
}

/** Runs one of the generated documents and gives its typed data, or throws. */
export async function run<T, V>(document: TypedDocumentString<T, V>, variables: V): Promise<T> {
  const tagged = String(document.__meta__?.["hash"] ?? "");
  const text = texts[tagged];
  if (!tagged.startsWith("sha256:") || text === undefined) {
    throw new ApiError("a document without its persisted hash: run the codegen");
  }
  const hash = tagged.slice("sha256:".length);
  let answer = await get<T>(url(hash, variables));
  if (answer.errors?.some((e) => e.extensions?.code === "PERSISTED_QUERY_NOT_FOUND")) {
    answer = await get<T>(url(hash, variables, text));
  }
  // Each field that fails reports the same error: say it once.
  if (answer.errors?.length) throw new ApiError([...new Set(answer.errors.map((e) => e.message))].join("; "));
  if (!answer.data) throw new ApiError("the server answered without data");
  return answer.data;
}
