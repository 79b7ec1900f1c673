// The Search view: the query language with a short help, ranked matches with the matched
// words marked (built from the ranges the API gives, never as HTML), and the counts of
// all matches by response, cycle and recommending regional group. One request: SearchView.
import { useQuery } from "../data";
import { SearchViewDocument, type SearchViewQuery } from "../gql/graphql";
import { count, GROUP_LABEL, RESPONSE_LABEL } from "../format";
import { Cite } from "./Cite";
import { ThemeLinks } from "./Theme";
import { href, navigate, type Route } from "../router";
import { Await, Heading, Highlighted } from "./common";

type SearchRoute = Extract<Route, { view: "search" }>;

export function SearchView({ route }: { route: SearchRoute }) {
  return (
    <article class="search-view">
      <Heading>Search the recommendations</Heading>
      <form
        class="pickers"
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          const q = new FormData(event.currentTarget).get("q");
          navigate(href({ view: "search", q: typeof q === "string" ? q.trim() : "", after: null }));
        }}
      >
        <label>
          Search{" "}
          <input name="q" type="search" value={route.q} size={40} placeholder='"death penalty" AND NOT abolish*' />
        </label>
        <button type="submit">Search</button>
      </form>
      <details class="help">
        <summary>How to search</summary>
        <ul>
          <li>
            Words match in any form, case or accent: <code>torture</code> finds “tortured”.
          </li>
          <li>
            <code>"death penalty"</code>: the phrase, words in that order.
          </li>
          <li>
            <code>tortur*</code>: words beginning with “tortur”.
          </li>
          <li>
            <code>women AND rights</code> (the same as <code>women rights</code>), <code>child OR children</code>,{" "}
            <code>NOT</code> to leave out, parentheses to group.
          </li>
        </ul>
      </details>
      {route.q ? <Results route={route} /> : <p>Type a search above.</p>}
    </article>
  );
}

function Results({ route }: { route: SearchRoute }) {
  const loaded = useQuery(SearchViewDocument, { search: route.q, after: route.after });
  return <Await loaded={loaded}>{(data) => <Found data={data} route={route} />}</Await>;
}

function Found({ data, route }: { data: SearchViewQuery; route: SearchRoute }) {
  const page = data.recommendations;
  return (
    <>
      <p class="found" aria-live="polite">
        {count(page.totalCount)} recommendations match, most relevant first.
      </p>
      <div class="columns facets">
        <table>
          <caption>By response</caption>
          <tbody>
            {data.byResponse.map((s) => (
              <tr key={s.response ?? "none"}>
                <th scope="row">{s.response ? RESPONSE_LABEL[s.response] : "—"}</th>
                <td class="number" data-response={s.response ?? ""}>
                  {count(s.count)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <table>
          <caption>By cycle</caption>
          <tbody>
            {[...data.byCycle]
              .sort((a, b) => (a.cycle ?? 0) - (b.cycle ?? 0))
              .map((s) => (
                <tr key={s.cycle ?? "none"}>
                  <th scope="row">Cycle {s.cycle ?? "—"}</th>
                  <td class="number">{count(s.count)}</td>
                </tr>
              ))}
          </tbody>
        </table>
        <table>
          <caption>By regional group of the recommending state</caption>
          <tbody>
            {data.byGroup.map((s) => (
              <tr key={s.recommendingRegionalGroup ?? "none"}>
                <th scope="row">{s.recommendingRegionalGroup ? GROUP_LABEL[s.recommendingRegionalGroup] : "none or not named"}</th>
                <td class="number">{count(s.count)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ol class="recommendations">
        {page.nodes.map((r) => (
          <li key={r.id} class="recommendation">
            <p class="text">
              <Highlighted text={r.text} ranges={r.searchMatches.ranges} />
            </p>
            <p class="meta">
              {r.recommendingState ? (
                <a href={href({ view: "state", code: r.recommendingState.code })}>{r.recommendingState.name}</a>
              ) : (
                "not named"
              )}
              {" to "}
              <a href={href({ view: "state", code: r.stateUnderReview.code })}>{r.stateUnderReview.name}</a>
              {`, cycle ${r.review.cycle.number} (session ${r.review.session.number}) · `}
              <strong>{RESPONSE_LABEL[r.response]}</strong>
              {r.themes.length ? (
                <>
                  {" · "}
                  <ThemeLinks themes={r.themes} />
                </>
              ) : (
                ""
              )}
            </p>
            <Cite id={r.id} />
          </li>
        ))}
      </ol>
      <nav class="pages" aria-label="Pages">
        {route.after && <a href={href({ ...route, after: null })}>First page</a>}
        {page.pageInfo.hasNextPage && page.pageInfo.endCursor && (
          <a href={href({ ...route, after: page.pageInfo.endCursor })} rel="next">
            Next page
          </a>
        )}
      </nav>
    </>
  );
}
