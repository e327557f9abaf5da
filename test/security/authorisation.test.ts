// Must come first: it gives Next's request-scope stores an AsyncLocalStorage before next/headers loads.
import { withRequestScope } from "./request-scope";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { PERMISSIONS, type Permission } from "@/lib/auth/permissions";
import { seedApi } from "@/test/api/fixtures";
import { updateSettings } from "@/lib/services/settings/settings";
import { generateMetricsToken } from "@/lib/metrics/settings";
import { callsOfFunction, exportedEntryPoints, inlineUseServer, isUseServerModule, ROOT, sourceFiles } from "./authorisation-scan";
import { asRequest, ROLES, sessionHeaders, type Role } from "./session";

void withRequestScope;

/** The calls that authorise: a session (requireActor, or runAction which calls it) or an API token. */
const AUTH_CALLS = ["runAction", "requireActor", "authenticate", "sessionActorFor"];

/**
 * Exported entry points that do not call one of AUTH_CALLS, each with the reason it is safe and
 * the call it must make instead (if any). Anything not listed here must authorise itself.
 */
const ALLOW: Record<string, { why: string; mustCall?: string }> = {
  // Signing in is how a session starts: the password (and then the second factor) is checked by the services.
  "app/(auth)/actions.ts#signInAction": { why: "sign-in creates the session", mustCall: "passwordSignIn" },
  "app/(auth)/actions.ts#ssoSignInAction": { why: "starts the OIDC redirect; the callback checks state/nonce/PKCE", mustCall: "signIn" },
  // The second-factor step: no session yet; each action acts only for the sign-in behind the flow cookie.
  "app/(auth)/login/verify/actions.ts#verifyCodeAction": { why: "second factor of a pending sign-in", mustCall: "requirePendingSignIn" },
  "app/(auth)/login/verify/actions.ts#startEnrolmentAction": { why: "enrolment during a pending sign-in", mustCall: "requirePendingSignIn" },
  "app/(auth)/login/verify/actions.ts#confirmEnrolmentAction": { why: "enrolment during a pending sign-in", mustCall: "requirePendingSignIn" },
  "app/(auth)/login/verify/actions.ts#continueSignInAction": { why: "second factor of a pending sign-in", mustCall: "requirePendingSignIn" },
  "app/(auth)/login/verify/actions.ts#passkeySecondFactorOptionsAction": { why: "second factor of a pending sign-in", mustCall: "requirePendingSignIn" },
  "app/(auth)/login/verify/actions.ts#passkeySecondFactorAction": { why: "second factor of a pending sign-in", mustCall: "requirePendingSignIn" },
  "app/(auth)/login/verify/actions.ts#cancelSignInAction": { why: "drops the caller's own pending sign-in", mustCall: "requirePendingSignIn" },
  // Passkey sign-in: a public challenge, then the signature checked against the stored public key.
  "app/(auth)/login/passkey-actions.ts#passkeySignInOptionsAction": { why: "a challenge, no data", mustCall: "passkeyAuthenticationOptions" },
  "app/(auth)/login/passkey-actions.ts#passkeySignInAction": { why: "the passkey is the credential", mustCall: "verifyPasskey" },
  // First-run setup: createFirstAdmin refuses (in the same transaction) once any user exists.
  "app/(auth)/actions.ts#setupAction": { why: "first-run setup only", mustCall: "createFirstAdmin" },
  "app/(auth)/actions.ts#signOutAction": { why: "ends the caller's own session", mustCall: "signOut" },
  // next-auth's own endpoints (/api/auth/*: csrf, session, callback).
  "app/api/auth/[...nextauth]/route.ts#GET": { why: "next-auth handlers" },
  "app/api/auth/[...nextauth]/route.ts#POST": { why: "next-auth handlers" },
  // Load balancers and Docker HEALTHCHECK: status words only, no data.
  "app/api/health/route.ts#GET": { why: "public health check" },
  // The API description itself; documents the API, holds no data.
  "app/api/v1/openapi.json/route.ts#GET": { why: "public API document" },
  // The per-target ping key in the path is the credential (ping() looks it up, 404 otherwise).
  "app/api/v1/ping/[key]/[event]/route.ts#POST": { why: "ping key in the URL is the secret", mustCall: "ping" },
  // Prometheus: 404 until an admin enables it, then its own bearer token when one is set.
  "app/api/metrics/route.ts#GET": { why: "metrics token (admin-controlled)", mustCall: "metricsAccess" },
  // Delegate to artifactRoute, which is checked below to call requireActor("artifact.download").
  "app/api/runs/[id]/artifact/route.ts#GET": { why: "delegates", mustCall: "artifactRoute" },
  "app/api/runs/[id]/artifact/route.ts#HEAD": { why: "delegates", mustCall: "artifactRoute" },
  "app/api/runs/[id]/sha256/route.ts#GET": { why: "delegates", mustCall: "artifactRoute" },
  "app/api/runs/[id]/sha256/route.ts#HEAD": { why: "delegates", mustCall: "artifactRoute" },
};

