import dns from "node:dns/promises";
import net from "node:net";
import os from "node:os";
import { env } from "../../env";
import { blockListOf, inList, normalizeIp, parseCidrList } from "../../net/cidr";

/**
 * Webhooks are requests the console makes on an admin's word: without a check they reach what
 * only the console can reach (its own API on loopback, a cloud's metadata service on
 * 169.254.169.254). Loopback, link-local, unspecified and the console's own addresses are
 * refused unless the channel allows internal addresses. Private ranges (10/8, 192.168/16…) stay
 * allowed: a team's chat server usually lives there.
 */
const RANGES: { list: net.BlockList; why: string }[] = [
  { list: blockListOf(parseCidrList("127.0.0.0/8, ::1/128")), why: "a loopback address" },
  { list: blockListOf(parseCidrList("169.254.0.0/16, fe80::/10")), why: "a link-local address" },
  { list: blockListOf(parseCidrList("0.0.0.0/8, ::/128")), why: "an unspecified address" },
];

function ownAddresses(): Set<string> {
  const out = new Set<string>();
  for (const list of Object.values(os.networkInterfaces())) {
    for (const a of list ?? []) {
      const ip = normalizeIp(a.address.split("%")[0]!);
      if (ip) out.add(ip);
    }
  }
  return out;
}

/** Why an IP address is internal (for the message), or null. */
export function internalReason(address: string): string | null {
  const ip = normalizeIp(address);
  if (!ip) return null;
  for (const r of RANGES) if (inList(r.list, ip)) return r.why;
  if (ownAddresses().has(ip)) return "this console's own address";
  return null;
}

const hostOf = (url: string) => new URL(url).hostname.replace(/^\[|\]$/g, "").toLowerCase();

function publicUrlName(host: string): string | null {
  const publicUrl = env().LIFEBOAT_PUBLIC_URL;
  return publicUrl && hostOf(publicUrl) === host ? "this console's own address (LIFEBOAT_PUBLIC_URL)" : null;
}

/** The names that are internal without asking DNS: localhost and the public URL's host. */
function internalName(host: string): string | null {
  if (host === "localhost" || host.endsWith(".localhost")) return "a loopback name";
  return publicUrlName(host);
}

const refusal = (host: string, why: string) =>
  `${host} is ${why}: webhooks to internal addresses are refused unless "Allow internal addresses" is ticked on the channel`;

/** At save time (no DNS): a literal internal IP or an internal name; null when nothing is wrong yet. */
export function webhookUrlProblem(url: string): string | null {
  const host = hostOf(url);
  const why = internalName(host) ?? internalReason(host);
  return why ? refusal(host, why) : null;
}

export interface CheckedAddress {
  address: string;
  family: 4 | 6;
}

/**
 * At send time: resolve the host once, check every address it resolves to, and return the one
 * to connect to, so a DNS answer that changes between check and connect (rebinding) cannot
 * steer the request inside. Throws the refusal.
 */
export async function checkedAddress(url: string, allowInternal: boolean): Promise<CheckedAddress> {
  const host = hostOf(url);
  const literal = net.isIP(host);
  const found = literal ? [{ address: host, family: literal }] : await dns.lookup(host, { all: true, verbatim: true });
  if (found.length === 0) throw new Error(`${host} does not resolve to any address`);
  if (!allowInternal) {
    // By what DNS answers now (a name may have been repointed since it was saved).
    const why = (literal ? null : publicUrlName(host)) ?? found.map((a) => internalReason(a.address)).find(Boolean) ?? null;
    if (why) {
      const shown = literal ? host : `${host} (${found.map((a) => a.address).join(", ")})`;
      throw new Error(refusal(shown, why));
    }
  }
  return { address: found[0]!.address, family: found[0]!.family === 6 ? 6 : 4 };
}
