import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { replayWalk, scanTree, walkTreeSync } from "./tree-walk";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "lifeboat-scan-"));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
fs.mkdirSync(path.join(root, "b/c"), { recursive: true });
fs.mkdirSync(path.join(root, "empty"));
fs.writeFileSync(path.join(root, "a.txt"), "12345");
fs.writeFileSync(path.join(root, "b/c/d.bin"), Buffer.alloc(1000));
fs.writeFileSync(path.join(root, "b/skip.tmp"), "x");
fs.symlinkSync("a.txt", path.join(root, "link"));
const excluded = (rel: string) => rel.endsWith(".tmp");

describe("scanTree", () => {
  it("counts files and bytes and keeps the walk, in order, for the pack step", async () => {
    const scan = await scanTree(root, excluded);
    expect(scan).toMatchObject({ fileCount: 3, bytes: 1005 });
    expect([...replayWalk(root, scan.walked!)]).toEqual([...walkTreeSync(root, excluded, () => {})]);
    expect(scan.walked?.warnings).toEqual([]);
  });

  it("keeps no list for a tree bigger than the limit (it is walked again)", async () => {
    const scan = await scanTree(root, excluded, 3);
    expect(scan).toMatchObject({ fileCount: 3, bytes: 1005, walked: null });
  });
});
