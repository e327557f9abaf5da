// Must come first: it gives Next's request-scope stores an AsyncLocalStorage before next/headers loads.
import { withRequestScope } from "@/test/security/request-scope";
// Issue 12: upload errors repeated themselves ("damaged … (file: The artifact is damaged …)") and
// leaked field names ("(targetId: Choose a postgres target)"). The upload form shows the API's
// message once, and beside a field only a hint the message does not already say.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { seedApi } from "@/test/api/fixtures";
import { craftArtifact } from "@/test/backup/crafted-artifact";
import { tmpDir } from "@/test/backup/fixtures";
import * as uploadsRoute from "@/app/api/uploads/route";
import { fieldHints } from "./field-hints";

void withRequestScope;

let seed: ReturnType<typeof seedApi>;
beforeAll(() => {
  seed = seedApi();
});

type Handler = (r: Request, c: { params: Promise<Record<string, string>> }) => Promise<Response>;

/** What the upload form gets back: the API's message and details. */
async function refusal(targetId: number, file: string): Promise<{ message: string; details?: Record<string, unknown> }> {
  const req = new Request(`http://lifeboat.test/api/uploads?targetId=${targetId}`, {
    method: "POST",
    headers: { authorization: `Bearer ${seed.tokens.operator}`, "content-type": "application/octet-stream" },
    body: fs.readFileSync(file),
  });
  const res = await (uploadsRoute.POST as Handler)(req, { params: Promise.resolve({}) });
  expect(res.status).toBe(400);
  return ((await res.json()) as { error: { message: string; details?: Record<string, unknown> } }).error;
}

describe("an upload's error as the form shows it", () => {
  it("a damaged file: the message once, no hint repeating it, no field name in it", async () => {
    const file = path.join(tmpDir("lb-hints-"), "random.tar.zst");
    fs.writeFileSync(file, crypto.randomBytes(4096));
    const e = await refusal(seed.alphaFiles.id, file);
    expect(e.message).toMatch(/^Rejected: /);
    expect(e.message).not.toMatch(/\((file|targetId): /);
    expect(fieldHints(e.message, e.details)).toEqual({});
  });

  it("an artifact of another type: says which target to choose, once, without 'targetId'", async () => {
    const file = craftArtifact("sqlite", "database.sqlite", "not really sqlite");
    const e = await refusal(seed.alphaFiles.id, file);
    expect(e.message).toMatch(/is a sqlite backup and .* is a filesystem target: choose a sqlite target/);
    expect(e.message).not.toContain("targetId");
    expect(fieldHints(e.message, e.details)).toEqual({});
  });

  it("keeps a hint the message does not say, keyed by field for the form to place beside it", () => {
    expect(fieldHints("The file is corrupt: its sha256 is 00…, the .sha256 given says ff…", { sha256: "Does not match the file" })).toEqual({ sha256: "Does not match the file" });
    expect(fieldHints("Upload failed (HTTP 500)", undefined)).toEqual({});
    expect(fieldHints("x", { a: "", b: 3, c: null })).toEqual({});
  });
});