// Non-function exports Next reads from route modules.
const ROUTE_CONFIG = new Set(["dynamic", "runtime", "revalidate", "fetchCache", "preferredRegion", "maxDuration"]);

const serverModules = sourceFiles("app", "lib", "components").filter(isUseServerModule);
const routeFiles = sourceFiles("app/api").filter((f) => path.basename(f) === "route.ts");

describe("static scan: every server action and route handler authorises itself", () => {
  it("finds the modules (a scan that sees nothing proves nothing)", () => {
    expect(serverModules.length).toBeGreaterThanOrEqual(15);
    expect(routeFiles.length).toBeGreaterThanOrEqual(19);
  });

  it("has no inline 'use server' functions (the module scan would not see them)", () => {
    const inline = sourceFiles("app", "lib", "components").filter(inlineUseServer);
    expect(inline.map((f) => path.relative(ROOT, f))).toEqual([]);
  });

  it("each exported action calls runAction / requireActor / authenticate, or is allow-listed with its reason", () => {
    const problems: string[] = [];
    const seen = new Set<string>();
    for (const file of [...serverModules, ...routeFiles]) {
      const isRoute = routeFiles.includes(file);
      for (const ep of exportedEntryPoints(file)) {
        if (isRoute && ROUTE_CONFIG.has(ep.name)) continue;
        const key = `${ep.file}#${ep.name}`;
        seen.add(key);
        const allowed = ALLOW[key];
        if (allowed) {
          if (allowed.mustCall && !ep.calls.has(allowed.mustCall)) problems.push(`${key}: allow-listed (${allowed.why}) but no longer calls ${allowed.mustCall}()`);
          continue;
        }
        if (!AUTH_CALLS.some((c) => ep.calls.has(c))) problems.push(`${key}: calls none of ${AUTH_CALLS.join(", ")}`);
      }
    }
    for (const key of Object.keys(ALLOW)) if (!seen.has(key)) problems.push(`${key}: allow-listed but no longer exists (remove it)`);
    expect(problems).toEqual([]);
  });

  it("artifactRoute (the console's download wrapper) checks the session itself", () => {
    expect([...callsOfFunction("lib/http/artifact-route.ts", "artifactRoute")]).toContain("requireActor");
  });
});

// ---------------------------------------------------------------------------------------------
// Server actions, called for real inside a request scope with real next-auth session cookies.

type Outcome = "unauthorized" | "forbidden" | "allowed";
type ActionCall = (fn: (...a: unknown[]) => Promise<unknown>) => Promise<unknown>;

