import { afterAll, describe, expect, it } from "vitest";
import type { Actor } from "../../../../auth/actor";
import { ValidationError } from "../../../../errors";
import { getDb } from "../../../../db/client";
import { auditLog } from "../../../../db/schema";
import { createChannel } from "../../../../services/channels/create";
import { listChannels } from "../../../../services/channels/list";
import { updateChannel } from "../../../../services/channels/update";
import { sendTestMessage } from "../../../../services/channels/send-test";
import { startHttpReceiver } from "../../../../../test/notify/http-receiver";

const admin: Actor = { type: "user", id: 1, email: "admin@example.com", role: "admin" };
const ntfy = await startHttpReceiver();
afterAll(() => ntfy.close());
const server = new URL(ntfy.url).origin;

/**
 * The third transport, added as one folder and one registry line: the channel services, the form
 * parser and the DTO reach it only through its field list. Sent to a real HTTP server on loopback
 * that reads what ntfy's JSON publishing endpoint reads.
 */
describe("ntfy channels", () => {
  it("publishes JSON to the server root with the sealed topic and token; the DTO never carries either", async () => {
    const c = createChannel(admin, {
      type: "ntfy",
      name: "phones",
      serverUrl: `${server}/`,
      topic: "lifeboat-backups-x7Qp2",
      token: "tk_secret123",
      allowInternal: true,
      eventTypes: ["run.failed"],
    });
    expect(c).toMatchObject({ type: "ntfy", typeLabel: "ntfy (push to phones)", settings: { serverUrl: server, allowInternal: true }, secretsSet: { topic: true, token: true } });
    expect(c.sendsTo).toEqual(["ntfy, with a token", `${server}`]);
    const everything = JSON.stringify([listChannels(admin), getDb().select().from(auditLog).all()]);
    for (const secret of ["lifeboat-backups-x7Qp2", "tk_secret123"]) expect(everything).not.toContain(secret);

    const sent = await sendTestMessage(admin, c.id, new Date("2026-12-02T10:00:00Z"), "https://lifeboat.example");
    expect(sent).toMatchObject({ ok: true, status: 200, error: null });
    const req = ntfy.requests.at(-1)!;
    expect(req).toMatchObject({ method: "POST", url: "/" });
    expect(req.headers.authorization).toBe("Bearer tk_secret123");
    const body = JSON.parse(req.rawBody);
    expect(body).toMatchObject({ topic: "lifeboat-backups-x7Qp2", title: 'Test message for channel "phones"', priority: 3 });
    expect(body.message).toContain("If you read this, Lifeboat can reach you here.");

    // Blank keeps the stored topic; the box removes the token.
    const u = updateChannel(admin, { id: c.id, type: "ntfy", name: "phones", serverUrl: server, topic: "", token: "", clearToken: true, allowInternal: true, eventTypes: ["run.failed"] });
    expect(u.secretsSet).toEqual({ topic: true, token: false });
    await sendTestMessage(admin, c.id);
    expect(ntfy.requests.at(-1)!.headers.authorization).toBeUndefined();
    expect(JSON.parse(ntfy.requests.at(-1)!.rawBody).topic).toBe("lifeboat-backups-x7Qp2");
  });

  it("needs a topic, a valid one, and refuses a loopback server unless internal addresses are allowed", () => {
    const base = { type: "ntfy", name: "n", serverUrl: "https://ntfy.example", eventTypes: ["run.failed"] };
    expect(() => createChannel(admin, { ...base })).toThrow(ValidationError);
    expect(() => createChannel(admin, { ...base, topic: "has spaces" })).toThrow(/topic/i);
    const err = (() => {
      try {
        createChannel(admin, { ...base, topic: "ok-topic", serverUrl: "http://127.0.0.1:9/" });
      } catch (e) {
        return e as ValidationError;
      }
    })();
    expect(err).toBeInstanceOf(ValidationError);
    expect(JSON.stringify(err)).toMatch(/serverUrl/);
  });
});
