// Runs every operation with its cases against a running server and checks each answer:
// no errors, data at every root field, and conformance to the schema and document (see
// conformance.ts). Prints one line per case and a total; exits 1 on any failure.
//
//   node dist/check.js <GraphQL endpoint> <schema.graphql>
import { readFileSync } from "node:fs";
import { buildSchema, type DocumentNode } from "graphql";
import { cases, type Answers, type Case } from "./cases.js";
import { conformance } from "./conformance.js";
import * as generated from "./gql/graphql.js";
import persisted from "./gql/persisted-documents.json" with { type: "json" };
import { documents, type OperationName } from "./operations.js";

const [endpoint, schemaPath] = process.argv.slice(2);
if (!endpoint || !schemaPath) {
  console.error("usage: node dist/check.js <GraphQL endpoint> <schema.graphql>");
  process.exit(2);
}
const schema = buildSchema(readFileSync(schemaPath, "utf8"));
const failures: string[] = [];
let passed = 0;

// Every generated operation is listed in `documents`, so none goes unchecked.
const listed = new Set<unknown>(Object.values(documents));
for (const [name, value] of Object.entries(generated)) {
  if (name.endsWith("Document") && !listed.has(value)) failures.push(`${name} is not in operations.ts`);
}

interface Response {
  data?: unknown;
  errors?: { message: string; extensions?: { code?: string } }[];
}

const texts: Record<string, string> = persisted;

// An operation is sent as the hash its generated document carries (an automatic persisted
// query), and with its text from persisted-documents.json when the server has not seen
// the hash: so the cases run on a server that takes only its persisted documents too.
async function run(name: OperationName, document: DocumentNode, variables: Record<string, unknown>): Promise<Response> {
  const meta: unknown = Reflect.get(document, "__meta__");
  const tagged = typeof meta === "object" && meta !== null ? String(Reflect.get(meta, "hash")) : "";
  const text = texts[tagged];
  if (!tagged.startsWith("sha256:") || text === undefined) {
    return { errors: [{ message: `${name} has no persisted hash: run \`npm run generate\`` }] };
  }
  const send = async (query?: string): Promise<Response> => {
    const response = await fetch(endpoint!, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/graphql-response+json" },
      body: JSON.stringify({
        query,
        operationName: name,
        variables,
        extensions: { persistedQuery: { version: 1, sha256Hash: tagged.slice("sha256:".length) } },
      }),
    });
    return (await response.json()) as Response;
  };
  const answer = await send();
  const unknown = answer.errors?.some((e) => e.extensions?.code === "PERSISTED_QUERY_NOT_FOUND");
  return unknown ? send(text) : answer;
}

const answers: Answers = {};
for (const name of Object.keys(cases) as OperationName[]) {
  const document: DocumentNode = documents[name];
  const list = cases[name] as Case<OperationName>[];
  if (list.length === 0) failures.push(`${name}: no case runs it`);
  for (const [index, entry] of list.entries()) {
    const label = `${name}#${index + 1}`;
    let variables: Record<string, unknown>;
    try {
      variables = (typeof entry === "function" ? entry(answers) : entry) as Record<string, unknown>;
    } catch (error) {
      failures.push(`${label}: ${(error as Error).message}`);
      continue;
    }
    const response = await run(name, document, variables);
    const problems: string[] = [];
    for (const error of response.errors ?? []) {
      problems.push(`error ${error.extensions?.code ?? "<no code>"}: ${error.message}`);
    }
    if (typeof response.data !== "object" || response.data === null) {
      problems.push("no data");
    } else {
      for (const [root, value] of Object.entries(response.data)) {
        if (value === null) problems.push(`data.${root}: null (no data for this case)`);
      }
      problems.push(...conformance(schema, document, name, variables, response.data));
    }
    if (problems.length) {
      failures.push(`${label} (${JSON.stringify(variables)}):\n  ${problems.join("\n  ")}`);
    } else {
      passed += 1;
      console.log(`ok ${label}`);
    }
    // The answer is kept as its operation's result type: conformance just checked that it is one.
    const kept = answers as Record<OperationName, unknown[] | undefined>;
    (kept[name] ??= []).push(response.data);
  }
}
for (const failure of failures) console.error(`FAILED ${failure}`);
console.log(`client operations: ${passed} passed, ${failures.length} failed`);
process.exit(failures.length ? 1 : 0);
