import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadEnv } from "./env";

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "lifeboat-env-"));

describe("configuration", () => {
  it("generates the secrets on first start, keeps them, and env vars override", () => {
    const dir = tmp();
    const a = loadEnv({ LIFEBOAT_DATA_DIR: dir });
    expect(fs.existsSync(path.join(dir, "secret.key"))).toBe(true);
    expect((fs.statSync(path.join(dir, "secret.key")).mode & 0o777).toString(8)).toBe("600");
    const b = loadEnv({ LIFEBOAT_DATA_DIR: dir });
    expect(b.secretKey.equals(a.secretKey)).toBe(true);
    expect(b.authSecret).toBe(a.authSecret);
    const c = loadEnv({ LIFEBOAT_DATA_DIR: dir, LIFEBOAT_SECRET_KEY: "ab".repeat(32), AUTH_SECRET: "x".repeat(40) });
    expect(c.secretKey.toString("hex")).toBe("ab".repeat(32));
    expect(c.authSecret).toBe("x".repeat(40));
  });

  it("stops with a message naming the wrong variable", () => {
    expect(() => loadEnv({ LIFEBOAT_DATA_DIR: tmp(), LIFEBOAT_SECRET_KEY: "short" })).toThrow(/LIFEBOAT_SECRET_KEY/);
    expect(() => loadEnv({ LIFEBOAT_DATA_DIR: tmp(), LIFEBOAT_MAX_PARALLEL_RUNS: "zero" })).toThrow(/LIFEBOAT_MAX_PARALLEL_RUNS/);
    expect(() => loadEnv({ LIFEBOAT_DATA_DIR: tmp(), LIFEBOAT_SCHEDULER: "maybe" })).toThrow(/LIFEBOAT_SCHEDULER/);
  });

  it("reports a data directory it cannot create", () => {
    // A regular file where a parent folder should be (mkdir under /proc loops in Node 20).
    const file = path.join(tmp(), "a-file");
    fs.writeFileSync(file, "");
    expect(() => loadEnv({ LIFEBOAT_DATA_DIR: path.join(file, "data") })).toThrow(/LIFEBOAT_DATA_DIR/);
  });
});
