// Opens uprgraph's explorer in Chromium (Debian's, never a downloaded one) with every
// host but 127.0.0.1 unresolvable, in one browser session for all views, and checks
// what a reader sees: the United States page (the cycle-4 review not attended, with its
// source; Cuba's recommendations at session 9 with the aid between the two), the same
// page at 375 px without sideways scrolling, the world map coloured by the measure with
// the table beside, another measure picked from its menu, the keyboard's way in, and a
// review's recommendations: paged by cursor, filtered by the form (recommending state
// and a search whose matches are marked), counted by response, and downloaded as CSV
// and as XLSX; a recommendation's citation, in APA and then BibTeX, copied to the
// clipboard;
// a search: its count, facets and marked matches, and a refused search's message; and
// the aid from the United States to Cuba beside what Cuba recommended to it; the map
// by the aid one donor gave, its colours ordered as the table's figures; Israel's aid
// received with its lower bounds said "at least"; backward paging in a review; the
// Review, Search and Aid views at 375 px; the arms the United States delivered to Israel
// by year beside the aid (SIPRI TIV, per file, "at least" where the register does not
// split a deal by year) with links that download the deals as XLSX, the arms of the
// United States' recommenders before its first
// review on its page and on the review's; and, on a server started without GraphiQL over
// a database with no recommendations imported, a page that does not link it and a map
// that says what to import instead of a legend over zeros; two states compared side by
// side, reached from the first's page; a theme over time, reached from its name; and, on
// a server over OECD DAC Table 2a, whose donors include organisations, the map by the aid
// of an organisation (the EU, then a private donor whose code has spaces and `&`) picked
// from the donor menu and kept by the URL, and Afghanistan's donors with the EU among
// them, linked to the map of its aid.
// Fails on any request that leaves the server, on any Content-Security-Policy violation,
// on any error the page logs, and on a view that asks /graphql more than once (twice the
// first time, when the server learns the persisted query) or by anything but a GET of a
// persisted query; picking another measure on the map asks nothing.
//
//   node explorer.mjs <server address> <expected figures, JSON> <screenshot folder>
//                     <address of a server without GraphiQL>
//                     <address of a server over OECD DAC Table 2a alone>
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import puppeteer from "puppeteer-core";

const [address, expectedJson, shots, bareAddress, oecdAddress] = process.argv.slice(2);
if (!address || !expectedJson || !shots || !bareAddress || !oecdAddress) {
  console.error(
    "usage: node explorer.mjs <address> <expected JSON> <screenshot folder> <address without GraphiQL> <address over OECD DAC Table 2a>",
  );
  process.exit(2);
}
const expected = JSON.parse(expectedJson);
const executablePath = process.env.CHROMIUM ?? "/usr/bin/chromium";
const origin = new URL(address).origin;
const bare = new URL(bareAddress).origin;
const oecd = new URL(oecdAddress).origin;
const servers = [origin, bare, oecd];

/** In the page: fetches a download link's file; its status, type and first bytes. */
async function fetchWorkbook(a) {
  const response = await fetch(a.href);
  const bytes = new Uint8Array(await response.arrayBuffer());
  return { href: a.href, status: response.status, type: response.headers.get("content-type"), magic: [...bytes.slice(0, 2)] };
}

/** A workbook fetched by `fetchWorkbook`: an XLSX file, a zip. */
function assertWorkbook(got) {
  assert(got.status === 200, `${got.href}: status ${got.status}`);
  assert(got.type === "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", `${got.href}: ${got.type}`);
  assert(got.magic.join() === "80,75", `${got.href} is not a zip: ${got.magic}`);
}
const profile = mkdtempSync(join(tmpdir(), "uprgraph-chromium-"));
const problems = [];
const passed = [];
let graphql = [];
let browser;
const CHECKS = 18;

async function check(name, body) {
  try {
    await body();
    passed.push(name);
  } catch (error) {
    problems.push(`${name}: ${error.message}`);
  }
}

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

/** Waits for the text to appear in the element the selector finds. */
async function waitForText(page, selector, text, timeout = 20000) {
  await page.waitForFunction(
    (s, t) => [...document.querySelectorAll(s)].some((e) => e.textContent.includes(t)),
    { timeout },
    selector,
    text,
  );
}

/** The /graphql requests a step makes: every one a GET, and one per view once warm. */
/**
 * At 375 px: the document no wider than the window, and every form control and page link
 * inside it, with room to be hit. Leaves a screenshot and the window as it was.
 */
async function narrow(page, name) {
  await page.setViewport({ width: 375, height: 800 });
  try {
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert(width <= 375, `${name} is ${width} px wide at 375`);
    const outside = await page.evaluate(() =>
      [...document.querySelectorAll("main input, main select, main button, main summary, nav a")]
        .map((e) => ({ e, r: e.getBoundingClientRect() }))
        .filter(({ r }) => r.left < 0 || r.right > 375 || r.width < 16 || r.height < 16)
        .map(({ e, r }) => `${e.tagName.toLowerCase()}[name=${e.getAttribute("name")}] ${e.textContent.trim().slice(0, 20)} at ${Math.round(r.left)}–${Math.round(r.right)}, ${Math.round(r.height)} high`),
    );
    assert(outside.length === 0, `${name} at 375 px: controls outside or too small: ${outside.join("; ")}`);
    await page.screenshot({ path: join(shots, `${name}-375.png`) });
  } finally {
    await page.setViewport({ width: 1280, height: 900 });
  }
}

