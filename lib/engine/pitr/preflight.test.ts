import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPgCluster, type PgCluster } from "@/test/servers/pg-cluster";
import { checkPitrAccess } from "./preflight";
import { dropSlot, ensureSlot } from "./slot";

describe("PITR preflight and slot, against private PostgreSQL clusters", () => {
  let pg: PgCluster;
  let noRepl: PgCluster;
  beforeAll(async () => {
    [pg, noRepl] = await Promise.all([startPgCluster(), startPgCluster({ replicationHba: false })]);
    await pg.sql("CREATE ROLE shop LOGIN; CREATE ROLE streamer LOGIN REPLICATION");
  }, 180_000);
  afterAll(async () => Promise.all([pg?.cleanup(), noRepl?.cleanup()]));

  const url = (c: PgCluster, role: string) => `postgresql://${role}@127.0.0.1:${c.port}/postgres`;

  it("a role with REPLICATION and a replication line passes", async () => {
    const r = await checkPitrAccess(url(pg, "streamer"));
    expect(r).toMatchObject({ ok: true, role: "streamer", problems: [], walSegSize: 1 << 20 });
    expect(Math.floor(r.serverVersion! / 10000)).toBe(15);
  });

  it("a role without REPLICATION is told the exact ALTER ROLE", async () => {
    const r = await checkPitrAccess(url(pg, "shop"));
    expect(r.ok).toBe(false);
    expect(r.problems).toEqual([{ code: "replication_role", message: 'The role "shop" has no REPLICATION attribute.', fix: 'ALTER ROLE "shop" REPLICATION;' }]);
  });

  it("a missing pg_hba.conf replication line is named, with the line to add", async () => {
    const r = await checkPitrAccess(url(noRepl, "postgres"));
    expect(r.ok).toBe(false);
    expect(r.problems).toEqual([
      { code: "pg_hba", message: 'pg_hba.conf has no replication line for "postgres" from 127.0.0.1.', fix: "host    replication    postgres    127.0.0.1/32    scram-sha-256" },
    ]);
  });

  it("an unreachable server says it cannot connect", async () => {
    const r = await checkPitrAccess("postgresql://streamer@127.0.0.1:1/postgres");
    expect(r.problems.map((p) => p.code)).toEqual(["connect"]);
  });

  it("creates the slot once, and drops it", async () => {
    const u = url(pg, "streamer");
    expect(await ensureSlot(u, "lifeboat_7")).toBe(true);
    expect(await ensureSlot(u, "lifeboat_7")).toBe(false);
    expect(await pg.sql("SELECT slot_type, restart_lsn IS NOT NULL FROM pg_replication_slots WHERE slot_name = 'lifeboat_7'")).toEqual([["physical", "t"]]);
    expect(await dropSlot(u, "lifeboat_7")).toBe(true);
    expect(await dropSlot(u, "lifeboat_7")).toBe(false);
  });
});
