// Secrets never reach the browser: every DTO the UI (and the API) is given is serialised and
// searched for each secret, plain, URL-encoded, sealed ("v1:…") or hashed.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect } from "vitest";
import { getDb } from "@/lib/db/client";
import { notificationChannels, targets, users } from "@/lib/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { createUser } from "@/lib/services/users/create";
import { listUsers, getUser } from "@/lib/services/users/list";
import { createApp } from "@/lib/services/apps/create";
import { listApps } from "@/lib/services/apps/list";
import { getApp } from "@/lib/services/apps/get";
import { createTarget } from "@/lib/services/targets/create";
import { updateTarget } from "@/lib/services/targets/update";
import { listTargets } from "@/lib/services/targets/list";
import { getTarget } from "@/lib/services/targets/get";
import { listTargetOverview } from "@/lib/services/targets/overview";
import { apiTargetList } from "@/lib/api/target-list";
import { listApiRuns } from "@/lib/api/runs-page";
import { createChannel } from "@/lib/services/channels/create";
import { updateChannel } from "@/lib/services/channels/update";
import { getChannel, listChannels, channelFilterOptions } from "@/lib/services/channels/list";
import { listDeliveries } from "@/lib/services/channels/deliveries";
import { createToken } from "@/lib/services/tokens/create";
import { listTokens } from "@/lib/services/tokens/list";
import { hashToken } from "@/lib/services/tokens/secret";
import { rotatePingKey } from "@/lib/services/reports/ping-key";
import { generateMetricsToken, getMetricsSettings } from "@/lib/metrics/settings";
import { getDashboard } from "@/lib/services/dashboard/get-dashboard";
import { getStorageOverview } from "@/lib/services/storage/overview";
import { listAudit, auditFilterOptions } from "@/lib/services/audit/list";
import { exportAuditCsv } from "@/lib/services/audit/csv";
import { createSchedule } from "@/lib/services/schedules/save";
import { listSchedules, listTargetChoices } from "@/lib/services/schedules/list";
import { listRuns } from "@/lib/services/runs/list";
import { getRun } from "@/lib/services/runs/get";
import { getRunLog } from "@/lib/services/runs/log";
import { runFilterOptions } from "@/lib/services/runs/filter-options";
import { getRestorePreview } from "@/lib/services/restores/preview";
import { listUploadTargets } from "@/lib/services/restores/upload-targets";
import { getTargetTrends } from "@/lib/services/trends/target-trends";
import { previewRetention } from "@/lib/services/retention/preview";
import { enqueueRun } from "@/lib/services/runs/trigger";
import { waitForRun } from "@/lib/engine/runs/wait";
import { serviceTest } from "@/test/services";
import { generateSync } from "otplib";
import { authConfig, recoveryCodes, userTotp } from "@/lib/db/schema";
import { getSsoSettingsView, updateSsoSettings } from "@/lib/services/sso/settings";
import { confirmTotpEnrolment, startTotpEnrolment } from "@/lib/services/two-factor/enrol";
import { listTwoFactor, myTwoFactor } from "@/lib/services/two-factor/status";
import { listMyPasskeys } from "@/lib/services/passkeys/list";
import { pendingSignInView, signInPageOptions } from "@/lib/services/auth/page-options";
import { passwordSignIn } from "@/lib/services/auth/sign-in";

const CLI: Actor = { type: "cli", label: "secrets-test", role: "admin" };
const PG_PASSWORD = "Pg-S3cret/p@ss word";
const PG_PASSWORD_2 = "second-Pg-S3cret";
const SMTP_PASSWORD = "Smtp-S3cret-Pa55";
const WEBHOOK_URL = "https://hooks.example.com/services/T0001/B0002/WebhookPathS3cret";
const HMAC_SECRET = "Hmac-S3cret-Signing";
const USER_PASSWORD = "User-S3cret-Passw0rd";
const OIDC_CLIENT_SECRET = "Oidc-Client-S3cret-Value";

type Role = "viewer" | "operator" | "admin";
const actors = {} as Record<Role, Actor>;
const secrets: { label: string; value: string }[] = [];
let targetId = 0;
let appId = 0;
let channelIds: number[] = [];
let storage = "";

function addSecret(label: string, value: string | null | undefined) {
  if (!value) return;
  secrets.push({ label, value });
  if (encodeURIComponent(value) !== value) secrets.push({ label: `${label} (URL-encoded)`, value: encodeURIComponent(value) });
}

