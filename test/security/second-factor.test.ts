// Must come first: it gives Next's request-scope stores an AsyncLocalStorage before next/headers loads.
import { withRequestScope } from "./request-scope";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { encode } from "next-auth/jwt";
import { generateSync } from "otplib";
import { env } from "@/lib/env";
import type { Actor } from "@/lib/auth/actor";
import { createUser } from "@/lib/services/users/create";
import { passwordSignIn } from "@/lib/services/auth/sign-in";
import { updateSignInPolicy } from "@/lib/services/auth/policy";
import { confirmTotpEnrolment, startTotpEnrolment } from "@/lib/services/two-factor/enrol";
import { createToken } from "@/lib/services/tokens/create";
import { FLOW_COOKIE } from "@/lib/auth/request";
import { currentActor, sessionState } from "@/lib/auth/session";
import { exportedEntryPoints, isUseServerModule, ROOT, sourceFiles } from "./authorisation-scan";

void withRequestScope;

/**
 * "A user with 2FA required cannot reach any page, action or cookie-authenticated route before the
 * second factor." Two ways to be half signed in, both checked against every exported server action
 * and every route handler (found by scanning, so a new one is covered without being listed):
 *  1. after the password, holding only the second-factor flow cookie;
 *  2. holding a real session cookie that passed one factor, when the role now requires two.
 * Each must get exactly what an anonymous caller gets.
 */
const CLI: Actor = { type: "cli", label: "2fa-scan", role: "admin" };
const PW = "correct horse battery";
const base = { host: "localhost", "x-forwarded-proto": "http" };
const jwtFor = (u: { id: number; email: string }, amr: string[]) =>
  encode({ token: { uid: u.id, sub: String(u.id), email: u.email, amr }, secret: env().authSecret, salt: "authjs.session-token" });

// The pre-session steps themselves (they answer for the flow cookie by design) and Auth.js's own endpoints.
const PRE_SESSION = /^app\/\(auth\)\//;
const serverModules = sourceFiles("app", "lib", "components").filter(isUseServerModule);
const actions = serverModules.flatMap((f) => exportedEntryPoints(f)).filter((e) => !PRE_SESSION.test(e.file));
const routeFiles = sourceFiles("app/api").filter((f) => path.basename(f) === "route.ts" && !f.includes("[...nextauth]"));
const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"];

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response> | Response;

async function outcomeOfAction(headers: Record<string, string>, file: string, name: string): Promise<string> {
  const mod = (await import(path.join(ROOT, file))) as Record<string, (...a: unknown[]) => Promise<unknown>>;
  try {
    // Two arguments fit both shapes: (input) and (previousState, formData).
    const r = await withRequestScope(headers, async () => mod[name]!({}, new FormData()));
    return String((r as { error?: unknown } | null)?.error ?? "ok");
  } catch (e) {
    return String((e as Error).message);
  }
}

async function statusOfRoute(headers: Record<string, string>, file: string, method: string): Promise<number> {
  const mod = (await import(file)) as Record<string, Handler>;
  const rel = path.relative(path.join(ROOT, "app"), path.dirname(file));
  const params: Record<string, string> = {};
  const url = "/" + rel.replace(/\[(\w+)\]/g, (_m, k: string) => (params[k] = k === "event" ? "success" : k === "key" ? "nope" : "999999"));
  const body = method === "GET" || method === "HEAD" ? undefined : "{}";
  const req = new Request(`http://lifeboat.test${url}?targetId=999999`, { method, headers: { ...headers, "content-type": "application/json" }, body });
  const res = await withRequestScope(headers, async () => mod[method]!(req, { params: Promise.resolve(params) }));
  await res.body?.cancel();
  return res.status;
}

let flowHeaders: Record<string, string>;
let oneFactorHeaders: Record<string, string>;
let twoFactorHeaders: Record<string, string>;
let operatorToken: string;

