// The World view: a choropleth of the states by a measure, for one cycle or all, with the
// same numbers in a table beside. Shapes: Natural Earth's, from world-atlas (1:110m),
// fetched from this server only when the view opens; a state is matched to its shape by
// State.numericCode, and a state too small for the shapes is still in the table.
import * as Plot from "@observablehq/plot";
import { geoEqualEarth, geoPath } from "d3-geo";
import type { Feature, Geometry } from "geojson";
import { useEffect, useMemo, useState } from "preact/hooks";
import { feature } from "topojson-client";
import type { GeometryCollection, Topology } from "topojson-specification";
import { PLOT_CLASS } from "../chart";
import { useQuery } from "../data";
import { WorldViewDocument, type WorldViewQuery } from "../gql/graphql";
import { count, share } from "../format";
import { href, MEASURES, navigate, type Measure, type Route } from "../router";
import { Await, Heading, Provenance } from "./common";

const MEASURE_LABEL: Record<Measure, string> = {
  received: "Recommendations received",
  supportedShare: "Share of recommendations received that were supported",
  made: "Recommendations made",
};

type WorldRoute = Extract<Route, { view: "world" }>;
type Shape = Feature<Geometry, { name: string }>;

interface Row {
  code: string;
  name: string;
  numericCode: string;
  value: number | null;
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

function rows(data: WorldViewQuery, measure: Measure): Row[] {
  const states = new Map<string, Row>();
  for (const s of [...data.first.nodes, ...data.last.nodes]) {
    states.set(s.code, { code: s.code, name: s.name, numericCode: s.numericCode, value: null });
  }
  const put = (code: string | undefined, value: number) => {
    const row = code ? states.get(code) : undefined;
    if (row) row.value = value;
  };
  if (measure === "made") data.made.forEach((s) => put(s.recommendingState?.code, s.count));
  else
    data.received.forEach((s) =>
      put(s.stateUnderReview?.code, measure === "received" ? s.count : s.supportedShare),
    );
  if (measure !== "supportedShare") states.forEach((r) => (r.value ??= 0));
  return [...states.values()].sort((a, b) => (b.value ?? -1) - (a.value ?? -1) || a.name.localeCompare(b.name));
}

export function WorldView({ route }: { route: WorldRoute }) {
  const loaded = useQuery(WorldViewDocument, { cycle: route.cycle === null ? null : [route.cycle] });
  const shapes = useShapes();
  return (
    <article class="world">
      <Heading>The world, by {MEASURE_LABEL[route.measure].toLowerCase()}</Heading>
      <Pickers route={route} cycles={loaded.status === "done" ? loaded.data.cycles : []} />
      <Await loaded={loaded}>
        {(data) => <World data={data} route={route} shapes={shapes} />}
      </Await>
    </article>
  );
}

function Pickers({ route, cycles }: { route: WorldRoute; cycles: WorldViewQuery["cycles"] }) {
  return (
    <form class="pickers" onSubmit={(e) => e.preventDefault()}>
      <label>
        Measure{" "}
        <select
          name="measure"
          value={route.measure}
          onChange={(e) => navigate(href({ ...route, measure: e.currentTarget.value as Measure }), true)}
        >
          {MEASURES.map((m) => (
            <option value={m} key={m}>
              {MEASURE_LABEL[m]}
            </option>
          ))}
        </select>
      </label>
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
    </form>
  );
}

function World({ data, route, shapes }: { data: WorldViewQuery; route: WorldRoute; shapes: Shape[] | null | "failed" }) {
  const table = useMemo(() => rows(data, route.measure), [data, route.measure]);
  const [hover, setHover] = useState<Row | null>(null);
  const values = table.map((r) => r.value).filter((v): v is number => v !== null);
  // A share runs from 0 to 1; a count from 0 to the largest.
  const max = route.measure === "supportedShare" ? 1 : Math.max(1, ...values);
  const format = route.measure === "supportedShare" ? share : count;
  // About five classes (Plot rounds the thresholds) of cividis, a sequential scheme made to
  // be read alike with and without colour-vision deficiencies; legend and map share it.
  const colour = useMemo(
    () =>
      Plot.scale({
        color: { type: "quantize", n: 5, scheme: "cividis", domain: [0, max], reverse: true },
      }),
    [max],
  );
  const legend = useMemo(() => {
    const node = Plot.legend({
      className: PLOT_CLASS,
      color: { type: "quantize", n: 5, scheme: "cividis", domain: [0, max], reverse: true },
      label: MEASURE_LABEL[route.measure],
      tickFormat: route.measure === "supportedShare" ? ".0%" : "~s",
      width: 320,
    });
    node.querySelectorAll("style").forEach((s) => s.remove());
    return node;
  }, [max, route.measure]);
  const byNumeric = useMemo(() => new Map(table.map((r) => [r.numericCode, r])), [table]);
  const paths = useMemo(() => {
    if (!Array.isArray(shapes)) return [];
    const projection = geoEqualEarth().fitSize([WIDTH, HEIGHT], { type: "FeatureCollection", features: shapes });
    const path = geoPath(projection);
    return shapes.map((shape) => ({ id: String(shape.id ?? ""), name: shape.properties.name, d: path(shape) ?? "" }));
  }, [shapes]);
  const mapped = new Set(paths.map((p) => p.id));
  const legendHost = (el: HTMLDivElement | null) => el?.replaceChildren(legend);
  return (
    <>
      <div class="world-layout">
        <figure class="map">
          <div class="legend" ref={legendHost} />
          {shapes === "failed" && <p class="status error">The map's shapes could not be loaded.</p>}
          {shapes === null && <p class="status">Loading the map…</p>}
          {Array.isArray(shapes) && (
            <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} aria-hidden="true" class="choropleth">
              {paths.map((p, i) => {
                const row = byNumeric.get(p.id);
                const fill = row && row.value !== null ? String(colour.apply(row.value)) : undefined;
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
                    <title>
                      {row ? `${row.name}: ${row.value === null ? "no data" : format(row.value)}` : p.name}
                    </title>
                  </path>
                );
              })}
            </svg>
          )}
          <figcaption aria-live="polite" class="hover">
            {hover
              ? `${hover.name}: ${hover.value === null ? "no data" : format(hover.value)}`
              : "Point at a state for its figure; click it to open the state."}
          </figcaption>
        </figure>
        <div class="scroll world-table">
          <table>
            <caption>
              {MEASURE_LABEL[route.measure]}, {route.cycle === null ? "all cycles" : `cycle ${route.cycle}`}
            </caption>
            <thead>
              <tr>
                <th scope="col">State</th>
                <th scope="col">{route.measure === "supportedShare" ? "Share" : "Recommendations"}</th>
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
                  <td class="number">{r.value === null ? "no data" : format(r.value)}</td>
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