const form = (entries: Record<string, string> = {}) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(entries)) f.set(k, v);
  return f;
};
const one: ActionCall = (fn) => fn({});
const ACTIONS: Record<string, { permission: Permission; call?: ActionCall }> = {
  "app/(console)/account/actions.ts#startTotpAction": { permission: "read" },
  "app/(console)/account/actions.ts#confirmTotpAction": { permission: "read" },
  "app/(console)/account/actions.ts#disableTotpAction": { permission: "read" },
  "app/(console)/account/actions.ts#regenerateRecoveryCodesAction": { permission: "read" },
  "app/(console)/account/actions.ts#passkeyRegistrationOptionsAction": { permission: "read" },
  "app/(console)/account/actions.ts#registerPasskeyAction": { permission: "read" },
  "app/(console)/account/actions.ts#removePasskeyAction": { permission: "read", call: (fn) => fn({ id: 999_999 }) },
  "app/(console)/account/actions.ts#forgetDevicesAction": { permission: "read" },
  "app/(console)/apps/actions.ts#createAppAction": { permission: "manage" },
  "app/(console)/apps/actions.ts#updateAppAction": { permission: "manage" },
  "app/(console)/apps/actions.ts#deleteAppAction": { permission: "manage" },
  "app/(console)/restores/actions.ts#verifyRunAction": { permission: "restore.execute" },
  "app/(console)/restores/actions.ts#startTestRestoreAction": { permission: "restore.execute" },
  "app/(console)/restores/actions.ts#startRestoreAction": { permission: "restore.execute" },
  "app/(console)/restores/actions.ts#cancelRestoreAction": { permission: "restore.execute", call: (fn) => fn({ restoreId: 999_999 }) },
  "app/(console)/schedules/actions.ts#previewRuleAction": { permission: "read" },
  "app/(console)/schedules/actions.ts#createScheduleAction": { permission: "manage" },
  "app/(console)/schedules/actions.ts#updateScheduleAction": { permission: "manage" },
  "app/(console)/schedules/actions.ts#toggleScheduleAction": { permission: "schedule.toggle" },
  "app/(console)/schedules/actions.ts#deleteScheduleAction": { permission: "manage" },
  "app/(console)/schedules/actions.ts#runNowAction": { permission: "run.trigger" },
  "app/(console)/settings/actions.ts#saveGeneralSettingsAction": { permission: "manage" },
  "app/(console)/settings/notifications/actions.ts#saveChannelAction": { permission: "manage", call: (fn) => fn(null, form({ type: "email" })) },
  "app/(console)/settings/notifications/actions.ts#sendTestAction": { permission: "manage", call: (fn) => fn(999_999) },
  "app/(console)/settings/notifications/actions.ts#setChannelEnabledAction": { permission: "manage", call: (fn) => fn(999_999, true) },
  "app/(console)/settings/notifications/actions.ts#deleteChannelAction": { permission: "manage", call: (fn) => fn(999_999) },
  "app/(console)/settings/notifications/actions.ts#setMetricsEnabledAction": { permission: "manage", call: (fn) => fn("not a boolean") },
  "app/(console)/settings/notifications/actions.ts#generateMetricsTokenAction": { permission: "manage", call: (fn) => fn() },
  "app/(console)/settings/notifications/actions.ts#removeMetricsTokenAction": { permission: "manage", call: (fn) => fn() },
  // Servers (issue 17): admin only.
  "app/(console)/settings/servers/actions.ts#createServerAction": { permission: "manage" },
  "app/(console)/settings/servers/actions.ts#updateServerAction": { permission: "manage", call: (fn) => fn(999_999, {}) },
  "app/(console)/settings/servers/actions.ts#checkServerAction": { permission: "manage", call: (fn) => fn(999_999) },
  "app/(console)/settings/servers/actions.ts#deleteServerAction": { permission: "manage", call: (fn) => fn(999_999) },
  "app/(console)/settings/servers/actions.ts#adoptDockerAction": { permission: "manage", call: (fn) => fn(999_999, ["db:x"]) },
  "app/(console)/settings/sign-in/actions.ts#saveSignInPolicyAction": { permission: "manage" },
  "app/(console)/settings/sign-in/actions.ts#saveSsoSettingsAction": { permission: "manage" },
  // Storage locations, the recovery kit, rescan and the self-backup target: admin only.
  "app/(console)/settings/storage/actions.ts#createStorageAction": { permission: "manage" },
  "app/(console)/settings/storage/actions.ts#updateStorageAction": { permission: "manage", call: (fn) => fn(999_999, {}) },
  "app/(console)/settings/storage/actions.ts#deleteStorageAction": { permission: "manage", call: (fn) => fn(999_999) },
  "app/(console)/settings/storage/actions.ts#testStorageAction": { permission: "manage", call: (fn) => fn(999_999) },
  "app/(console)/settings/storage/actions.ts#rescanStorageAction": { permission: "manage", call: (fn) => fn(999_999) },
  "app/(console)/settings/storage/actions.ts#downloadRecoveryKitAction": { permission: "manage", call: (fn) => fn("not the password") },
  "app/(console)/settings/storage/actions.ts#setUpSelfBackupAction": { permission: "manage" },
  "app/(console)/settings/storage/actions.ts#revealResticPasswordAction": { permission: "manage", call: (fn) => fn(999_999, "not the password") },
  "app/(console)/settings/tokens/actions.ts#createTokenAction": { permission: "manage", call: (fn) => fn(null, form()) },
  "app/(console)/settings/tokens/actions.ts#revokeTokenAction": { permission: "manage", call: (fn) => fn(999_999) },
  "app/(console)/storage/actions.ts#deleteOrphanAction": { permission: "manage" },
  "app/(console)/targets/actions.ts#createTargetAction": { permission: "manage" },
  "app/(console)/targets/actions.ts#updateTargetAction": { permission: "manage" },
  "app/(console)/targets/actions.ts#deleteTargetAction": { permission: "manage" },
  "app/(console)/targets/actions.ts#testConnectionAction": { permission: "manage", call: (fn) => fn({ type: "filesystem", source: { path: "/tmp" } }) },
  "app/(console)/users/actions.ts#createUserAction": { permission: "manage" },
  "app/(console)/users/actions.ts#updateUserAction": { permission: "manage" },
  "app/(console)/users/actions.ts#deleteUserAction": { permission: "manage" },
  "app/(console)/users/actions.ts#resetTwoFactorAction": { permission: "manage", call: (fn) => fn({ id: 999_999 }) },
  "lib/actions/cancel-run.ts#cancelRunAction": { permission: "run.cancel" },
  "lib/actions/palette.ts#paletteDataAction": { permission: "read", call: (fn) => fn() },
  "lib/actions/palette.ts#findRunAction": { permission: "read", call: (fn) => fn({ id: 999_999 }) },
  "lib/actions/pitr.ts#pitrPreflightAction": { permission: "manage" },
  "lib/actions/pitr.ts#pitrRestoreAction": { permission: "restore.execute" },
  "lib/actions/pitr.ts#stopPitrServerAction": { permission: "restore.execute" },
  "lib/actions/pitr.ts#setPitrAction": { permission: "manage" },
  "lib/actions/poll-run-log.ts#pollRunLogAction": { permission: "read" },
  "lib/actions/rotate-ping-key.ts#rotatePingKeyAction": { permission: "manage" },
  "lib/actions/run-pin.ts#pinRunAction": { permission: "run.pin" },
  "lib/actions/run-retry.ts#retryRunAction": { permission: "run.trigger" },
  "lib/actions/trigger-run.ts#triggerRunAction": { permission: "run.trigger" },
};

