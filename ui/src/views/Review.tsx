// The Review view: one review's recommendations through every filter the page offers
// (response, recommending state, theme, action category, search), 25 at a time with
// cursor paging, the counts by response, and links that download the same filtered
// list as CSV, XLSX or JSON lines from /export. One request: ReviewView. A page is the 25 after a cursor
// (`first`/`after`, "Next page") or the 25 before one (`last`/`before`, "Previous page"),
// and the URL holds which. Below them, the recommending states that delivered arms to the
// state under review in the five years before the review, in SIPRI TIV.
import { useQuery } from "../data";
import { Cite } from "./Cite";
import { ReviewViewDocument, type RecommendationFilter, type Response, type ReviewViewQuery } from "../gql/graphql";
import { count, RESPONSE_LABEL, RESPONSES, STATUS_LABEL } from "../format";
import { href, navigate, type ReviewFilter, type Route } from "../router";
import { armsCell, TIV_UNIT, TivNote } from "./Arms";
import { ThemeLinks } from "./Theme";
import { Await, Downloads, Heading, Highlighted } from "./common";

/** Recommendations a page. */
const PAGE = 25;

type ReviewRoute = Extract<Route, { view: "review" }>;
type Review = NonNullable<ReviewViewQuery["review"]>;
type Recommendation = Review["recommendations"]["nodes"][number];

function isResponse(value: string | null): value is Response {
  return RESPONSES.some((r) => r === value);
}

/** The API's filter for what the page's query string asks. */
function apiFilter(f: ReviewFilter): RecommendationFilter {
  return {
    ...(isResponse(f.response) ? { response: [f.response] } : {}),
    ...(f.from ? { recommendingState: [f.from] } : {}),
    ...(f.theme ? { theme: [f.theme] } : {}),
    ...(f.category ? { actionCategory: [f.category] } : {}),
    ...(f.q ? { search: f.q } : {}),
  };
}

export function ReviewView({ route }: { route: ReviewRoute }) {
  const filter = apiFilter(route.filter);
  const loaded = useQuery(ReviewViewDocument, {
    state: route.code,
    cycle: route.cycle,
    filter,
    ...(route.before ? { last: PAGE, before: route.before } : { first: PAGE, after: route.after }),
    search: route.filter.q ?? "",
    withSearch: route.filter.q !== null,
  });
  return (
    <Await loaded={loaded}>
      {(data) =>
        data.review ? (
          <ReviewPage review={data.review} route={route} filter={filter} />
        ) : (
          <>
            <Heading>No review</Heading>
            <p>
              No review of {route.code} is recorded in cycle {route.cycle}.
            </p>
          </>
        )
      }
    </Await>
  );
}

function ReviewPage({ review, route, filter }: { review: Review; route: ReviewRoute; filter: RecommendationFilter }) {
  const page = review.recommendations;
  const recommendations: RecommendationFilter = {
    stateUnderReview: [review.state.code],
    cycle: [review.cycle.number],
    ...filter,
  };
  const byResponse = (r: Response) => review.byResponse.find((s) => s.response === r)?.count ?? 0;
  return (
    <article class="review-view">
      <Heading>
        {review.state.name}, cycle {review.cycle.number} (session {review.session.number})
      </Heading>
      <p>
        <a href={href({ view: "state", code: review.state.code })}>{review.state.name}</a> ·{" "}
        {STATUS_LABEL[review.status]}
        {review.heldOn ? `, held on ${review.heldOn}` : ""}
        {review.outcomeSymbol ? ` · outcome report ${review.outcomeSymbol}` : ""}
      </p>
      <Filters review={review} route={route} />
      <div class="scroll">
        <table class="counts">
          <caption>Recommendations that pass the filters, by response</caption>
          <thead>
            <tr>
              {RESPONSES.map((r) => (
                <th scope="col" key={r}>
                  {RESPONSE_LABEL[r]}
                </th>
              ))}
              <th scope="col">All</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              {RESPONSES.map((r) => (
                <td class="number" key={r} data-response={r}>
                  {count(byResponse(r))}
                </td>
              ))}
              <td class="number" data-response="ALL">
                {count(page.totalCount)}
              </td>
            </tr>
          </tbody>
        </table>
      </div>
      <Downloads
        list={{ kind: "recommendations", filter: recommendations }}
        what={page.totalCount === 1 ? "this recommendation" : `these ${count(page.totalCount)} recommendations`}
      />
      <ol class="recommendations">
        {page.nodes.map((r) => (
          <RecommendationItem key={r.id} recommendation={r} />
        ))}
      </ol>
      <nav class="pages" aria-label="Pages">
        {page.pageInfo.hasPreviousPage && (
          <a href={href({ ...route, after: null, before: null })} rel="first">
            First page
          </a>
        )}
        {page.pageInfo.hasPreviousPage && page.pageInfo.startCursor && (
          <a href={href({ ...route, after: null, before: page.pageInfo.startCursor })} rel="prev">
            Previous page
          </a>
        )}
        {page.pageInfo.hasNextPage && page.pageInfo.endCursor && (
          <a href={href({ ...route, after: page.pageInfo.endCursor, before: null })} rel="next">
            Next page
          </a>
        )}
      </nav>
      <ArmsSuppliers review={review} />
    </article>
  );
}

