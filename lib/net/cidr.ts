import net from "node:net";

export interface Cidr {
  address: string;
  prefix: number;
  family: "ipv4" | "ipv6";
}

/** "::ffff:10.0.0.1" (an IPv4 client on a dual-stack socket) → "10.0.0.1"; anything not an IP → null. */
export function normalizeIp(raw: string): string | null {
  let s = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(s);
  if (bracketed) s = bracketed[1]!;
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(s)) s = s.slice(0, s.lastIndexOf(":"));
  if (/^::ffff:/i.test(s) && net.isIPv4(s.slice(7))) s = s.slice(7);
  return net.isIP(s) ? s.toLowerCase() : null;
}

/** One CIDR ("10.0.0.0/8", "fd00::/8") or a bare address (a /32 or /128); a message when it is not one. */
export function parseCidr(text: string): Cidr | string {
  const [addr, bits, extra] = text.trim().split("/");
  const address = normalizeIp(addr ?? "");
  if (!address || extra !== undefined) return `"${text.trim()}" is not an IP address or CIDR (e.g. 10.0.0.0/8, fd00::/8)`;
  const family = net.isIPv4(address) ? "ipv4" : "ipv6";
  const max = family === "ipv4" ? 32 : 128;
  const prefix = bits === undefined ? max : /^\d{1,3}$/.test(bits) ? Number(bits) : NaN;
  if (!(prefix >= 0 && prefix <= max)) return `"${text.trim()}" has a bad prefix length (0-${max} for ${family === "ipv4" ? "IPv4" : "IPv6"})`;
  return { address, prefix, family };
}

/** A comma-separated list of CIDRs; throws a message naming the first bad entry. */
export function parseCidrList(text: string): Cidr[] {
  const out: Cidr[] = [];
  for (const part of text.split(",").map((p) => p.trim()).filter(Boolean)) {
    const c = parseCidr(part);
    if (typeof c === "string") throw new Error(c);
    out.push(c);
  }
  return out;
}

export function blockListOf(cidrs: Cidr[]): net.BlockList {
  const list = new net.BlockList();
  for (const c of cidrs) list.addSubnet(c.address, c.prefix, c.family);
  return list;
}

export function inList(list: net.BlockList, ip: string): boolean {
  return list.check(ip, net.isIPv4(ip) ? "ipv4" : "ipv6");
}
