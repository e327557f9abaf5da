import { describe, expect, it } from "vitest";
import { getDb } from "../db/client";
import { schedules } from "../db/schema";
import type { Actor } from "../auth/actor";
import { updateSettings } from "../services/settings/settings";
import { GET } from "../../app/api/metrics/route";
import { escapeLabelValue, formatFamilies } from "./prometheus";
import { generateMetricsToken, getMetricsSettings, removeMetricsToken, setMetricsEnabled } from "./settings";
import { seedRun, seedTarget } from "../../test/notify/seed";

const admin: Actor = { type: "user", id: 1, email: "admin@example.com", role: "admin" };
const viewer: Actor = { type: "user", id: 2, email: "viewer@example.com", role: "viewer" };

const scrape = (token?: string) =>
  GET(new Request("http://localhost/api/metrics", { headers: token ? { authorization: `Bearer ${token}` } : {} }));

/** Parses the exposition text into { "name{labels}": value } and checks every line's shape. */
function parse(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.trimEnd().split("\n")) {
    if (line.startsWith("# HELP ") || line.startsWith("# TYPE ")) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})? (-?[0-9.e+]+|NaN|\+Inf|-Inf)$/.exec(line);
    expect(m, `bad exposition line: ${line}`).not.toBeNull();
    out.set(m![1] + (m![2] ?? ""), Number(m![3]));
  }
  return out;
}

describe("/api/metrics", () => {
  const storage = updateSettings(admin, { defaultStorageDir: "/tmp/lifeboat-metrics-test-root" }).defaultStorageDir;
  const shop = seedTarget("shop", "db");
  const odd = seedTarget('we"ird\\app', "line\nbreak");
  const paused = seedTarget("shop", "cctv", { enabled: false });
  const t0 = new Date("2025-03-01T00:00:00Z");
  seedRun(shop.target.id, "success", {
    startedAt: t0,
    finishedAt: new Date(t0.getTime() + 90_000),
    durationMs: 90_000,
    sizeBytes: 1234,
    artifactState: "present",
    storageRoot: storage,
  });
  seedRun(shop.target.id, "partial", { durationMs: 2_500, sizeBytes: 999, artifactState: "present", storageRoot: storage });
  seedRun(shop.target.id, "running", { finishedAt: null }); // in progress: does not change the gauges
  seedRun(odd.target.id, "failed", { durationMs: 1000, sizeBytes: null });
  // An hourly schedule in place since 2025 with no grace and no success: its first slot is long
  // past, so overdue whatever the time of the test run.
  getDb().insert(schedules).values({ targetId: odd.target.id, kind: "hourly", minute: 0, graceMinutes: 0, enabledAt: t0 }).run();

  it("is off (404) until an admin enables it", async () => {
    expect(getMetricsSettings(admin)).toEqual({ enabled: false, tokenSet: false });
    expect((await scrape()).status).toBe(404);
    expect(() => setMetricsEnabled(viewer, true)).toThrow(/role/);
  });

  it("serves per-target gauges in the Prometheus text format, labelled by app and target", async () => {
    setMetricsEnabled(admin, true);
    const res = await scrape();
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    const text = await res.text();
    expect(text).toContain("# TYPE lifeboat_last_run_status gauge");
    const m = parse(text);
    const shopDb = '{app="shop",target="db"}';
    // When the last successful backup started (what every view calls "last success").
    expect(m.get(`lifeboat_last_success_timestamp_seconds${shopDb}`)).toBe(t0.getTime() / 1000);
    expect(m.get(`lifeboat_last_run_status${shopDb}`)).toBe(0.5);
    expect(m.get(`lifeboat_last_artifact_bytes${shopDb}`)).toBe(999);
    expect(m.get(`lifeboat_last_run_duration_seconds${shopDb}`)).toBe(2.5);
    expect(m.get(`lifeboat_target_overdue${shopDb}`)).toBe(0);
    expect(m.get(`lifeboat_target_used_bytes${shopDb}`)).toBe(2233);
    expect(m.get('lifeboat_target_status{app="shop",target="db",status="running"}')).toBe(1);
    expect(m.get('lifeboat_target_status{app="shop",target="cctv",status="paused"}')).toBe(1);
    expect(m.get('lifeboat_last_success_timestamp_seconds{app="shop",target="cctv"}')).toBe(0);
    // Label values are escaped: backslash, quote, newline.
    const oddLabels = '{app="we\\"ird\\\\app",target="line\\nbreak"}';
    expect(m.get(`lifeboat_last_run_status${oddLabels}`)).toBe(0);
    expect(m.get(`lifeboat_target_overdue${oddLabels}`)).toBe(1);
    expect(m.has(`lifeboat_last_artifact_bytes${oddLabels}`)).toBe(false);
    const root = `{storage_root="${storage}"}`;
    expect(m.get(`lifeboat_storage_used_bytes${root}`)).toBe(2233);
    expect(m.get(`lifeboat_storage_free_bytes${root}`)).toBeGreaterThan(0);
    void paused;
  });

  it("asks for the bearer token once one is set: 401 without or with a wrong one", async () => {
    const { token } = generateMetricsToken(admin);
    expect(getMetricsSettings(admin)).toEqual({ enabled: true, tokenSet: true });
    expect((await scrape()).status).toBe(401);
    expect((await scrape("lbm_wrong")).status).toBe(401);
    const ok = await scrape(token);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain("lifeboat_last_run_status");
    // The audit trail never holds the token or its hash.
    const audit = JSON.stringify(getDb().$client.prepare("select * from audit_log").all());
    expect(audit).not.toContain(token);
    removeMetricsToken(admin);
    expect((await scrape()).status).toBe(200);
    setMetricsEnabled(admin, false);
    expect((await scrape(token)).status).toBe(404);
  });

  it("formats families and escapes label values", () => {
    expect(escapeLabelValue('a\\b"c\nd')).toBe('a\\\\b\\"c\\nd');
    expect(formatFamilies([{ name: "x", help: "h", type: "gauge", samples: [{ labels: { a: "1" }, value: 2 }] }])).toBe(
      '# HELP x h\n# TYPE x gauge\nx{a="1"} 2\n',
    );
  });
});
