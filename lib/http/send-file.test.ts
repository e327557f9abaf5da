import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { contentDisposition, sendFile } from "./send-file";
import { parseRange } from "./range";

let file = "";
let data: Buffer;
const SIZE = 1_000_003; // not a multiple of any chunk size

beforeAll(() => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lifeboat-send-"));
  file = path.join(dir, "app_db_2025.tar.zst");
  data = crypto.randomBytes(SIZE);
  fs.writeFileSync(file, data);
});

const get = (headers: Record<string, string> = {}, method = "GET") =>
  sendFile(new Request("http://x/f", { method, headers }), { absPath: file, size: SIZE, fileName: "app_db_2025.tar.zst" });

describe("sendFile", () => {
  it("streams the whole file with length, type and attachment name", async () => {
    const res = await get();
    expect(res.status).toBe(200);
    expect(res.headers.get("content-length")).toBe(String(SIZE));
    expect(res.headers.get("content-type")).toBe("application/octet-stream");
    expect(res.headers.get("accept-ranges")).toBe("bytes");
    expect(res.headers.get("content-disposition")).toBe(
      `attachment; filename="app_db_2025.tar.zst"; filename*=UTF-8''app_db_2025.tar.zst`,
    );
    expect(Buffer.from(await res.arrayBuffer()).equals(data)).toBe(true);
  });

  it("serves start-end, open-ended and suffix ranges with 206 and Content-Range", async () => {
    const cases: [string, number, number][] = [
      ["bytes=0-99", 0, 99],
      ["bytes=500000-", 500_000, SIZE - 1],
      ["bytes=-1000", SIZE - 1000, SIZE - 1],
      ["bytes=999990-2000000", 999_990, SIZE - 1], // end past the file is clamped
      ["bytes=-5000000", 0, SIZE - 1], // suffix longer than the file = whole file
    ];
    for (const [range, start, end] of cases) {
      const res = await get({ Range: range });
      expect(res.status, range).toBe(206);
      expect(res.headers.get("content-range")).toBe(`bytes ${start}-${end}/${SIZE}`);
      expect(res.headers.get("content-length")).toBe(String(end - start + 1));
      expect(Buffer.from(await res.arrayBuffer()).equals(data.subarray(start, end + 1)), range).toBe(true);
    }
  });

  it("resumes a download: two halves make the file", async () => {
    const first = Buffer.from(await (await get({ Range: "bytes=0-499999" })).arrayBuffer());
    const etag = (await get({}, "HEAD")).headers.get("etag")!;
    const rest = await get({ Range: `bytes=${first.length}-`, "If-Range": etag });
    expect(rest.status).toBe(206);
    const whole = Buffer.concat([first, Buffer.from(await rest.arrayBuffer())]);
    expect(whole.equals(data)).toBe(true);
    // A stale If-Range (the file changed) gets the whole file again, not a mismatched piece.
    const stale = await get({ Range: "bytes=10-", "If-Range": '"other"' });
    expect(stale.status).toBe(200);
    await stale.body?.cancel();
  });

  it("answers 416 for unsatisfiable ranges and ignores malformed ones", async () => {
    for (const range of [`bytes=${SIZE}-`, `bytes=${SIZE + 10}-${SIZE + 20}`, "bytes=-0"]) {
      const res = await get({ Range: range });
      expect(res.status, range).toBe(416);
      expect(res.headers.get("content-range")).toBe(`bytes */${SIZE}`);
    }
    for (const range of ["bytes=abc", "items=0-10", "bytes=50-10", "bytes=0-1,5-9", "bytes=-"]) {
      const res = await get({ Range: range });
      expect(res.status, range).toBe(200);
      expect(res.headers.get("content-length")).toBe(String(SIZE));
      await res.body?.cancel();
    }
  });

  it("HEAD sends headers only", async () => {
    const res = await get({}, "HEAD");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-length")).toBe(String(SIZE));
    expect(res.body).toBeNull();
  });

  it("writes a safe Content-Disposition for unicode and quotes", () => {
    expect(contentDisposition("attachment", 'bảo "lưu".tar')).toBe(
      `attachment; filename="b_o _l_u_.tar"; filename*=UTF-8''b%E1%BA%A3o%20%22l%C6%B0u%22.tar`,
    );
  });

  it("parseRange edge cases", () => {
    expect(parseRange(null, 10)).toBeNull();
    expect(parseRange("bytes=0-0", 10)).toEqual({ start: 0, end: 0 });
    expect(parseRange("bytes=0-", 0)).toBe("unsatisfiable");
    expect(parseRange("bytes=-3", 0)).toBe("unsatisfiable");
    expect(parseRange("bytes=9-", 10)).toEqual({ start: 9, end: 9 });
  });
});
