import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backupFolder, check, forgetByPolicy, listSnapshots, prune, rawDataSize, targetTag } from "../../lib/engine/restic";
import { dirBytes, makeRepo, tempDir, writeRandom, removeTempDirs } from "./fixture";

let repo: Awaited<ReturnType<typeof makeRepo>>;

beforeAll(async () => {
  repo = await makeRepo();
});

afterAll(removeTempDirs);

describe("restic engine: retention, prune, check", () => {
  it("forget with the target's policy then prune: old days leave the repository and it shrinks; check passes", async () => {
    const tag = targetTag(1);
    const other = targetTag(2);
    const src = tempDir("days");
    // Five "days": each adds a 3 MB clip and drops the oldest day's clip.
    for (let day = 1; day <= 5; day++) {
      writeRandom(path.join(src, `day${day}`, "clip.mp4"), 3_000_000);
      if (day > 3) fs.rmSync(path.join(src, `day${day - 3}`), { recursive: true });
      await backupFolder(repo, src, { tags: [tag], time: new Date(Date.UTC(2026, 10, day, 3, 0, 0)) });
    }
    // Another target in the same repository must not be touched by target 1's policy.
    const otherSrc = tempDir("other");
    writeRandom(path.join(otherSrc, "o.bin"), 100_000);
    await backupFolder(repo, otherSrc, { tags: [other] });

    expect(await forgetByPolicy(repo, tag, {})).toEqual({ kept: [], removed: [] });
    expect(await listSnapshots(repo, { tags: [tag] })).toHaveLength(5);

    const before = dirBytes(repo.location);
    const snaps = await listSnapshots(repo, { tags: [tag] });
    expect(snaps.map((s) => s.time.toISOString())).toEqual([1, 2, 3, 4, 5].map((d) => new Date(Date.UTC(2026, 10, d, 3, 0, 0)).toISOString()));
    const daily = await forgetByPolicy(repo, tag, { keepDaily: 2 }, { timezone: "UTC" });
    expect(daily.kept.map((id) => id.slice(0, 8)).sort()).toEqual(snaps.slice(3).map((s) => s.shortId).sort());
    expect(daily.removed).toHaveLength(3);
    // The newest snapshot holds days 3–5; days 1 and 2 were only in the older ones.
    const r = await forgetByPolicy(repo, tag, { keepLast: 1 });
    expect(r.kept).toHaveLength(1);
    expect(r.removed).toHaveLength(1);
    expect(await listSnapshots(repo, { tags: [tag] })).toHaveLength(1);
    expect(await listSnapshots(repo, { tags: [other] })).toHaveLength(1);

    await prune(repo, { maxUnused: "0" });
    const after = dirBytes(repo.location);
    expect(before - after).toBeGreaterThan(5_500_000);
    // What stays is the three kept days (9 MB) and the other target, with little overhead.
    const kept = 3 * 3_000_000 + 100_000;
    expect(await rawDataSize(repo)).toBeLessThan(kept * 1.05);
    expect(after).toBeLessThan(kept * 1.05);

    const c = await check(repo, { readDataSubset: "100%" });
    expect(c).toEqual({ ok: true, problems: [] });
  });

  it("check reports a damaged pack instead of passing", async () => {
    const packs = path.join(repo.location, "data");
    const files = fs.readdirSync(packs).flatMap((d) => fs.readdirSync(path.join(packs, d)).map((f) => path.join(packs, d, f)));
    const victim = files.sort((a, b) => fs.statSync(b).size - fs.statSync(a).size)[0];
    const fd = fs.openSync(victim, "r+");
    fs.writeSync(fd, Buffer.alloc(64, 0xff), 0, 64, 1000);
    fs.closeSync(fd);
    const c = await check(repo, { readDataSubset: "100%" });
    expect(c.ok).toBe(false);
    expect(c.problems.length).toBeGreaterThan(0);
  });
});
