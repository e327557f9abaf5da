#!/usr/bin/env node
// The `lifeboat` command (npx lifeboat …), for the server's admin, on the same data directory as
// the console (LIFEBOAT_DATA_DIR, default ./data relative to the current folder).
//
// The project is TypeScript in a CommonJS-typed package, but some dependencies (execa) are
// ESM-only, which tsx's require hook cannot load. So lib/cli/main.ts is bundled to one ESM file
// with esbuild (tsx's own compiler; ~0.2 s), dependencies left external, and imported from
// node_modules/.cache so those dependencies resolve from the checkout.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.env.LIFEBOAT_MIGRATIONS_DIR ??= path.join(root, "drizzle");

const outDir = path.join(root, "node_modules", ".cache", "lifeboat-cli");
const outfile = path.join(outDir, `main-${process.pid}.mjs`);
fs.mkdirSync(outDir, { recursive: true });
await build({
  entryPoints: [path.join(root, "lib/cli/main.ts")],
  outfile,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  tsconfig: path.join(root, "tsconfig.json"),
  logLevel: "error",
  // CommonJS dependencies bundled code may still call require() on.
  banner: { js: "import { createRequire as __lbCreateRequire } from 'node:module'; const require = __lbCreateRequire(import.meta.url);" },
});

let main;
try {
  ({ main } = await import(pathToFileURL(outfile).href));
} finally {
  // Each run bundles afresh (always the checkout's current code); two runs never share a file.
  fs.rmSync(outfile, { force: true });
}
process.exitCode = await main(process.argv.slice(2));
