// Generates typed documents for the operations in src/operations/ from the schema the
// server commits (../../schema.graphql), with the client preset. Each document carries the
// SHA-256 of its text, and src/gql/persisted-documents.json maps each hash to its text: the
// server embeds that list and runs its documents under `--documents persisted`. UPRGRAPH_SCHEMA and
// UPRGRAPH_CODEGEN_OUT point it elsewhere: CI generates into a temporary folder and
// compares it with the committed src/gql/.
import type { CodegenConfig } from "@graphql-codegen/cli";

const schema = process.env.UPRGRAPH_SCHEMA ?? "../../schema.graphql";
const out = process.env.UPRGRAPH_CODEGEN_OUT ?? "./src/gql/";

const config: CodegenConfig = {
  schema,
  documents: ["src/operations/**/*.graphql"],
  ignoreNoDocuments: false,
  generates: {
    [out]: {
      preset: "client",
      presetConfig: {
        fragmentMasking: false,
        persistedDocuments: { mode: "embedHashInDocument", hashAlgorithm: "sha256" },
      },
      config: {
        // Every custom scalar travels as a JSON string (docs/scalars.md); an unknown
        // scalar fails generation instead of becoming `any`.
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
