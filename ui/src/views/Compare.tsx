// The Compare view (/explore/compare/USA/ISR): two states side by side. Per cycle, the
// recommendations each received by response and made; their top themes and who recommends
// to each; what each recommended to the other; the aid and the arms between them both
// ways (aid sums kept apart by source and stage, arms in SIPRI TIV, never added to money).
// One request: CompareView.
import { useQuery } from "../data";
import { CompareViewDocument, type CompareViewQuery, type Response } from "../gql/graphql";
import { count } from "../format";
import { href } from "../router";
import { Await, ByResponse, countOf, Heading, keyed, keysOf, NoSuchStates, Provenance, Ranking } from "./common";
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
          return <NoSuchStates codes={[a, b]} />;
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

function PerCycle({ side, made }: { side: Side; made: CycleCount[] }) {
  const received = keyed(side.received, (s) => s.cycle);
  const byCycle = keyed(made, (s) => s.cycle);
  // Every cycle in which it received or made any.
  const counts = [...received, ...keysOf(byCycle).map((key) => ({ key, response: null, count: 0 }))];
  return (
    <div class="scroll" data-state={side.code}>
      <ByResponse
        counts={counts}
        keyLabel="Cycle"
        rowKey="cycle"
        className="per-cycle"
        caption={side.name}
        total="Received"
        more={[{ label: "Made", value: (c) => countOf(byCycle, c) }]}
      />
    </div>
  );
}

/** The review of `code` in `cycle`, filtered to the recommendations of `from`. */
function reviewFrom(code: string, cycle: number, from: string): string {
  const filter = { response: null, from, theme: null, category: null, q: null };
  return href({ view: "review", code, cycle, filter, after: null, before: null });
}

function Between({ from, to, stats }: { from: Side; to: Side; stats: CycleCount[] }) {
  return (
    <div class="scroll" data-from={from.code}>
      <ByResponse
        counts={keyed(stats, (s) => s.cycle)}
        keyLabel="Cycle"
        rowKey="cycle"
        className="between"
        caption={`${from.name} to ${to.name}`}
        total="All"
        rowLink={(c) => reviewFrom(to.code, c, from.code)}
      />
    </div>
  );
}

function Tops({ side }: { side: Side }) {
  return (
    <div data-state={side.code}>
      <h3>{side.name}</h3>
      <Ranking
        label="Theme"
        caption="Top themes of the recommendations it received"
        rows={side.topThemes.map((t) => ({
          key: t.theme?.name ?? "none",
          name: t.theme ? <ThemeLink name={t.theme.name} /> : "no theme",
          count: t.count,
          figure: count(t.supported),
        }))}
      />
      <Ranking
        label="State"
        caption="Who recommends to it most"
        rows={side.topRecommenders.map((t) => ({
          key: t.recommendingState?.code ?? "none",
          name: t.recommendingState ? (
            <a href={href({ view: "state", code: t.recommendingState.code })}>{t.recommendingState.name}</a>
          ) : (
            "not named"
          ),
          count: t.count,
          figure: count(t.supported),
        }))}
      />
    </div>
  );
}
