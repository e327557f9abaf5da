import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { backendContract, readAll } from "@/test/storage/backend-contract";
import { ObjectNotFoundError } from "../backend";
import { LocalBackend } from "./backend";

const tmp = (p: string) => fs.mkdtempSync(path.join(os.tmpdir(), p));

backendContract("local folder", () => {
  const root = tmp("lb-contract-");
  return { kind: "local", settings: { path: root }, cleanup: () => fs.rmSync(root, { recursive: true, force: true }) };
});

// A folder not created yet: the first put creates it (a fresh console's data/backups).
backendContract("local folder that does not exist yet", () => {
  const parent = tmp("lb-contract-new-");
  return { kind: "local", settings: { path: path.join(parent, "not", "yet") }, cleanup: () => fs.rmSync(parent, { recursive: true, force: true }) };
});

describe("local backend: what only a folder can get wrong", () => {
  it("a link planted in the folder never leads a read outside it", async () => {
    const root = tmp("lb-local-");
    const outside = tmp("lb-outside-");
    fs.writeFileSync(path.join(outside, "secret"), "not yours");
    fs.symlinkSync(path.join(outside, "secret"), path.join(root, "link.tar.zst"));
    fs.symlinkSync(outside, path.join(root, "dirlink"));
    const b = new LocalBackend(root);
    await expect(b.open("link.tar.zst")).rejects.toThrow(/outside its storage folder/);
    await expect(b.stat("dirlink/secret")).rejects.toThrow(/outside its storage folder/);
    await expect(b.put("dirlink/new", Readable.from([Buffer.from("x")]))).rejects.toThrow(/outside its storage folder/);
    expect(fs.readdirSync(outside)).toEqual(["secret"]);
    const listed = [];
    for await (const o of b.list("")) listed.push(o.key);
    expect(listed).toEqual([]);
  });

  it("a folder is not an object", async () => {
    const root = tmp("lb-local-");
    fs.mkdirSync(path.join(root, "a/b"), { recursive: true });
    const b = new LocalBackend(root);
    expect(await b.stat("a/b")).toBeNull();
    await expect(b.open("a")).rejects.toBeInstanceOf(ObjectNotFoundError);
  });

  it("work files (.partial, .lifeboat-*) are never listed; discardIncomplete removes a put's .partial", async () => {
    const root = tmp("lb-local-");
    fs.mkdirSync(path.join(root, "app/.lifeboat-run7.tmp"), { recursive: true });
    fs.writeFileSync(path.join(root, "app/.lifeboat-run7.tmp/dump"), "x");
    fs.writeFileSync(path.join(root, "app/a.tar.zst.partial"), "half");
    fs.writeFileSync(path.join(root, "app/b.tar.zst"), "whole");
    const b = new LocalBackend(root);
    const listed = [];
    for await (const o of b.list("")) listed.push(o.key);
    expect(listed).toEqual(["app/b.tar.zst"]);
    expect(await b.stat("app/a.tar.zst")).toBeNull();
    await b.discardIncomplete("app/a.tar.zst");
    expect(fs.existsSync(path.join(root, "app/a.tar.zst.partial"))).toBe(false);
  });

  it("localPath is the file under the folder, its folder created", () => {
    const root = tmp("lb-local-");
    const b = new LocalBackend(root);
    expect(b.localPath("x/y/z.tar")).toBe(path.join(root, "x/y/z.tar"));
    expect(fs.statSync(path.join(root, "x/y")).isDirectory()).toBe(true);
    expect(() => b.localPath("../z")).toThrow(/Invalid storage key/);
  });

  it("two folders on one disk name the same volume; free space is the disk's", async () => {
    const a = new LocalBackend(tmp("lb-vol-a-"));
    const c = new LocalBackend(path.join(tmp("lb-vol-b-"), "later"));
    const [fa, fc] = [await a.freeSpace(), await c.freeSpace()];
    expect(fa.volume).toBe(fc.volume);
    const s = fs.statfsSync(a.root);
    expect(fa.total).toBe(s.blocks * s.bsize);
  });

  it("probe names the stage that failed: a folder that cannot be created", async () => {
    const file = path.join(tmp("lb-probe-"), "a-file");
    fs.writeFileSync(file, "x");
    const r = await new LocalBackend(path.join(file, "sub")).probe();
    expect(r).toMatchObject({ ok: false, stage: "write" });
    expect(!r.ok && r.error).toMatch(/ENOTDIR|not a directory/);
  });

  it("reads back what was put, through a range, after a reopen of the folder", async () => {
    const root = tmp("lb-local-");
    await new LocalBackend(root).put("k/v", Readable.from([Buffer.from("hello world")]));
    expect((await readAll(await new LocalBackend(`${root}/`).open("k/v", { start: 6 }))).toString()).toBe("world");
  });
});
