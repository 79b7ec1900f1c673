// The World view: a choropleth of the states by a measure, for one cycle or all, with the
// same numbers in a table beside. Shapes: Natural Earth's, from world-atlas (1:110m),
// fetched from this server only when the view opens; a state is matched to its shape by
// State.numericCode, and a state too small for the shapes is still in the table. The aid
// measure is one donor's aid to each state over every fiscal year, for one source's figures
// of one category and transaction type (the types are stages of the same money, and two
// sources may report the same money, so neither is ever added together); the donor is a
// state or an organisation (the EU institutions, a development bank, a UN agency, a fund,
// a private donor).
import * as Plot from "@observablehq/plot";
import { geoEqualEarth, geoPath } from "d3-geo";
import type { Feature, Geometry } from "geojson";
import { useEffect, useMemo, useState } from "preact/hooks";
import { feature } from "topojson-client";
import type { GeometryCollection, Topology } from "topojson-specification";
import { PLOT_CLASS } from "../chart";
import { useQuery } from "../data";
import { WorldViewDocument, type TransactionType, type WorldViewQuery } from "../gql/graphql";
import { aidSeriesKey, aidSeriesLabel, bounded, count, share } from "../format";
import { donorKey, donorOf, href, MEASURES, navigate, type Donor, type Measure, type Route } from "../router";
import { Await, Heading, Provenance } from "./common";

const MEASURE_LABEL: Record<Measure, string> = {
  received: "Recommendations received",
  supportedShare: "Share of recommendations received that were supported",
  made: "Recommendations made",
  aid: "Aid received from a donor",
};

type WorldRoute = Extract<Route, { view: "world" }>;
type Shape = Feature<Geometry, { name: string }>;

interface Row {
  code: string;
  name: string;
  numericCode: string;
  /** The figure the colour is picked by; null when there is none. */
  value: number | null;
  /** The figure as the table and the hover show it (an amount exactly, with its bound). */
  shown: string;
}

type AidRow = NonNullable<WorldViewQuery["aid"]>[number];

/** A donor the picker offers, with the name it is shown by. */
interface DonorChoice {
  donor: Donor;
  name: string;
}

/** The donors of the imported aid, states and organisations, each once (a sum arrives per
 * donor, source and currency), largest first. */
function donorChoices(donors: WorldViewQuery["donors"]): DonorChoice[] {
  const choices = new Map<string, DonorChoice>();
  for (const d of donors) {
    const choice = donorOf(d);
    if (choice && !choices.has(donorKey(choice.donor))) choices.set(donorKey(choice.donor), choice);
  }
  return [...choices.values()];
}

/** The series the aid measure can show: a source's figures of one category and
 * transaction type in a currency (two sources' reports of the same money are never mixed).
 * `value` names it in the route: the transaction type, with `~ODA` for official development
 * assistance, `~PDF` for private development finance and `~N` for the N-th further source
 * of the same kind. */
interface AidSeries {
  key: string;
  value: string;
  type: TransactionType;
  currency: string;
  label: string;
  recipients: number;
}

/** The donor's series, the one with the most recipients first (disbursements first on a tie). */
function aidSeries(aid: AidRow[]): AidSeries[] {
  const series = new Map<string, AidSeries>();
  for (const a of aid) {
    if (!a.transactionType || !a.recipient) continue;
    const key = aidSeriesKey(a);
    const s = series.get(key) ?? {
      key,
      value: "",
      type: a.transactionType,
      currency: a.amount.currency,
      label: aidSeriesLabel(a),
      recipients: 0,
    };
    s.recipients += 1;
    series.set(key, s);
  }
  const sorted = [...series.values()].sort(
    (a, b) =>
      b.recipients - a.recipients ||
      Number(b.type === "DISBURSEMENT") - Number(a.type === "DISBURSEMENT") ||
      a.label.localeCompare(b.label),
  );
  const taken = new Map<string, number>();
  for (const s of sorted) {
    const category = s.key.split("|")[0];
    const suffix =
      category === "OFFICIAL_DEVELOPMENT_ASSISTANCE" ? "~ODA" : category === "PRIVATE_DEVELOPMENT_FINANCE" ? "~PDF" : "";
    const base = `${s.type}${suffix}`;
    const n = taken.get(base) ?? 0;
    taken.set(base, n + 1);
    s.value = n === 0 ? base : `${base}~${n}`;
  }
  return sorted;
}

