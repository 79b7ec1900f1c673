// Live data in Chromium (Debian's, never a downloaded one): a page of the explorer open,
// a GraphQL subscription over WebSocket (graphql-transport-ws) opened in the same page,
// then an import run in another process; the explorer's banner must say new data was
// imported, naming the file, and its Refresh must ask the view's data again; the
// WebSocket must deliver Subscription.dataChanged with the same file, and GraphiQL, in
// another tab, must show it for the subscription typed into its editor.
//
//   node live.mjs <server address> <uprgraph binary> <database URL> <format> <file>
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { promisify } from "node:util";
import puppeteer from "puppeteer-core";

const [address, binary, database, format, file] = process.argv.slice(2);
if (!address || !binary || !database || !format || !file) {
  console.error("usage: node live.mjs <address> <uprgraph binary> <database URL> <format> <file>");
  process.exit(2);
}
const executablePath = process.env.CHROMIUM ?? "/usr/bin/chromium";
const origin = new URL(address).origin;
const profile = mkdtempSync(join(tmpdir(), "uprgraph-chromium-"));
const problems = [];
const passed = [];
const CHECKS = 3;
let browser;

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

try {
  browser = await puppeteer.launch({
    executablePath,
    headless: true,
    userDataDir: profile,
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-dev-shm-usage", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"],
  });
  const page = await browser.newPage();
  let graphql = 0;
  page.on("request", (request) => {
    if (!request.url().startsWith(`${origin}/`) && !request.url().startsWith("data:")) problems.push(`request outside the server: ${request.url()}`);
    if (request.url().startsWith(`${origin}/graphql?`)) graphql += 1;
  });
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console error: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  await page.goto(`${origin}/explore/state/USA`, { waitUntil: "load" });
  await page.waitForSelector("li.review", { timeout: 20000 });
  // A subscription of the page's own, as GraphiQL or an app opens one.
  await page.evaluate((url) => {
    window.changes = [];
    window.subscribed = new Promise((resolve, reject) => {
      const socket = new WebSocket(url, "graphql-transport-ws");
      socket.onopen = () => socket.send(JSON.stringify({ type: "connection_init" }));
      socket.onerror = () => reject(new Error("the WebSocket failed"));
      socket.onmessage = (event) => {
        const message = JSON.parse(event.data);
        if (message.type === "connection_ack") {
          socket.send(JSON.stringify({ id: "1", type: "subscribe", payload: { query: "subscription { dataChanged { version imported { name format rowCount } } }" } }));
          // The server starts the subscription as it reads the message; give it a moment.
          setTimeout(resolve, 500);
        } else if (message.type === "next") window.changes.push(message.payload);
        else if (message.type === "error") window.changes.push({ error: message.payload });
      };
    });
  }, `${origin.replace("http", "ws")}/graphql`);
  await page.evaluate(() => window.subscribed);
  // GraphiQL, in a tab of its own, running a subscription typed into its editor. Its
  // fetcher sends an operation over the WebSocket when the editor's parse of the document
  // says it is a subscription; the editor parses shortly after each change, so Run is
  // pressed once the parse has caught up, as it has for anyone typing.
  const editor = await browser.newPage();
  editor.on("console", (message) => {
    if (message.type() === "error") problems.push(`GraphiQL console error: ${message.text()}`);
  });
  editor.on("pageerror", (error) => problems.push(`GraphiQL page error: ${error.message}`));
  editor.on("response", (response) => {
    if (response.url().startsWith(`${origin}/graphql`) && response.status() >= 400) problems.push(`GraphiQL got ${response.status()} from ${response.request().method()} ${response.url()}`);
  });
  await editor.goto(`${origin}/`, { waitUntil: "load" });
  await editor.waitForSelector(".graphiql-query-editor .CodeMirror", { timeout: 20000 });
  await editor.evaluate(() => {
    document
      .querySelector(".graphiql-query-editor .CodeMirror")
      .CodeMirror.setValue("subscription { dataChanged { version imported { name rowCount } } }");
  });
  await editor.waitForFunction(() => document.querySelector(".graphiql-query-editor .CodeMirror")?.CodeMirror.documentAST?.definitions[0]?.operation === "subscription", { timeout: 10000, polling: 100 });
  await editor.click(".graphiql-execute-button");
  // The subscription is running once GraphiQL shows its stop button.
  await editor.waitForFunction(() => document.querySelector(".graphiql-execute-button")?.getAttribute("aria-label")?.includes("Stop"), { timeout: 10000, polling: 100 });
  // A page in a background tab gets no animation frames: every wait below polls on a
  // timer, and the explorer's tab is brought to the front for its checks.
  await page.bringToFront();
  const before = graphql;
  // The import, in a process of its own.
  await promisify(execFile)(binary, ["import", "--database-url", database, format, file]);
  const name = basename(file);
  try {
    await page.waitForFunction((n) => document.querySelector(".live-banner")?.textContent.includes(n), { timeout: 10000, polling: 100 }, name);
    const banner = await page.$eval(".live-banner", (e) => e.textContent);
    assert(banner.includes("New data was imported"), `the banner: ${banner}`);
    await page.click(".live-banner button");
    await page.waitForFunction(() => document.querySelector(".live-banner") === null, { timeout: 10000, polling: 100 });
    await page.waitForSelector("li.review", { timeout: 20000 });
    assert(graphql > before, "Refresh asked nothing of the server");
    passed.push("banner");
  } catch (error) {
    problems.push(`banner: ${error.message}`);
  }
  try {
    await page.waitForFunction(() => window.changes.length > 0, { timeout: 10000, polling: 100 });
    const changes = await page.evaluate(() => window.changes);
    const change = changes[0]?.data?.dataChanged;
    assert(change && change.imported.some((f) => f.name === name && f.format === format && f.rowCount > 0), `the WebSocket said ${JSON.stringify(changes)}`);
    passed.push("websocket");
  } catch (error) {
    problems.push(`websocket: ${error.message}`);
  }
  try {
    await editor.bringToFront();
    await editor.waitForFunction((n) => document.querySelector(".result-window")?.innerText.includes(n), { timeout: 10000, polling: 100 }, name);
    const result = await editor.$eval(".result-window", (e) => e.innerText);
    assert(result.includes("dataChanged") && result.includes("rowCount"), `GraphiQL shows ${result}`);
    passed.push("graphiql");
  } catch (error) {
    problems.push(`graphiql: ${error.message}`);
  }
} catch (error) {
  problems.push(`the run stopped: ${error.message}`);
} finally {
  await browser?.close();
  rmSync(profile, { recursive: true, force: true });
}
for (const problem of problems) console.log(`problem: ${problem}`);
const failed = problems.length ? Math.max(1, CHECKS - passed.length) : 0;
console.log(`live: ${passed.length} passed, ${failed} failed`);
process.exit(problems.length ? 1 : 0);
