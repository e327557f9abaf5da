import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, isNull } from "drizzle-orm";
import { getDb } from "../../db/client";
import { auditLog, events, notificationDeliveries } from "../../db/schema";
import { recordEvent, type EventType } from "../events";
import type { Actor } from "../../auth/actor";
import { createChannel } from "../../services/channels/create";
import { updateChannel, setChannelEnabled } from "../../services/channels/update";
import { listChannels } from "../../services/channels/list";
import { listDeliveries } from "../../services/channels/deliveries";
import { sendTestMessage } from "../../services/channels/send-test";
import { dispatchPending } from "./dispatcher";
import { startSmtpReceiver } from "../../../test/notify/smtp-receiver";
import { closedPort, startHttpReceiver } from "../../../test/notify/http-receiver";
import { seedRun, seedTarget } from "../../../test/notify/seed";

const admin: Actor = { type: "user", id: 1, email: "admin@example.com", role: "admin" };
const ALL: EventType[] = ["run.failed", "run.partial", "target.overdue", "target.recovered"];

const smtp = await startSmtpReceiver({ user: "mailer", pass: "smtp-pass-123" });
const hook = await startHttpReceiver();
afterAll(async () => {
  await smtp.close();
  await hook.close();
});

const shop = seedTarget("shop", "db");
const blog = seedTarget("blog", "uploads");
const failedRun = seedRun(shop.target.id, "failed", { errorSummary: "pg_dump: connection to server refused" });

let clock = new Date("2025-03-01T02:00:00Z");
const tick = (ms: number) => (clock = new Date(clock.getTime() + ms));
const record = (type: EventType, targetId: number | null, extra: { runId?: number; payload?: Record<string, unknown> } = {}) =>
  recordEvent(getDb(), { type, targetId, at: clock, ...extra });
const deliveriesOf = (channelId: number) =>
  getDb().select().from(notificationDeliveries).where(eq(notificationDeliveries.channelId, channelId)).all();

function emailChannel(name: string, extra: Record<string, unknown> = {}) {
  return createChannel(admin, {
    type: "email",
    name,
    host: "127.0.0.1",
    port: smtp.port,
    secure: false,
    user: "mailer",
    password: "smtp-pass-123",
    from: "Lifeboat <lifeboat@example.com>",
    to: ["ops@example.com", "lead@example.com"],
    eventTypes: ALL,
    ...extra,
  });
}

