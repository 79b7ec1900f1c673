// Typed documents for the explorer's queries (src/queries/), generated from the schema the
// server commits (../schema.graphql) with the client preset and the scalar mapping of the
// TypeScript client (clients/typescript/codegen.ts). Each document carries the SHA-256 of
// its text, which the app sends as an automatic persisted query. UPRGRAPH_CODEGEN_OUT
// points it elsewhere: the check generates into a temporary folder and compares.
import type { CodegenConfig } from "@graphql-codegen/cli";

const out = process.env.UPRGRAPH_CODEGEN_OUT ?? "./src/gql/";

const config: CodegenConfig = {
  schema: "../schema.graphql",
  documents: ["src/queries/**/*.graphql"],
  ignoreNoDocuments: false,
  generates: {
    [out]: {
      preset: "client",
      presetConfig: {
        fragmentMasking: false,
        persistedDocuments: { mode: "embedHashInDocument", hashAlgorithm: "sha256" },
      },
      config: {
        documentMode: "string",
        strictScalars: true,
        scalars: { Date: "string", DateTime: "string", Decimal: "string" },
        enumsAsTypes: true,
        useTypeImports: true,
        emitLegacyCommonJSImports: false,
        avoidOptionals: { field: true, inputValue: false, object: false, defaultValue: false },
      },
    },
  },
};

export default config;
