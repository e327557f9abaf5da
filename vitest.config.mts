import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    include: ["lib/**/*.test.ts", "test/**/*.test.ts", "bin/**/*.test.ts", "app/**/*.test.ts"],
    setupFiles: ["./test/setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Integration tests share the real PostgreSQL/MariaDB/Redis; two workers keep load sane on 2 cores.
    maxWorkers: 2,
    pool: "forks",
    // next-auth imports "next/server" without an extension; inlined, Vite resolves it (the
    // authorisation tests call route handlers and actions that read the session).
    server: { deps: { inline: ["next-auth"] } },
  },
});
