import nextCoreWebVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";

const noDbInUi = {
  files: ["app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}"],
  rules: {
    "no-restricted-imports": [
      "error",
      {
        patterns: [
          {
            group: ["@/lib/db", "@/lib/db/*", "**/lib/db", "**/lib/db/*", "drizzle-orm", "drizzle-orm/*", "better-sqlite3"],
            message: "Pages and components never touch the database: call a service (lib/services) from an action.",
          },
        ],
      },
    ],
  },
};

const config = [
  ...nextCoreWebVitals,
  ...nextTypescript,
  noDbInUi,
  {
    ignores: [".next/**", ".next-*/**", "node_modules/**", "data/**", "test-results/**", "playwright-report/**", "drizzle/**", "next-env.d.ts", "bench/data/**"],
  },
];

export default config;
