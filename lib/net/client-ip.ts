import type net from "node:net";
import { env } from "../env";
import { blockListOf, inList, normalizeIp } from "./cidr";

/**
 * The client's IP address, for the sign-in throttle, the audit trail and a token's last use.
 *
 * Next.js gives route handlers and actions no socket address, and its own server only adds
 * X-Forwarded-For when the client did not send one, so that header alone is whatever the client
 * wants. server.mjs (the console's server) therefore writes the real socket address into
 * PEER_HEADER on every request, replacing any copy a client sent. X-Forwarded-For is believed
 * only when that peer is a configured proxy (LIFEBOAT_TRUSTED_PROXIES), walked right to left
 * past the trusted hops, like nginx's real_ip_recursive. No peer header (a test calling a
 * handler, `next dev`): the address is unknown (null), never taken from the client's word.
 */
export const PEER_HEADER = "x-lifeboat-peer";

let cached: { key: unknown; list: net.BlockList } | null = null;

function trusted(): net.BlockList {
  const e = env();
  if (cached?.key !== e) cached = { key: e, list: blockListOf(e.trustedProxies) };
  return cached.list;
}

export function clientIpFromHeaders(headers: Headers): string | null {
  const peer = normalizeIp(headers.get(PEER_HEADER) ?? "");
  if (!peer) return null;
  const list = trusted();
  if (!inList(list, peer)) return peer;
  const hops = (headers.get("x-forwarded-for") ?? "").split(",").filter((h) => h.trim() !== "");
  let client = peer;
  for (let i = hops.length - 1; i >= 0; i--) {
    const ip = normalizeIp(hops[i]!);
    // A hop that is not an address was not written by a proxy we trust: stop at the last good one.
    if (!ip) break;
    client = ip;
    if (!inList(list, ip)) break;
  }
  return client;
}
