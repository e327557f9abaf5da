import { AuthError } from "next-auth";
import { signIn } from "./auth";
import { clearFlowCookie } from "./request";

/** Turn a sign-in ticket into the session cookie (server-side: the ticket never reaches the browser). */
export async function startSession(ticket: string): Promise<{ ok: true } | { ok: false; error: string }> {
  try {
    await signIn("lifeboat", { ticket, redirect: false });
  } catch (e) {
    if (e instanceof AuthError) return { ok: false, error: "Sign-in failed: start again" };
    throw e;
  }
  await clearFlowCookie();
  return { ok: true };
}
