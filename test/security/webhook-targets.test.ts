// Issue 10 item 15: a webhook is a request the console makes on an admin's word. URLs to
// loopback, link-local, unspecified and the console's own addresses are refused unless the
// channel allows internal addresses; the check runs again on the resolved addresses when
// sending (a name can be repointed after it was saved), and "Send test" reports the status
// code, never the receiver's answer.
import os from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Actor } from "@/lib/auth/actor";
import { getDb } from "@/lib/db/client";
import { notificationChannels, notificationDeliveries } from "@/lib/db/schema";
import { sealJson } from "@/lib/crypto/secrets";
import { createChannel } from "@/lib/services/channels/create";
import { updateChannel } from "@/lib/services/channels/update";
import { sendTestMessage } from "@/lib/services/channels/send-test";
import { resetEnvForTests } from "@/lib/env";
import { startHttpReceiver } from "@/test/notify/http-receiver";

const admin: Actor = { type: "cli", label: "webhook-test", role: "admin" };
let hook: Awaited<ReturnType<typeof startHttpReceiver>>;

beforeAll(async () => {
  hook = await startHttpReceiver();
  process.env.LIFEBOAT_PUBLIC_URL = "https://backups.example.org";
  resetEnvForTests();
});
afterAll(async () => {
  await hook.close();
  delete process.env.LIFEBOAT_PUBLIC_URL;
  resetEnvForTests();
});

const base = { type: "webhook" as const, name: "hook", eventTypes: ["run.failed" as const] };

function urlError(url: string, allowInternal?: boolean): string | undefined {
  try {
    createChannel(admin, { ...base, url, ...(allowInternal === undefined ? {} : { allowInternal }) });
  } catch (e) {
    return (e as { fieldErrors?: Record<string, string> }).fieldErrors?.url ?? String(e);
  }
  return undefined;
}

/** An address of this machine that is not loopback (the console's own address on a network). */
const ownAddress = Object.values(os.networkInterfaces())
  .flat()
  .find((a) => a && !a.internal && a.family === "IPv4")?.address;

describe("saving a webhook channel", () => {
  it.each([
    ["loopback", "http://127.0.0.1:9/hook", /a loopback address/],
    ["loopback (IPv6)", "http://[::1]:9/hook", /a loopback address/],
    ["another loopback address", "http://127.1.2.3/hook", /a loopback address/],
    ["the metadata service", "http://169.254.169.254/latest/meta-data/", /a link-local address/],
    ["IPv6 link-local", "http://[fe80::1]/hook", /a link-local address/],
    ["unspecified", "http://0.0.0.0:3000/api", /an unspecified address/],
    ["IPv4-mapped loopback", "http://[::ffff:127.0.0.1]/hook", /a loopback address/],
    ["localhost", "http://localhost:3000/api/v1/apps", /a loopback name/],
    ["the console's public URL", "https://backups.example.org/api/v1/apps", /this console's own address/],
  ])("refuses %s unless internal addresses are allowed", (_what, url, why) => {
    expect(urlError(url)).toMatch(why);
    expect(urlError(url)).toMatch(/Allow internal addresses/);
    expect(urlError(url, true)).toBeUndefined();
  });

  it("refuses this machine's own network address", () => {
    expect(ownAddress, "the test machine has a non-loopback IPv4 address").toBeTruthy();
    expect(urlError(`http://${ownAddress}:3000/`)).toMatch(/this console's own address/);
  });

  it("accepts public and private addresses (a team's chat server often lives at 10.x)", () => {
    expect(urlError("https://hooks.slack.com/services/T0/B0/x")).toBeUndefined();
    expect(urlError("http://10.20.30.40/hooks/x")).toBeUndefined();
  });

  it("checks a kept URL again when the box is unticked", () => {
    const c = createChannel(admin, { ...base, name: "kept", url: hook.url, allowInternal: true });
    expect(c.settings.allowInternal).toBe(true);
    expect(() => updateChannel(admin, { ...base, id: c.id, name: "kept", url: "", allowInternal: false })).toThrow(/highlighted/);
  });
});

describe("sending", () => {
  it("with internal addresses allowed, reaches a loopback receiver; Send test shows the status code", async () => {
    const c = createChannel(admin, { ...base, name: "allowed", url: hook.url, allowInternal: true });
    const before = hook.requests.length;
    const r = await sendTestMessage(admin, c.id);
    expect(r).toMatchObject({ ok: true, status: 200, error: null });
    expect(hook.requests.length).toBe(before + 1);
  });

  it("Send test reports a failure by its status code, never the receiver's body", async () => {
    const c = createChannel(admin, { ...base, name: "failing", url: hook.url, allowInternal: true });
    hook.state.status = 500;
    try {
      const r = await sendTestMessage(admin, c.id);
      expect(r.ok).toBe(false);
      expect(r.error).toBe("HTTP 500 Internal Server Error");
      const logged = getDb().select().from(notificationDeliveries).where(eq(notificationDeliveries.channelId, c.id)).all();
      expect(JSON.stringify(logged)).not.toContain("receiver says no");
    } finally {
      hook.state.status = 200;
    }
  });

  it("checks the resolved addresses: a name that resolves to 127.0.0.1 is refused and nothing is sent", async () => {
    // Saved as a public name would be; "localhost" now resolves to loopback (as a repointed name would).
    const port = new URL(hook.url).port;
    const row = getDb()
      .insert(notificationChannels)
      .values({
        name: "rebound",
        type: "webhook",
        config: { urlDisplay: `http://localhost:${port}/…`, slack: false, digestHour: 8 },
        secretEnc: sealJson({ url: `http://localhost:${port}/hook/secret-token` }),
        eventTypes: ["run.failed"],
      })
      .returning()
      .get();
    const before = hook.requests.length;
    const r = await sendTestMessage(admin, row.id);
    expect(r.ok).toBe(false);
    expect(r.error).toMatch(/localhost \((127\.0\.0\.1|::1)[^)]*\) is a loopback address/);
    expect(hook.requests.length).toBe(before);
  });
});
