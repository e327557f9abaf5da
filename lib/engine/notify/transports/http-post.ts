import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { checkedAddress } from "../internal-address";

const TIMEOUT_MS = 15_000;

/**
 * POST `body` to `url` for the HTTP transports: resolves with the HTTP status of a 2xx answer,
 * throws "HTTP <status>" otherwise. The receiver's body is never read into an error: it is shown
 * to admins and logged, and an internal service's answer is not for them to read through the
 * console. Redirects are not followed. The connection goes to the address checkedAddress()
 * vetted (loopback, link-local and the console's own addresses refused unless allowed), not to a
 * second DNS answer.
 */
export async function postPinned(target: { url: string; allowInternal: boolean }, headers: Record<string, string>, body: string): Promise<number> {
  const url = new URL(target.url);
  const pinned = await checkedAddress(target.url, target.allowInternal);
  const lookup: LookupFunction = (_host, opts, cb) => {
    if ((opts as { all?: boolean }).all) (cb as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [pinned]);
    else cb(null, pinned.address, pinned.family);
  };
  const client = url.protocol === "https:" ? https : http;
  const all = { "content-length": String(Buffer.byteLength(body)), "user-agent": "Lifeboat-Notifier", ...headers };
  return new Promise<number>((resolve, reject) => {
    const req = client.request(url, { method: "POST", headers: all, lookup, timeout: TIMEOUT_MS }, (res) => {
      res.resume();
      const status = res.statusCode ?? 0;
      if (status >= 200 && status < 300) resolve(status);
      else reject(new Error(`HTTP ${status}${res.statusMessage ? ` ${res.statusMessage}` : ""}`));
    });
    req.on("timeout", () => req.destroy(new Error(`no answer within ${TIMEOUT_MS / 1000} s`)));
    req.on("error", (e: NodeJS.ErrnoException) => reject(new Error(e.code && !e.message.includes(e.code) ? `${e.code}: ${e.message}` : e.message)));
    req.end(body);
  });
}

export const httpUrl = (u: string) => /^https?:\/\//i.test(u);

/** Shows where a URL goes without the token that Slack-style URLs carry in their path or query. */
export function maskUrl(url: string): string {
  try {
    const u = new URL(url);
    const hidden = u.pathname.length > 1 || u.search ? "/…" : "";
    return `${u.protocol}//${u.host}${hidden}`;
  } catch {
    return "(invalid URL)";
  }
}
