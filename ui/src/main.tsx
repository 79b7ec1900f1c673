import { render } from "preact";
import "./style.css";
import { href, useRoute } from "./router";
import { AidView } from "./views/Aid";
import { ReviewView } from "./views/Review";
import { SearchView } from "./views/Search";
import { StateView } from "./views/State";
import { WorldView } from "./views/World";
import { Heading } from "./views/common";

function App() {
  const route = useRoute();
  return (
    <>
      <a class="skip" href="#content">
        Skip to content
      </a>
      <header class="top">
        <a class="brand" href={href({ view: "world", measure: "received", cycle: null })}>
          uprgraph explorer
        </a>
        <nav aria-label="Views">
          <a href={href({ view: "world", measure: "received", cycle: null })}>World</a>
          <a href={href({ view: "search", q: "", after: null })}>Search</a>
          <a href="/">GraphiQL</a>
        </nav>
      </header>
      <main id="content">
        {route.view === "world" && <WorldView route={route} />}
        {route.view === "state" && <StateView code={route.code} />}
        {route.view === "review" && <ReviewView route={route} />}
        {route.view === "search" && <SearchView route={route} />}
        {route.view === "aid" && <AidView donor={route.donor} recipient={route.recipient} />}
        {route.view === "missing" && (
          <>
            <Heading>Not found</Heading>
            <p>The explorer has no view at {route.path}.</p>
          </>
        )}
      </main>
    </>
  );
}

const root = document.getElementById("explorer");
if (root) {
  root.replaceChildren();
  render(<App />, root);
}
