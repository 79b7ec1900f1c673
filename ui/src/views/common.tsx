import type { ComponentChildren } from "preact";
import { useEffect, useRef } from "preact/hooks";
import type { Loaded } from "../data";
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
