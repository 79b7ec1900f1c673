// Builds the explorer into ../assets/explorer, the files the server embeds:
// explorer.js and explorer.css (Vite), countries-110m.json (world-atlas's Natural Earth
// shapes) and LICENSES.md (the licence of every package the bundle holds). The typed
// documents in src/gql/ are generated first, from ../schema.graphql.
//
//   node build.mjs           writes src/gql/ and ../assets/explorer/
//   node build.mjs --check   builds into a temporary folder and fails when it differs
//                            from what is committed
//
// Either fails when the initial load (script and stylesheet, gzip -9) is over 250 KB.
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "vite";

const here = dirname(fileURLToPath(import.meta.url));
const check = process.argv.includes("--check");
const committed = { gql: join(here, "src/gql"), dist: resolve(here, "../assets/explorer") };
const scratch = check ? mkdtempSync(join(tmpdir(), "uprgraph-explorer-")) : null;
const out = scratch ? { gql: join(scratch, "gql"), dist: join(scratch, "dist") } : committed;

execFileSync(join(here, "node_modules/.bin/graphql-codegen"), ["--config", "codegen.ts", "--silent"], {
  cwd: here,
  stdio: "inherit",
  env: { ...process.env, UPRGRAPH_CODEGEN_OUT: `${out.gql}/` },
});
if (check) compare(out.gql, committed.gql, "src/gql (run `node build.mjs` in ui/)");
execFileSync(join(here, "node_modules/.bin/tsc"), ["--noEmit", "-p", here], { stdio: "inherit" });

// The packages whose code ends up in the bundle, as Rollup saw their modules.
const packages = new Set();
await build({
  root: here,
  configFile: join(here, "vite.config.mjs"),
  build: { outDir: out.dist, emptyOutDir: true },
  plugins: [
    {
      name: "uprgraph-licences",
      moduleParsed(info) {
        const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(info.id);
        if (match) packages.add(match[1]);
      },
    },
  ],
});
packages.add("world-atlas");
copyFileSync(join(here, "node_modules/world-atlas/countries-110m.json"), join(out.dist, "countries-110m.json"));

const licences = [...packages].sort().map((name) => {
  const dir = join(here, "node_modules", name);
  const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  const file = readdirSync(dir).find((f) => /^licen[cs]e/i.test(f));
  const text = file ? readFileSync(join(dir, file), "utf8").trim() : `Licence: ${manifest.license}`;
  return `## ${name} ${manifest.version} (${manifest.license})\n\n${text}\n`;
});
writeFileSync(
  join(out.dist, "LICENSES.md"),
  "# The explorer's third-party code and data\n\n" +
    "Built from ui/ by `node build.mjs`. The map's shapes are Natural Earth's (public domain), " +
    "as the world-atlas package gives them.\n\n" +
    licences.join("\n"),
);

// The initial load, script and stylesheet, compressed as a server or proxy would send
// them, must stay within its budget (the map's shapes load later, with the map).
const BUDGET = 250 * 1024;
const initial = ["explorer.js", "explorer.css"]
  .map((name) => gzipSync(readFileSync(join(out.dist, name)), { level: 9 }).length)
  .reduce((a, b) => a + b, 0);
console.log(`explorer: initial load ${initial} bytes compressed (budget ${BUDGET})`);
if (initial > BUDGET) {
  console.error(`explorer: the initial load is over its budget of ${BUDGET} bytes compressed`);
  process.exit(1);
}

if (check) {
  compare(out.dist, committed.dist, "assets/explorer (run `node build.mjs` in ui/)");
  rmSync(scratch, { recursive: true, force: true });
  console.log("explorer: files match");
}

function compare(built, kept, what) {
  const names = (dir) => (existsSync(dir) ? readdirSync(dir).sort() : []);
  const a = names(built);
  const b = names(kept);
  const differ = a.join() !== b.join() || a.some((n) => !readFileSync(join(built, n)).equals(readFileSync(join(kept, n))));
  if (differ) {
    console.error(`explorer: ${what} differs from what the build gives`);
    if (scratch) rmSync(scratch, { recursive: true, force: true });
    process.exit(1);
  }
}