beforeAll(async () => {
  for (const role of ["viewer", "operator", "admin"] as Role[]) {
    const u = await createUser(CLI, { email: `${role}@secrets.test`, password: USER_PASSWORD, role });
    actors[role] = { type: "user", id: u.id, email: u.email, role };
  }
  appId = createApp(CLI, { name: "shop" }).id;
  storage = fs.mkdtempSync(path.join(os.tmpdir(), "lb-secrets-store-"));
  const url = `postgres://postgres:${encodeURIComponent(PG_PASSWORD)}@127.0.0.1:5432/test`;
  targetId = createTarget(CLI, { appId, name: "db", type: "postgres", source: { url }, storageRoot: storage }).id;
  createSchedule(CLI, { targetId, kind: "daily", hour: 2, minute: 0 });
  const email = createChannel(CLI, {
    type: "email",
    name: "ops mail",
    eventTypes: ["run.failed"],
    host: "127.0.0.1",
    port: 2525,
    user: "mailer",
    password: SMTP_PASSWORD,
    from: "lifeboat@example.com",
    to: ["ops@example.com"],
  });
  const hook = createChannel(CLI, { type: "webhook", name: "slack", eventTypes: ["run.failed"], url: WEBHOOK_URL, slack: true, hmacSecret: HMAC_SECRET });
  channelIds = [email.id, hook.id];
  const { token } = createToken(CLI, { name: "ci", role: "operator" });
  const ping = rotatePingKey(CLI, targetId);
  const metrics = generateMetricsToken(CLI).token;

  updateSsoSettings(CLI, {
    enabled: false,
    name: "Team SSO",
    issuer: "https://sso.example.com/realms/team",
    clientId: "lifeboat",
    clientSecret: OIDC_CLIENT_SECRET,
    scopes: "openid profile email",
    groupsClaim: "groups",
    roleMap: [{ group: "admins", role: "admin" }],
    defaultRole: "none",
    allowedDomains: [],
  });
  const { secret: totpSecret } = await startTotpEnrolment(actors.operator);
  const { recoveryCodes: codes } = confirmTotpEnrolment(actors.operator, generateSync({ secret: totpSecret }));
  addSecret("OIDC client secret", OIDC_CLIENT_SECRET);
  addSecret("TOTP secret", totpSecret);
  codes.forEach((c, i) => addSecret(`recovery code ${i}`, c));

  addSecret("postgres password", PG_PASSWORD);
  addSecret("SMTP password", SMTP_PASSWORD);
  addSecret("webhook URL path", "WebhookPathS3cret");
  addSecret("HMAC secret", HMAC_SECRET);
  addSecret("user password", USER_PASSWORD);
  addSecret("API token", token);
  addSecret("API token hash", hashToken(token));
  addSecret("ping key", ping);
  addSecret("metrics token", metrics);
  addSecret("metrics token hash", hashToken(metrics));
  // What is stored: sealed blobs and password hashes, read straight from the database.
  const db = getDb();
  for (const t of db.select().from(targets).all()) addSecret(`target ${t.id} secretEnc`, t.secretEnc);
  for (const c of db.select().from(notificationChannels).all()) addSecret(`channel ${c.id} secretEnc`, c.secretEnc);
  for (const u of db.select().from(users).all()) addSecret(`user ${u.id} passwordHash`, u.passwordHash);
  for (const t of db.select().from(userTotp).all()) addSecret(`user ${t.userId} TOTP secretEnc`, t.secretEnc);
  for (const r of db.select().from(recoveryCodes).all()) addSecret(`recovery code hash ${r.id}`, r.codeHash);
  for (const c of db.select().from(authConfig).all()) addSecret(`auth config ${c.key}`, (c.value as { clientSecretEnc?: string }).clientSecretEnc);
});

/** Every secret found in the serialised value, by label. */
function leaks(value: unknown): string[] {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  const found = secrets.filter((s) => text.includes(s.value)).map((s) => s.label);
  // Any sealed blob, even one this test did not create.
  if (/\bv1:[A-Za-z0-9_-]{24,}/.test(text)) found.push("a sealed v1: value");
  if (/\$2[aby]\$\d\d\$/.test(text)) found.push("a bcrypt hash");
  return found;
}

async function readStream(s: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(s).text();
}

