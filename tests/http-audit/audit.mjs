// Runs the GraphQL-over-HTTP audits that the npm package graphql-http ships
// (`serverAudits`) against a running uprgraph and prints one line per audit.
// Usage: node audit.mjs http://127.0.0.1:8080/graphql
// Exits 1 when a MUST audit fails; SHOULD and MAY audits that fail are listed as
// warnings. uprgraph's README lists the SHOULDs it does not meet, with reasons.
import { serverAudits } from 'graphql-http';

const url = process.argv[2];
if (!url) {
  console.error('usage: node audit.mjs URL');
  process.exit(2);
}

const results = [];
for (const audit of serverAudits({ url, fetchFn: fetch })) {
  results.push(await audit.fn());
}

let failedMust = 0;
for (const result of results) {
  const mark = result.status === 'ok' ? 'ok  ' : result.status === 'warn' ? 'WARN' : 'FAIL';
  console.log(`${mark} ${result.id} ${result.name}`);
  if (result.status !== 'ok') {
    console.log(`       ${result.reason}`);
  }
  if (result.status === 'error') failedMust += 1;
}
const count = (status) => results.filter((r) => r.status === status).length;
console.log(
  `audits: ${count('ok')} passed, ${count('warn')} warnings, ${count('error')} failed (MUST)`,
);
process.exit(failedMust > 0 ? 1 : 0);
