// The Theme view (/explore/theme/Death%20penalty): one theme over time. Its
// recommendations per cycle by response; per session, with the share supported, as a chart
// with its table beside; the states that receive and make them most; and the recommending
// regional groups. Every theme name in the explorer links here. One request: ThemeView.
import { useCallback } from "preact/hooks";
import * as Plot from "@observablehq/plot";
import { Chart, PLOT_CLASS } from "../chart";
import { useQuery } from "../data";
import { ThemeViewDocument } from "../gql/graphql";
import { count, GROUP_LABEL, share } from "../format";
import { href } from "../router";
import { Await, ByResponse, Heading, keyed, Provenance, Ranking } from "./common";

export function ThemeView({ name }: { name: string }) {
  const loaded = useQuery(ThemeViewDocument, { name });
  return (
    <Await loaded={loaded}>
      {(data) => {
        if (!data.theme)
          return (
            <>
              <Heading>No such theme</Heading>
              <p>No imported recommendation has the theme “{name}”.</p>
            </>
          );
        const sessions = data.bySession
          .flatMap((s) => (s.session === null ? [] : [{ ...s, session: s.session }]))
          .sort((a, b) => a.session - b.session);
        return (
          <article class="theme">
            <Heading>Theme: {data.theme.name}</Heading>
            <section aria-labelledby="theme-cycles">
              <h2 id="theme-cycles">Recommendations per cycle, by response</h2>
              <div class="scroll">
                <ByResponse
                  counts={keyed(data.byCycle, (s) => s.cycle)}
                  keyLabel="Cycle"
                  rowKey="cycle"
                  className="theme-cycles"
                  total="All"
                />
              </div>
            </section>
            <BySession sessions={sessions} />
            <section aria-labelledby="theme-states">
              <h2 id="theme-states">The states that receive and make them most</h2>
              <div class="compare-sides">
                <Ranking
                  label="State"
                  caption="Received"
                  figure="Share supported"
                  rows={data.receivers.map((s) => stateRow(s.stateUnderReview, s.count, s.supportedShare))}
                />
                <Ranking
                  label="State"
                  caption="Made"
                  figure="Share supported"
                  rows={data.makers.map((s) => stateRow(s.recommendingState, s.count, s.supportedShare))}
                />
              </div>
            </section>
            <section aria-labelledby="theme-groups">
              <h2 id="theme-groups">By the regional group of the recommending state</h2>
              <Ranking
                label="Regional group"
                figure="Share supported"
                rows={data.byGroup.map((g) => ({
                  key: g.recommendingRegionalGroup ?? "none",
                  name: g.recommendingRegionalGroup ? GROUP_LABEL[g.recommendingRegionalGroup] : "no group",
                  count: g.count,
                  figure: share(g.supportedShare),
                }))}
              />
            </section>
            <Provenance datasets={data.datasets.nodes} />
          </article>
        );
      }}
    </Await>
  );
}

type Session = { session: number; count: number; supported: number; supportedShare: number };

function BySession({ sessions }: { sessions: Session[] }) {
  const draw = useCallback(
    () =>
      Plot.plot({
        className: PLOT_CLASS,
        width: 640,
        height: 240,
        marginLeft: 50,
        x: { label: "Session", tickFormat: "d" },
        y: { label: "Recommendations", grid: true },
        marks: [
          Plot.rectY(sessions, {
            x1: (d: Session) => d.session - 0.4,
            x2: (d: Session) => d.session + 0.4,
            y: "count",
            fill: "#0072B2",
            title: (d: Session) => `Session ${d.session}: ${count(d.count)}, ${share(d.supportedShare)} supported`,
          }),
          Plot.ruleY([0]),
        ],
      }),
    [sessions],
  );
  return (
    <section aria-labelledby="theme-sessions">
      <h2 id="theme-sessions">Per session, with the share supported</h2>
      <div class="figure">
        <Chart draw={draw} label="Bars of the table beside: recommendations per session" />
        <div class="scroll">
          <table class="theme-sessions">
            <thead>
              <tr>
                <th scope="col">Session</th>
                <th scope="col">Recommendations</th>
                <th scope="col">Supported</th>
                <th scope="col">Share supported</th>
              </tr>
            </thead>
            <tbody>
              {sessions.map((s) => (
                <tr key={s.session} data-session={s.session}>
                  <th scope="row">{s.session}</th>
                  <td class="number">{count(s.count)}</td>
                  <td class="number">{count(s.supported)}</td>
                  <td class="number">{share(s.supportedShare)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </section>
  );
}


/** A state's row of a ranking, with the share of its recommendations supported. */
function stateRow(state: { code: string; name: string } | null, n: number, supported: number) {
  return {
    key: state?.code ?? "none",
    name: state ? <a href={href({ view: "state", code: state.code })}>{state.name}</a> : "not named",
    count: n,
    figure: share(supported),
  };
}

/** A theme's name as a link to its view. */
export function ThemeLink({ name }: { name: string }) {
  return (
    <a class="theme-link" href={href({ view: "theme", name })}>
      {name}
    </a>
  );
}

/** Theme names as links, separated by commas. */
export function ThemeLinks({ themes }: { themes: { name: string }[] }) {
  return (
    <>
      {themes.map((t, i) => (
        <span key={t.name}>
          {i > 0 && ", "}
          <ThemeLink name={t.name} />
        </span>
      ))}
    </>
  );
}