describe("secrets never reach a DTO", async () => {
  const test = await serviceTest("postgres");

  test("the secrets exist where they should (so the search below can find them)", () => {
    const t = getDb().select().from(targets).all()[0]!;
    expect(t.secretEnc).toMatch(/^v1:/);
    expect(leaks(t)).toContain("ping key");
    expect(secrets.length).toBeGreaterThanOrEqual(12);
  });

  test("lists and pages of the console, for every role that may see them", async () => {
    // A real backup first: run DTOs, the run log and the artifact manifest must be clean too.
    const { id: runId } = enqueueRun(actors.operator, targetId);
    const run = await waitForRun(runId, 120_000);
    expect(run.errorSummary).toBeNull();
    const dtos: Record<string, unknown> = {};
    for (const role of ["viewer", "operator", "admin"] as Role[]) {
      const a = actors[role];
      Object.assign(dtos, {
        [`${role} listApps`]: listApps(a),
        [`${role} getApp`]: getApp(a, appId),
        [`${role} listTargets`]: listTargets(a),
        [`${role} getTarget`]: getTarget(a, targetId),
        [`${role} listTargetOverview`]: listTargetOverview(a),
        [`${role} apiTargetList`]: apiTargetList(a),
        [`${role} getDashboard`]: getDashboard(a),
        [`${role} getStorageOverview`]: getStorageOverview(a),
        [`${role} listSchedules`]: listSchedules(a),
        [`${role} listTargetChoices`]: listTargetChoices(a),
        [`${role} listRuns`]: listRuns(a),
        [`${role} listApiRuns`]: listApiRuns(a, {}),
        [`${role} getRun`]: getRun(a, runId),
        [`${role} getRunLog`]: await getRunLog(a, runId, 0),
        [`${role} runFilterOptions`]: runFilterOptions(a),
        [`${role} getRestorePreview`]: await getRestorePreview(a, runId),
        [`${role} listUploadTargets`]: listUploadTargets(a),
        [`${role} getTargetTrends`]: getTargetTrends(a, targetId),
        [`${role} previewRetention`]: previewRetention(a, targetId),
      });
    }
    const admin = actors.admin;
    Object.assign(dtos, {
      listUsers: listUsers(admin),
      getUser: getUser(admin, admin.type === "user" ? admin.id : 0),
      listChannels: listChannels(admin),
      getChannel: channelIds.map((id) => getChannel(admin, id)),
      channelFilterOptions: channelFilterOptions(admin),
      listDeliveries: listDeliveries(admin),
      listTokens: listTokens(admin),
      getMetricsSettings: getMetricsSettings(admin),
      getSsoSettingsView: getSsoSettingsView(admin),
      listTwoFactor: [...listTwoFactor(admin).entries()],
      myTwoFactor: myTwoFactor(actors.operator),
      listMyPasskeys: listMyPasskeys(actors.operator),
      signInPageOptions: signInPageOptions(),
      pendingSignInView: await (async () => {
        const out = await passwordSignIn("operator@secrets.test", USER_PASSWORD, null);
        if (out.kind !== "second_factor") throw new Error("the operator has TOTP: expected the second-factor step");
        return pendingSignInView(out.flowToken)!;
      })(),
      listAudit: listAudit(admin, { pageSize: 500 }),
      auditFilterOptions: auditFilterOptions(admin),
      auditCsv: await readStream(exportAuditCsv(admin, {})),
    });
    // The run log did record the backup (the search is not vacuous).
    expect(String((dtos["viewer getRunLog"] as { text: string }).text)).toMatch(/pg_dump/);
    expect((dtos["viewer getRestorePreview"] as { manifest: unknown }).manifest).not.toBeNull();
    const found = Object.entries(dtos).flatMap(([name, v]) => leaks(v).map((l) => `${name}: ${l}`));
    expect(found).toEqual([]);
  });

  test("what the forms' actions hand back after saving (a new password, a new secret)", () => {
    const results = {
      updateTarget: updateTarget(actors.admin, { id: targetId, source: { url: `postgres://postgres:${PG_PASSWORD_2}@127.0.0.1:5432/test` } }),
      updateChannel: updateChannel(actors.admin, {
        id: channelIds[0]!,
        type: "email",
        name: "ops mail",
        eventTypes: ["run.failed"],
        host: "127.0.0.1",
        port: 2525,
        password: "Smtp-Second-S3cret",
        from: "lifeboat@example.com",
        to: ["ops@example.com"],
      }),
    };
    addSecret("second postgres password", PG_PASSWORD_2);
    addSecret("second SMTP password", "Smtp-Second-S3cret");
    for (const t of getDb().select().from(targets).all()) addSecret(`target ${t.id} secretEnc (after update)`, t.secretEnc);
    expect(results.updateTarget.secretSet).toBe(true);
    expect(results.updateTarget.source.url).toBe("postgres://postgres:***@127.0.0.1:5432/test");
    expect(leaks(results)).toEqual([]);
    // And the audit trail of those changes.
    expect(leaks(listAudit(actors.admin, { pageSize: 500 }))).toEqual([]);
  });
});
