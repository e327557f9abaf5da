import { parseArgs } from "node:util";
import { resetTwoFactor } from "../services/two-factor/reset";
import { setBreakGlass, userIdByEmail } from "../services/users/break-glass";
import { cliActor } from "./actor";
import type { Io } from "./io";
import { UsageError } from "./usage";

/** lifeboat user reset-2fa --email E: removes the app, recovery codes, passkeys and remembered devices. */
export async function userReset2fa(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({ args, options: { email: { type: "string" } }, strict: true });
  if (!values.email) throw new UsageError("user reset-2fa needs --email");
  const { removed } = resetTwoFactor(cliActor(), userIdByEmail(values.email));
  io.out(
    `Reset two-factor authentication of ${values.email.toLowerCase()}: ` +
      `authenticator app ${removed.totp ? "removed" : "none"}, ${removed.passkeys} passkey(s) and ${removed.recoveryCodes} recovery code(s) removed`,
  );
  return 0;
}

/** lifeboat user break-glass --email E [--off]: may use a password when password sign-in is off. */
export async function userBreakGlass(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({ args, options: { email: { type: "string" }, off: { type: "boolean", default: false } }, strict: true });
  if (!values.email) throw new UsageError("user break-glass needs --email");
  const u = setBreakGlass(cliActor(), values.email, !values.off);
  io.out(u.breakGlass ? `${u.email} is a break-glass admin: their password works even with password sign-in off` : `${u.email} is no longer break-glass`);
  return 0;
}
