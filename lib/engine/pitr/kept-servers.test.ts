import { describe, expect, it } from "vitest";
import { keepServer, keptServerRunning, removeKeptServer } from "./kept-servers";
import { until } from "./pitr.testing";

describe("servers kept for inspection after a point-in-time restore", () => {
  it("are removed when their time is up, or at once on request (once)", async () => {
    const removed: number[] = [];
    keepServer(101, new Date(Date.now() + 150), async () => void removed.push(101));
    keepServer(102, new Date(Date.now() + 3_600_000), async () => void removed.push(102));
    expect(keptServerRunning(101)).toBe(true);
    await until("the first one's time is up", () => !keptServerRunning(101), 5_000);
    expect(removed).toEqual([101]);
    expect(keptServerRunning(102)).toBe(true);
    expect(await removeKeptServer(102)).toBe(true);
    expect(await removeKeptServer(102)).toBe(false);
    expect(removed).toEqual([101, 102]);
  });
});