function ArmsSuppliers({ review }: { review: Review }) {
  const name = review.state.name;
  const years = review.armsSuppliers[0]?.arms.years;
  return (
    <section aria-labelledby="arms-suppliers">
      <h2 id="arms-suppliers">
        Recommending states that armed {name}
        {years ? `, ${years.firstYear}–${years.lastYear}` : " in the five years before the review"}
      </h2>
      {review.armsSuppliers.length === 0 ? (
        <p>
          {review.heldOn || review.scheduledOn
            ? `None of the states that recommended to ${name} delivered arms to it in the five years before the review, in the imported files.`
            : "The review has no date in the imported data, so the years before it are unknown."}
        </p>
      ) : (
        <div class="scroll">
          <table class="recommenders arms-suppliers">
            <thead>
              <tr>
                <th scope="col">Recommending state</th>
                <th scope="col">Recommendations</th>
                <th scope="col">Supported</th>
                <th scope="col">Partly supported</th>
                <th scope="col">Noted</th>
                <th scope="col">Arms it delivered ({TIV_UNIT}), per file</th>
              </tr>
            </thead>
            <tbody>
              {review.armsSuppliers.map((x) => (
                <tr key={x.state.code} data-state={x.state.code}>
                  <td>
                    <a href={href({ view: "aid", donor: x.state.code, recipient: review.state.code })}>{x.state.name}</a>
                  </td>
                  <td class="number">{count(x.recommendations.count)}</td>
                  <td class="number">{count(x.recommendations.supported)}</td>
                  <td class="number">{count(x.recommendations.partlySupported)}</td>
                  <td class="number">{count(x.recommendations.noted)}</td>
                  <td>{armsCell(x.arms)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <TivNote bounded={review.armsSuppliers.some((x) => x.arms.toStateUnderReview.some((t) => t.bound !== "EXACT"))} />
        </div>
      )}
    </section>
  );
}

function RecommendationItem({ recommendation: r }: { recommendation: Recommendation }) {
  return (
    <li class={`recommendation response-${r.response.toLowerCase()}`}>
      <p class="text">
        <Highlighted text={r.text} ranges={r.searchMatches?.ranges ?? []} />
      </p>
      <p class="meta">
        {r.recommendingState ? (
          <a href={href({ view: "state", code: r.recommendingState.code })}>{r.recommendingState.name}</a>
        ) : (
          "recommending state not named"
        )}
        {" · "}
        <strong>{RESPONSE_LABEL[r.response]}</strong>
        {r.actionCategory !== null ? ` · action category ${r.actionCategory}` : ""}
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
  );
}

function Filters({ review, route }: { review: Review; route: ReviewRoute }) {
  const f = route.filter;
  const submit = (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const value = (name: string) => {
      const v = form.get(name);
      return typeof v === "string" && v.trim() !== "" ? v.trim() : null;
    };
    const category = value("category");
    navigate(
      href({
        ...route,
        after: null,
        before: null,
        filter: {
          response: value("response"),
          from: value("from"),
          theme: value("theme"),
          category: category ? Number(category) : null,
          q: value("q"),
        },
      }),
    );
  };
  const themes = review.themes.filter((t) => t.theme !== null);
  return (
    <form class="pickers filters" onSubmit={submit} aria-label="Filters">
      <label>
        Response{" "}
        <select name="response" value={f.response ?? ""}>
          <option value="">All</option>
          {RESPONSES.map((r) => (
            <option value={r} key={r}>
              {RESPONSE_LABEL[r]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Recommending state{" "}
        <select name="from" value={f.from ?? ""}>
          <option value="">All</option>
          {review.recommenders.map((x) => (
            <option value={x.state.code} key={x.state.code}>
              {x.state.name} ({x.recommendations.count})
            </option>
          ))}
        </select>
      </label>
      <label>
        Theme{" "}
        <select name="theme" value={f.theme ?? ""}>
          <option value="">All</option>
          {themes.map((t) => (
            <option value={t.theme?.name} key={t.theme?.name}>
              {t.theme?.name} ({t.count})
            </option>
          ))}
        </select>
      </label>
      <label>
        Action category{" "}
        <select name="category" value={f.category ? String(f.category) : ""}>
          <option value="">All</option>
          {[1, 2, 3, 4, 5].map((c) => (
            <option value={String(c)} key={c}>
              {c}
            </option>
          ))}
        </select>
      </label>
      <label>
        Search{" "}
        <input name="q" type="search" value={f.q ?? ""} placeholder='"death penalty" OR tortur*' />
      </label>
      <button type="submit">Apply</button>
    </form>
  );
}