/** Groups an exact decimal string as the page does: `1234567.50` as `1,234,567.50`. */
function decimal(value) {
  const negative = value.startsWith("-");
  const [whole, fraction] = (negative ? value.slice(1) : value).split(".");
  return `${negative ? "-" : ""}${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}${fraction ? `.${fraction}` : ""}`;
}

function requests(from, least, most) {
  const made = graphql.slice(from);
  assert(made.length >= least && made.length <= most, `${made.length} requests to /graphql: ${made.join(" ")}`);
  assert(
    made.every((r) => r.startsWith("GET ")),
    `not all GET: ${made.join(" ")}`,
  );
  assert(
    made.every((r) => r.includes("persistedQuery")),
    `not all persisted: ${made.join(" ")}`,
  );
}

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
      "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    ],
  });
  // The "Cite" button copies to the clipboard, which the test reads back.
  await browser.defaultBrowserContext().overridePermissions(origin, ["clipboard-read", "clipboard-write", "clipboard-sanitized-write"]);
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  page.on("request", (request) => {
    const url = request.url();
    if (!servers.some((s) => url.startsWith(`${s}/`)) && !url.startsWith("data:")) {
      problems.push(`request outside the server: ${url}`);
    }
    // GraphQL requests; not the live event stream (/graphql/events) every page keeps open.
    if (servers.some((s) => url.startsWith(`${s}/graphql`)) && new URL(url).pathname === "/graphql")
      graphql.push(`${request.method()} ${url}`);
  });
  page.on("requestfailed", (request) => {
    problems.push(`failed request: ${request.url()} (${request.failure()?.errorText})`);
  });
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console error: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  await page.evaluateOnNewDocument(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`);
    });
  });

  await check("state view", async () => {
    const response = await page.goto(`${origin}/explore/state/USA`, { waitUntil: "load" });
    const policy = response.headers()["content-security-policy"] ?? "";
    assert(policy.includes("script-src 'self'"), `page policy: ${policy}`);
    await waitForText(page, "li.review.status-non_cooperation", "Not attended");
    await page.screenshot({ path: join(shots, "state-usa.png") });
    const refused = await page.$eval("li.review.status-non_cooperation", (e) => e.textContent);
    assert(refused.includes("Cycle 4"), `the refused review: ${refused}`);
    assert(refused.includes("Source:"), `the refused review has no source: ${refused}`);
    const cuba = await page.evaluate(() => {
      const table = [...document.querySelectorAll("table.recommenders")].find((t) =>
        t.querySelector("caption")?.textContent.includes("session 9"),
      );
      const row = table?.querySelector('tr[data-state="CUB"]');
      return row ? [...row.cells].map((c) => c.textContent) : null;
    });
    assert(cuba !== null, "no Cuba row in the session-9 table");
    const recommendations = new Intl.NumberFormat("en").format(expected.cubaToUsaAtSession9);
    assert(cuba[0] === "Cuba" && cuba[1] === recommendations, `Cuba's row: ${cuba}, expected ${recommendations}`);
    const bars = await page.$$eval("#by-cycle ~ .figure svg rect, section:has(#by-cycle) svg rect", (r) => r.length);
    assert(bars > 0, "no bars in the chart of recommendations by cycle");
    const sessions = await page.$$eval("table.by-session tbody tr", (rows) => rows.map((r) => r.dataset.session));
    assert(sessions.includes("9"), `the sessions of the United States' recommendations: ${sessions}`);
    // This server serves GraphiQL, and the page links it where it is.
    const editor = await page.evaluate(async () => {
      const link = [...document.querySelectorAll('nav[aria-label="Views"] a')].find((a) => a.textContent === "GraphiQL");
      const status = link ? (await fetch(link.href)).status : null;
      return { href: link?.getAttribute("href") ?? null, status };
    });
    assert(editor.href === "/" && editor.status === 200, `the GraphiQL link: ${JSON.stringify(editor)}`);
    requests(0, 1, 2);
  });

  await check("state view at 375 px", async () => {
    await page.setViewport({ width: 375, height: 800 });
    const from = graphql.length;
    await page.reload({ waitUntil: "load" });
    await waitForText(page, "li.review.status-non_cooperation", "Not attended");
    await page.screenshot({ path: join(shots, "state-usa-375.png") });
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert(width <= 375, `the page is ${width} px wide at 375`);
    requests(from, 1, 1);
    await page.setViewport({ width: 1280, height: 900 });
  });

  await check("world view", async () => {
    // The keyboard's way: from the top of the page just loaded, the skip link first, then the
    // header's links; Enter on "World" opens the view.
    await page.keyboard.press("Tab");
    const skip = await page.evaluate(() => document.activeElement?.textContent);
    assert(skip?.includes("Skip to content"), `the first Tab reaches ${skip}`);
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    const link = await page.evaluate(() => document.activeElement?.textContent);
    assert(link === "World", `the third Tab reaches ${link}`);
    const from = graphql.length;
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => location.pathname === "/explore/world", { timeout: 10000 });
    await page.waitForFunction(() => document.querySelectorAll("svg.choropleth path.state[fill]").length > 100, {
      timeout: 20000,
    });
    await page.screenshot({ path: join(shots, "world.png") });
    const first = await page.$eval(".world-table tbody tr", (r) => ({
      code: r.dataset.code,
      figure: r.cells[1]?.textContent,
    }));
    const count = new Intl.NumberFormat("en").format(expected.mostReceived.count);
    assert(
      first.code === expected.mostReceived.code && first.figure === count,
      `first row ${JSON.stringify(first)}, expected ${JSON.stringify(expected.mostReceived)}`,
    );
    // The state with the most recommendations has the legend's last (darkest) class.
    const colours = await page.evaluate((code) => {
      const path = document.querySelector(`svg.choropleth path[data-code="${code}"]`);
      const swatches = [...document.querySelectorAll(".legend svg rect")].map((r) => r.getAttribute("fill"));
      return { top: path?.getAttribute("fill"), swatches };
    }, expected.mostReceived.code);
    assert(colours.swatches.length >= 3, `legend swatches: ${colours.swatches}`);
    assert(colours.top === colours.swatches.at(-1), `top state ${colours.top}, legend ${colours.swatches}`);
    requests(from, 1, 2);
  });

  await check("world view, another measure", async () => {
    const from = graphql.length;
    await page.select('select[name="measure"]', "made");
    await page.waitForFunction(() => location.search.includes("measure=made"), { timeout: 10000 });
    await waitForText(page, ".world-table caption", "Recommendations made");
    await page.screenshot({ path: join(shots, "world-made.png") });
    const cuba = await page.$eval('.world-table tr[data-code="CUB"]', (r) => r.cells[1]?.textContent);
    const made = new Intl.NumberFormat("en").format(expected.cubaMade);
    assert(cuba === made, `Cuba's figure: ${cuba}, expected ${made}`);
    // The view's one answer holds every measure: picking another asks nothing more.
    requests(from, 0, 0);
    // At 375 px the map, pickers and table fit the width.
    await page.setViewport({ width: 375, height: 800 });
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert(width <= 375, `the world view is ${width} px wide at 375`);
    await page.setViewport({ width: 1280, height: 900 });
  });

  await check("world view, aid from a donor", async () => {
    const from = graphql.length;
    const { code, type, amount, bound, cuba } = expected.aidFromUsa;
    await page.select('select[name="measure"]', "aid");
    // The first donor the data has is picked (the United States, the one in the file).
    await page.waitForFunction(() => location.search.includes("donor=USA"), { timeout: 10000 });
    await page.waitForSelector('select[name="type"] option', { timeout: 20000 });
    // Another transaction type, then the one the figures are for: the URL holds the choice.
    const other = type === "OBLIGATION" ? "DISBURSEMENT" : "OBLIGATION";
    await page.select('select[name="type"]', other);
    await page.waitForFunction((t) => location.search.includes(`type=${t}`), { timeout: 10000 }, other);
    await page.select('select[name="type"]', type);
    await page.waitForFunction((t) => location.search.includes(`type=${t}`), { timeout: 10000 }, type);
    await waitForText(page, "h1", "aid received from United States");
    await page.waitForFunction(() => document.querySelectorAll("svg.choropleth path.state[fill]").length > 50, {
      timeout: 20000,
    });
    await page.screenshot({ path: join(shots, "world-aid.png") });
    const prefix = bound === "AT_LEAST" ? "at least " : bound === "MORE_THAN" ? "more than " : "";
    const first = await page.$eval(".world-table tbody tr", (r) => ({ code: r.dataset.code, figure: r.cells[1]?.textContent }));
    assert(
      first.code === code && first.figure === `${prefix}${decimal(amount)}`,
      `first row ${JSON.stringify(first)}, expected ${code} ${prefix}${decimal(amount)}`,
    );
    const cubaFigure = await page.$eval('.world-table tr[data-code="CUB"]', (r) => r.cells[1]?.textContent);
    assert(cubaFigure === decimal(cuba), `Cuba's figure: ${cubaFigure}, expected ${decimal(cuba)}`);
    // The legend's classes in the table's order: down the table (largest first) the colour
    // never moves to a lower class, and the largest is in the last.
    const classes = await page.evaluate(() => {
      const swatches = [...document.querySelectorAll(".legend svg rect")].map((r) => r.getAttribute("fill"));
      const fill = (c) => document.querySelector(`svg.choropleth path[data-code="${c}"]`)?.getAttribute("fill") ?? null;
      const rows = [...document.querySelectorAll(".world-table tbody tr")]
        .map((r) => ({ code: r.dataset.code, fill: fill(r.dataset.code) }))
        .filter((r) => r.fill !== null);
      return { swatches, rows: rows.map((r) => ({ code: r.code, index: swatches.indexOf(r.fill) })) };
    });
    assert(classes.swatches.length === 5, `legend swatches: ${classes.swatches}`);
    assert(classes.rows.length > 50, `${classes.rows.length} states coloured`);
    assert(classes.rows.every((r) => r.index >= 0), `a colour not in the legend: ${JSON.stringify(classes.rows.find((r) => r.index < 0))}`);
    assert(classes.rows[0].index === 4, `the largest is in class ${classes.rows[0].index}`);
    const out = classes.rows.findIndex((r, i) => i > 0 && r.index > classes.rows[i - 1].index);
    assert(out < 0, `out of order at ${JSON.stringify(classes.rows.slice(out - 1, out + 1))}`);
    // The map says the table's figures: Cuba's shape in its title, the largest on hover.
    const title = await page.$eval('svg.choropleth path[data-code="CUB"] title', (t) => t.textContent);
    assert(title === `Cuba: ${decimal(cuba)}`, `Cuba's shape says ${title}`);
    await page.hover(`svg.choropleth path[data-code="${code}"]`);
    await waitForText(page, "figcaption.hover", `: ${prefix}${decimal(amount)}`);
    // The donor's aid is one request; picking the transaction type asks nothing more.
    requests(from, 1, 1);
    await page.select('select[name="measure"]', "received");
    await page.waitForFunction(() => !location.search.includes("measure"), { timeout: 10000 });
    await page.waitForFunction(() => document.querySelectorAll("svg.choropleth path.state[fill]").length > 100, {
      timeout: 20000,
    });
  });

  await check("click on the map opens the state", async () => {
    await page.click(`svg.choropleth path[data-code="${expected.mostReceived.code}"]`);
    await page.waitForFunction((c) => location.pathname === `/explore/state/${c}`, { timeout: 10000 }, expected.mostReceived.code);
    await page.waitForSelector("li.review", { timeout: 20000 });
    // A view opened within the app moves the focus to its heading.
    const focused = await page.evaluate(() => document.activeElement?.tagName);
    assert(focused === "H1", `the focus is on ${focused}, not the view's heading`);
  });
  await check("review view", async () => {
    if (new URL(page.url()).pathname !== "/explore/state/USA") {
      await page.goto(`${origin}/explore/state/USA`, { waitUntil: "load" });
    }
    const from = graphql.length;
    await page.waitForSelector('li.review a[href="/explore/review/USA/1"]', { timeout: 20000 });
    await page.click('li.review a[href="/explore/review/USA/1"]');
    await page.waitForSelector("ol.recommendations li", { timeout: 20000 });
    const first = await page.$$eval("ol.recommendations li", (items) => items.map((i) => i.textContent));
    assert(first.length === 25, `${first.length} recommendations on the first page`);
    // The next page, by its cursor.
    await page.click('a[rel="next"]');
    await page.waitForFunction(() => location.search.includes("after="), { timeout: 10000 });
    await page.waitForFunction(
      (text) => {
        const shown = document.querySelector("ol.recommendations li")?.textContent;
        return shown !== undefined && shown !== text;
      },
      { timeout: 20000 },
      first[0],
    );
    // And back, by the second page's first cursor: the first page's rows again, in order,
    // with nothing before them.
    await page.click('a[rel="prev"]');
    await page.waitForFunction(() => location.search.includes("before=") && !location.search.includes("after="), {
      timeout: 10000,
    });
    await page.waitForFunction(
      (text) => document.querySelector("ol.recommendations li")?.textContent === text,
      { timeout: 20000 },
      first[0],
    );
    const back = await page.$$eval("ol.recommendations li", (items) => items.map((i) => i.textContent));
    assert(JSON.stringify(back) === JSON.stringify(first), `back: ${back.length} rows, not the first page's`);
    assert((await page.$('a[rel="prev"]')) === null, "a previous page before the first");
    assert((await page.$('a[rel="next"]')) !== null, "no next page after going back");
    // Cuba's recommendations that speak of the blockade, by the form.
    await page.select('select[name="from"]', "CUB");
    await page.type('input[name="q"]', "blockade");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => location.search.includes("q=blockade") && !location.search.includes("after="), {
      timeout: 10000,
    });
    const total = String(expected.cubaBlockade.total);
    await page.waitForFunction(
      (t) => document.querySelector('table.counts td[data-response="ALL"]')?.textContent === t,
      { timeout: 20000 },
      total,
    );
    await page.screenshot({ path: join(shots, "review.png") });
    const noted = await page.$eval('table.counts td[data-response="NOTED"]', (td) => td.textContent);
    assert(noted === String(expected.cubaBlockade.noted), `noted ${noted}, expected ${expected.cubaBlockade.noted}`);
    const marks = await page.$$eval("ol.recommendations mark", (m) => m.map((x) => x.textContent));
    assert(marks.length > 0, "no match is marked");
    assert(marks.every((m) => /blockade/i.test(m)), `marked: ${marks}`);
    // The CSV link downloads the same rows: one record per recommendation and a header.
    const csv = await page.$eval("a.csv", async (a) => {
      const response = await fetch(a.href);
      return { type: response.headers.get("content-type"), text: await response.text() };
    });
    assert(csv.type?.startsWith("text/csv"), `the CSV's type: ${csv.type}`);
    let records = 0;
    let quoted = false;
    for (const c of csv.text) {
      if (c === '"') quoted = !quoted;
      else if (c === "\n" && !quoted) records += 1;
    }
    assert(records === expected.cubaBlockade.total + 1, `${records} CSV records for ${total} recommendations`);
    // Beside it, the same rows as a workbook.
    const workbook = await page.$eval("a.xlsx", fetchWorkbook);
    assert(workbook.href.includes("/export/recommendations.xlsx?filter="), `the XLSX link: ${workbook.href}`);
    assertWorkbook(workbook);
    // The first visit learns the persisted query (two GETs), then one GET per page.
    requests(from, 4, 5);
    await narrow(page, "review");
  });
  await check("cite a recommendation", async () => {
    // On the review's page as the previous step left it: Cuba's recommendations on the
    // blockade. The first one's citation, in APA and then in BibTeX, copied.
    await page.waitForSelector("ol.recommendations li details.cite summary", { timeout: 20000 });
    const from = graphql.length;
    const item = "ol.recommendations li:first-child";
    await page.click(`${item} details.cite summary`);
    await waitForText(page, `${item} pre.citation`, "Report of the Working Group on the Universal Periodic Review: United States of America (A/HRC/16/11)");
    await page.select(`${item} select[name="citation-style"]`, "BIBTEX");
    await waitForText(page, `${item} pre.citation`, "@techreport{uprgraph-ee3f5b373cad-");
    const bibtex = await page.$eval(`${item} pre.citation`, (e) => e.textContent);
    assert(bibtex.includes("number = {A/HRC/16/11}"), `the BibTeX entry: ${bibtex}`);
    assert(bibtex.includes("Recommendation by Cuba to United States of America"), `the BibTeX entry: ${bibtex}`);
    await page.click(`${item} button.copy`);
    await waitForText(page, `${item} .copied`, "Copied");
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    assert(copied === bibtex, `the clipboard holds ${JSON.stringify(copied.slice(0, 80))}, not the entry shown`);
    // One GET per style (two the first time the server sees the document).
    requests(from, 2, 4);
  });
  await check("search view", async () => {
    const from = graphql.length;
    await page.click('nav[aria-label="Views"] a[href="/explore/search"]');
    await page.waitForSelector('input[name="q"]', { timeout: 10000 });
    await page.type('input[name="q"]', '"death penalty"');
    await page.keyboard.press("Enter");
    const found = `${new Intl.NumberFormat("en").format(expected.deathPenalty.total)} recommendations match`;
    await waitForText(page, "p.found", found);
    await page.screenshot({ path: join(shots, "search.png") });
    await narrow(page, "search");
    const supported = await page.$eval('td[data-response="SUPPORTED"]', (td) => td.textContent);
    const want = new Intl.NumberFormat("en").format(expected.deathPenalty.supported);
    assert(supported === want, `supported ${supported}, expected ${want}`);
    const items = await page.$$eval("ol.recommendations li", (li) =>
      li.map((i) => [...i.querySelectorAll("mark")].map((m) => m.textContent)),
    );
    assert(items.length === 25, `${items.length} results on the first page`);
    assert(
      items.every((marks) => marks.length > 0 && marks.every((m) => /^death penalt/i.test(m))),
      `marked: ${JSON.stringify(items.slice(0, 3))}`,
    );
    // A search the language refuses is said so, with the place of the fault.
    await page.click('input[name="q"]', { count: 3 });
    await page.type('input[name="q"]', '"death');
    await page.keyboard.press("Enter");
    await waitForText(page, ".status.error", "unclosed quote");
    requests(from, 2, 4);
  });
  await check("aid view", async () => {
    await page.goto(`${origin}/explore/state/USA`, { waitUntil: "load" });
    await page.waitForSelector('tr[data-state="CUB"] a[href="/explore/aid/USA/CUB"]', { timeout: 20000 });
    const from = graphql.length;
    await page.click('tr[data-state="CUB"] a[href="/explore/aid/USA/CUB"]');
    await page.waitForSelector('table.to-donor tr[data-session="9"]', { timeout: 20000 });
    await page.screenshot({ path: join(shots, "aid-usa-cub.png") });
    const cells = await page.$$eval('table.to-donor tr[data-session="9"] td[data-response]', (td) =>
      td.map((c) => Number(c.textContent.replace(/,/g, ""))),
    );
    const sum = cells.reduce((a, b) => a + b, 0);
    assert(sum === expected.cubaToUsaAtSession9, `session 9: ${cells}, expected ${expected.cubaToUsaAtSession9} in all`);
    // The largest yearly figure, exact, in its fiscal year's row.
    const { fiscalYear, amount } = expected.largestAidToCuba;
    const [whole, fraction] = amount.split(".");
    const shown = `${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}${fraction ? `.${fraction}` : ""}`;
    const row = await page.evaluate(
      (year) =>
        [...document.querySelectorAll("section:has(#aid-given) tbody tr")]
          .find((r) => r.querySelector("th")?.textContent === String(year))
          ?.textContent ?? null,
      fiscalYear,
    );
    assert(row?.includes(shown), `fiscal year ${fiscalYear}: ${row}, expected ${shown}`);
    requests(from, 1, 2);
    await narrow(page, "aid");
  });
  await check("state view, aid with its bounds", async () => {
    // Israel's aid received holds estimates, lower bounds: their sum is "at least" it.
    const { fiscalYear, type, amount, exact } = expected.israelAtLeast;
    await page.goto(`${origin}/explore/state/ISR`, { waitUntil: "load" });
    const year = fiscalYear === null ? "period" : String(fiscalYear);
    const cell = `section:has(#aid-received) tr[data-year="${year}"] td[data-type="${type}"]`;
    await page.waitForSelector(cell, { timeout: 20000 });
    await page.$eval("#aid-received", (h) => h.scrollIntoView({ block: "start" }));
    await page.screenshot({ path: join(shots, "state-isr.png") });
    const shown = await page.$eval(cell, (td) => ({ text: td.textContent, bound: td.dataset.bound }));
    const want = `at least ${decimal(amount)}`;
    assert(shown.text === want && shown.bound === "AT_LEAST", `Israel's ${type} sum: ${JSON.stringify(shown)}, expected ${want}`);
    // An exact sum says no bound, in the table and in the chart's tooltip.
    const plain = `section:has(#aid-received) tr[data-year="${exact.fiscalYear}"] td[data-type="${exact.type}"]`;
    const exactText = await page.$eval(plain, (td) => td.textContent);
    assert(exactText === decimal(exact.amount), `an exact sum: ${exactText}, expected ${decimal(exact.amount)}`);
    const tips = await page.$$eval("section:has(#aid-received) svg title", (t) => t.map((x) => x.textContent));
    assert(tips.some((t) => t.endsWith(`${exact.fiscalYear}: ${decimal(exact.amount)} USD`)), `no tooltip of ${exact.fiscalYear}`);
    const note = await page.$eval("section:has(#aid-received) .note", (p) => p.textContent);
    assert(note.includes("at least"), `the note: ${note}`);
  });
  await check("arms beside aid and reviews", async () => {
    const { year, ids, register, recommender, suppliers } = expected.arms;
    const from = graphql.length;
    await page.goto(`${origin}/explore/aid/USA/ISR`, { waitUntil: "load" });
    const cell = (file) => `section:has(#arms-delivered) tr[data-year="${year}"] td[data-dataset="${file}"]`;
    await page.waitForSelector(cell(ids.file), { timeout: 20000 });
    await page.$eval("#arms-delivered", (h) => h.scrollIntoView({ block: "start" }));
    await page.screenshot({ path: join(shots, "aid-usa-isr.png") });
    for (const { file, shown, bound } of [ids, register]) {
      const got = await page.$eval(cell(file), (td) => ({ text: td.textContent, bound: td.dataset.bound }));
      assert(got.text === shown && got.bound === bound, `${file}, ${year}: ${JSON.stringify(got)}, expected ${shown}`);
    }
    const labels = await page.$eval("section:has(#arms-delivered)", (s) => s.textContent);
    assert(labels.includes("SIPRI TIV") && labels.includes("never money"), `the arms section's labels: ${labels.slice(0, 200)}`);
    assert(!labels.includes("USD"), "arms shown in dollars");
    const deals = await page.$eval("section:has(#arms-delivered) a.xlsx", fetchWorkbook);
    const filter = JSON.parse(new URL(deals.href).searchParams.get("filter"));
    assert(
      deals.href.includes("/export/arms-transfers.xlsx?") && filter.supplier[0] === "USA" && filter.recipient[0] === "ISR",
      `the deals' XLSX link: ${deals.href}`,
    );
    assertWorkbook(deals);
    requests(from, 1, 2);
    await narrow(page, "aid-arms");
    // The United States' page: each recommender of its first review with its arms before it.
    await page.goto(`${origin}/explore/state/USA`, { waitUntil: "load" });
    await page.waitForSelector(`table.recommenders tr[data-state="${recommender.code}"] td[data-arms="true"]`, {
      timeout: 20000,
    });
    const arms = await page.$eval(
      `table.recommenders tr[data-state="${recommender.code}"] td[data-arms="true"]`,
      (td) => td.textContent,
    );
    assert(arms === recommender.shown, `${recommender.code}'s arms: ${arms}, expected ${recommender.shown}`);
    // The review's page lists the recommenders that armed it.
    await page.goto(`${origin}/explore/review/USA/1`, { waitUntil: "load" });
    await page.waitForSelector("table.arms-suppliers tbody tr", { timeout: 20000 });
    const codes = await page.$$eval("table.arms-suppliers tbody tr", (rows) => rows.map((r) => r.dataset.state).sort());
    assert(codes.join() === suppliers.join(), `the review's arms suppliers: ${codes}, expected ${suppliers}`);
    const heading = await page.$eval("#arms-suppliers", (h) => h.textContent);
    assert(heading.includes(recommender.years), `the heading: ${heading}`);
  });
  await check("compare view", async () => {
    // From the United States' page, its first top recommender's "compare" link: the two
    // states side by side, each with its cycles, what the recommender recommended to the
    // United States, and the aid between them; one request, readable at 375 px.
    await page.goto(`${origin}/explore/state/USA`, { waitUntil: "load" });
    await page.waitForSelector("a.compare-link", { timeout: 20000 });
    const link = await page.$eval("a.compare-link", (a) => a.getAttribute("href"));
    const other = link.split("/").pop();
    const from = graphql.length;
    await Promise.all([page.waitForSelector("article.compare", { timeout: 20000 }), page.click("a.compare-link")]);
    assert(page.url().endsWith(`/explore/compare/USA/${other}`), `the URL: ${page.url()}`);
    const seen = await page.evaluate((other) => ({
      heading: document.querySelector("h1")?.textContent,
      usaCycles: document.querySelectorAll('.per-cycle')[0]?.querySelectorAll("tbody tr[data-cycle]").length,
      toUsa: [...document.querySelectorAll(`div[data-from="${other}"] tbody tr[data-cycle] td[data-response="ALL"]`)]
        .map((td) => Number(td.textContent.replace(/,/g, "")))
        .reduce((a, b) => a + b, 0),
      flows: document.querySelectorAll("table.compare-flows tbody tr").length,
    }), other);
    assert(seen.heading?.startsWith("United States of America and "), `the heading: ${seen.heading}`);
    assert(seen.usaCycles > 0, `the United States' cycles: ${seen.usaCycles}`);
    assert(seen.toUsa > 0, `what ${other} recommended to the United States: ${seen.toUsa}`);
    assert(seen.flows === 2, `the flows both ways: ${seen.flows} rows`);
    requests(from, 1, 2);
    await page.screenshot({ path: join(shots, "compare.png") });
    await narrow(page, "compare");
    // From any state's page, by its "Compare with" form: Israel with the United States.
    await page.goto(`${origin}/explore/state/ISR`, { waitUntil: "load" });
    await page.waitForSelector('form.compare-with select[name="with"] option[value="USA"]', { timeout: 20000 });
    await page.select('form.compare-with select[name="with"]', "USA");
    await Promise.all([page.waitForSelector("article.compare", { timeout: 20000 }), page.click("form.compare-with button")]);
    assert(page.url().endsWith("/explore/compare/ISR/USA"), `the URL after the form: ${page.url()}`);
  });
  await check("theme view", async () => {
    // From the United States' page, its first top theme: the theme per cycle and per
    // session (a chart with its table), the states receiving and making it, by group.
    await page.goto(`${origin}/explore/state/USA`, { waitUntil: "load" });
    await page.waitForSelector("#top-themes ~ table a.theme-link, section a.theme-link", { timeout: 20000 });
    const name = await page.$eval("a.theme-link", (a) => a.textContent);
    const from = graphql.length;
    await Promise.all([page.waitForSelector("article.theme", { timeout: 20000 }), page.click("a.theme-link")]);
    const seen = await page.evaluate(() => ({
      heading: document.querySelector("h1")?.textContent,
      cycles: document.querySelectorAll("table.theme-cycles tbody tr").length,
      sessions: [...document.querySelectorAll("table.theme-sessions tbody tr td:nth-of-type(1)")]
        .map((td) => Number(td.textContent.replace(/,/g, "")))
        .reduce((a, b) => a + b, 0),
      perCycle: [...document.querySelectorAll('table.theme-cycles td[data-response="ALL"]')]
        .map((td) => Number(td.textContent.replace(/,/g, "")))
        .reduce((a, b) => a + b, 0),
      chart: document.querySelector("article.theme .chart svg") !== null,
    }));
    assert(seen.heading === `Theme: ${name}`, `the heading: ${seen.heading}`);
    assert(seen.cycles > 0 && seen.sessions > 0, `cycles ${seen.cycles}, sessions ${seen.sessions}`);
    assert(seen.sessions === seen.perCycle, `per session ${seen.sessions}, per cycle ${seen.perCycle}`);
    assert(seen.chart, "no chart");
    requests(from, 1, 2);
    await page.screenshot({ path: join(shots, "theme.png") });
    await narrow(page, "theme");
  });
  await check("without GraphiQL", async () => {
    // A server started with --documents persisted, so without GraphiQL: the page names no
    // GraphiQL, and links nothing to /.
    await page.goto(`${bare}/explore/state/USA`, { waitUntil: "load" });
    await page.waitForSelector("li.review", { timeout: 20000 });
    const links = await page.evaluate(() => ({
      meta: document.querySelector('meta[name="uprgraph-graphiql"]') !== null,
      root: [...document.querySelectorAll("a")].filter((a) => a.getAttribute("href") === "/").length,
      named: [...document.querySelectorAll("a")].filter((a) => a.textContent.includes("GraphiQL")).length,
      nav: [...document.querySelectorAll('nav[aria-label="Views"] a')].map((a) => a.textContent),
    }));
    assert(!links.meta && links.root === 0 && links.named === 0, `links: ${JSON.stringify(links)}`);
    assert(links.nav.join() === "World,Search", `the header's links: ${links.nav}`);
  });
  await check("first run", async () => {
    // The same server holds no recommendations: the map says so and shows what to import,
    // with no legend over a map of zeros; its links lead to the reference facts.
    await page.click('nav[aria-label="Views"] a:first-child');
    await page.waitForSelector("section.first-run", { timeout: 20000 });
    const guide = await page.evaluate(() => ({
      heading: document.querySelector("#first-run")?.textContent,
      commands: [...document.querySelectorAll("section.first-run code")].map((c) => c.textContent),
      hosts: [...document.querySelectorAll("section.first-run tbody a")].map((a) => a.textContent),
      legend: document.querySelector(".map .legend")?.childElementCount,
      status: document.querySelector(".map p.status")?.textContent,
    }));
    assert(guide.heading === "No recommendations have been imported yet", `the heading: ${guide.heading}`);
    const formats = guide.commands.map((c) => c.split(" ")[2]);
    assert(formats.join() === "upr-info,uhri,foreign-assistance,oecd-dac2a,sipri", `the commands: ${guide.commands}`);
    assert(guide.hosts.length === 5 && guide.hosts.every((h) => h.includes(".")), `the sources: ${guide.hosts}`);
    assert(guide.legend === 0, `a legend over no figures: ${guide.legend} elements`);
    assert(guide.status?.startsWith("No figures of this measure"), `the map's status: ${guide.status}`);
    await page.screenshot({ path: join(shots, "first-run.png"), fullPage: true });
    await Promise.all([page.waitForSelector("li.review.status-non_cooperation", { timeout: 20000 }), page.click('section.first-run a[href$="/state/ISR"]')]);
  });
  await check("world view, aid from an organisation", async () => {
    // OECD's donors include organisations: the donor menu lists them apart from the
    // states, and picking the EU maps the aid it gave, with `donorOrg=EU` in the URL.
    const { code, name, amount, bound } = expected.euAid;
    let from = graphql.length;
    await page.goto(`${oecd}/explore/world?measure=aid`, { waitUntil: "load" });
    // The first donor the data has is picked, and its aid shown, before the EU is.
    await page.waitForSelector('select[name="type"] option', { timeout: 20000 });
    await page.waitForSelector('select[name="donor"] optgroup[label="Organisations"] option[value="organization:EU"]', {
      timeout: 20000,
    });
    const menu = await page.$eval('select[name="donor"]', (s) =>
      [...s.querySelectorAll("optgroup")].map((g) => ({ label: g.label, options: g.querySelectorAll("option").length })),
    );
    assert(
      menu.length === 2 && menu[0].label === "States" && menu[0].options > 20 && menu[1].options > 20,
      `the donor menu's groups: ${JSON.stringify(menu)}`,
    );
    requests(from, 2, 3);
    from = graphql.length;
    await page.select('select[name="donor"]', "organization:EU");
    await page.waitForFunction(() => location.search.includes("donorOrg=EU") && !location.search.includes("donor="), {
      timeout: 10000,
    });
    await waitForText(page, "h1", `aid received from ${name}`);
    await page.waitForFunction(() => document.querySelectorAll("svg.choropleth path.state[fill]").length > 50, {
      timeout: 20000,
    });
    const shown = async () => ({
      caption: await page.$eval(".world-table caption", (c) => c.textContent),
      first: await page.$eval(".world-table tbody tr", (r) => ({ code: r.dataset.code, figure: r.cells[1]?.textContent })),
      fill: await page.$eval(`svg.choropleth path[data-code="${code}"]`, (p) => p.getAttribute("fill")),
      swatches: await page.$$eval(".legend svg rect", (r) => r.map((x) => x.getAttribute("fill"))),
    });
    const prefix = bound === "AT_LEAST" ? "at least " : bound === "MORE_THAN" ? "more than " : "";
    const want = `${prefix}${decimal(amount)}`;
    const picked = await shown();
    await page.screenshot({ path: join(shots, "world-aid-eu.png") });
    assert(picked.caption.startsWith(`Aid from ${name}: ODA disbursement, OECD DAC Table 2a (USD)`), `the caption: ${picked.caption}`);
    assert(picked.first.code === code && picked.first.figure === want, `first row ${JSON.stringify(picked.first)}, expected ${code} ${want}`);
    assert(picked.swatches.length === 5 && picked.fill === picked.swatches.at(-1), `${code} ${picked.fill}, legend ${picked.swatches}`);
    requests(from, 1, 1);
    // The URL alone opens the same map.
    await page.reload({ waitUntil: "load" });
    await page.waitForFunction(() => document.querySelectorAll("svg.choropleth path.state[fill]").length > 50, {
      timeout: 20000,
    });
    const reloaded = await shown();
    assert(JSON.stringify(reloaded) === JSON.stringify(picked), `after a reload: ${JSON.stringify(reloaded)}`);
    const selected = await page.$eval('select[name="donor"]', (s) => s.value);
    assert(selected === "organization:EU", `the donor menu after a reload: ${selected}`);
    // A private donor, whose code is its name: spaces and `&` survive the URL, and its
    // figures are private development finance, not ODA.
    const gates = "Bill & Melinda Gates Foundation";
    await page.select('select[name="donor"]', `organization:${gates}`);
    await page.waitForFunction(() => location.search.includes("donorOrg=Bill+%26+Melinda+Gates+Foundation"), {
      timeout: 10000,
    });
    await page.reload({ waitUntil: "load" });
    await waitForText(page, "h1", `aid received from ${gates}`);
    await waitForText(page, ".world-table caption", `Aid from ${gates}: Private development finance disbursement`);
    const coloured = await page.$$eval("svg.choropleth path.state[fill]", (p) => p.length);
    assert(coloured > 10, `${coloured} states coloured by the foundation's aid`);
  });
  await check("state view, donors with organisations", async () => {
    // Afghanistan's donors, states and organisations: the EU by its name, with its sum,
    // linked to the map of its aid; a state linked to the aid between the two.
    const { name, afghanistan } = expected.euAid;
    const prefix = afghanistan.bound === "AT_LEAST" ? "at least " : afghanistan.bound === "MORE_THAN" ? "more than " : "";
    await page.goto(`${oecd}/explore/state/AFG`, { waitUntil: "load" });
    const row = 'table.aid-by-donor tr[data-donor-kind="organization"][data-donor="EU"]';
    await page.waitForSelector(row, { timeout: 20000 });
    await page.$eval("#aid-by-donor", (h) => h.scrollIntoView({ block: "start" }));
    await page.screenshot({ path: join(shots, "state-afg.png") });
    const eu = await page.$eval(row, (r) => ({
      cells: [...r.cells].map((c) => c.textContent),
      category: r.cells[2]?.dataset.category,
      link: r.querySelector("a")?.getAttribute("href"),
    }));
    const want = `${prefix}${decimal(afghanistan.amount)} ${afghanistan.currency}`;
    assert(
      eu.cells[0] === name && eu.cells[1] === "ODA disbursement, OECD DAC Table 2a (USD)" && eu.cells[2] === want,
      `the EU's row: ${eu.cells}, expected ${name} … ${want}`,
    );
    assert(eu.category === "OFFICIAL_DEVELOPMENT_ASSISTANCE", `the EU's category: ${eu.category}`);
    assert(eu.link === "/explore/world?measure=aid&donorOrg=EU", `the EU's link: ${eu.link}`);
    const states = await page.$$eval('table.aid-by-donor tr[data-donor-kind="state"]', (rows) =>
      rows.map((r) => ({ code: r.dataset.donor, link: r.querySelector("a")?.getAttribute("href") })),
    );
    assert(states.length > 5, `${states.length} donor states`);
    assert(states.every((s) => s.link === `/explore/aid/${s.code}/AFG`), `the states' links: ${JSON.stringify(states)}`);
    await narrow(page, "state-afg");
    await page.click(`${row} a`);
    await waitForText(page, "h1", `aid received from ${name}`);
    await page.waitForFunction(() => document.querySelectorAll("svg.choropleth path.state[fill]").length > 50, {
      timeout: 20000,
    });
  });
  await page.close();
} catch (error) {
  problems.push(`${error.message}`);
} finally {
  await browser?.close();
  rmSync(profile, { recursive: true, force: true });
}
if (problems.length) console.error(problems.join("\n"));
// A problem outside the checks (a console error, a request off the server) fails the run
// even when every check passed.
const failed = problems.length ? Math.max(1, CHECKS - passed.length) : 0;
console.log(`explorer: ${passed.length} passed, ${failed} failed`);
process.exit(problems.length ? 1 : 0);