/** The series the route asks for, or the donor's first. */
function chosenSeries(aid: AidRow[], type: string | null): AidSeries | null {
  const all = aidSeries(aid);
  return all.find((s) => s.value === type) ?? all[0] ?? null;
}

const WIDTH = 960;
const HEIGHT = 470;

function useShapes(): Shape[] | null | "failed" {
  const [shapes, setShapes] = useState<Shape[] | null | "failed">(null);
  useEffect(() => {
    const address = document.querySelector<HTMLMetaElement>('meta[name="uprgraph-world-atlas"]')?.content;
    if (!address) {
      setShapes("failed");
      return;
    }
    fetch(address)
      .then((r) => r.json() as Promise<Topology<{ countries: GeometryCollection<{ name: string }> }>>)
      .then((topology) => {
        const countries = topology.objects.countries;
        setShapes(feature(topology, countries).features as Shape[]);
      })
      .catch(() => setShapes("failed"));
  }, []);
  return shapes;
}

function rows(data: WorldViewQuery, measure: Measure, series: AidSeries | null): Row[] {
  const states = new Map<string, Row>();
  for (const s of [...data.first.nodes, ...data.last.nodes]) {
    const none = measure === "aid" ? "none recorded" : "no data";
    states.set(s.code, { code: s.code, name: s.name, numericCode: s.numericCode, value: null, shown: none });
  }
  const put = (code: string | undefined, value: number, shown: string) => {
    const row = code ? states.get(code) : undefined;
    if (row) Object.assign(row, { value, shown });
  };
  if (measure === "aid") {
    for (const a of data.aid ?? []) {
      if (series && aidSeriesKey(a) === series.key)
        put(a.recipient?.code, Number(a.amount.amount), bounded(a.amount.amount, a.bound));
    }
  } else if (measure === "made") data.made.forEach((s) => put(s.recommendingState?.code, s.count, count(s.count)));
  else
    data.received.forEach((s) =>
      measure === "received"
        ? put(s.stateUnderReview?.code, s.count, count(s.count))
        : put(s.stateUnderReview?.code, s.supportedShare, share(s.supportedShare)),
    );
  if (measure === "received" || measure === "made")
    states.forEach((r) => {
      if (r.value === null) Object.assign(r, { value: 0, shown: count(0) });
    });
  return [...states.values()].sort((a, b) => (b.value ?? -1) - (a.value ?? -1) || a.name.localeCompare(b.name));
}

/** What the view asks the server: the aid only when the map shows it, for its donor, a
 * state or an organisation. */
function variables(route: WorldRoute) {
  const donor = route.measure === "aid" ? route.donor : null;
  return {
    cycle: route.cycle === null ? null : [route.cycle],
    donor: donor?.kind === "state" ? [donor.code] : null,
    donorOrganization: donor?.kind === "organization" ? [donor.code] : null,
    withAid: donor !== null,
  };
}