const RANK: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 };
const expected = (role: Role | "anonymous", p: Permission): Outcome =>
  role === "anonymous" ? "unauthorized" : RANK[role] >= RANK[PERMISSIONS[p]] ? "allowed" : "forbidden";

/** What the action answered: its error text (ActionResult or form state), or what it threw. */
function outcomeOf(result: unknown, thrown: unknown): Outcome {
  const text = thrown ? String((thrown as Error).message ?? thrown) : String((result as { error?: unknown } | null)?.error ?? "");
  if (/^Sign in first/.test(text)) return "unauthorized";
  if (/does not allow this/.test(text)) return "forbidden";
  return "allowed";
}

let headers: Awaited<ReturnType<typeof sessionHeaders>>;
let seed: ReturnType<typeof seedApi>;
beforeAll(async () => {
  headers = await sessionHeaders();
  seed = seedApi();
});

describe("server actions refuse callers without a session or the role (real session cookies)", () => {
  it("the expectation table covers exactly the exported actions (a new action must be added here)", () => {
    const exported = serverModules
      .flatMap((f) => exportedEntryPoints(f))
      .map((e) => `${e.file}#${e.name}`)
      .filter((k) => !ALLOW[k])
      .sort();
    expect(exported).toEqual(Object.keys(ACTIONS).sort());
  });

  for (const [key, spec] of Object.entries(ACTIONS)) {
    it(`${key} needs ${spec.permission} (${PERMISSIONS[spec.permission]}+)`, async () => {
      const [file, name] = key.split("#") as [string, string];
      const mod = (await import(path.join(ROOT, file))) as Record<string, (...a: unknown[]) => Promise<unknown>>;
      const fn = mod[name]!;
      expect(typeof fn).toBe("function");
      const got: Record<string, Outcome> = {};
      const want: Record<string, Outcome> = {};
      for (const who of ["anonymous", ...ROLES] as const) {
        let result: unknown;
        let thrown: unknown;
        try {
          result = await asRequest(headers[who], () => (spec.call ?? one)(fn));
        } catch (e) {
          thrown = e;
        }
        got[who] = outcomeOf(result, thrown);
        want[who] = expected(who, spec.permission);
      }
      expect(got).toEqual(want);
    });
  }
});

