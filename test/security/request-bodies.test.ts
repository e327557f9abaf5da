// Issue 10 item 10: every JSON body is read as a capped stream (413 past 1 MiB), its nesting is
// limited (400), and neither ever becomes a 500. The huge bodies are generated as they are read,
// never allocated, so the test itself stays small; the bytes the handler pulled are counted.
import fs from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { seedApi } from "@/test/api/fixtures";
import { getDb } from "@/lib/db/client";
import { runs } from "@/lib/db/schema";
import * as appsRoute from "@/app/api/v1/apps/route";
import * as targetsRoute from "@/app/api/v1/targets/route";
import * as targetRoute from "@/app/api/v1/targets/[id]/route";
import * as reportRoute from "@/app/api/v1/targets/[id]/report/route";
import * as schedulesRoute from "@/app/api/v1/schedules/route";
import * as scheduleRoute from "@/app/api/v1/schedules/[id]/route";
import * as restorePreviewRoute from "@/app/api/v1/runs/[id]/restore/preview/route";
import * as restoreRoute from "@/app/api/v1/runs/[id]/restore/route";

type Handler = (request: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

let s: ReturnType<typeof seedApi>;
beforeAll(() => {
  s = seedApi();
});

const MiB = 1024 * 1024;
const CHUNK = new TextEncoder().encode(`{"name":"${"x".repeat(64 * 1024 - 20)}`);

/** A body of `total` bytes made chunk by chunk as the reader pulls; `pulled()` says how far it got. */
function generatedBody(total: number) {
  let sent = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= total) return controller.close();
      controller.enqueue(CHUNK);
      sent += CHUNK.length;
    },
  });
  return { stream, pulled: () => sent };
}

interface Endpoint {
  name: string;
  handler: () => Handler;
  method: string;
  path: () => string;
  params: () => Record<string, string>;
  deepBody: (deep: unknown) => unknown;
}

const endpoints: Endpoint[] = [
  { name: "POST /api/v1/apps", handler: () => appsRoute.POST, method: "POST", path: () => "/api/v1/apps", params: () => ({}), deepBody: (deep) => ({ name: "deep", description: deep }) },
  {
    name: "POST /api/v1/targets",
    handler: () => targetsRoute.POST,
    method: "POST",
    path: () => "/api/v1/targets",
    params: () => ({}),
    deepBody: (deep) => ({ appId: s.alpha.id, name: "deep", type: "external", source: {}, meta: deep }),
  },
  {
    name: "PATCH /api/v1/targets/{id}",
    handler: () => targetRoute.PATCH as unknown as Handler,
    method: "PATCH",
    path: () => `/api/v1/targets/${s.alphaExt.id}`,
    params: () => ({ id: String(s.alphaExt.id) }),
    deepBody: (deep) => ({ meta: deep }),
  },
  {
    name: "POST /api/v1/targets/{id}/report",
    handler: () => reportRoute.POST as unknown as Handler,
    method: "POST",
    path: () => `/api/v1/targets/${s.alphaExt.id}/report`,
    params: () => ({ id: String(s.alphaExt.id) }),
    deepBody: (deep) => ({ event: "success", log: deep }),
  },
  {
    name: "POST /api/v1/schedules",
    handler: () => schedulesRoute.POST,
    method: "POST",
    path: () => "/api/v1/schedules",
    params: () => ({}),
    deepBody: (deep) => ({ targetId: s.alphaExt.id, kind: "manual", timezone: deep }),
  },
  {
    name: "PATCH /api/v1/schedules/{id}",
    handler: () => scheduleRoute.PATCH as unknown as Handler,
    method: "PATCH",
    path: () => "/api/v1/schedules/999999",
    params: () => ({ id: "999999" }),
    deepBody: (deep) => ({ timezone: deep }),
  },
  {
    name: "POST /api/v1/runs/{id}/restore/preview",
    handler: () => restorePreviewRoute.POST as unknown as Handler,
    method: "POST",
    path: () => "/api/v1/runs/999999/restore/preview",
    params: () => ({ id: "999999" }),
    deepBody: (deep) => ({ destination: deep }),
  },
  {
    name: "POST /api/v1/runs/{id}/restore",
    handler: () => restoreRoute.POST as unknown as Handler,
    method: "POST",
    path: () => "/api/v1/runs/999999/restore",
    params: () => ({ id: "999999" }),
    deepBody: (deep) => ({ confirm: "x", destination: deep }),
  },
];

