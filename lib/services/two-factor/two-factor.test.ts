import { beforeAll, describe, expect, it } from "vitest";
import { generateSync } from "otplib";
import { getDb } from "../../db/client";
import { auditLog, recoveryCodes, userTotp } from "../../db/schema";
import type { Actor } from "../../auth/actor";
import { createUser } from "../users/create";
import { loadActiveUser, passwordSignIn } from "../auth/sign-in";
import { redeemTicket } from "../auth/flows";
import { finishPassedFlow, pendingSignIn, verifySecondFactorCode } from "../auth/second-factor";
import { confirmFlowEnrolment, startFlowEnrolment } from "../auth/flow-enrol";
import { pendingSignInView } from "../auth/page-options";
import { updateSignInPolicy } from "../auth/policy";
import { confirmTotpEnrolment, disableTotp, startTotpEnrolment } from "./enrol";
import { resetTwoFactor } from "./reset";
import { twoFactorByUser } from "./status";
import { isRememberedDevice } from "./trusted-devices";

const CLI: Actor = { type: "cli", label: "test", role: "admin" };
const PW = "correct horse battery";
/** The code the app would show `stepsAhead` periods from now (the server accepts one step of drift). */
const code = (secret: string, stepsAhead = 0) => generateSync({ secret, epoch: Math.floor(Date.now() / 1000) + 30 * stepsAhead });
const actions = () => getDb().select().from(auditLog).all().map((r) => r.action);

let flowToken = "";
async function signInToFlow(email: string) {
  const out = await passwordSignIn(email, PW, "10.0.0.9");
  if (out.kind !== "second_factor") throw new Error(`expected the second factor, got ${out.kind}`);
  flowToken = out.flowToken;
  return pendingSignIn(out.flowToken)!;
}

describe("TOTP second factor", () => {
  let ada: Extract<Actor, { type: "user" }>;
  let secret = "";
  let codes: string[] = [];
  beforeAll(async () => {
    const u = await createUser(CLI, { email: "ada@example.com", password: PW, role: "operator" });
    ada = { type: "user", id: u.id, email: u.email, role: u.role };
  });

  it("without a second factor, the password alone gives a session (audited with its method)", async () => {
    const out = await passwordSignIn("ada@example.com", PW, null);
    expect(out.kind).toBe("session");
    const r = redeemTicket((out as { ticket: string }).ticket, null)!;
    expect(r.methods).toEqual(["password"]);
    // A ticket is single-use.
    expect(redeemTicket((out as { ticket: string }).ticket, null)).toBeNull();
    const row = getDb().select().from(auditLog).all().at(-1)!;
    expect(row).toMatchObject({ action: "auth.sign_in", actorLabel: "ada@example.com" });
    expect(row.after).toMatchObject({ method: "password", methods: ["password"] });
  });

  it("enrols with a code computed from the secret; ten recovery codes, stored hashed", async () => {
    const e = await startTotpEnrolment(ada);
    secret = e.secret;
    expect(e.uri).toMatch(/^otpauth:\/\/totp\/Lifeboat:ada%40example\.com\?secret=/);
    expect(e.qrSvg).toMatch(/^<svg/);
    expect(() => confirmTotpEnrolment(ada, "000000")).toThrow(/does not match/);
    ({ recoveryCodes: codes } = confirmTotpEnrolment(ada, code(secret)));
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    const stored = JSON.stringify(getDb().select().from(recoveryCodes).all()) + JSON.stringify(getDb().select().from(userTotp).all());
    for (const c of codes) expect(stored).not.toContain(c);
    expect(stored).not.toContain(secret);
    expect(actions()).toContain("user.totp_enable");
    expect(twoFactorByUser().get(ada.id)).toMatchObject({ totp: true, recoveryCodesLeft: 10, passkeys: 0 });
  });

  it("then the password is not enough: the code completes the sign-in, once", async () => {
    const p = await signInToFlow("ada@example.com");
    expect(p.mustEnrol).toBe(false);
    const next = code(secret, 1); // the enrolment used this step's code
    const done = verifySecondFactorCode(p, { method: "totp", code: next, remember: false }, null);
    expect(redeemTicket(done.ticket, null)!.methods).toEqual(["password", "totp"]);
    expect(getDb().select().from(auditLog).all().at(-1)!.after).toMatchObject({ method: "password+totp" });
    // The same code again (a replay) is refused.
    const again = await signInToFlow("ada@example.com");
    expect(() => verifySecondFactorCode(again, { method: "totp", code: next, remember: false }, null)).toThrow(/does not match/);
  });

  it("a recovery code works once only", async () => {
    const p = await signInToFlow("ada@example.com");
    const done = verifySecondFactorCode(p, { method: "recovery_code", code: codes[0]!.toUpperCase(), remember: false }, null);
    expect(redeemTicket(done.ticket, null)!.methods).toEqual(["password", "recovery_code"]);
    const again = await signInToFlow("ada@example.com");
    expect(() => verifySecondFactorCode(again, { method: "recovery_code", code: codes[0]!, remember: false }, null)).toThrow(/wrong or already used/);
    expect(twoFactorByUser().get(ada.id)?.recoveryCodesLeft).toBe(9);
  });

  it("wrong codes are throttled like passwords: after 5, even the right one waits", async () => {
    const before = actions().filter((a) => a === "auth.second_factor_failed").length;
    // A success clears the count (the replayed code above counted one failure).
    const ok = await signInToFlow("ada@example.com");
    redeemTicket(verifySecondFactorCode(ok, { method: "recovery_code", code: codes[2]!, remember: false }, null).ticket, null);
    const p = await signInToFlow("ada@example.com");
    for (let i = 0; i < 4; i++) expect(() => verifySecondFactorCode(p, { method: "totp", code: "123456", remember: false }, "10.0.0.9")).toThrow(/does not match/);
    expect(() => verifySecondFactorCode(p, { method: "totp", code: "123456", remember: false }, "10.0.0.9")).toThrow(/Too many failed codes/);
    expect(() => verifySecondFactorCode(p, { method: "recovery_code", code: codes[1]!, remember: false }, "10.0.0.9")).toThrow(/Try again in 15 minutes/);
    expect(actions().filter((a) => a === "auth.second_factor_failed").length - before).toBe(5);
  });

  it("an admin's reset removes the factors (audited) and ends the sessions from before it; the password alone works again", async () => {
    const signedInBefore = Date.now() - 1;
    expect(loadActiveUser(ada.id, signedInBefore)).not.toBeNull();
    expect(resetTwoFactor(CLI, ada.id).removed).toMatchObject({ totp: true });
    expect(loadActiveUser(ada.id, signedInBefore)).toBeNull();
    expect(loadActiveUser(ada.id, Date.now() + 1)).not.toBeNull();
    expect(actions()).toContain("user.reset_2fa");
    expect((await passwordSignIn("ada@example.com", PW, null)).kind).toBe("session");
  });
});

