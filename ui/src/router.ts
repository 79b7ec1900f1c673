// Client-side routes under /explore: each view's state lives in its path and query
// string, so every view is a URL to share. Links are ordinary <a href>s; a click on one
// is caught here and handled without reloading the page.
import { useEffect, useState } from "preact/hooks";

export const BASE = "/explore";

export type Route =
  | { view: "world"; measure: Measure; cycle: number | null; donor: Donor | null; type: string | null }
  | { view: "state"; code: string }
  | {
      view: "review";
      code: string;
      cycle: number;
      filter: ReviewFilter;
      /** The page after this cursor, or the page before `before`, or else the first. */
      after: string | null;
      before: string | null;
    }
  | { view: "search"; q: string; after: string | null }
  | { view: "aid"; donor: string; recipient: string }
  | { view: "compare"; a: string; b: string }
  | { view: "theme"; name: string }
  | { view: "missing"; path: string };

/** The filters of the Review view, as its query string holds them. */
export interface ReviewFilter {
  response: string | null;
  from: string | null;
  theme: string | null;
  category: number | null;
  q: string | null;
}

/** A donor of aid: a state by its ISO 3166-1 code, or an organisation by its code, which
 * may be a name with spaces and `&` (`EU`, `Bill & Melinda Gates Foundation`). In the
 * URL, `donor=DEU` or `donorOrg=EU`. */
export type Donor = { kind: "state"; code: string } | { kind: "organization"; code: string };

/** A donor as one string (option values, keys): a state's and an organisation's codes may
 * be alike, their kinds never. */
export function donorKey(donor: Donor): string {
  return `${donor.kind}:${donor.code}`;
}

/** The donor of an aid sum or flow, a state or an organisation (exactly one of the two is
 * set), with its name; null when neither is (a sum not grouped by donor). */
export function donorOf(t: {
  donor: { code: string; name: string } | null;
  donorOrganization: { code: string; name: string } | null;
}): { donor: Donor; name: string } | null {
  if (t.donor) return { donor: { kind: "state", code: t.donor.code }, name: t.donor.name };
  if (t.donorOrganization)
    return { donor: { kind: "organization", code: t.donorOrganization.code }, name: t.donorOrganization.name };
  return null;
}

/** An organisation's code as the URL gives it: an acronym or a name, not blank, and not
 * longer than any name is. */
const ORGANIZATION_CODE = /^\S.{0,199}$/;

export const MEASURES = ["received", "supportedShare", "made", "aid"] as const;
export type Measure = (typeof MEASURES)[number];

function isMeasure(value: string | null): value is Measure {
  return MEASURES.some((m) => m === value);
}

export function parse(location: { pathname: string; search: string }): Route {
  const path = location.pathname.startsWith(BASE)
    ? location.pathname.slice(BASE.length).replace(/\/+$/, "")
    : location.pathname;
  const query = new URLSearchParams(location.search);
  if (path === "" || path === "/world") {
    const measure = query.get("measure");
    const cycle = Number(query.get("cycle"));
    const state = /^[A-Za-z]{2,3}$/.exec(query.get("donor") ?? "")?.[0];
    const organization = ORGANIZATION_CODE.exec(query.get("donorOrg")?.trim() ?? "")?.[0];
    // A transaction type, with the series' suffixes the World view adds (`DISBURSEMENT~ODA`).
    const type = /^[A-Z_]+(?:~[A-Z0-9]+)*$/.exec(query.get("type") ?? "")?.[0];
    const donor: Donor | null = state
      ? { kind: "state", code: state.toUpperCase() }
      : organization
        ? { kind: "organization", code: organization }
        : null;
    return {
      view: "world",
      measure: isMeasure(measure) ? measure : "received",
      cycle: Number.isInteger(cycle) && cycle > 0 ? cycle : null,
      donor,
      type: type ?? null,
    };
  }
  if (path === "/search") return { view: "search", q: query.get("q") ?? "", after: query.get("after") || null };
  const aid = /^\/aid\/([A-Za-z]{2,3})\/([A-Za-z]{2,3})$/.exec(path);
  if (aid?.[1] && aid[2]) return { view: "aid", donor: aid[1].toUpperCase(), recipient: aid[2].toUpperCase() };
  const theme = /^\/theme\/(.+)$/.exec(path);
  if (theme?.[1]) {
    try {
      return { view: "theme", name: decodeURIComponent(theme[1]) };
    } catch {
      return { view: "missing", path: location.pathname };
    }
  }
  const compare = /^\/compare\/([A-Za-z]{2,3})\/([A-Za-z]{2,3})$/.exec(path);
  if (compare?.[1] && compare[2]) return { view: "compare", a: compare[1].toUpperCase(), b: compare[2].toUpperCase() };
  const state = /^\/state\/([A-Za-z]{2,3})$/.exec(path);
  if (state?.[1]) return { view: "state", code: state[1].toUpperCase() };
  const review = /^\/review\/([A-Za-z]{2,3})\/([1-9][0-9]?)$/.exec(path);
  if (review?.[1] && review[2]) {
    const category = Number(query.get("category"));
    return {
      view: "review",
      code: review[1].toUpperCase(),
      cycle: Number(review[2]),
      filter: {
        response: query.get("response") || null,
        from: query.get("from")?.toUpperCase() || null,
        theme: query.get("theme") || null,
        category: Number.isInteger(category) && category >= 1 && category <= 5 ? category : null,
        q: query.get("q") || null,
      },
      after: query.get("after") || null,
      before: query.get("after") ? null : query.get("before") || null,
    };
  }
  return { view: "missing", path: location.pathname };
}