function request(e: Endpoint, body: BodyInit, headers: Record<string, string> = {}): Promise<Response> {
  const req = new Request(`http://lifeboat.test${e.path()}`, {
    method: e.method,
    headers: { authorization: `Bearer ${s.tokens.admin}`, "content-type": "application/json", ...headers },
    body,
    duplex: "half",
  } as RequestInit);
  return e.handler()(req, { params: Promise.resolve(e.params()) });
}

/** 100,000 levels of {"a":{"a":…}} as text: 600 KB, under the byte cap. */
const DEEP_TEXT = (inner: string) => '{"a":'.repeat(100_000) + inner + "}".repeat(100_000);

describe.each(endpoints)("$name", (e) => {
  it("cuts a 600 MB streamed body at the cap with 413, quickly and with flat memory", async () => {
    const { stream, pulled } = generatedBody(600 * MiB);
    const rssBefore = process.memoryUsage().rss;
    const started = Date.now();
    const res = await request(e, stream);
    expect(res.status).toBe(413);
    const body = await res.json();
    expect(body.error).toEqual({ code: "payload_too_large", message: "The request body is larger than 1 MiB" });
    expect(pulled()).toBeLessThan(2 * MiB);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(64 * MiB);
  });

  it("refuses a declared Content-Length over the cap before reading the body", async () => {
    const { stream, pulled } = generatedBody(600 * MiB);
    const res = await request(e, stream, { "content-length": String(600 * MiB) });
    expect(res.status).toBe(413);
    expect(pulled()).toBeLessThanOrEqual(CHUNK.length);
  });

  it("answers 400 (not 500) to JSON nested 100,000 deep", async () => {
    const text = JSON.stringify(e.deepBody("__DEEP__")).replace('"__DEEP__"', DEEP_TEXT("1"));
    const res = await request(e, text);
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.code).toBe("bad_request");
    expect(body.error.message).toMatch(/nested deeper than 32 levels/);
  });
});

describe("reported logs", () => {
  it("keeps the first 100 KiB of a report's log, like a ping, and says it was cut", async () => {
    const e = endpoints[3]!;
    const log = "first line\n" + "y".repeat(400 * 1024) + "\nlast line\n";
    const res = await request(e, JSON.stringify({ event: "success", log }));
    expect(res.status).toBe(201);
    const { run } = (await res.json()) as { run: { id: number } };
    const row = getDb().select().from(runs).where(eq(runs.id, run.id)).get()!;
    const kept = fs.readFileSync(row.logPath!, "utf8");
    expect(kept.startsWith("first line\n")).toBe(true);
    expect(kept).not.toContain("last line");
    expect(kept).toMatch(/reported log cut at 100 KiB/);
    expect(Buffer.byteLength(kept)).toBeLessThan(101 * 1024);
  });
});

describe("meta typed into the target form", () => {
  it("refuses meta text nested 100,000 deep with a field error, not a crash", async () => {
    const { createTarget } = await import("@/lib/services/targets/create");
    const { ADMIN_CLI } = await import("@/test/api/fixtures");
    let error: unknown;
    try {
      createTarget(ADMIN_CLI, { appId: s.alpha.id, name: "deep-form", type: "external", source: {}, meta: DEEP_TEXT("1") });
    } catch (e) {
      error = e;
    }
    expect((error as { fieldErrors?: Record<string, string> }).fieldErrors?.meta).toMatch(/nested deeper than 31 levels/);
  });
});