// ---------------------------------------------------------------------------------------------
// Route handlers: API v1 with bearer tokens, the console's file routes with session cookies.

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response> | Response;
interface RouteSpec {
  /** Permission for a token (API v1) or a session (console routes); "public" answers without one. */
  auth: Permission | "public";
  kind: "token" | "session" | "token-or-session" | "public";
  path: string;
  params?: Record<string, string>;
  body?: unknown;
}

const ROUTES: Record<string, RouteSpec> = {
  "GET /api/v1/apps": { auth: "read", kind: "token", path: "/api/v1/apps" },
  "POST /api/v1/apps": { auth: "manage", kind: "token", path: "/api/v1/apps", body: { name: "authz-app" } },
  "GET /api/v1/targets": { auth: "read", kind: "token", path: "/api/v1/targets" },
  "POST /api/v1/targets": { auth: "manage", kind: "token", path: "/api/v1/targets", body: {} },
  "GET /api/v1/targets/[id]": { auth: "read", kind: "token", path: "/api/v1/targets/1", params: { id: "1" } },
  "PATCH /api/v1/targets/[id]": { auth: "manage", kind: "token", path: "/api/v1/targets/1", params: { id: "1" }, body: {} },
  "DELETE /api/v1/targets/[id]": { auth: "manage", kind: "token", path: "/api/v1/targets/999999", params: { id: "999999" } },
  "POST /api/v1/targets/[id]/runs": { auth: "run.trigger", kind: "token", path: "/api/v1/targets/999999/runs", params: { id: "999999" } },
  "POST /api/v1/targets/[id]/report": { auth: "report.write", kind: "token", path: "/api/v1/targets/999999/report", params: { id: "999999" }, body: {} },
  "GET /api/v1/runs": { auth: "read", kind: "token", path: "/api/v1/runs" },
  "GET /api/v1/runs/[id]": { auth: "read", kind: "token", path: "/api/v1/runs/999999", params: { id: "999999" } },
  "GET /api/v1/runs/[id]/artifact": { auth: "artifact.download", kind: "token", path: "/api/v1/runs/999999/artifact", params: { id: "999999" } },
  "GET /api/v1/runs/[id]/log": { auth: "read", kind: "token", path: "/api/v1/runs/999999/log", params: { id: "999999" } },
  "DELETE /api/v1/runs/[id]": { auth: "manage", kind: "token", path: "/api/v1/runs/999999", params: { id: "999999" } },
  "POST /api/v1/runs/[id]/restore": { auth: "restore.execute", kind: "token", path: "/api/v1/runs/999999/restore", params: { id: "999999" }, body: { confirm: "x" } },
  "POST /api/v1/runs/[id]/restore/preview": { auth: "restore.execute", kind: "token", path: "/api/v1/runs/999999/restore/preview", params: { id: "999999" }, body: {} },
  "POST /api/v1/runs/[id]/verify": { auth: "restore.execute", kind: "token", path: "/api/v1/runs/999999/verify", params: { id: "999999" } },
  "GET /api/v1/restores/[id]": { auth: "read", kind: "token", path: "/api/v1/restores/999999", params: { id: "999999" } },
  "POST /api/v1/restores/[id]/cancel": { auth: "restore.execute", kind: "token", path: "/api/v1/restores/999999/cancel", params: { id: "999999" } },
  "GET /api/v1/schedules": { auth: "read", kind: "token", path: "/api/v1/schedules" },
  "POST /api/v1/schedules": { auth: "manage", kind: "token", path: "/api/v1/schedules", body: {} },
  // Enabling or disabling alone is an operator's right (as the UI's switch); other fields need an admin (tested in contract-schedules).
  "PATCH /api/v1/schedules/[id]": { auth: "schedule.toggle", kind: "token", path: "/api/v1/schedules/999999", params: { id: "999999" }, body: { enabled: false } },
  "DELETE /api/v1/schedules/[id]": { auth: "manage", kind: "token", path: "/api/v1/schedules/999999", params: { id: "999999" } },
  // Restic snapshots (issue 14): the tree is read like a log, its download like an artifact.
  "GET /api/v1/runs/[id]/files": { auth: "read", kind: "token", path: "/api/v1/runs/999999/files", params: { id: "999999" } },
  "GET /api/v1/runs/[id]/files/download": { auth: "artifact.download", kind: "token", path: "/api/v1/runs/999999/files/download", params: { id: "999999" } },
  // Storage locations (issue 13) hold credentials: admin only, reading included.
  "GET /api/v1/storage": { auth: "manage", kind: "token", path: "/api/v1/storage" },
  "POST /api/v1/storage": { auth: "manage", kind: "token", path: "/api/v1/storage", body: {} },
  "GET /api/v1/storage/[id]": { auth: "manage", kind: "token", path: "/api/v1/storage/999999", params: { id: "999999" } },
  "PATCH /api/v1/storage/[id]": { auth: "manage", kind: "token", path: "/api/v1/storage/999999", params: { id: "999999" }, body: {} },
  "DELETE /api/v1/storage/[id]": { auth: "manage", kind: "token", path: "/api/v1/storage/999999", params: { id: "999999" } },
  "POST /api/v1/storage/[id]/rescan": { auth: "manage", kind: "token", path: "/api/v1/storage/999999/rescan", params: { id: "999999" } },
  "POST /api/v1/storage/[id]/test": { auth: "manage", kind: "token", path: "/api/v1/storage/999999/test", params: { id: "999999" } },
  "GET /api/v1/servers": { auth: "manage", kind: "token", path: "/api/v1/servers" },
  "POST /api/v1/servers": { auth: "manage", kind: "token", path: "/api/v1/servers", body: {} },
  "GET /api/v1/servers/[id]": { auth: "manage", kind: "token", path: "/api/v1/servers/999999", params: { id: "999999" } },
  "PATCH /api/v1/servers/[id]": { auth: "manage", kind: "token", path: "/api/v1/servers/999999", params: { id: "999999" }, body: {} },
  "DELETE /api/v1/servers/[id]": { auth: "manage", kind: "token", path: "/api/v1/servers/999999", params: { id: "999999" } },
  "POST /api/v1/servers/[id]/check": { auth: "manage", kind: "token", path: "/api/v1/servers/999999/check", params: { id: "999999" } },
  "GET /api/v1/servers/[id]/docker": { auth: "manage", kind: "token", path: "/api/v1/servers/999999/docker", params: { id: "999999" } },
  "POST /api/v1/servers/[id]/docker": { auth: "manage", kind: "token", path: "/api/v1/servers/999999/docker", params: { id: "999999" }, body: { keys: ["db:x"] } },
  // Point-in-time restore (issue 15): an operator's right, like any restore; its progress is readable.
  "POST /api/v1/targets/[id]/pitr/restore": { auth: "restore.execute", kind: "token", path: "/api/v1/targets/999999/pitr/restore", params: { id: "999999" }, body: {} },
  "POST /api/v1/targets/[id]/pitr/restores/[restoreId]/cancel": { auth: "restore.execute", kind: "token", path: "/api/v1/targets/999999/pitr/restores/999999/cancel", params: { id: "999999", restoreId: "999999" } },
  "POST /api/v1/targets/[id]/pitr/restores/[restoreId]/stop-server": { auth: "restore.execute", kind: "token", path: "/api/v1/targets/999999/pitr/restores/999999/stop-server", params: { id: "999999", restoreId: "999999" } },
  "GET /api/v1/targets/[id]/pitr/restores/[restoreId]": { auth: "read", kind: "token", path: "/api/v1/targets/999999/pitr/restores/999999", params: { id: "999999", restoreId: "999999" } },
  "GET /api/v1/openapi.json": { auth: "public", kind: "public", path: "/api/v1/openapi.json" },
  "POST /api/v1/ping/[key]/[event]": { auth: "public", kind: "public", path: "/api/v1/ping/nope/success", params: { key: "nope", event: "success" } },
  "GET /api/health": { auth: "public", kind: "public", path: "/api/health" },
  "GET /api/runs/[id]/artifact": { auth: "artifact.download", kind: "session", path: "/api/runs/999999/artifact", params: { id: "999999" } },
  "HEAD /api/runs/[id]/artifact": { auth: "artifact.download", kind: "session", path: "/api/runs/999999/artifact", params: { id: "999999" } },
  "GET /api/runs/[id]/sha256": { auth: "artifact.download", kind: "session", path: "/api/runs/999999/sha256", params: { id: "999999" } },
  "HEAD /api/runs/[id]/sha256": { auth: "artifact.download", kind: "session", path: "/api/runs/999999/sha256", params: { id: "999999" } },
  "GET /api/runs/[id]/files": { auth: "artifact.download", kind: "session", path: "/api/runs/999999/files", params: { id: "999999" } },
  "GET /api/runs/[id]/log": { auth: "read", kind: "session", path: "/api/runs/999999/log", params: { id: "999999" } },
  "GET /api/audit/export": { auth: "audit.read", kind: "session", path: "/api/audit/export" },
  "POST /api/uploads": { auth: "artifact.upload", kind: "token-or-session", path: "/api/uploads?targetId=999999", body: "not an artifact" },
  // Tested on its own below (off → 404, token → 401); next-auth's endpoints are its own.
  "GET /api/metrics": { auth: "public", kind: "public", path: "/api/metrics" },
  "GET /api/auth/[...nextauth]": { auth: "public", kind: "public", path: "/api/auth/session" },
  "POST /api/auth/[...nextauth]": { auth: "public", kind: "public", path: "/api/auth/signout" },
};

