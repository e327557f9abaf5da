import { describe, expect, it } from "vitest";
import { probeLocal } from "./probe";

describe("probeLocal: the built-in Local server, asked without a shell", () => {
  it("lists the tools found here with their versions, and the free space of /", async () => {
    const { tools, freeBytes } = await probeLocal();
    const byName = new Map(tools.map((t) => [t.name, t.version]));
    // tar and pg_dump are on every machine the tests run on (.ci/run installs them).
    expect(byName.get("tar")).toMatch(/^\d+\.\d+/);
    expect(byName.get("pg_dump")).toMatch(/^\d+(\.\d+)?/);
    for (const t of tools) expect(t.name).toMatch(/^[a-z_0-9-]+$/);
    expect(freeBytes).toBeGreaterThan(0);
  });
});