export function WorldView({ route }: { route: WorldRoute }) {
  const loaded = useQuery(WorldViewDocument, variables(route));
  const shapes = useShapes();
  const data = loaded.status === "done" ? loaded.data : null;
  const donors = donorChoices(data?.donors ?? []);
  // The aid measure without a donor: the first donor the data has, once it is known.
  const first = route.measure === "aid" && route.donor === null ? donors[0]?.donor : undefined;
  useEffect(() => {
    if (first) navigate(href({ ...route, donor: first }), true);
  }, [first && donorKey(first)]);
  const key = route.donor ? donorKey(route.donor) : null;
  const donorName = donors.find((d) => donorKey(d.donor) === key)?.name ?? route.donor?.code ?? "a donor";
  const title =
    route.measure === "aid" ? `aid received from ${donorName}` : MEASURE_LABEL[route.measure].toLowerCase();
  return (
    <article class="world">
      <Heading>The world, by {title}</Heading>
      <Pickers route={route} cycles={data?.cycles ?? []} donors={donors} aid={data?.aid ?? null} />
      <Await loaded={loaded}>
        {(data) => (
          <>
            {data.received.length === 0 && data.made.length === 0 && <FirstRun />}
            <World data={data} route={route} shapes={shapes} donorName={donorName} />
          </>
        )}
      </Await>
    </article>
  );
}

function Pickers({
  route,
  cycles,
  donors,
  aid,
}: {
  route: WorldRoute;
  cycles: WorldViewQuery["cycles"];
  donors: DonorChoice[];
  aid: AidRow[] | null;
}) {
  const series = aid ? aidSeries(aid) : [];
  const chosen = aid ? chosenSeries(aid, route.type) : null;
  const key = route.donor ? donorKey(route.donor) : "";
  const states = donors.filter((d) => d.donor.kind === "state");
  const organizations = donors.filter((d) => d.donor.kind === "organization");
  const option = (d: DonorChoice) => (
    <option value={donorKey(d.donor)} key={donorKey(d.donor)}>
      {d.name}
    </option>
  );
  return (
    <form class="pickers" onSubmit={(e) => e.preventDefault()}>
      <label>
        Measure{" "}
        <select
          name="measure"
          value={route.measure}
          onChange={(e) => {
            const measure = e.currentTarget.value as Measure;
            // Aid is not by cycle: the aid measure drops the cycle.
            navigate(href({ ...route, measure, cycle: measure === "aid" ? null : route.cycle }), true);
          }}
        >
          {MEASURES.map((m) => (
            <option value={m} key={m}>
              {MEASURE_LABEL[m]}
            </option>
          ))}
        </select>
      </label>
      {route.measure === "aid" ? (
        <>
          <label>
            Donor{" "}
            <select
              name="donor"
              value={key}
              onChange={(e) => {
                const value = e.currentTarget.value;
                const donor = donors.find((d) => donorKey(d.donor) === value)?.donor ?? route.donor;
                navigate(href({ ...route, donor, type: null }), true);
              }}
            >
              {route.donor !== null && !donors.some((d) => donorKey(d.donor) === key) && (
                <option value={key}>{route.donor.code}</option>
              )}
              {states.length > 0 && <optgroup label="States">{states.map(option)}</optgroup>}
              {organizations.length > 0 && <optgroup label="Organisations">{organizations.map(option)}</optgroup>}
            </select>
          </label>
          <label>
            Figures{" "}
            <select
              name="type"
              value={chosen?.value ?? ""}
              onChange={(e) => navigate(href({ ...route, type: e.currentTarget.value }), true)}
            >
              {series.map((s) => (
                <option value={s.value} key={s.key}>
                  {s.label.replace(/\)$/, `, ${s.recipients} states)`)}
                </option>
              ))}
            </select>
          </label>
        </>
      ) : (
        <label>
          Cycle{" "}
          <select
            name="cycle"
            value={route.cycle === null ? "" : String(route.cycle)}
            onChange={(e) => {
              const value = e.currentTarget.value;
              navigate(href({ ...route, cycle: value === "" ? null : Number(value) }), true);
            }}
          >
            <option value="">All cycles</option>
            {cycles.map((c) => (
              <option value={String(c.number)} key={c.number}>
                Cycle {c.number} (sessions {c.firstSession}–{c.lastSession ?? "…"})
              </option>
            ))}
          </select>
        </label>
      )}
    </form>
  );
}

