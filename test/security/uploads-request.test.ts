// Must come first: it gives Next's request-scope stores an AsyncLocalStorage before next/headers loads.
import { withRequestScope } from "./request-scope";
// Issue 10 item 14 (request side): a cookie-authenticated POST /api/uploads from another origin
// of the same site (another subdomain) was accepted; every cookie-authenticated state-changing
// route handler now checks Origin / Sec-Fetch-Site (bearer tokens are not affected). And an
// upload to a full disk says "storage full" (507 with the JSON error), not 500.
import fs from "node:fs";
import crypto from "node:crypto";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedApi } from "@/test/api/fixtures";
import { getDb } from "@/lib/db/client";
import { runs } from "@/lib/db/schema";
import { createTarget } from "@/lib/services/targets/create";
import { ADMIN_CLI } from "@/test/api/fixtures";
import * as uploadsRoute from "@/app/api/uploads/route";
import { tmpDir } from "@/test/backup/fixtures";
import { exportedEntryPoints, ROOT, sourceFiles } from "./authorisation-scan";
import { asRequest, sessionHeaders } from "./session";

void withRequestScope;

let seed: ReturnType<typeof seedApi>;
let cookies: Awaited<ReturnType<typeof sessionHeaders>>;
beforeAll(async () => {
  seed = seedApi();
  cookies = await sessionHeaders();
});

type Handler = (r: Request, c: { params: Promise<Record<string, string>> }) => Promise<Response>;

function upload(targetId: number, headers: Record<string, string>, body: BodyInit = "not an artifact"): Promise<Response> {
  const req = new Request(`http://lifeboat.test/api/uploads?targetId=${targetId}`, {
    method: "POST",
    headers: { host: "lifeboat.test", "content-type": "application/octet-stream", ...headers },
    body,
    duplex: "half",
  } as RequestInit);
  return asRequest(cookies.operator, () => (uploadsRoute.POST as Handler)(req, { params: Promise.resolve({}) }));
}

const uploadRuns = () => getDb().select().from(runs).all().filter((r) => r.trigger === "upload").length;

describe("cookie-authenticated uploads from another origin", () => {
  it.each([
    ["Origin of another subdomain", { origin: "http://evil.lifeboat.test" }],
    ["Origin of another site", { origin: "https://attacker.example" }],
    ["Sec-Fetch-Site: same-site", { "sec-fetch-site": "same-site" }],
    ["Sec-Fetch-Site: cross-site", { "sec-fetch-site": "cross-site", origin: "http://lifeboat.test" }],
  ])("are refused (403, nothing read) with %s", async (_what, headers) => {
    const before = uploadRuns();
    const res = await upload(seed.alphaExt.id, headers);
    expect(res.status).toBe(403);
    expect((await res.json()).error.message).toMatch(/another site/);
    expect(uploadRuns()).toBe(before);
  });

  it("pass the check from the console's own pages (then the body is judged: 400 not an artifact)", async () => {
    expect((await upload(seed.alphaExt.id, { origin: "http://lifeboat.test", "sec-fetch-site": "same-origin" })).status).toBe(400);
    expect((await upload(seed.alphaExt.id, {})).status).toBe(400);
  });

  it("with a bearer token are not affected by Origin", async () => {
    const res = await upload(seed.alphaExt.id, { authorization: `Bearer ${seed.tokens.operator}`, origin: "https://attacker.example", "sec-fetch-site": "cross-site" });
    expect(res.status).toBe(400);
  });
});

describe("every cookie-authenticated state-changing route handler checks the origin", () => {
  it("calls sessionActorFor (which checks Origin / Sec-Fetch-Site), never requireActor directly", () => {
    const problems: string[] = [];
    for (const file of sourceFiles("app/api").filter((f) => path.basename(f) === "route.ts")) {
      for (const ep of exportedEntryPoints(file)) {
        if (!["POST", "PUT", "PATCH", "DELETE"].includes(ep.name)) continue;
        if (ep.calls.has("requireActor")) problems.push(`${ep.file}#${ep.name}: calls requireActor without the origin check; use sessionActorFor(request, …)`);
      }
    }
    expect(problems).toEqual([]);
    expect(exportedEntryPoints(path.join(ROOT, "app/api/uploads/route.ts")).find((e) => e.name === "POST")?.calls.has("sessionActorFor")).toBe(true);
  });
});

describe("an upload to a full disk (a real 2 MiB tmpfs)", () => {
  const mnt = tmpDir("lb-upload-tmpfs-");
  let mounted = false;
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=2m", "tmpfs", mnt]);
    mounted = true;
  } catch {
    /* not root: the test below fails loudly rather than skipping */
  }
  afterAll(() => {
    if (mounted) execFileSync("umount", [mnt]);
  });

  it("answers 507 'storage full' with the JSON error and leaves nothing behind", async () => {
    expect(mounted, "mount -t tmpfs needs root").toBe(true);
    const t = createTarget(ADMIN_CLI, { appId: seed.alpha.id, name: "full", type: "external", source: {}, storageRoot: mnt });
    const before = uploadRuns();
    const res = await upload(t.id, { authorization: `Bearer ${seed.tokens.operator}` }, crypto.randomBytes(5 * 1024 * 1024));
    expect(res.status).toBe(507);
    const body = await res.json();
    expect(body.error.code).toBe("storage_full");
    expect(body.error.message).toMatch(/^storage full/);
    expect(uploadRuns()).toBe(before);
    const left = fs.readdirSync(mnt, { recursive: true }).map(String).filter((f) => fs.statSync(path.join(mnt, f)).isFile());
    expect(left).toEqual([]);
  });
});
