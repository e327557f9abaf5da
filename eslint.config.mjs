import nextCoreWebVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";

// Layers (lib/engine/README.md): base (db, env, errors, crypto, audit, settings, ui, net, json)
// < engine (lib/engine) < services (lib/services) < edges (auth, actions, api, http, cli, app,
// components). Each rule below keeps one layer from reaching up. Imports are matched as written,
// in both the `@/` and the relative form.

/** A path into the repository (`@/…` or `./`/`../…`), optionally through `lib/`, to one of `dirs`. */
const into = (dirs) => `^(@/|(\\.\\.?/)+)(lib/)?(${dirs.join("|")})(/|$)`;

const TEST_FILES = ["**/*.test.ts", "**/*.test.tsx", "test/**", "e2e/**", "bench/**"];

const testHelpers = {
  regex: "(^|/)[^/]*\\.testing$|(^|/)testing(/|$)|^(@/|(\\.\\.?/)+)test(/|$)",
  message: "Test helpers (*.testing.ts, testing/, test/) are for tests only: production code never imports them.",
};

const database = {
  group: ["@/lib/db", "@/lib/db/*", "**/lib/db", "**/lib/db/*", "drizzle-orm", "drizzle-orm/*", "better-sqlite3"],
  message: "Pages and components never touch the database: call a service (lib/services) from an action.",
};

const engineFromUi = {
  regex: into(["engine"]),
  message: "Pages and components never call the engine: go through a service (lib/services), which checks the caller's rights.",
};

const upFromEngine = {
  regex: into(["services", "auth", "actions", "api", "cli", "http", "metrics", "boot", "app", "components"]),
  message:
    "The engine (lib/engine) knows no user and no page: it takes plain ids and options. Services call the engine, never the other way round (see lib/engine/README.md).",
};

/** no-restricted-imports does not look at import(): the same patterns as a syntax rule. */
const dynamicImport = (p) => ({
  selector: `ImportExpression[source.value=/${p.regex.replace(/\//g, "\\/")}/]`,
  message: p.message,
});

const notInProduction = {
  files: ["**/*.{ts,tsx,mjs,js}"],
  ignores: TEST_FILES,
  rules: {
    "no-restricted-imports": ["error", { patterns: [testHelpers] }],
    "no-restricted-syntax": ["error", dynamicImport(testHelpers)],
  },
};

const noDbOrEngineInUi = {
  files: ["app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}"],
  rules: {
    "no-restricted-imports": ["error", { patterns: [database, engineFromUi, testHelpers] }],
    "no-restricted-syntax": ["error", dynamicImport(engineFromUi), dynamicImport(testHelpers)],
  },
};

const engineStaysDown = {
  files: ["lib/engine/**/*.{ts,tsx}"],
  // Tests drive the engine through the services like a user would; they are not part of it.
  ignores: TEST_FILES,
  rules: {
    "no-restricted-imports": ["error", { patterns: [upFromEngine, testHelpers] }],
    "no-restricted-syntax": ["error", dynamicImport(upFromEngine), dynamicImport(testHelpers)],
  },
};

const config = [
  ...nextCoreWebVitals,
  ...nextTypescript,
  notInProduction,
  noDbOrEngineInUi,
  engineStaysDown,
  {
    ignores: [".next/**", ".next-*/**", "node_modules/**", "data/**", "test-results/**", "playwright-report/**", "drizzle/**", "next-env.d.ts", "bench/data/**"],
  },
];

export default config;