/** Where each format's files are downloaded, and the command that imports them. */
const IMPORTS = [
  {
    what: "UPR recommendations with their responses and themes (UPR Info's database export, CSV)",
    where: "https://www.upr-info.org/database/",
    command: "uprgraph import upr-info sessions-01-05.csv sessions-06-09.csv",
  },
  {
    what: "UPR recommendations of every cycle to date, the UN's own record (OHCHR's Universal Human Rights Index, XLSX or JSON export)",
    where: "https://uhri.ohchr.org/",
    command: "uprgraph import uhri export-full-en.xlsx",
  },
  {
    what: "US aid by recipient and year (ForeignAssistance.gov, country-level CSV)",
    where: "https://foreignassistance.gov/",
    command: "uprgraph import foreign-assistance us_foreign_aid_country.csv",
  },
  {
    what: "Every donor's official development assistance (OECD DAC Table 2a, a file a year)",
    where: "https://stats.oecd.org/Index.aspx?DataSetCode=TABLE2A",
    command: "uprgraph import oecd-dac2a ODA-2019-DAC2a.csv",
  },
  {
    what: "Arms transfers (SIPRI Arms Transfers Database, trade register)",
    where: "https://www.sipri.org/databases/armstransfers",
    command: "uprgraph import sipri trade-register.csv",
  },
] as const;

