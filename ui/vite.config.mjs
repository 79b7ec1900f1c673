// The explorer's build: one script and one stylesheet with fixed names, which the server
// embeds and serves under names carrying a hash of their bytes (src/http/explorer.rs).
// Nothing is split into chunks, so nothing loads a file the server does not name.
import { defineConfig } from "vite";

export default defineConfig({
  base: "/explore/",
  publicDir: false,
  logLevel: "warn",
  esbuild: { jsx: "automatic", jsxImportSource: "preact", legalComments: "none" },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    cssCodeSplit: false,
    modulePreload: false,
    sourcemap: false,
    target: "es2022",
    reportCompressedSize: false,
    rollupOptions: {
      input: "src/main.tsx",
      output: {
        format: "es",
        entryFileNames: "explorer.js",
        assetFileNames: "explorer[extname]",
        inlineDynamicImports: true,
      },
    },
  },
});
