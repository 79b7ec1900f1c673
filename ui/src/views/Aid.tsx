// The Aid view: a donor's aid to a recipient by fiscal year, transaction type and source, and the
// arms it delivered to it by year (SIPRI TIV, never added to the money), beside what the
// recipient recommended to the donor in each of the donor's reviews, dated so they can be
// read against each other. One request: AidView.
import { useQuery } from "../data";
import { AidViewDocument, type Response } from "../gql/graphql";
import { count, RESPONSE_LABEL, RESPONSES, STATUS_LABEL } from "../format";
import { href } from "../router";
import { Await, Heading, NoSuchStates, Provenance } from "./common";
import { ArmsByYear } from "./Arms";
import { Aid } from "./State";

export function AidView({ donor, recipient }: { donor: string; recipient: string }) {
  const loaded = useQuery(AidViewDocument, { donor, recipient });
  return (
    <Await loaded={loaded}>
      {(data) => {
        if (!data.donor || !data.recipient)
          return <NoSuchStates codes={[donor, recipient]} />;
        const reviews = [...data.donor.reviews.nodes].sort(
          (a, b) => a.cycle.number - b.cycle.number || a.session.number - b.session.number,
        );
        const cell = (stats: { response: Response | null; count: number }[], r: Response) =>
          stats.find((s) => s.response === r)?.count ?? 0;
        return (
          <article class="aid-view">
            <Heading>
              Aid from {data.donor.name} to {data.recipient.name}
            </Heading>
            <p>
              <a href={href({ view: "state", code: data.donor.code })}>{data.donor.name}</a> ·{" "}
              <a href={href({ view: "state", code: data.recipient.code })}>{data.recipient.name}</a> ·{" "}
              <a href={href({ view: "aid", donor: data.recipient.code, recipient: data.donor.code })}>the other way</a>
            </p>
            <Aid title="Aid given" totals={data.aidTotals} id="aid-given" />
            <ArmsByYear
              title="Arms delivered"
              totals={data.arms}
              id="arms-delivered"
              deals={{ supplier: [data.donor.code], recipient: [data.recipient.code] }}
            />
            <section aria-labelledby="recommended">
              <h2 id="recommended">
                What {data.recipient.name} recommended to {data.donor.name}, review by review
              </h2>
              <div class="scroll">
                <table class="to-donor">
                  <thead>
                    <tr>
                      <th scope="col">Review</th>
                      <th scope="col">Date</th>
                      <th scope="col">Status</th>
                      {RESPONSES.map((r) => (
                        <th scope="col" key={r}>
                          {RESPONSE_LABEL[r]}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {reviews.map((r) => (
                      <tr key={`${r.cycle.number}-${r.session.number}`} data-session={r.session.number}>
                        <th scope="row">
                          Cycle {r.cycle.number}, session {r.session.number}
                        </th>
                        <td>{r.heldOn ?? r.scheduledOn ?? "—"}</td>
                        <td>{STATUS_LABEL[r.status]}</td>
                        {RESPONSES.map((x) => (
                          <td class="number" key={x} data-response={x}>
                            {count(cell(r.fromRecipient, x))}
                          </td>
                        ))}
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
