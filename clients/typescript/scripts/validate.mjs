// Validates the operations in src/operations/ against a schema (by default the committed
// ../../schema.graphql), naming the operation each error is in: a field an operation uses
// that was removed or renamed fails here with the operation's name, before generation.
//
//   node scripts/validate.mjs [--schema path]
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { buildSchema, concatAST, Kind, parse, separateOperations, validate } from "graphql";

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const flag = args.indexOf("--schema");
const schemaPath = flag >= 0 ? resolve(args[flag + 1]) : resolve(here, "../../../schema.graphql");
const operationsDir = resolve(here, "../src/operations");

const schema = buildSchema(readFileSync(schemaPath, "utf8"));
const files = readdirSync(operationsDir).filter((f) => f.endsWith(".graphql")).sort();
// All files together, as the generator reads them, so fragments may be shared.
const document = concatAST(
  files.map((file) => parse(readFileSync(join(operationsDir, file), "utf8"), { noLocation: false }))
);
// Each operation apart, with the fragments it uses, so every error names its operation.
const operations = separateOperations(document);
const names = Object.keys(operations);
const failures = [];
for (const name of names) {
  for (const error of validate(schema, operations[name])) {
    failures.push(`operation ${name}: ${error.message}`);
  }
}
const unnamed = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION && !d.name);
if (unnamed.length) failures.push(`${unnamed.length} operation(s) without a name: every operation needs one`);
if (failures.length) {
  console.error(`${failures.length} error(s) against ${schemaPath}:\n${failures.join("\n")}`);
  process.exit(1);
}
console.log(`validate: ${names.length} operations valid against ${schemaPath}`);
