// The State view: profile, reviews by cycle with their status and source, the
// recommendations received by cycle and response, who recommends most, the aid received
// and provided by fiscal year, the donors that gave it most (states and organisations),
// the arms received and supplied by year of delivery (SIPRI TIV) with the main partners,
// and the states that recommended to this one with the aid between them and the arms each
// delivered to it before the review. One request: StateView.
import * as Plot from "@observablehq/plot";
import { useCallback } from "preact/hooks";
import { Chart, PLOT_CLASS } from "../chart";
import { useQuery } from "../data";
import {
  StateViewDocument,
  type Bound,
  type StateViewQuery,
  type Response,
} from "../gql/graphql";
import {
  aidSeriesColour,
  aidSeriesKey,
  aidSeriesLabel,
  type AidSeriesOf,
  bounded,
  boundedMoney,
  count,
  GROUP_LABEL,
  RESPONSE_COLOUR,
  RESPONSE_LABEL,
  RESPONSES,
  share,
  STATUS_LABEL,
  UN_STATUS_LABEL,
} from "../format";
import { donorKey, donorOf, href, navigate } from "../router";
import { ArmsByYear, armsCell, ArmsPartners, TIV_UNIT } from "./Arms";
import { ThemeLink } from "./Theme";
import { Await, ByResponse, graphiql, Heading, keyed, Provenance, Ranking } from "./common";

type State = NonNullable<StateViewQuery["state"]>;
type Review = State["reviews"]["nodes"][number];
type AidTotal = State["aidReceived"][number];

export function StateView({ code }: { code: string }) {
  const loaded = useQuery(StateViewDocument, { code });
  return (
    <Await loaded={loaded}>
      {(data) =>
        data.state ? (
          <StatePage state={data.state} data={data} />
        ) : (
          <>
            <Heading>No state {code}</Heading>
            <p>No state has the ISO 3166-1 code {code}.</p>
          </>
        )
      }
    </Await>
  );
}

/** "Compare with …": any other state, side by side with this one. */
function CompareWith({ state, data }: { state: State; data: StateViewQuery }) {
  const others = new Map<string, string>();
  for (const s of [...data.compareFirst.nodes, ...data.compareLast.nodes]) {
    if (s.code !== state.code) others.set(s.code, s.name);
  }
  const submit = (event: Event) => {
    event.preventDefault();
    const other = new FormData(event.currentTarget as HTMLFormElement).get("with");
    if (typeof other === "string" && other !== "") navigate(href({ view: "compare", a: state.code, b: other }));
  };
  return (
    <form class="compare-with" onSubmit={submit}>
      <label>
        Compare with{" "}
        <select name="with" required>
          <option value="">a state…</option>
          {[...others].map(([code, name]) => (
            <option key={code} value={code}>
              {name}
            </option>
          ))}
        </select>
      </label>{" "}
      <button type="submit">Compare</button>
    </form>
  );
}

function StatePage({ state, data }: { state: State; data: StateViewQuery }) {
  const editor = graphiql();
  const reviews = [...state.reviews.nodes].sort(
    (a, b) => a.cycle.number - b.cycle.number || a.session.number - b.session.number,
  );
  return (
    <article class="state">
      <Heading>{state.name}</Heading>
      <CompareWith state={state} data={data} />
      <Profile state={state} />
      <Reviews reviews={reviews} state={state} />
      <ByCycle stats={state.byCycle} />
      <BySession stats={state.bySession} />
      <TopLists state={state} />
      <Aid title="Aid received" totals={state.aidReceived} id="aid-received" />
      <AidByDonor state={state} />
      <Aid title="Aid provided" totals={state.aidProvided} id="aid-provided" />
      <ArmsByYear
        title="Arms received"
        totals={data.armsReceived}
        id="arms-received"
        deals={{ recipient: [state.code] }}
      />
      <ArmsByYear
        title="Arms supplied"
        totals={data.armsSupplied}
        id="arms-supplied"
        deals={{ supplier: [state.code] }}
      />
      <div class="columns">
        <ArmsPartners
          title="Who armed it most"
          id="arms-suppliers"
          totals={data.armsSuppliers}
          pair={(partner) => ({ donor: partner, recipient: state.code })}
        />
        <ArmsPartners
          title="Whom it armed most"
          id="arms-recipients"
          totals={data.armsRecipients}
          pair={(partner) => ({ donor: state.code, recipient: partner })}
        />
      </div>
      <Recommenders state={state} reviews={reviews} />
      <Provenance
        datasets={data.datasets.nodes}
        extra={
          <p>
            Reviews, their status and sources: the reference data of UN documents listed above each review. The
            same numbers, as JSON: {editor ? <a href={editor}>GraphiQL</a> : <code>/graphql</code>}.
          </p>
        }
      />
    </article>
  );
}

