import os from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";

// Several runs may go side by side on one machine: each picks its port, data dir and build dir.
const port = Number(process.env.E2E_PORT ?? 3100);
const dataDir = process.env.E2E_DATA_DIR ?? path.join(os.tmpdir(), `lifeboat-e2e-${port}`);
export const baseURL = `http://127.0.0.1:${port}`;
process.env.E2E_DATA_DIR = dataDir;
process.env.E2E_BASE_URL = baseURL;

const chromium = {
  ...devices["Desktop Chrome"],
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  },
};

export default defineConfig({
  testDir: "./e2e",
  // Per port, so side-by-side runs do not wipe each other's traces.
  outputDir: `test-results/e2e-${port}`,
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: process.env.CI ? [["list"]] : [["list"]],
  use: { baseURL, trace: "retain-on-failure" },
  projects: [
    { name: "setup", testMatch: /auth\.setup\.ts/, use: chromium },
    { name: "chromium", testMatch: /.*\.spec\.ts/, dependencies: ["setup"], use: chromium },
  ],
  webServer: {
    command: "node e2e/serve.mjs",
    url: `${baseURL}/login`,
    timeout: 600_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      E2E_PORT: String(port),
      E2E_DATA_DIR: dataDir,
    },
  },
});