beforeAll(async () => {
  const u = await createUser(CLI, { email: "half@authz.test", password: PW, role: "operator" });
  const me: Actor = { type: "user", id: u.id, email: u.email, role: u.role };
  const { secret } = await startTotpEnrolment(me);
  confirmTotpEnrolment(me, generateSync({ secret }));
  const out = await passwordSignIn(u.email, PW, null);
  expect(out.kind).toBe("second_factor");
  flowHeaders = { ...base, cookie: `${FLOW_COOKIE}=${(out as { flowToken: string }).flowToken}` };
  oneFactorHeaders = { ...base, cookie: `authjs.session-token=${await jwtFor(u, ["password"])}` };
  twoFactorHeaders = { ...base, cookie: `authjs.session-token=${await jwtFor(u, ["password", "totp"])}` };
  operatorToken = createToken(CLI, { name: "ops-token", role: "operator" }).token;
  updateSignInPolicy(CLI, { twoFactorRoles: ["operator", "admin"] });
});

describe("before the second factor nothing is reachable", () => {
  it("finds the actions and routes it checks (a scan that sees nothing proves nothing)", () => {
    expect(actions.length).toBeGreaterThanOrEqual(40);
    expect(routeFiles.length).toBeGreaterThanOrEqual(18);
  });

  it("the flow cookie is no session; a one-factor session of a role requiring two is none either", async () => {
    for (const h of [flowHeaders, oneFactorHeaders]) expect(await withRequestScope(h, () => currentActor())).toBeNull();
    expect((await withRequestScope(oneFactorHeaders, () => sessionState())).kind).toBe("second_factor_required");
    expect(await withRequestScope(twoFactorHeaders, () => currentActor())).toMatchObject({ email: "half@authz.test", role: "operator" });
  });

  it("every server action answers as for an anonymous caller", async () => {
    const problems: string[] = [];
    for (const a of actions) {
      const anonymous = await outcomeOfAction(base, a.file, a.name);
      expect(anonymous, `${a.file}#${a.name} anonymous`).toMatch(/^Sign in first/);
      for (const [who, h] of [["flow cookie", flowHeaders], ["one-factor session", oneFactorHeaders]] as const) {
        const got = await outcomeOfAction(h, a.file, a.name);
        if (got !== anonymous) problems.push(`${a.file}#${a.name} with ${who}: ${got}`);
      }
    }
    expect(problems).toEqual([]);
    // The same session with its second factor gets past the check (the scan above can fail).
    expect(await outcomeOfAction(twoFactorHeaders, "lib/actions/poll-run-log.ts", "pollRunLogAction")).not.toMatch(/^Sign in first/);
  });

  it("every route handler answers as for an anonymous caller (cookie-authenticated ones: 401)", async () => {
    const problems: string[] = [];
    let refused = 0;
    for (const f of routeFiles) {
      const mod = (await import(f)) as Record<string, unknown>;
      for (const m of METHODS.filter((m) => typeof mod[m] === "function")) {
        const anonymous = await statusOfRoute(base, f, m);
        if (anonymous === 401) refused++;
        for (const [who, h] of [["flow cookie", flowHeaders], ["one-factor session", oneFactorHeaders]] as const) {
          const got = await statusOfRoute(h, f, m);
          if (got !== anonymous) problems.push(`${m} ${path.relative(ROOT, f)} with ${who}: ${got} (anonymous ${anonymous})`);
        }
      }
    }
    expect(problems).toEqual([]);
    expect(refused).toBeGreaterThanOrEqual(10);
    expect(await statusOfRoute(twoFactorHeaders, path.join(ROOT, "app/api/audit/export/route.ts"), "GET")).toBe(403);
  });

  it("API tokens are unaffected by the 2FA requirement", async () => {
    const status = await statusOfRoute({ ...base, authorization: `Bearer ${operatorToken}` }, path.join(ROOT, "app/api/v1/runs/route.ts"), "GET");
    expect(status).toBe(200);
  });
});
