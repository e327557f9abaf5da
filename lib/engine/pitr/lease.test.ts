import { spawnSync } from "node:child_process";
import os from "node:os";
import { describe, expect, it } from "vitest";
import { makeTarget } from "@/test/backup/fixtures";
import { at } from "./pitr-rows.testing";
import { acquireLease, heartbeat, releaseLease, streamRow } from "./stream-rows";

describe("the WAL stream lease", () => {
  it("is held by one console at a time, freed by release, by silence, or at once when its console process is gone", () => {
    const t = makeTarget({ type: "postgres", source: { url: "postgresql://u@127.0.0.1:1/db" } });
    const live = `${os.hostname()}:${process.pid}:aaaa`;
    expect(acquireLease(t.id, live, at(0), 30_000)).toBe(true);
    expect(acquireLease(t.id, "elsewhere:1:bbbb", at(10), 30_000)).toBe(false);
    expect(heartbeat(t.id, live, at(20))).toBe(true);
    expect(acquireLease(t.id, "elsewhere:1:bbbb", at(49), 30_000)).toBe(false);
    // Silent for longer than the limit: another console takes it, and the old one learns it on its next heartbeat.
    expect(acquireLease(t.id, "elsewhere:1:bbbb", at(51), 30_000)).toBe(true);
    expect(heartbeat(t.id, live, at(52))).toBe(false);
    releaseLease(t.id, "elsewhere:1:bbbb", at(53));
    expect(streamRow(t.id)).toMatchObject({ owner: null, state: "stopped" });

    // A console on this machine that exited: its lease is free without waiting.
    const dead = spawnSync("true").pid!;
    expect(acquireLease(t.id, `${os.hostname()}:${dead}:cccc`, at(60), 30_000)).toBe(true);
    expect(acquireLease(t.id, live, at(61), 30_000)).toBe(true);
  });
});
