// The Compare view (/explore/compare/USA/ISR): two states side by side. Per cycle, the
// recommendations each received by response and made; their top themes and who recommends
// to each; what each recommended to the other; the aid and the arms between them both
// ways (aid sums kept apart by source and stage, arms in SIPRI TIV, never added to money).
// One request: CompareView.
import { useQuery } from "../data";
import { CompareViewDocument, type CompareViewQuery, type Response } from "../gql/graphql";
import { count, RESPONSE_LABEL, RESPONSES } from "../format";
import { href } from "../router";
import { Await, Heading, Provenance } from "./common";
import { TIV_UNIT, tivText } from "./Arms";
import { aidCell } from "./State";
import { ThemeLink } from "./Theme";

type Side = NonNullable<CompareViewQuery["a"]>;
type CycleCount = { cycle: number | null; response: Response | null; count: number };

export function CompareView({ a, b }: { a: string; b: string }) {
  const loaded = useQuery(CompareViewDocument, { a, b });
  return (
    <Await loaded={loaded}>
      {(data) => {
        if (!data.a || !data.b)
          return (
            <>
              <Heading>No such states</Heading>
              <p>
                {a} or {b} is not the ISO 3166-1 code of a state.
              </p>
            </>
          );
        const [one, other] = [data.a, data.b];
        return (
          <article class="compare">
            <Heading>
              {one.name} and {other.name}, compared
            </Heading>
            <p>
              <a href={href({ view: "state", code: one.code })}>{one.name}</a> ·{" "}
              <a href={href({ view: "state", code: other.code })}>{other.name}</a> ·{" "}
              <a href={href({ view: "compare", a: other.code, b: one.code })}>sides swapped</a>
            </p>
            <section aria-labelledby="per-cycle">
              <h2 id="per-cycle">Recommendations received, by response, and made, per cycle</h2>
              <div class="compare-sides">
                <PerCycle side={one} made={data.aMade} />
                <PerCycle side={other} made={data.bMade} />
              </div>
            </section>
            <section aria-labelledby="to-each-other">
              <h2 id="to-each-other">What each recommended to the other</h2>
              <div class="compare-sides">
                <Between from={one} to={other} stats={data.aToB} />
                <Between from={other} to={one} stats={data.bToA} />
              </div>
            </section>
            <section aria-labelledby="tops">
              <h2 id="tops">Top themes, and who recommends to each</h2>
              <div class="compare-sides">
                <Tops side={one} />
                <Tops side={other} />
              </div>
            </section>
            <section aria-labelledby="flows">
              <h2 id="flows">Aid and arms between them</h2>
              <div class="scroll">
                <table class="compare-flows">
                  <thead>
                    <tr>
                      <th scope="col">From → to</th>
                      <th scope="col">Aid, every year (by source and stage)</th>
                      <th scope="col">Arms delivered ({TIV_UNIT}, per file)</th>
                    </tr>
                  </thead>
                  <tbody>
                    {[
                      { from: one, to: other, aid: data.aidAToB, arms: data.armsAToB },
                      { from: other, to: one, aid: data.aidBToA, arms: data.armsBToA },
                    ].map((f) => (
                      <tr key={f.from.code} data-from={f.from.code}>
                        <th scope="row">
                          <a href={href({ view: "aid", donor: f.from.code, recipient: f.to.code })}>
                            {f.from.name} → {f.to.name}
                          </a>
                        </th>
                        <td>{aidCell(f.aid)}</td>
                        <td>
                          {f.arms.length === 0
                            ? "—"
                            : f.arms.map((t) => `${t.dataset.name}: ${tivText(t)}`).join("; ")}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
            <Provenance datasets={data.datasets.nodes} />
          </article>
        );
      }}
    </Await>
  );
}

const cell = (stats: CycleCount[], cycle: number, response?: Response) =>
  stats
    .filter((s) => s.cycle === cycle && (response === undefined || s.response === response))
    .reduce((sum, s) => sum + s.count, 0);

const cyclesOf = (...lists: CycleCount[][]) =>
  [...new Set(lists.flat().flatMap((s) => (s.cycle === null ? [] : [s.cycle])))].sort((x, y) => x - y);

function PerCycle({ side, made }: { side: Side; made: CycleCount[] }) {
  const cycles = cyclesOf(side.received, made);
  return (
    <div class="scroll" data-state={side.code}>
      <table class="per-cycle">
        <caption>{side.name}</caption>
        <thead>
          <tr>
            <th scope="col">Cycle</th>
            {RESPONSES.map((r) => (
              <th scope="col" key={r}>
                {RESPONSE_LABEL[r]}
              </th>
            ))}
            <th scope="col">Received</th>
            <th scope="col">Made</th>
          </tr>
        </thead>
        <tbody>
          {cycles.length === 0 && (
            <tr>
              <td colSpan={RESPONSES.length + 3}>None in the imported files.</td>
            </tr>
          )}
          {cycles.map((c) => (
            <tr key={c} data-cycle={c}>
              <th scope="row">{c}</th>
              {RESPONSES.map((r) => (
                <td class="number" key={r} data-response={r}>
                  {count(cell(side.received, c, r))}
                </td>
              ))}
              <td class="number" data-response="ALL">
                {count(cell(side.received, c))}
              </td>
              <td class="number" data-made="">
                {count(cell(made, c))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The review of `code` in `cycle`, filtered to the recommendations of `from`. */
function reviewFrom(code: string, cycle: number, from: string): string {
  const filter = { response: null, from, theme: null, category: null, q: null };
  return href({ view: "review", code, cycle, filter, after: null, before: null });
}

function Between({ from, to, stats }: { from: Side; to: Side; stats: CycleCount[] }) {
  const cycles = cyclesOf(stats);
  return (
    <div class="scroll" data-from={from.code}>
      <table class="between">
        <caption>
          {from.name} to {to.name}
        </caption>
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
          {cycles.length === 0 && (
            <tr>
              <td colSpan={RESPONSES.length + 2}>None in the imported files.</td>
            </tr>
          )}
          {cycles.map((c) => (
            <tr key={c} data-cycle={c}>
              <th scope="row">
                <a href={reviewFrom(to.code, c, from.code)}>{c}</a>
              </th>
              {RESPONSES.map((r) => (
                <td class="number" key={r} data-response={r}>
                  {count(cell(stats, c, r))}
                </td>
              ))}
              <td class="number" data-response="ALL">
                {count(cell(stats, c))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Tops({ side }: { side: Side }) {
  return (
    <div data-state={side.code}>
      <h3>{side.name}</h3>
      <table>
        <caption>Top themes of the recommendations it received</caption>
        <thead>
          <tr>
            <th scope="col">Theme</th>
            <th scope="col">Recommendations</th>
            <th scope="col">Supported</th>
          </tr>
        </thead>
        <tbody>
          {side.topThemes.map((t) => (
            <tr key={t.theme?.name ?? "none"}>
              <td>{t.theme ? <ThemeLink name={t.theme.name} /> : "no theme"}</td>
              <td class="number">{count(t.count)}</td>
              <td class="number">{count(t.supported)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <table>
        <caption>Who recommends to it most</caption>
        <thead>
          <tr>
            <th scope="col">State</th>
            <th scope="col">Recommendations</th>
            <th scope="col">Supported</th>
          </tr>
        </thead>
        <tbody>
          {side.topRecommenders.map((t) => (
            <tr key={t.recommendingState?.code ?? "none"}>
              <td>
                {t.recommendingState ? (
                  <a href={href({ view: "state", code: t.recommendingState.code })}>{t.recommendingState.name}</a>
                ) : (
                  "not named"
                )}
              </td>
              <td class="number">{count(t.count)}</td>
              <td class="number">{count(t.supported)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