describe("2FA required per role", () => {
  let bobSecret = "";
  let bobCodes: string[] = [];
  it("a user of that role without a factor enrols during sign-in, then gets the session", async () => {
    await createUser(CLI, { email: "bob@example.com", password: PW, role: "admin" });
    updateSignInPolicy(CLI, { twoFactorRoles: ["admin"] });
    const p = await signInToFlow("bob@example.com");
    expect(p.mustEnrol).toBe(true);
    expect(pendingSignInView(flowToken)).toMatchObject({ factorPassed: false, mustEnrol: true });
    // Without a factor passed, the flow cannot be turned into a session.
    expect(() => finishPassedFlow(p, false)).toThrow(/Enter a code first/);
    expect(() => verifySecondFactorCode(p, { method: "totp", code: "123456", remember: false }, null)).toThrow(/Set up/);
    const e = await startFlowEnrolment(p, null);
    bobSecret = e.secret;
    const done = confirmFlowEnrolment(p, code(e.secret), null);
    expect(done.recoveryCodes).toHaveLength(10);
    bobCodes = done.recoveryCodes;
    // The session starts after the codes were shown, from the same flow (no second code needed);
    // the page, reloaded meanwhile, offers only "continue".
    expect(pendingSignInView(flowToken)).toMatchObject({ factorPassed: true, mustEnrol: false, totp: true });
    const ready = pendingSignIn(flowToken)!;
    expect(redeemTicket(finishPassedFlow(ready, false).ticket, null)!.methods).toEqual(["password", "totp"]);
    // Removing the only factor of a role that requires one is refused.
    const bob = { type: "user" as const, id: p.user.id, email: p.user.email, role: "admin" as const };
    expect(() => disableTotp(bob, code(e.secret, 1))).toThrow(/requires two-factor/);
    updateSignInPolicy(CLI, { twoFactorRoles: [] });
  });

  it("remember this device: off by default; when allowed, only that user skips the code", async () => {
    const p0 = await signInToFlow("bob@example.com");
    // Not offered (0 days, the default): ticking it does nothing.
    expect(verifySecondFactorCode(p0, { method: "totp", code: code(bobSecret, 1), remember: true }, null).device).toBeNull();
    updateSignInPolicy(CLI, { rememberDeviceDays: 30 });
    const p = await signInToFlow("bob@example.com");
    const done = verifySecondFactorCode(p, { method: "recovery_code", code: bobCodes[0]!, remember: true }, null);
    expect(done.device!.expiresAt.getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    redeemTicket(done.ticket, null);
    const again = await passwordSignIn("bob@example.com", PW, null, { deviceToken: done.device!.token });
    expect(again.kind).toBe("session");
    expect(redeemTicket((again as { ticket: string }).ticket, null)!.methods).toEqual(["password", "device"]);
    // The cookie is bound to its user: it proves nothing for anyone else.
    expect(isRememberedDevice(getDb(), p.user.id + 1000, done.device!.token)).toBe(false);
    expect(isRememberedDevice(getDb(), p.user.id, "forged")).toBe(false);
    // Turned off again by the admin: the remembered device no longer skips the code.
    updateSignInPolicy(CLI, { rememberDeviceDays: 0 });
    expect((await passwordSignIn("bob@example.com", PW, null, { deviceToken: done.device!.token })).kind).toBe("second_factor");
  });
});
