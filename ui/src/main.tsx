import { render } from "preact";
import { useState } from "preact/hooks";
import { LiveBanner, useDataChanges } from "./live";
import "./style.css";
import { href, useRoute } from "./router";
import { AidView } from "./views/Aid";
import { CompareView } from "./views/Compare";
import { ThemeView } from "./views/Theme";
import { ReviewView } from "./views/Review";
import { SearchView } from "./views/Search";
import { StateView } from "./views/State";
import { WorldView } from "./views/World";
import { graphiql, Heading } from "./views/common";

const WORLD = { view: "world", measure: "received", cycle: null, donor: null, type: null } as const;

function App() {
  const editor = graphiql();
  const route = useRoute();
  // A refresh mounts the view anew, which asks its data again.
  const [generation, setGeneration] = useState(0);
  const changes = useDataChanges();
  const [seen, setSeen] = useState(0);
  const refresh = () => {
    setSeen(changes.length);
    setGeneration((g) => g + 1);
  };
  return (
    <>
      <a class="skip" href="#content">
        Skip to content
      </a>
      <header class="top">
        <a class="brand" href={href(WORLD)}>
          uprgraph explorer
        </a>
        <nav aria-label="Views">
          <a href={href(WORLD)}>World</a>
          <a href={href({ view: "search", q: "", after: null })}>Search</a>
          {editor && <a href={editor}>GraphiQL</a>}
        </nav>
      </header>
      <LiveBanner changes={changes.slice(seen)} refresh={refresh} />
      <main id="content" key={generation}>
        {route.view === "world" && <WorldView route={route} />}
        {route.view === "state" && <StateView code={route.code} />}
        {route.view === "review" && <ReviewView route={route} />}
        {route.view === "search" && <SearchView route={route} />}
        {route.view === "aid" && <AidView donor={route.donor} recipient={route.recipient} />}
        {route.view === "compare" && <CompareView a={route.a} b={route.b} />}
        {route.view === "theme" && <ThemeView name={route.name} />}
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
