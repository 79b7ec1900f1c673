// The Theme view (/explore/theme/Death%20penalty): one theme over time. Its
// recommendations per cycle by response; per session, with the share supported, as a chart
// with its table beside; the states that receive and make them most; and the recommending
// regional groups. Every theme name in the explorer links here. One request: ThemeView.
import { useCallback } from "preact/hooks";
import * as Plot from "@observablehq/plot";
import { Chart, PLOT_CLASS } from "../chart";
import { useQuery } from "../data";
import { ThemeViewDocument, type Response } from "../gql/graphql";
import { count, GROUP_LABEL, RESPONSE_LABEL, RESPONSES, share } from "../format";
import { href } from "../router";
import { Await, Heading, Provenance } from "./common";

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
        const cycles = [...new Set(data.byCycle.flatMap((s) => (s.cycle === null ? [] : [s.cycle])))].sort(
          (a, b) => a - b,
        );
        const cell = (cycle: number, response: Response) =>
          data.byCycle.find((s) => s.cycle === cycle && s.response === response)?.count ?? 0;
        const sessions = data.bySession
          .flatMap((s) => (s.session === null ? [] : [{ ...s, session: s.session }]))
          .sort((a, b) => a.session - b.session);
        return (
          <article class="theme">
            <Heading>Theme: {data.theme.name}</Heading>
            <section aria-labelledby="theme-cycles">
              <h2 id="theme-cycles">Recommendations per cycle, by response</h2>
              <div class="scroll">
                <table class="theme-cycles">
                  <thead>
                    <tr>
                      <th scope="col">Cycle</th>
                      {RESPONSES.map((r) => (
                        <th scope="col" key={r}>
                          {RESPONSE_LABEL[r]}
                        </th>
                      ))}
                      <th scope="col">All</th>
                    </tr>
                  </thead>
                  <tbody>
                    {cycles.map((c) => (
                      <tr key={c} data-cycle={c}>
                        <th scope="row">{c}</th>
                        {RESPONSES.map((r) => (
                          <td class="number" key={r} data-response={r}>
                            {count(cell(c, r))}
                          </td>
                        ))}
                        <td class="number" data-response="ALL">
                          {count(RESPONSES.reduce((sum, r) => sum + cell(c, r), 0))}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
            <BySession sessions={sessions} />
            <section aria-labelledby="theme-states">
              <h2 id="theme-states">The states that receive and make them most</h2>
              <div class="compare-sides">
                <Ranked
                  caption="Received"
                  rows={data.receivers.map((s) => ({ state: s.stateUnderReview, count: s.count, share: s.supportedShare }))}
                />
                <Ranked
                  caption="Made"
                  rows={data.makers.map((s) => ({ state: s.recommendingState, count: s.count, share: s.supportedShare }))}
                />
              </div>
            </section>
            <section aria-labelledby="theme-groups">
              <h2 id="theme-groups">By the regional group of the recommending state</h2>
              <table class="theme-groups">
                <thead>
                  <tr>
                    <th scope="col">Regional group</th>
                    <th scope="col">Recommendations</th>
                    <th scope="col">Share supported</th>
                  </tr>
                </thead>
                <tbody>
                  {data.byGroup.map((g) => (
                    <tr key={g.recommendingRegionalGroup ?? "none"}>
                      <td>{g.recommendingRegionalGroup ? GROUP_LABEL[g.recommendingRegionalGroup] : "no group"}</td>
                      <td class="number">{count(g.count)}</td>
                      <td class="number">{share(g.supportedShare)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
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

function Ranked({
  caption,
  rows,
}: {
  caption: string;
  rows: { state: { code: string; name: string } | null; count: number; share: number }[];
}) {
  return (
    <table>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">State</th>
          <th scope="col">Recommendations</th>
          <th scope="col">Share supported</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.state?.code ?? "none"}>
            <td>{r.state ? <a href={href({ view: "state", code: r.state.code })}>{r.state.name}</a> : "not named"}</td>
            <td class="number">{count(r.count)}</td>
            <td class="number">{share(r.share)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
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