function Profile({ state }: { state: State }) {
  return (
    <section aria-labelledby="profile">
      <h2 id="profile">Profile</h2>
      <dl class="profile">
        <dt>Official name</dt>
        <dd>{state.officialName}</dd>
        <dt>Codes</dt>
        <dd>
          {state.code} · {state.alpha2} · {state.numericCode}
        </dd>
        <dt>UN status</dt>
        <dd>{UN_STATUS_LABEL[state.unStatus]}</dd>
        <dt>Admitted to the UN</dt>
        <dd>{state.admittedOn ?? "not a member"}</dd>
        <dt>Regional group</dt>
        <dd>{state.regionalGroup ? GROUP_LABEL[state.regionalGroup] : "none"}</dd>
        <dt>Organisations</dt>
        <dd>{state.organizations.length ? state.organizations.map((o) => o.name).join(", ") : "none recorded"}</dd>
      </dl>
      {state.regionalGroupMemberships.length > 1 && (
        <table>
          <caption>Regional group over time</caption>
          <thead>
            <tr>
              <th scope="col">Group</th>
              <th scope="col">From</th>
              <th scope="col">To</th>
              <th scope="col">Note</th>
            </tr>
          </thead>
          <tbody>
            {state.regionalGroupMemberships.map((m) => (
              <tr key={`${m.group}-${m.validFrom ?? ""}`}>
                <td>{GROUP_LABEL[m.group]}</td>
                <td>{m.validFrom ?? "—"}</td>
                <td>{m.validTo ?? "now"}</td>
                <td>{m.note ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function Reviews({ reviews, state }: { reviews: Review[]; state: State }) {
  return (
    <section aria-labelledby="reviews">
      <h2 id="reviews">Reviews by cycle</h2>
      <ol class="timeline">
        {reviews.map((r) => (
          <li key={`${r.cycle.number}-${r.session.number}`} class={`review status-${r.status.toLowerCase()}`}>
            <span class="cycle">Cycle {r.cycle.number}</span>
            <span class="session">session {r.session.number}</span>
            <strong class="review-status">{STATUS_LABEL[r.status]}</strong>
            <span>{r.heldOn ? `held on ${r.heldOn}` : r.scheduledOn ? `scheduled for ${r.scheduledOn}` : ""}</span>
            {r.outcomeSymbol && <span>outcome report {r.outcomeSymbol}</span>}
            {r.recommenders.length > 0 && (
              <a
                href={href({
                  view: "review",
                  code: state.code,
                  cycle: r.cycle.number,
                  filter: { response: null, from: null, theme: null, category: null, q: null },
                  after: null,
                  before: null,
                })}
              >
                its recommendations
              </a>
            )}
            {r.note && <p class="note">{r.note}</p>}
            {r.source && (
              <p class="source">
                Source:{" "}
                {r.source.url ? <a href={r.source.url}>{r.source.title}</a> : r.source.title}
                {", "}
                {r.source.publisher}
                {r.source.documentSymbol ? ` (${r.source.documentSymbol})` : ""}
              </p>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** The recommendations received at each of the state's reviews, session by session. */
function BySession({ stats }: { stats: State["bySession"] }) {
  const counts = keyed(stats, (s) => s.session);
  const rows = stats.flatMap((s) =>
    s.session === null || s.response === null
      ? []
      : [{ session: s.session, response: RESPONSE_LABEL[s.response], count: s.count }],
  );
  const draw = useCallback(
    () =>
      Plot.plot({
        className: PLOT_CLASS,
        width: 640,
        height: 200,
        marginLeft: 50,
        x: { label: "Session", type: "band" },
        y: { label: "Recommendations", grid: true },
        color: { domain: RESPONSES.map((r) => RESPONSE_LABEL[r]), range: RESPONSES.map((r) => RESPONSE_COLOUR[r]) },
        marks: [
          Plot.barY(rows, {
            x: "session",
            y: "count",
            fill: "response",
            title: (d: (typeof rows)[number]) => `Session ${d.session}, ${d.response}: ${count(d.count)}`,
          }),
          Plot.ruleY([0]),
        ],
      }),
    [stats],
  );
  if (counts.length === 0) return null;
  return (
    <section aria-labelledby="by-session">
      <h2 id="by-session">Recommendations received, session by session</h2>
      <div class="figure">
        <Chart draw={draw} label="Stacked bars of the table beside, coloured as the chart above" />
        <div class="scroll">
          <ByResponse counts={counts} keyLabel="Session" rowKey="session" className="by-session" />
        </div>
      </div>
    </section>
  );
}

function ByCycle({ stats }: { stats: State["byCycle"] }) {
  const cycles = [...new Set(stats.map((s) => s.cycle).filter((c): c is number => c !== null))].sort((a, b) => a - b);
  const rows = stats
    .filter((s) => s.cycle !== null && s.response !== null)
    .map((s) => ({ cycle: `Cycle ${s.cycle}`, response: RESPONSE_LABEL[s.response as Response], count: s.count }));
  const draw = useCallback(
    () =>
      Plot.plot({
        className: PLOT_CLASS,
        width: 640,
        height: 260,
        marginLeft: 50,
        x: { label: null },
        y: { label: "Recommendations", grid: true },
        color: {
          domain: RESPONSES.map((r) => RESPONSE_LABEL[r]),
          range: RESPONSES.map((r) => RESPONSE_COLOUR[r]),
          legend: true,
        },
        marks: [
          Plot.barY(rows, { x: "cycle", y: "count", fill: "response", title: (d: (typeof rows)[number]) => `${d.response}: ${count(d.count)}` }),
          Plot.ruleY([0]),
        ],
      }),
    [stats],
  );
  return (
    <section aria-labelledby="by-cycle">
      <h2 id="by-cycle">Recommendations received, by cycle and response</h2>
      {cycles.length === 0 ? (
        <p>No recommendations to this state in the imported files.</p>
      ) : (
        <div class="figure">
          <Chart draw={draw} label="Stacked bars of the table beside" />
          <div class="scroll">
            <ByResponse
              counts={keyed(stats, (s) => s.cycle)}
              keyLabel="Cycle"
              rowKey="cycle"
              className="by-cycle"
              caption="Recommendations received"
              total="Total"
            />
          </div>
        </div>
      )}
    </section>
  );
}

function TopLists({ state }: { state: State }) {
  return (
    <div class="columns">
      <section aria-labelledby="top-recommenders">
        <h2 id="top-recommenders">Who recommends most</h2>
        <Ranking
          label="State"
          rows={state.topRecommenders.map((s) => ({
            key: s.recommendingState?.code ?? "none",
            name: s.recommendingState ? (
              <>
                <a href={href({ view: "state", code: s.recommendingState.code })}>{s.recommendingState.name}</a>{" "}
                <a class="compare-link" href={href({ view: "compare", a: state.code, b: s.recommendingState.code })}>
                  (compare)
                </a>
              </>
            ) : (
              "not named"
            ),
            count: s.count,
            figure: count(s.supported),
          }))}
        />
      </section>
      <section aria-labelledby="top-themes">
        <h2 id="top-themes">Top themes</h2>
        <Ranking
          label="Theme"
          rows={state.topThemes.map((s) => ({
            key: s.theme?.name ?? "none",
            name: s.theme ? <ThemeLink name={s.theme.name} /> : "no theme",
            count: s.count,
            figure: count(s.supported),
          }))}
        />
      </section>
    </div>
  );
}

export function Aid({ title, totals, id }: { title: string; totals: AidTotal[]; id: string }) {
  const years = [...new Set(totals.map((t) => t.fiscalYear))].sort((a, b) => (a ?? 0) - (b ?? 0));
  // One series per source, category, transaction type and currency: the server keeps two
  // sources' figures of the same money apart, and so does the table.
  const bySeries = new Map(totals.map((t) => [aidSeriesKey(t), t] as const));
  const series = [...bySeries.keys()].sort((a, b) => aidSeriesLabel(bySeries.get(a)!).localeCompare(aidSeriesLabel(bySeries.get(b)!)));
  const find = (year: number | null, key: string) =>
    totals.find((t) => t.fiscalYear === year && aidSeriesKey(t) === key);
  const label = (key: string) => aidSeriesLabel(bySeries.get(key)!);
  const points = totals
    .filter((t) => t.fiscalYear !== null)
    .map((t) => ({
      year: t.fiscalYear as number,
      amount: Number(t.amount.amount),
      series: aidSeriesLabel(t),
      exact: boundedMoney(t.amount, t.bound),
    }));
  const draw = useCallback(
    () =>
      Plot.plot({
        className: PLOT_CLASS,
        width: 640,
        height: 260,
        marginLeft: 70,
        x: { label: "Fiscal year", tickFormat: "d" },
        y: { label: "Amount", grid: true, tickFormat: "s" },
        color: {
          legend: true,
          domain: series.map(label),
          range: series.map((key) => aidSeriesColour(bySeries.get(key)!)),
        },
        marks: [
          Plot.lineY(points, { x: "year", y: "amount", stroke: "series", sort: "year" }),
          Plot.dot(points, {
            x: "year",
            y: "amount",
            fill: "series",
            r: 3,
            title: (d: (typeof points)[number]) => `${d.series}, ${d.year}: ${d.exact}`,
          }),
        ],
      }),
    [totals],
  );
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{title}, by fiscal year, transaction type and source</h2>
      {totals.length === 0 ? (
        <p>None in the imported files.</p>
      ) : (
        <div class="figure">
          {points.length > 0 && <Chart draw={draw} label={`${title}: lines of the table beside`} />}
          <div class="scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">Fiscal year</th>
                  {series.map((s) => (
                    <th scope="col" key={s}>
                      {label(s)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {years.map((y) => (
                  <tr key={y ?? "period"} data-year={y ?? "period"}>
                    <th scope="row">{y ?? "a period"}</th>
                    {series.map((s) => {
                      const t = find(y, s);
                      return (
                        <td
                          class="number"
                          key={s}
                          data-type={bySeries.get(s)!.transactionType ?? ""}
                          data-category={bySeries.get(s)!.category ?? ""}
                          data-bound={t?.bound}
                        >
                          {t ? bounded(t.amount.amount, t.bound) : "—"}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {totals.some((t) => t.bound !== "EXACT") && (
            <p class="note">
              A sum is “at least” when a figure in it is a lower bound (an estimate), “more than” when one is
              published as more than its amount: the true total is then that much or more.
            </p>
          )}
        </div>
      )}
    </section>
  );
}

export function aidCell(totals: (AidSeriesOf & { bound: Bound; amount: { amount: string; currency: string } })[]) {
  if (totals.length === 0) return "—";
  return totals.map((t) => `${aidSeriesLabel(t).replace(/ \([A-Z]{3}\)$/, "")}: ${boundedMoney(t.amount, t.bound)}`).join("; ");
}

/** The donors that gave the state most, states and organisations alike: one row per donor
 * and series (source, category, transaction type, currency), so no two sources' or
 * categories' figures are ever added. A donor state links to the aid between the two; an
 * organisation, to the map of the aid it gave. */
function AidByDonor({ state }: { state: State }) {
  const rows = state.aidByDonor;
  return (
    <section aria-labelledby="aid-by-donor">
      <h2 id="aid-by-donor">Aid received, by donor</h2>
      {rows.length === 0 ? (
        <p>None in the imported files.</p>
      ) : (
        <div class="scroll">
          <table class="aid-by-donor">
            <caption>
              The largest sums {state.name} received, over every fiscal year of the imported files: each donor's,
              per source, category and transaction type
            </caption>
            <thead>
              <tr>
                <th scope="col">Donor</th>
                <th scope="col">Figures</th>
                <th scope="col">Amount</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((t) => {
                const of = donorOf(t);
                const donor = of?.donor;
                const name = of?.name ?? "not named";
                return (
                  <tr
                    key={`${donor ? donorKey(donor) : ""}|${aidSeriesKey(t)}`}
                    data-donor={donor?.code}
                    data-donor-kind={donor?.kind}
                  >
                    <td>
                      {donor?.kind === "state" ? (
                        <a href={href({ view: "aid", donor: donor.code, recipient: state.code })}>{name}</a>
                      ) : donor?.kind === "organization" ? (
                        <a
                          href={href({ view: "world", measure: "aid", cycle: null, donor, type: null })}
                          title={`The map of the aid ${name} gave`}
                        >
                          {name}
                        </a>
                      ) : (
                        name
                      )}
                    </td>
                    <td>{aidSeriesLabel(t)}</td>
                    <td
                      class="number"
                      data-category={t.category ?? ""}
                      data-type={t.transactionType ?? ""}
                      data-bound={t.bound}
                    >
                      {boundedMoney(t.amount, t.bound)}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function Recommenders({ state, reviews }: { state: State; reviews: Review[] }) {
  const held = reviews.filter((r) => r.recommenders.length > 0);
  return (
    <section aria-labelledby="recommenders">
      <h2 id="recommenders">
        The states that recommended to {state.name}, with the aid between them and the arms each delivered to it in the
        five years before the review
      </h2>
      {held.length === 0 && <p>No recommendations to this state in the imported files.</p>}
      {held.map((r) => (
        <div class="scroll" key={`${r.cycle.number}-${r.session.number}`}>
          <table class="recommenders">
            <caption>
              Cycle {r.cycle.number}, session {r.session.number}
            </caption>
            <thead>
              <tr>
                <th scope="col">Recommending state</th>
                <th scope="col">Recommendations</th>
                <th scope="col">Supported</th>
                <th scope="col">Partly supported</th>
                <th scope="col">Noted</th>
                <th scope="col">Share supported</th>
                <th scope="col">Aid it gave {state.name}</th>
                <th scope="col">Aid it received from {state.name}</th>
                <th scope="col">
                  Arms it delivered to {state.name}
                  {r.recommenders[0]?.arms.years
                    ? `, ${r.recommenders[0].arms.years.firstYear}–${r.recommenders[0].arms.years.lastYear}`
                    : ""}{" "}
                  ({TIV_UNIT})
                </th>
              </tr>
            </thead>
            <tbody>
              {r.recommenders.map((x) => (
                <tr key={x.state.code} data-state={x.state.code}>
                  <td>
                    <a href={href({ view: "state", code: x.state.code })}>{x.state.name}</a>
                  </td>
                  <td class="number">{count(x.recommendations.count)}</td>
                  <td class="number">{count(x.recommendations.supported)}</td>
                  <td class="number">{count(x.recommendations.partlySupported)}</td>
                  <td class="number">{count(x.recommendations.noted)}</td>
                  <td class="number">
                    {x.recommendations.count ? share(x.recommendations.supported / x.recommendations.count) : "—"}
                  </td>
                  <td>
                    {x.aidToStateUnderReview.length ? (
                      <a href={href({ view: "aid", donor: x.state.code, recipient: state.code })}>
                        {aidCell(x.aidToStateUnderReview)}
                      </a>
                    ) : (
                      "—"
                    )}
                  </td>
                  <td>
                    {x.aidFromStateUnderReview.length ? (
                      <a href={href({ view: "aid", donor: state.code, recipient: x.state.code })}>
                        {aidCell(x.aidFromStateUnderReview)}
                      </a>
                    ) : (
                      "—"
                    )}
                  </td>
                  <td data-arms={x.arms.toStateUnderReview.length > 0}>
                    {x.arms.toStateUnderReview.length ? (
                      <a href={href({ view: "aid", donor: x.state.code, recipient: state.code })}>{armsCell(x.arms)}</a>
                    ) : (
                      armsCell(x.arms)
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
    </section>
  );
}
