import { buffer } from "node:stream/consumers";
import tar, { type Pack } from "tar-stream";
import { describe, expect, it } from "vitest";
import { addEntry, type Headers } from "./pack-entry";

const mtime = new Date("2025-01-01T02:00:00Z");
const long = "files/" + "deep/".repeat(40) + "name.txt";
/** Entries covering ustar and pax headers (long and non-ASCII names), bodies with and without padding. */
const entries = (): [Headers, Buffer | string | undefined][] => [
  [{ name: "manifest.json", mode: 0o644, mtime }, '{"a":1}\n'],
  [{ name: "files/", type: "directory", mode: 0o755, mtime }, undefined],
  [{ name: "files/empty", type: "file", size: 0, mode: 0o600, uid: 1000, gid: 1000, mtime }, Buffer.alloc(0)],
  [{ name: "files/block", type: "file", mode: 0o644, mtime }, Buffer.alloc(1024, 7)],
  [{ name: "files/odd", type: "file", mode: 0, mtime }, Buffer.alloc(777, 3)],
  [{ name: long, type: "file", mode: 0o644, mtime }, Buffer.from("long name")],
  [{ name: "files/çà-ünïcode.txt", type: "file", mode: 0o644, mtime }, Buffer.from("é")],
  [{ name: "files/link", type: "symlink", linkname: "../" + "x".repeat(120), mode: 0o777, mtime }, undefined],
  [{ name: "files/sub/", type: "directory", mode: 0o700, uid: 5, gid: 6, mtime }, undefined],
];

async function build(add: (pack: Pack, h: Headers, b: Buffer | string | undefined) => Promise<void>): Promise<Buffer> {
  const pack = tar.pack();
  const out = buffer(pack as unknown as NodeJS.ReadableStream);
  for (const [h, b] of entries()) await add(pack, h, b);
  pack.finalize();
  return out;
}

const viaEntry = (pack: Pack, h: Headers, b: Buffer | string | undefined) =>
  new Promise<void>((res, rej) => {
    const cb = (e?: Error | null) => (e ? rej(e) : res());
    if (b === undefined) pack.entry(h, cb);
    else pack.entry(h, b, cb);
  });

describe("addEntry", () => {
  it("writes exactly the bytes tar-stream's entry() writes", async () => {
    const expected = await build(viaEntry);
    const got = await build(addEntry);
    expect(got.length).toBe(expected.length);
    expect(got.equals(expected)).toBe(true);
  });

  it("waits for the reader when the pack is over its high-water mark, and loses nothing", async () => {
    const pack = tar.pack({ highWaterMark: 4096 });
    const out = buffer(pack as unknown as NodeJS.ReadableStream);
    const body = Buffer.alloc(3000, 1);
    for (let i = 0; i < 200; i++) await addEntry(pack, { name: `f${i}`, type: "file", mode: 0o644, mtime }, body);
    pack.finalize();
    const names: string[] = [];
    const extract = tar.extract();
    extract.on("entry", (h, s, next) => {
      names.push(h.name);
      s.resume();
      s.on("end", next);
    });
    const finished = new Promise<void>((r) => extract.on("finish", () => r()));
    extract.end(await out);
    await finished;
    expect(names).toHaveLength(200);
  });
});