describe("notifications", () => {
  let mailId = 0;
  let hookId = 0;

  beforeAll(() => {
    mailId = emailChannel("Ops mail").id;
    hookId = createChannel(admin, { type: "webhook", name: "Signed hook", url: hook.url, allowInternal: true, hmacSecret: "hook-secret-456", eventTypes: ALL }).id;
  });

  it("mails a failed run through a real SMTP server, with app, target, time, error and the run link", async () => {
    record("run.failed", shop.target.id, { runId: failedRun.id });
    const r = await dispatchPending(clock);
    expect(r.sent).toBe(2);
    expect(smtp.mails).toHaveLength(1);
    const mail = smtp.mails[0];
    expect(mail.to).toEqual(["ops@example.com", "lead@example.com"]);
    expect(mail.subject).toBe("[Lifeboat] Backup failed: shop/db");
    expect(mail.text).toContain("App: shop");
    expect(mail.text).toContain("Target: db");
    expect(mail.text).toContain("When: 2025-03-01 09:00 (Asia/Ho_Chi_Minh)");
    expect(mail.text).toContain("Error: pg_dump: connection to server refused");
    expect(mail.text).toContain(`Run: http://localhost:3000/runs/${failedRun.id}`);
    expect(deliveriesOf(mailId)).toMatchObject([{ status: "sent", attempts: 1, lastError: null }]);
  });

  it("posts the webhook JSON with an HMAC signature of the raw body the receiver can verify", () => {
    expect(hook.requests).toHaveLength(1);
    const req = hook.requests[0];
    const expected = "sha256=" + crypto.createHmac("sha256", "hook-secret-456").update(req.rawBody).digest("hex");
    expect(req.headers["x-lifeboat-signature"]).toBe(expected);
    expect(Number(req.headers["x-lifeboat-timestamp"])).toBe(Math.floor(clock.getTime() / 1000));
    expect(req.url).toBe("/hook/secret-token");
    const body = JSON.parse(req.rawBody);
    expect(body).toMatchObject({
      event: "run.failed",
      app: "shop",
      target: "db",
      status: "failed",
      error: "pg_dump: connection to server refused",
      runUrl: `http://localhost:3000/runs/${failedRun.id}`,
      at: clock.toISOString(),
    });
    // A wrong secret does not verify: the check in this test can fail.
    expect(crypto.createHmac("sha256", "other").update(req.rawBody).digest("hex")).not.toBe(expected.slice(7));
  });

  it("sends each event once per channel, however many ticks pass (one message per episode)", async () => {
    for (let i = 0; i < 3; i++) {
      tick(15_000);
      await dispatchPending(clock);
    }
    expect(smtp.mails).toHaveLength(1);
    expect(hook.requests).toHaveLength(1);
  });

  it("keeps secrets sealed: not in the DTO, not in the audit trail; blank keeps, clear removes", async () => {
    const dto = listChannels(admin).find((c) => c.id === hookId)!;
    expect(dto.settings.urlDisplay).toBe(`http://127.0.0.1:${new URL(hook.url).port}/…`);
    expect(dto.secretsSet.hmacSecret).toBe(true);
    const everything = JSON.stringify([listChannels(admin), getDb().select().from(auditLog).all()]);
    for (const secret of ["smtp-pass-123", "hook-secret-456", "secret-token"]) expect(everything).not.toContain(secret);
    // Edit without retyping secrets: the next mail still authenticates.
    const mail = updateChannel(admin, {
      id: mailId,
      type: "email",
      name: "Ops mail",
      host: "127.0.0.1",
      port: smtp.port,
      user: "mailer",
      password: "",
      from: "lifeboat@example.com",
      to: ["ops@example.com"],
      eventTypes: ALL,
    });
    expect(mail.secretsSet.password).toBe(true);
    const test = await sendTestMessage(admin, mailId, clock);
    expect(test).toMatchObject({ ok: true, error: null });
    expect(smtp.mails.at(-1)!.subject).toBe('[Lifeboat] Test message for channel "Ops mail"');
    const cleared = updateChannel(admin, { ...mail, ...mail.settings, id: mailId, type: "email", clearPassword: true, eventTypes: ALL as string[] } as never);
    expect(cleared.secretsSet.password).toBe(false);
    const refused = await sendTestMessage(admin, mailId, clock);
    expect(refused.ok).toBe(false);
    expect(refused.error).toMatch(/auth|credentials|password/i);
    updateChannel(admin, { ...mail, ...mail.settings, id: mailId, type: "email", password: "smtp-pass-123", eventTypes: ALL as string[] } as never);
    const log = listDeliveries(admin, { channelId: mailId });
    expect(log[0]).toMatchObject({ eventType: "test", status: "failed", attempts: 1 });
    expect(log[1]).toMatchObject({ eventType: "test", status: "sent" });
  });

  it("filters by event type, app and target", async () => {
    const partialOnly = createChannel(admin, { type: "webhook", name: "partial only", url: hook.url, allowInternal: true, eventTypes: ["run.partial"] });
    const blogOnly = createChannel(admin, { type: "webhook", name: "blog only", url: hook.url, allowInternal: true, eventTypes: ALL, appIds: [blog.app.id] });
    const shopDbOnly = createChannel(admin, { type: "webhook", name: "shop db only", url: hook.url, allowInternal: true, eventTypes: ALL, targetIds: [shop.target.id] });
    tick(60_000);
    record("target.overdue", blog.target.id);
    record("run.partial", shop.target.id);
    await dispatchPending(clock);
    const types = (id: number) =>
      listDeliveries(admin, { channelId: id }).map((d) => `${d.eventType} ${d.appName}/${d.targetName}`).sort();
    expect(types(partialOnly.id)).toEqual(["run.partial shop/db"]);
    expect(types(blogOnly.id)).toEqual(["target.overdue blog/uploads"]);
    expect(types(shopDbOnly.id)).toEqual(["run.partial shop/db"]);
    for (const c of [partialOnly, blogOnly, shopDbOnly]) setChannelEnabled(admin, c.id, false);
  });

  it("records a refused connection as failed, retries after 1, 5, 30, 120 min, gives up after 5 attempts, and never blocks other channels", async () => {
    const port = await closedPort();
    const broken = createChannel(admin, { type: "webhook", name: "broken", url: `http://127.0.0.1:${port}/x`, allowInternal: true, eventTypes: ["run.failed"] });
    const mailsBefore = smtp.mails.length;
    tick(60_000);
    const failedAt = clock;
    record("run.failed", shop.target.id, { runId: failedRun.id });
    const r = await dispatchPending(clock);
    expect(r.failed).toBe(1);
    expect(smtp.mails.length).toBe(mailsBefore + 1); // the working channel still got it
    let [d] = deliveriesOf(broken.id);
    expect(d).toMatchObject({ status: "failed", attempts: 1 });
    expect(d.lastError).toMatch(/ECONNREFUSED/);
    expect(d.nextAttemptAt!.getTime()).toBe(failedAt.getTime() + 60_000);
    expect(listDeliveries(admin, { channelId: broken.id })[0].status).toBe("retrying");

    tick(30_000); // not due yet
    await dispatchPending(clock);
    expect(deliveriesOf(broken.id)[0].attempts).toBe(1);

    const waits = [1, 5, 30, 120];
    for (let i = 0; i < waits.length; i++) {
      clock = new Date(deliveriesOf(broken.id)[0].nextAttemptAt!.getTime());
      await dispatchPending(clock);
      [d] = deliveriesOf(broken.id);
      expect(d.attempts).toBe(i + 2);
      if (i + 1 < waits.length) expect(d.nextAttemptAt!.getTime()).toBe(clock.getTime() + waits[i + 1] * 60_000);
    }
    expect(d).toMatchObject({ status: "failed", attempts: 5, nextAttemptAt: null });
    expect(listDeliveries(admin, { channelId: broken.id })[0].status).toBe("failed");
    tick(24 * 3_600_000);
    await dispatchPending(clock);
    expect(deliveriesOf(broken.id)[0].attempts).toBe(5);
    setChannelEnabled(admin, broken.id, false);
  });

  it("sends digest channels one daily summary at the digest hour (console timezone)", async () => {
    const digest = createChannel(admin, {
      type: "webhook",
      name: "daily",
      url: hook.url, allowInternal: true,
      slack: true,
      digest: true,
      digestHour: 8,
      eventTypes: ALL,
    });
    clock = new Date("2025-03-05T03:00:00Z"); // 10:00 in Ho Chi Minh City
    record("run.failed", shop.target.id, { runId: failedRun.id });
    tick(3_600_000);
    record("target.overdue", blog.target.id);
    const before = hook.requests.length;
    await dispatchPending(clock);
    expect(deliveriesOf(digest.id).map((d) => d.status)).toEqual(["pending", "pending"]);
    // 08:00 next day local = 01:00 UTC.
    clock = new Date("2025-03-06T00:59:00Z");
    await dispatchPending(clock);
    const mine = () => hook.requests.slice(before).filter((r) => "text" in JSON.parse(r.rawBody) && !("event" in JSON.parse(r.rawBody)));
    expect(mine()).toHaveLength(0);
    clock = new Date("2025-03-06T01:00:00Z");
    await dispatchPending(clock);
    expect(mine()).toHaveLength(1);
    const text: string = JSON.parse(mine()[0].rawBody).text;
    expect(text).toMatch(/^Daily summary: 2 events/);
    expect(text).toContain("Backup failed: shop/db — pg_dump: connection to server refused");
    expect(text).toContain("Backup overdue: blog/uploads");
    expect(deliveriesOf(digest.id).map((d) => d.status)).toEqual(["sent", "sent"]);
    tick(3_600_000);
    await dispatchPending(clock);
    expect(mine()).toHaveLength(1);
  });

  it("reports a refused SMTP server from Send test with a readable reason", async () => {
    const port = await closedPort();
    const dead = emailChannel("dead smtp", { port, enabled: false });
    const res = await sendTestMessage(admin, dead.id);
    expect(res.ok).toBe(false);
    expect(res.error).toMatch(/ECONNREFUSED/);
  });

  it("marks events older than 3 days (the notifier was off) without sending them", async () => {
    const ch = createChannel(admin, { type: "webhook", name: "stale check", url: hook.url, allowInternal: true, eventTypes: ALL });
    const before = hook.requests.length;
    recordEvent(getDb(), { type: "run.failed", targetId: shop.target.id, at: new Date(clock.getTime() - 4 * 24 * 3_600_000) });
    const r = await dispatchPending(clock);
    expect(r.created).toBe(0);
    expect(deliveriesOf(ch.id)).toHaveLength(0);
    expect(hook.requests.length).toBe(before);
    expect(getDb().select().from(events).where(isNull(events.dispatchedAt)).all()).toHaveLength(0);
  });
});