/** What a new database holds, and how to fill it: shown while no recommendation is imported. */
function FirstRun() {
  return (
    <section class="first-run" aria-labelledby="first-run">
      <h2 id="first-run">No recommendations have been imported yet</h2>
      <p>
        This server holds its reference data: the 193 member states and two observer states, their groups,
        the UPR cycles and sessions, and documented facts such as the reviews{" "}
        <a href={href({ view: "state", code: "ISR" })}>Israel</a> (January 2013) and{" "}
        <a href={href({ view: "state", code: "USA" })}>the United States</a> (November 2025) refused to attend,
        and the US military aid to Israel in the two years after 7 October 2023 (at least 21.7 billion USD, from the
        Costs of War project). The recommendations, the aid and the arms come from files you download and import;
        then reload this page.
      </p>
      <div class="scroll">
        <table>
          <caption>What to import, from where</caption>
          <thead>
            <tr>
              <th scope="col">Data</th>
              <th scope="col">Download from</th>
              <th scope="col">Command</th>
            </tr>
          </thead>
          <tbody>
            {IMPORTS.map((i) => (
              <tr key={i.command}>
                <td>{i.what}</td>
                <td>
                  <a href={i.where} rel="noopener">
                    {new URL(i.where).host}
                  </a>
                </td>
                <td>
                  <code>{i.command}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function World({
  data,
  route,
  shapes,
  donorName,
}: {
  data: WorldViewQuery;
  route: WorldRoute;
  shapes: Shape[] | null | "failed";
  donorName: string;
}) {
  const series = route.measure === "aid" && data.aid ? chosenSeries(data.aid, route.type) : null;
  const table = useMemo(() => rows(data, route.measure, series), [data, route.measure, series?.type, series?.currency]);
  const [hover, setHover] = useState<Row | null>(null);
  const values = table.map((r) => r.value).filter((v): v is number => v !== null);
  // A share runs from 0 to 1; a count from 0 to the largest.
  const max = route.measure === "supportedShare" ? 1 : Math.max(1, ...values);
  const label =
    route.measure === "aid" && series
      ? `${series.label}, every fiscal year`
      : MEASURE_LABEL[route.measure];
  // Five classes of cividis, a sequential scheme made to be read alike with and without
  // colour-vision deficiencies; legend and map share it. Counts and shares are cut into
  // equal steps (Plot rounds the thresholds); aid, whose sums run over many orders of
  // magnitude, into quintiles of the states that received any.
  const scale = useMemo(
    () =>
      route.measure === "aid"
        ? ({ type: "quantile", n: 5, scheme: "cividis", domain: values, reverse: true } as const)
        : ({ type: "quantize", n: 5, scheme: "cividis", domain: [0, max], reverse: true } as const),
    [route.measure, max, table],
  );
  const colour = useMemo(() => Plot.scale({ color: scale }), [scale]);
  const legend = useMemo(() => {
    const node = Plot.legend({
      className: PLOT_CLASS,
      color: scale,
      label,
      tickFormat: route.measure === "supportedShare" ? ".0%" : route.measure === "aid" ? ".3~s" : "~s",
      width: 320,
    });
    node.querySelectorAll("style").forEach((s) => s.remove());
    return node;
  }, [scale, label]);
  const byNumeric = useMemo(() => new Map(table.map((r) => [r.numericCode, r])), [table]);
  const paths = useMemo(() => {
    if (!Array.isArray(shapes)) return [];
    const projection = geoEqualEarth().fitSize([WIDTH, HEIGHT], { type: "FeatureCollection", features: shapes });
    const path = geoPath(projection);
    return shapes.map((shape) => ({ id: String(shape.id ?? ""), name: shape.properties.name, d: path(shape) ?? "" }));
  }, [shapes]);
  const mapped = new Set(paths.map((p) => p.id));
  // A legend only over figures the data has: none over a map of nothing but zeros.
  const hasFigures = values.some((v) => v !== 0);
  const legendHost = (el: HTMLDivElement | null) => el?.replaceChildren(...(hasFigures ? [legend] : []));
  return (
    <>
      <div class="world-layout">
        <figure class="map">
          <div class="legend" ref={legendHost} />
          {!hasFigures && <p class="status">No figures of this measure in the imported data{route.cycle === null ? "" : " for this cycle"}.</p>}
          {shapes === "failed" && <p class="status error">The map's shapes could not be loaded.</p>}
          {shapes === null && <p class="status">Loading the map…</p>}
          {Array.isArray(shapes) && (
            <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} aria-hidden="true" class="choropleth">
              {paths.map((p, i) => {
                const row = byNumeric.get(p.id);
                const fill = hasFigures && row && row.value !== null ? String(colour.apply(row.value)) : undefined;
                return (
                  <path
                    key={`${p.id}-${i}`}
                    d={p.d}
                    class={row ? (fill ? "state" : "state no-data") : "no-state"}
                    fill={fill}
                    data-code={row?.code}
                    onMouseEnter={() => setHover(row ?? null)}
                    onMouseLeave={() => setHover(null)}
                    onClick={() => row && navigate(href({ view: "state", code: row.code }))}
                  >
                    <title>{row ? `${row.name}: ${row.shown}` : p.name}</title>
                  </path>
                );
              })}
            </svg>
          )}
          <figcaption aria-live="polite" class="hover">
            {hover
              ? `${hover.name}: ${hover.shown}`
              : "Point at a state for its figure; click it to open the state."}
          </figcaption>
        </figure>
        <div class="scroll world-table">
          <table>
            <caption>
              {route.measure === "aid"
                ? `Aid from ${donorName}: ${label}`
                : `${label}, ${route.cycle === null ? "all cycles" : `cycle ${route.cycle}`}`}
            </caption>
            <thead>
              <tr>
                <th scope="col">State</th>
                <th scope="col">
                  {route.measure === "supportedShare"
                    ? "Share"
                    : route.measure === "aid"
                      ? `Amount${series ? ` (${series.currency})` : ""}`
                      : "Recommendations"}
                </th>
              </tr>
            </thead>
            <tbody>
              {table.map((r) => (
                <tr key={r.code} data-code={r.code}>
                  <td>
                    <a href={href({ view: "state", code: r.code })}>{r.name}</a>
                    {Array.isArray(shapes) && !mapped.has(r.numericCode) && (
                      <span class="small-state"> (too small for the map)</span>
                    )}
                  </td>
                  <td class="number">{r.shown}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
      <Provenance
        datasets={data.datasets.nodes}
        extra={<p>Shapes: Natural Earth 1:110m, public domain, through the world-atlas package.</p>}
      />
    </>
  );
}
