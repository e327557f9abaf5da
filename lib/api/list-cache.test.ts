import Database from "better-sqlite3";
import { beforeAll, describe, expect, it } from "vitest";
import { dbFile, getDb } from "@/lib/db/client";
import { seedApi } from "@/test/api/fixtures";
import { cachedJson, scopeKey } from "./list-cache";

describe("cachedJson: the same bytes until the database or the clock moves", () => {
  beforeAll(() => void seedApi());

  const counter = () => {
    let n = 0;
    return { compute: () => ({ n: ++n }), calls: () => n };
  };
  const read = async (r: Response) => (await r.json()) as { n: number };

  it("reuses the answer while nothing changed, and recomputes after a write on this connection", async () => {
    const c = counter();
    const t = Date.now();
    expect(await read(cachedJson("t1", 10_000, c.compute, t))).toEqual({ n: 1 });
    expect(await read(cachedJson("t1", 10_000, c.compute, t + 5))).toEqual({ n: 1 });
    getDb().$client.prepare("insert into apps (name) values (?)").run(`cache-${t}`);
    expect(await read(cachedJson("t1", 10_000, c.compute, t + 10))).toEqual({ n: 2 });
    expect(c.calls()).toBe(2);
  });

  it("recomputes after another connection (a second console, the CLI) committed", async () => {
    const c = counter();
    const t = Date.now();
    cachedJson("t2", 10_000, c.compute, t);
    const other = new Database(dbFile());
    try {
      other.prepare("insert into apps (name) values (?)").run(`other-${t}`);
    } finally {
      other.close();
    }
    expect(await read(cachedJson("t2", 10_000, c.compute, t + 1))).toEqual({ n: 2 });
  });

  it("recomputes once the time to live has passed, and keeps keys (scopes) apart", async () => {
    const c = counter();
    const t = Date.now();
    cachedJson(`t3|${scopeKey(null)}`, 1000, c.compute, t);
    expect(await read(cachedJson(`t3|${scopeKey([2, 1])}`, 1000, c.compute, t))).toEqual({ n: 2 });
    expect(await read(cachedJson(`t3|${scopeKey([1, 2])}`, 1000, c.compute, t + 999))).toEqual({ n: 2 });
    expect(await read(cachedJson(`t3|${scopeKey(null)}`, 1000, c.compute, t + 1000))).toEqual({ n: 3 });
  });

  it("answers JSON that is never stored by a browser or proxy", () => {
    const r = cachedJson("t4", 1000, () => ({ ok: true }));
    expect(r.headers.get("content-type")).toBe("application/json");
    expect(r.headers.get("cache-control")).toBe("no-store");
  });
});