export function href(route: Route): string {
  switch (route.view) {
    case "world": {
      const query = new URLSearchParams();
      if (route.measure !== "received") query.set("measure", route.measure);
      if (route.cycle !== null) query.set("cycle", String(route.cycle));
      if (route.measure === "aid" && route.donor)
        query.set(route.donor.kind === "state" ? "donor" : "donorOrg", route.donor.code);
      if (route.measure === "aid" && route.type) query.set("type", route.type);
      const search = query.toString();
      return `${BASE}/world${search ? `?${search}` : ""}`;
    }
    case "state":
      return `${BASE}/state/${route.code}`;
    case "review": {
      const query = new URLSearchParams();
      const f = route.filter;
      if (f.response) query.set("response", f.response);
      if (f.from) query.set("from", f.from);
      if (f.theme) query.set("theme", f.theme);
      if (f.category) query.set("category", String(f.category));
      if (f.q) query.set("q", f.q);
      if (route.after) query.set("after", route.after);
      else if (route.before) query.set("before", route.before);
      const search = query.toString();
      return `${BASE}/review/${route.code}/${route.cycle}${search ? `?${search}` : ""}`;
    }
    case "search": {
      const query = new URLSearchParams();
      if (route.q) query.set("q", route.q);
      if (route.after) query.set("after", route.after);
      const search = query.toString();
      return `${BASE}/search${search ? `?${search}` : ""}`;
    }
    case "aid":
      return `${BASE}/aid/${route.donor}/${route.recipient}`;
    case "compare":
      return `${BASE}/compare/${route.a}/${route.b}`;
    case "theme":
      return `${BASE}/theme/${encodeURIComponent(route.name)}`;
    case "missing":
      return route.path;
  }
}

/** Whether a view was opened within the app, rather than by loading the page. */
export let navigated = false;

export function navigate(to: string, replace = false): void {
  navigated = true;
  if (replace) history.replaceState(null, "", to);
  else history.pushState(null, "", to);
  window.dispatchEvent(new PopStateEvent("popstate"));
}

/** The current route, following history and same-origin link clicks under /explore. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parse(window.location));
  useEffect(() => {
    const update = () => setRoute(parse(window.location));
    const click = (event: MouseEvent) => {
      if (event.defaultPrevented || event.button !== 0) return;
      if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      const target = event.target instanceof Element ? event.target.closest("a") : null;
      if (!target || target.target || target.hasAttribute("download")) return;
      const to = new URL(target.href, window.location.href);
      if (to.origin !== window.location.origin || !to.pathname.startsWith(BASE)) return;
      event.preventDefault();
      navigate(to.pathname + to.search);
    };
    window.addEventListener("popstate", update);
    document.addEventListener("click", click);
    return () => {
      window.removeEventListener("popstate", update);
      document.removeEventListener("click", click);
    };
  }, []);
  return route;
}
