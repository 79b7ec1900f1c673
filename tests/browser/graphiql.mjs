// Opens uprgraph's GraphiQL page in Chromium (Debian's, never a downloaded one) with every
// host but 127.0.0.1 unresolvable, runs one of the example tabs and waits for its answer
// in the result pane; then opens the explorer plugin. Fails on any request that leaves the
// server, on any Content-Security-Policy violation and on any error the page logs.
//
//   node graphiql.mjs <server address> <tab number, from 1> <text the answer must show>
//                     [screenshot.png]
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import puppeteer from "puppeteer-core";

const [address, tab, expected, screenshot] = process.argv.slice(2);
if (!address || !tab || !expected) {
  console.error("usage: node graphiql.mjs <address> <tab> <expected text> [screenshot.png]");
  process.exit(2);
}
const executablePath = process.env.CHROMIUM ?? "/usr/bin/chromium";
const origin = new URL(address).origin;
const profile = mkdtempSync(join(tmpdir(), "uprgraph-chromium-"));
const problems = [];
let browser;
try {
  browser = await puppeteer.launch({
    executablePath,
    headless: true,
    userDataDir: profile,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-dev-shm-usage",
      // Offline but for the server: any other host name fails to resolve.
      "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    ],
  });
  const page = await browser.newPage();
  await page.setViewport({ width: 1400, height: 900 });
  page.on("request", (request) => {
    const url = request.url();
    if (!url.startsWith(`${origin}/`) && !url.startsWith("data:")) {
      problems.push(`request outside the server: ${url}`);
    }
  });
  page.on("requestfailed", (request) => {
    problems.push(`failed request: ${request.url()} (${request.failure()?.errorText})`);
  });
  page.on("console", (message) => {
    // Chromium reports a policy violation as a console error ("Refused to ...").
    if (message.type() === "error") problems.push(`console error: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  await page.evaluateOnNewDocument(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`);
    });
  });

  const response = await page.goto(`${origin}/`, { waitUntil: "load" });
  const policy = response.headers()["content-security-policy"] ?? "";
  if (!policy.includes("script-src 'self'")) problems.push(`page policy: ${policy}`);

  const tabs = await page.waitForSelector(".graphiql-tab", { timeout: 20000 }).then(() =>
    page.$$(".graphiql-tab")
  );
  const index = Number(tab) - 1;
  if (!(index >= 0 && index < tabs.length)) throw new Error(`no tab ${tab}: the page has ${tabs.length}`);
  await (await tabs[index].$("button")).click();
  await page.waitForFunction(
    (i) => document.querySelectorAll(".graphiql-tab")[i]?.classList.contains("graphiql-tab-active"),
    { timeout: 10000 },
    index
  );
  await page.click(".graphiql-execute-button");
  await page.waitForFunction(
    (text) => document.querySelector(".result-window")?.innerText.includes(text),
    { timeout: 20000 },
    expected
  );

  // The explorer plugin lists the schema's root fields once opened.
  await page.click('[aria-label="Show GraphiQL Explorer"]');
  await page.waitForFunction(
    () => document.querySelector(".graphiql-explorer-root")?.innerText.includes("recommendations"),
    { timeout: 10000 }
  );
  if (screenshot) await page.screenshot({ path: screenshot });
  await page.close();
} catch (error) {
  problems.push(`${error.message}`);
} finally {
  await browser?.close();
  rmSync(profile, { recursive: true, force: true });
}
if (problems.length) {
  console.error(problems.join("\n"));
  console.log(`browser: 0 passed, 1 failed`);
  process.exit(1);
}
console.log(`browser: 1 passed, 0 failed (tab ${tab} answered with ${JSON.stringify(expected)})`);