const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"];
const routeKey = (file: string, method: string) => `${method} /${path.relative(path.join(ROOT, "app"), path.dirname(file))}`;

async function handlerFor(key: string): Promise<Handler> {
  const [method, route] = key.split(" ") as [string, string];
  const mod = (await import(path.join(ROOT, "app", route, "route.ts"))) as Record<string, Handler>;
  return mod[method]!;
}

function request(spec: RouteSpec, method: string, token?: string): Request {
  const h = new Headers();
  if (token) h.set("authorization", `Bearer ${token}`);
  let body: BodyInit | undefined;
  if (spec.body !== undefined && method !== "GET" && method !== "HEAD") {
    body = typeof spec.body === "string" ? spec.body : JSON.stringify(spec.body);
    h.set("content-type", typeof spec.body === "string" ? "application/octet-stream" : "application/json");
  }
  return new Request(`http://lifeboat.test${spec.path}`, { method, headers: h, body });
}

async function hit(key: string, opts: { token?: string; session?: Role | "anonymous" } = {}): Promise<Response> {
  const spec = ROUTES[key]!;
  const method = key.split(" ")[0]!;
  const handler = await handlerFor(key);
  const run = () => handler(request(spec, method, opts.token), { params: Promise.resolve(spec.params ?? {}) });
  return asRequest(headers[opts.session ?? "anonymous"], run);
}

