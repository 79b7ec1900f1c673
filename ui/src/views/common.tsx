import type { ComponentChildren } from "preact";
import { useEffect, useRef } from "preact/hooks";
import type { Loaded } from "../data";
import { count, RESPONSE_LABEL, RESPONSES } from "../format";
import type { RecommendationFilter, Response } from "../gql/graphql";
import { navigated } from "../router";

/** A view's data, or what stands in for it while it loads or when it failed. */
export function Await<T>({ loaded, children }: { loaded: Loaded<T>; children: (data: T) => ComponentChildren }) {
  if (loaded.status === "loading") return <p class="status" aria-live="polite">Loading…</p>;
  if (loaded.status === "failed")
    return (
      <p class="status error" role="alert">
        The server could not answer: {loaded.message}
      </p>
    );
  return <>{children(loaded.data)}</>;
}

export interface DatasetInfo {
  name: string;
  format: string;
  licence: string | null;
}

/** The page's link to the licences of the code and data the explorer is built from. */
function licences(): string {
  return document.querySelector<HTMLLinkElement>('link[rel="license"]')?.getAttribute("href") ?? "";
}

/**
 * Where GraphiQL is, when the server serves it: the page names it in a meta tag only
 * then (a server started with `--graphiql false` leaves the tag out), so no link leads
 * to a page that is not there.
 */
export function graphiql(): string | null {
  return document.querySelector<HTMLMetaElement>('meta[name="uprgraph-graphiql"]')?.content || null;
}

/** The fields of the API's `ArmsTransferFilter` the explorer uses. No query of the
 * explorer takes one, so the codegen makes no type of it. */
export type ArmsTransferFilter = { supplier?: string[]; recipient?: string[] };

/** The lists `/export` serves that the explorer offers, each with its filter. */
export type Export =
  | { kind: "recommendations"; filter: RecommendationFilter }
  | { kind: "arms-transfers"; filter: ArmsTransferFilter };

/** Links that download a filtered list from /export as CSV, XLSX and JSON lines: the
 * same rows in each, every row that passes the filter, not only the page shown. */
export function Downloads({ list, what }: { list: Export; what: string }) {
  const url = (extension: string) =>
    `/export/${list.kind}.${extension}?${new URLSearchParams({ filter: JSON.stringify(list.filter) }).toString()}`;
  return (
    <p class="downloads">
      Download {what} as{" "}
      <a href={url("csv")} download class="csv">
        CSV
      </a>
      ,{" "}
      <a href={url("xlsx")} download class="xlsx">
        XLSX
      </a>{" "}
      or{" "}
      <a href={url("jsonl")} download class="jsonl">
        JSON lines
      </a>
    </p>
  );
}

/** Where a view's numbers come from: the imported files, as `datasets` lists them. */
export function Provenance({ datasets, extra }: { datasets: DatasetInfo[]; extra?: ComponentChildren }) {
  return (
    <footer class="provenance">
      <h2>Where these numbers come from</h2>
      {extra}
      <p>
        Imported files (the API's <code>datasets</code>):{" "}
        {datasets.length === 0
          ? "none yet."
          : datasets.map((d, i) => (
              <span key={d.name}>
                {i > 0 && ", "}
                <span class="dataset">{d.name}</span> ({d.format}
                {d.licence ? `, ${d.licence}` : ""})
              </span>
            ))}
      </p>
      <p>
        The explorer's code and map data: <a href={licences()}>their licences</a>.
      </p>
    </footer>
  );
}

/**
 * A view's heading. When the view was opened within the app it takes the focus, so that
 * keyboard and screen-reader users start at the new view as they would after a page
 * load; on a page load itself the focus stays where the browser puts it.
 */
export function Heading({ children }: { children: ComponentChildren }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (navigated) heading.current?.focus();
  }, []);
  return (
    <h1 tabIndex={-1} ref={heading}>
      {children}
    </h1>
  );
}

