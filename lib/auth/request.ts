import { cookies, headers } from "next/headers";
import { env } from "../env";
import { clientIpFromHeaders } from "../net/client-ip";

/** The client's address for the audit and the sign-in throttle (X-Forwarded-For only from trusted proxies). */
export async function requestIp(): Promise<string | null> {
  return clientIpFromHeaders(await headers());
}

/** The console's origin as the browser sees it: LIFEBOAT_PUBLIC_URL, else the request's Host. */
export async function requestOrigin(): Promise<string> {
  const configured = env().LIFEBOAT_PUBLIC_URL;
  if (configured) return new URL(configured).origin;
  const h = await headers();
  const host = h.get("host") ?? "localhost:3000";
  const proto = h.get("x-forwarded-proto") ?? "http";
  return `${proto}://${host}`;
}

// The second-factor step and "remember this device" (both httpOnly; neither is a session).
export const FLOW_COOKIE = "lifeboat.sign-in-flow";
export const DEVICE_COOKIE = "lifeboat.remembered-device";

async function secure(): Promise<boolean> {
  return (await requestOrigin()).startsWith("https:");
}

export async function readCookie(name: string): Promise<string | null> {
  return (await cookies()).get(name)?.value ?? null;
}

export async function setFlowCookie(token: string): Promise<void> {
  (await cookies()).set(FLOW_COOKIE, token, { httpOnly: true, sameSite: "lax", secure: await secure(), path: "/", maxAge: 10 * 60 });
}

export async function clearFlowCookie(): Promise<void> {
  (await cookies()).delete(FLOW_COOKIE);
}

export async function setDeviceCookie(token: string, expiresAt: Date): Promise<void> {
  (await cookies()).set(DEVICE_COOKIE, token, { httpOnly: true, sameSite: "lax", secure: await secure(), path: "/", expires: expiresAt });
}