const tokenFor = (role: Role) => seed.tokens[role];

describe("route handlers refuse callers without credentials or the role", () => {
  it("the expectation table covers exactly the exported handlers (a new route must be added here)", async () => {
    const found: string[] = [];
    for (const f of routeFiles) {
      const mod = (await import(f)) as Record<string, unknown>;
      for (const m of METHODS) if (typeof mod[m] === "function") found.push(routeKey(f, m));
    }
    expect(found.sort()).toEqual(Object.keys(ROUTES).sort());
  });

  const tokenRoutes = Object.entries(ROUTES).filter(([, s]) => s.kind === "token" || s.kind === "token-or-session");
  for (const [key, spec] of tokenRoutes) {
    it(`${key}: no token → 401; ${spec.auth} needs ${PERMISSIONS[spec.auth as Permission]}+ (403 below)`, async () => {
      expect((await hit(key)).status).toBe(401);
      expect((await hit(key, { token: "lb_forged-token" })).status).toBe(401);
      for (const role of ROLES) {
        const res = await hit(key, { token: tokenFor(role) });
        const want = expected(role, spec.auth as Permission);
        if (want === "forbidden") expect(res.status, `${role} token`).toBe(403);
        else expect([401, 403], `${role} token must get past the check (got ${res.status})`).not.toContain(res.status);
      }
    });
  }

  const sessionRoutes = Object.entries(ROUTES).filter(([, s]) => s.kind === "session" || s.kind === "token-or-session");
  for (const [key, spec] of sessionRoutes) {
    it(`${key}: no session → 401; ${spec.auth} needs ${PERMISSIONS[spec.auth as Permission]}+ (403 below)`, async () => {
      expect((await hit(key)).status).toBe(401);
      for (const role of ROLES) {
        const res = await hit(key, { session: role });
        const want = expected(role, spec.auth as Permission);
        if (want === "forbidden") expect(res.status, `${role} session`).toBe(403);
        else expect([401, 403], `${role} session must get past the check (got ${res.status})`).not.toContain(res.status);
      }
    });
  }

  it("POST /api/uploads: a token limited to one app cannot store into another app's target (404, nothing read)", async () => {
    const up = (targetId: number, extra: Record<string, string> = {}) =>
      asRequest(headers.anonymous, async () => {
        const handler = await handlerFor("POST /api/uploads");
        const h = new Headers({ authorization: `Bearer ${seed.tokens.alphaOnly}`, "content-type": "application/octet-stream", ...extra });
        return handler(new Request(`http://lifeboat.test/api/uploads?targetId=${targetId}`, { method: "POST", headers: h, body: "not an artifact" }), {
          params: Promise.resolve({}),
        });
      });
    expect((await up(seed.betaExt.id)).status).toBe(404);
    // Its own app's target gets past the scope check (and is then refused as not an artifact).
    expect((await up(seed.alphaExt.id)).status).toBe(400);
    // A malformed x-file-name is no server error.
    expect((await up(seed.alphaExt.id, { "x-file-name": "%E0%A4%A" })).status).toBe(400);
  });

  it("GET /api/audit/export gives an admin the CSV and nobody else", async () => {
    const res = await hit("GET /api/audit/export", { session: "admin" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/text\/csv/);
    await res.body?.cancel();
  });

  it("public routes answer without credentials and give away nothing they should not", async () => {
    expect((await hit("GET /api/v1/openapi.json")).status).toBe(200);
    expect([200, 503]).toContain((await hit("GET /api/health")).status);
    // An unknown ping key is a 404: the key in the URL is the only credential.
    expect((await hit("POST /api/v1/ping/[key]/[event]")).status).toBe(404);
  });

  it("GET /api/metrics: 404 while off, 401 without its token once one is set, 200 with it", async () => {
    expect((await hit("GET /api/metrics")).status).toBe(404);
    const admin = { type: "cli", label: "authz", role: "admin" } as const;
    updateSettings(admin, { metricsEnabled: true });
    const { token } = generateMetricsToken(admin);
    expect((await hit("GET /api/metrics")).status).toBe(401);
    expect((await hit("GET /api/metrics", { token: seed.tokens.admin })).status).toBe(401);
    expect((await hit("GET /api/metrics", { token })).status).toBe(200);
    updateSettings(admin, { metricsEnabled: false });
  });
});