/** The text with the search's matches marked, built from the ranges: never as HTML. */
export function Highlighted({ text, ranges }: { text: string; ranges: { start: number; end: number }[] }) {
  const parts: ComponentChildren[] = [];
  let at = 0;
  for (const { start, end } of [...ranges].sort((a, b) => a.start - b.start)) {
    if (start < at || end <= start) continue;
    if (start > at) parts.push(text.slice(at, start));
    parts.push(<mark key={start}>{text.slice(start, end)}</mark>);
    at = end;
  }
  if (at < text.length) parts.push(text.slice(at));
  return <>{parts}</>;
}

/** Counts keyed by a number (a cycle, a session) and a response, as the API groups them. */
export interface KeyedCount {
  key: number;
  response: Response | null;
  count: number;
}

/** The sorted keys of `counts`. */
export function keysOf(counts: KeyedCount[]): number[] {
  return [...new Set(counts.map((c) => c.key))].sort((a, b) => a - b);
}

/** How many of `counts` have `key` (and `response`, when given). */
export function countOf(counts: KeyedCount[], key: number, response?: Response): number {
  return counts
    .filter((c) => c.key === key && (response === undefined || c.response === response))
    .reduce((sum, c) => sum + c.count, 0);
}

/**
 * A table of counts by response, a row per key (`data-cycle`, `data-session`: `rowKey`),
 * a column per response (`data-response`), then the row's total when `total` names its
 * column (`data-response="ALL"`) and any further columns.
 */
export function ByResponse({
  counts,
  keyLabel,
  rowKey,
  className,
  caption,
  total,
  more = [],
  rowLink,
}: {
  counts: KeyedCount[];
  keyLabel: string;
  rowKey: "cycle" | "session";
  className: string;
  caption?: string;
  total?: string;
  more?: { label: string; value: (key: number) => number }[];
  rowLink?: (key: number) => string;
}) {
  const keys = keysOf(counts);
  return (
    <table class={className}>
      {caption && <caption>{caption}</caption>}
      <thead>
        <tr>
          <th scope="col">{keyLabel}</th>
          {RESPONSES.map((r) => (
            <th scope="col" key={r}>
              {RESPONSE_LABEL[r]}
            </th>
          ))}
          {total && <th scope="col">{total}</th>}
          {more.map((m) => (
            <th scope="col" key={m.label}>
              {m.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {keys.length === 0 && (
          <tr>
            <td colSpan={RESPONSES.length + 2 + more.length}>None in the imported files.</td>
          </tr>
        )}
        {keys.map((k) => (
          <tr key={k} {...{ [`data-${rowKey}`]: k }}>
            <th scope="row">{rowLink ? <a href={rowLink(k)}>{k}</a> : k}</th>
            {RESPONSES.map((r) => (
              <td class="number" key={r} data-response={r}>
                {count(countOf(counts, k, r))}
              </td>
            ))}
            {total && (
              <td class="number" data-response="ALL">
                {count(countOf(counts, k))}
              </td>
            )}
            {more.map((m) => (
              <td class="number" key={m.label}>
                {count(m.value(k))}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Grouped statistics keyed by `pick` (a cycle, a session); groups without one are left out. */
export function keyed<T extends { response: Response | null; count: number }>(
  stats: T[],
  pick: (s: T) => number | null,
): KeyedCount[] {
  return stats.flatMap((s) => {
    const key = pick(s);
    return key === null ? [] : [{ key, response: s.response, count: s.count }];
  });
}

/** A ranking: a row per group (a state, a theme) with its count and a second figure. */
export function Ranking({
  label,
  caption,
  figure = "Supported",
  rows,
}: {
  label: string;
  caption?: string;
  figure?: string;
  rows: { key: string; name: ComponentChildren; count: number; figure: string }[];
}) {
  return (
    <table>
      {caption && <caption>{caption}</caption>}
      <thead>
        <tr>
          <th scope="col">{label}</th>
          <th scope="col">Recommendations</th>
          <th scope="col">{figure}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key}>
            <td>{r.name}</td>
            <td class="number">{count(r.count)}</td>
            <td class="number">{r.figure}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** What a view of two states shows when a code names none. */
export function NoSuchStates({ codes }: { codes: [string, string] }) {
  return (
    <>
      <Heading>No such states</Heading>
      <p>
        {codes[0]} or {codes[1]} is not the ISO 3166-1 code of a state.
      </p>
    </>
  );
}
