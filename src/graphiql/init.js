// Starts GraphiQL with the server's endpoint and example tabs. The page's
// Content-Security-Policy runs no inline script, so this file is served beside the
// vendored builds and reads its settings from a JSON data block, which is not executed.
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("uprgraph-graphiql").textContent);
  // Queries over HTTP; subscriptions over a WebSocket (graphql-transport-ws) to the
  // same endpoint.
  var socket = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + config.endpoint;
  var fetcher = GraphiQL.createFetcher({ url: config.endpoint, subscriptionUrl: socket });
  var explorer = GraphiQLPluginExplorer.explorerPlugin();
  ReactDOM.createRoot(document.getElementById("graphiql")).render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      plugins: [explorer],
      defaultEditorToolsVisibility: true,
      defaultTabs: config.examples.map(function (query) {
        return { query: query };
      }),
    })
  );
})();
