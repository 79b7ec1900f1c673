// Arms transfers as SIPRI counts them, for the State, Aid and Review views: volumes in
// SIPRI trend-indicator values (TIV, millions), a measure of military capability and
// never money, so every figure says "SIPRI TIV" and none is drawn on a money axis. Sums
// are per imported file, since SIPRI's exports overlap; a sum that holds years the
// register does not split is "at least".
import * as Plot from "@observablehq/plot";
import { useCallback } from "preact/hooks";
import { Chart, PLOT_CLASS } from "../chart";
import { bounded, count } from "../format";
import type { Bound } from "../gql/graphql";
import { href } from "../router";
import { type ArmsTransferFilter, Downloads } from "./common";

/** What every TIV figure is labelled. */
export const TIV_UNIT = "million SIPRI TIV";

type Tiv = { bound: Bound; tiv: { millions: string } };
type YearTotal = Tiv & {
  deliveryYear: number | null;
  deliveries: number;
  deliveriesWithoutTiv: number;
  dataset: { name: string };
};
type PartnerTotal = Tiv & {
  deals: number;
  dataset: { name: string };
  supplier?: { code: string; name: string } | null;
  recipient?: { code: string; name: string } | null;
};

/** A TIV with its bound: `at least 1,198`. */
export const tivText = (t: Tiv): string => bounded(t.tiv.millions, t.bound);

// Okabe and Ito's palette: one colour per imported file.
const DATASET_COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00"];

/** What a note under a table of TIV says. */
export function TivNote({ bounded }: { bounded: boolean }) {
  return (
    <p class="note">
      In {TIV_UNIT}: SIPRI's trend-indicator value measures the military capability transferred, not its price,
      and is never money. Each imported file is summed apart, since SIPRI's exports hold the same deals.
      {bounded &&
        " A sum is “at least” when the file gives one TIV for a deal delivered over several years: those years have no TIV of their own, and a year with only such deliveries says how many."}
    </p>
  );
}

/** Whether none of a year's deliveries has a TIV of its own: its sum says nothing. */
const unsplit = (t: YearTotal): boolean => t.deliveriesWithoutTiv === t.deliveries;

/** SIPRI TIV delivered by year, one line and one column per imported file; a year whose
 * deliveries all belong to deals the register does not split by year is said so, and
 * left out of the chart, rather than drawn as zero. */
export function ArmsByYear({
  title,
  id,
  totals,
  deals,
}: {
  title: string;
  id: string;
  totals: YearTotal[];
  /** The deals summed, to download. */
  deals: ArmsTransferFilter;
}) {
  const years = [...new Set(totals.map((t) => t.deliveryYear).filter((y): y is number => y !== null))].sort(
    (a, b) => a - b,
  );
  const datasets = [...new Set(totals.map((t) => t.dataset.name))].sort();
  const find = (year: number, dataset: string) =>
    totals.find((t) => t.deliveryYear === year && t.dataset.name === dataset);
  const points = totals
    .filter((t) => t.deliveryYear !== null && !unsplit(t))
    .map((t) => ({
      year: t.deliveryYear as number,
      tiv: Number(t.tiv.millions),
      dataset: t.dataset.name,
      shown: tivText(t),
    }));
  const draw = useCallback(
    () =>
      Plot.plot({
        className: PLOT_CLASS,
        width: 640,
        height: 260,
        marginLeft: 60,
        x: { label: "Year of delivery", tickFormat: "d" },
        y: { label: TIV_UNIT, grid: true },
        color: { legend: true, domain: datasets, range: DATASET_COLOURS },
        marks: [
          Plot.lineY(points, { x: "year", y: "tiv", stroke: "dataset", sort: "year" }),
          Plot.dot(points, {
            x: "year",
            y: "tiv",
            fill: "dataset",
            r: 3,
            title: (d: (typeof points)[number]) => `${d.dataset}, ${d.year}: ${d.shown} ${TIV_UNIT}`,
          }),
        ],
      }),
    [totals],
  );
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{title}, by year of delivery (SIPRI TIV)</h2>
      {years.length === 0 ? (
        <p>None in the imported files.</p>
      ) : (
        <div class="figure">
          <Chart draw={draw} label={`${title}: lines of the table beside`} />
          <div class="scroll">
            <table class="arms">
              <thead>
                <tr>
                  <th scope="col">Year</th>
                  {datasets.map((d) => (
                    <th scope="col" key={d}>
                      {d} ({TIV_UNIT})
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {years.map((y) => (
                  <tr key={y} data-year={y}>
                    <th scope="row">{y}</th>
                    {datasets.map((d) => {
                      const t = find(y, d);
                      return (
                        <td class="number" key={d} data-dataset={d} data-bound={t?.bound}>
                          {t ? (unsplit(t) ? `${count(t.deliveries)} not split by year` : tivText(t)) : "—"}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <TivNote bounded={totals.some((t) => t.bound !== "EXACT")} />
          <Downloads list={{ kind: "arms-transfers", filter: deals }} what="the deals summed here" />
        </div>
      )}
    </section>
  );
}

/** The largest partners, each with its imported file, linked to the page of the pair. */
export function ArmsPartners({
  title,
  id,
  totals,
  pair,
}: {
  title: string;
  id: string;
  totals: PartnerTotal[];
  /** The Aid view of a partner: `donor` (supplier) and `recipient` codes. */
  pair: (partner: string) => { donor: string; recipient: string };
}) {
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {totals.length === 0 ? (
        <p>None in the imported files.</p>
      ) : (
        <div class="scroll">
          <table class="arms-partners">
            <thead>
              <tr>
                <th scope="col">State</th>
                <th scope="col">File</th>
                <th scope="col">Deals</th>
                <th scope="col">Delivered ({TIV_UNIT})</th>
              </tr>
            </thead>
            <tbody>
              {totals.map((t) => {
                const partner = t.supplier ?? t.recipient;
                if (!partner) return null;
                return (
                  <tr key={`${partner.code}-${t.dataset.name}`} data-state={partner.code}>
                    <td>
                      <a href={href({ view: "aid", ...pair(partner.code) })}>{partner.name}</a>
                    </td>
                    <td>{t.dataset.name}</td>
                    <td class="number">{count(t.deals)}</td>
                    <td class="number" data-bound={t.bound}>
                      {tivText(t)}
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

/** A recommender's arms to the state under review, per file: `file: 1,198; ...`. */
export function armsCell(arms: {
  years: { firstYear: number; lastYear: number } | null;
  toStateUnderReview: (Tiv & { dataset: { name: string } })[];
}): string {
  if (!arms.years) return "no date";
  if (arms.toStateUnderReview.length === 0) return "—";
  return arms.toStateUnderReview.map((t) => `${t.dataset.name}: ${tivText(t)}`).join("; ");
}
