// The schema contract: compares a new schema.graphql with an old one (graphql-js
// findBreakingChanges and findDangerousChanges) and fails on a breaking change that the
// CHANGELOG.md lines added with the change do not declare, or on a removal of something that
// was not @deprecated first. Dangerous changes (an enum value or an optional argument added,
// say) are printed and pass.
//
// A change is declared by naming what it changes in backquotes on an added CHANGELOG.md
// line: `State.figures` for a field or its arguments, `Response.PENDING` for an enum value,
// `Figure` for a type.
//
//   node scripts/breaking.mjs --git
//       compares HEAD's schema.graphql with its first parent's (the previous commit of main,
//       also for a merge, whose changes are those of the whole merged branch), reading the
//       CHANGELOG.md lines added between the two; on a first commit there is nothing to compare
//   node scripts/breaking.mjs --old a.graphql --new b.graphql [--changelog added-lines.md]
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import {
  buildSchema,
  findBreakingChanges,
  findDangerousChanges,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
} from "graphql";

const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

function git(...command) {
  return execFileSync("git", command, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

let oldSdl;
let newSdl;
let added;
if (args.includes("--git")) {
  const root = git("rev-parse", "--show-toplevel").trim();
  process.chdir(root);
  try {
    git("rev-parse", "--verify", "--quiet", "HEAD^1");
  } catch {
    console.log("schema contract: HEAD has no parent commit; nothing to compare");
    process.exit(0);
  }
  try {
    oldSdl = git("show", "HEAD^1:schema.graphql");
  } catch {
    console.log("schema contract: the previous commit has no schema.graphql; nothing to compare");
    process.exit(0);
  }
  newSdl = git("show", "HEAD:schema.graphql");
  added = git("diff", "HEAD^1", "HEAD", "--", "CHANGELOG.md")
    .split("\n")
    .filter((line) => line.startsWith("+") && !line.startsWith("+++"))
    .join("\n");
  console.log(`schema contract: ${git("rev-parse", "--short", "HEAD^1").trim()} -> ${git("rev-parse", "--short", "HEAD").trim()}`);
} else {
  const oldPath = option("--old");
  const newPath = option("--new");
  if (!oldPath || !newPath) {
    console.error("usage: node scripts/breaking.mjs --git | --old a.graphql --new b.graphql [--changelog file]");
    process.exit(2);
  }
  oldSdl = readFileSync(oldPath, "utf8");
  newSdl = readFileSync(newPath, "utf8");
  const changelog = option("--changelog");
  added = changelog ? readFileSync(changelog, "utf8") : "";
}

const oldSchema = buildSchema(oldSdl);
const newSchema = buildSchema(newSdl);
const breaking = findBreakingChanges(oldSchema, newSchema);
const dangerous = findDangerousChanges(oldSchema, newSchema);

// The names the added changelog lines declare, each as its parts (`State.figures`).
const declared = [...added.matchAll(/`([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)?)`/g)].map(
  (m) => m[1].split(".")
);
const words = (text) => new Set(text.split(/[^A-Za-z0-9_]+/).filter(Boolean));

function isDeclared(description) {
  const present = words(description);
  // A field-level change needs its field named, not just its type.
  const dotted = /[A-Za-z_][A-Za-z0-9_]*\.[A-Za-z_][A-Za-z0-9_]*/.test(description);
  return declared.some((parts) => (!dotted || parts.length === 2) && parts.every((p) => present.has(p)));
}

/** Whether what a removal removes was deprecated in the old schema. */
function wasDeprecated(change) {
  const d = change.description;
  let m;
  if (change.type === "FIELD_REMOVED" && (m = d.match(/^(\w+)\.(\w+) was removed/))) {
    const type = oldSchema.getType(m[1]);
    const fields = type && (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) ? type.getFields() : {};
    return Boolean(fields[m[2]]?.deprecationReason);
  }
  if (change.type === "VALUE_REMOVED_FROM_ENUM" && (m = d.match(/^(\w+) was removed from enum type (\w+)/))) {
    const type = oldSchema.getType(m[2]);
    return Boolean(isEnumType(type) && type.getValue(m[1])?.deprecationReason);
  }
  if (change.type === "ARG_REMOVED" && (m = d.match(/^(\w+)\.(\w+) arg (\w+) was removed/))) {
    const type = oldSchema.getType(m[1]);
    const field = type && (isObjectType(type) || isInterfaceType(type)) ? type.getFields()[m[2]] : undefined;
    return Boolean(field?.args.find((a) => a.name === m[3])?.deprecationReason);
  }
  return true;
}

const failures = [];
for (const change of breaking) {
  if (!wasDeprecated(change)) {
    failures.push(`${change.description} (${change.type}) It was not @deprecated first: deprecate it in one release, remove it in a later one.`);
  } else if (!isDeclared(change.description)) {
    failures.push(`${change.description} (${change.type}) Declare it in CHANGELOG.md, naming it in backquotes.`);
  } else {
    console.log(`breaking, declared: ${change.description}`);
  }
}
for (const change of dangerous) console.log(`dangerous: ${change.description} (${change.type})`);
for (const failure of failures) console.error(`breaking: ${failure}`);
console.log(
  `schema contract: ${breaking.length} breaking (${failures.length} not allowed), ${dangerous.length} dangerous`
);
process.exit(failures.length ? 1 : 0);
