import { describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { auditLog, notificationDeliveries } from "../../db/schema";
import type { Actor } from "../../auth/actor";
import { ValidationError } from "../../errors";
import { createChannel } from "./create";
import { deleteChannel } from "./delete";
import { listChannels } from "./list";
import { updateChannel } from "./update";
import { sendTestMessage } from "./send-test";
import { startHttpReceiver } from "../../../test/notify/http-receiver";

const admin: Actor = { type: "user", id: 1, email: "admin@example.com", role: "admin" };
const operator: Actor = { type: "user", id: 2, email: "op@example.com", role: "operator" };

describe("notification channels", () => {
  it("needs a webhook URL on create, keeps it on update, and names bad fields", () => {
    expect(() => createChannel(admin, { type: "webhook", name: "x", eventTypes: ["run.failed"] })).toThrow(ValidationError);
    expect(() => createChannel(admin, { type: "webhook", name: "x", url: "ftp://nope", eventTypes: ["run.failed"] })).toThrow(/http/);
    expect(() =>
      createChannel(admin, { type: "email", name: "m", host: "h", port: 25, from: "a@b.co", to: ["not-mail"], eventTypes: ["run.failed"] }),
    ).toThrow(/email/i);
    expect(() => createChannel(admin, { type: "webhook", name: "x", url: "https://h.example/a", eventTypes: [] })).toThrow(/at least one/);
    const c = createChannel(admin, { type: "webhook", name: "hook", url: "https://hooks.example/T1/B2/secret", eventTypes: ["run.failed"] });
    expect(c.settings.urlDisplay).toBe("https://hooks.example/…");
    const u = updateChannel(admin, { id: c.id, type: "webhook", name: "hook 2", url: "", eventTypes: ["run.failed", "target.overdue"], slack: true });
    expect(u).toMatchObject({ name: "hook 2", secretsSet: { url: true }, settings: { slack: true }, eventTypes: ["run.failed", "target.overdue"] });
  });

  it("is admin-only", () => {
    expect(() => listChannels(operator)).toThrow(/role/);
    expect(() => createChannel(operator, { type: "webhook", name: "x", url: "https://h.example", eventTypes: ["run.failed"] })).toThrow(/role/);
  });

  it("deletes a channel with its delivery log, audited", () => {
    const c = createChannel(admin, { type: "webhook", name: "gone", url: "https://h.example/x", eventTypes: ["run.failed"] });
    getDb().insert(notificationDeliveries).values({ channelId: c.id, eventId: null, status: "sent", attempts: 1 }).run();
    deleteChannel(admin, c.id);
    expect(listChannels(admin).some((x) => x.id === c.id)).toBe(false);
    expect(getDb().select().from(notificationDeliveries).all().filter((d) => d.channelId === c.id)).toHaveLength(0);
    const actions = getDb().select().from(auditLog).all().map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(["channel.create", "channel.update", "channel.delete"]));
    expect(() => deleteChannel(admin, c.id)).toThrow(/does not exist/);
  });

  it("Send test links to the console URL it is given (the request's, when LIFEBOAT_PUBLIC_URL is unset)", async () => {
    const r = await startHttpReceiver();
    try {
      const c = createChannel(admin, { type: "webhook", name: "links", url: r.url, allowInternal: true, eventTypes: ["run.failed"] });
      expect((await sendTestMessage(admin, c.id, new Date(), "http://backup.example.test:8080")).ok).toBe(true);
      expect(r.requests.at(-1)?.rawBody).toContain("http://backup.example.test:8080/settings/notifications");
      expect((await sendTestMessage(admin, c.id)).ok).toBe(true);
      expect(r.requests.at(-1)?.rawBody).toContain("http://localhost:3000/settings/notifications");
    } finally {
      await r.close();
    }
  });
});
