import { afterEach, describe, expect, it } from "vitest";
import { loadEnv, resetEnvForTests } from "../env";
import { parseCidr } from "./cidr";
import { clientIpFromHeaders, PEER_HEADER } from "./client-ip";

function withProxies(list: string | undefined) {
  if (list === undefined) delete process.env.LIFEBOAT_TRUSTED_PROXIES;
  else process.env.LIFEBOAT_TRUSTED_PROXIES = list;
  resetEnvForTests();
}
afterEach(() => withProxies(undefined));

const ip = (peer: string | null, xff?: string) => {
  const h = new Headers();
  if (peer !== null) h.set(PEER_HEADER, peer);
  if (xff !== undefined) h.set("x-forwarded-for", xff);
  return clientIpFromHeaders(h);
};

describe("the client's IP address", () => {
  it("is the socket address when no proxy is trusted (the default): X-Forwarded-For is ignored", () => {
    withProxies(undefined);
    expect(ip("203.0.113.5", "1.2.3.4")).toBe("203.0.113.5");
    expect(ip("::ffff:203.0.113.5", "1.2.3.4")).toBe("203.0.113.5");
    expect(ip("2001:db8::1", "1.2.3.4")).toBe("2001:db8::1");
  });

  it("is unknown without the server's peer header, whatever X-Forwarded-For says", () => {
    expect(ip(null, "1.2.3.4")).toBeNull();
  });

  it("walks X-Forwarded-For right to left past trusted proxies only", () => {
    withProxies("10.0.0.0/8, fd00::/8");
    expect(ip("10.0.0.2", "198.51.100.7")).toBe("198.51.100.7");
    // A client's own X-Forwarded-For is kept by the proxy at the left: it is not believed.
    expect(ip("10.0.0.2", "6.6.6.6, 198.51.100.7, 10.1.1.1")).toBe("198.51.100.7");
    expect(ip("fd00::1", "2001:db8::9")).toBe("2001:db8::9");
    // Every hop trusted: the leftmost one.
    expect(ip("10.0.0.2", "10.9.9.9")).toBe("10.9.9.9");
    // Garbage is where trust ends.
    expect(ip("10.0.0.2", "198.51.100.7, not-an-ip")).toBe("10.0.0.2");
    // A trusted proxy without the header: the proxy itself.
    expect(ip("10.0.0.2")).toBe("10.0.0.2");
    // Not from a trusted proxy: the header is ignored.
    expect(ip("192.0.2.1", "198.51.100.7")).toBe("192.0.2.1");
  });
});

describe("LIFEBOAT_TRUSTED_PROXIES", () => {
  it("takes IPv4 and IPv6 CIDRs and bare addresses", () => {
    expect(parseCidr("10.0.0.0/8")).toEqual({ address: "10.0.0.0", prefix: 8, family: "ipv4" });
    expect(parseCidr("fd00::/8")).toEqual({ address: "fd00::", prefix: 8, family: "ipv6" });
    expect(parseCidr("127.0.0.1")).toEqual({ address: "127.0.0.1", prefix: 32, family: "ipv4" });
  });

  it("stops the start with a message naming the variable and the bad entry", () => {
    expect(() => loadEnv({ LIFEBOAT_DATA_DIR: process.env.LIFEBOAT_DATA_DIR, LIFEBOAT_TRUSTED_PROXIES: "10.0.0.0/8, 10.0.0.0/40" })).toThrow(
      /LIFEBOAT_TRUSTED_PROXIES: "10.0.0.0\/40" has a bad prefix length/,
    );
    expect(() => loadEnv({ LIFEBOAT_DATA_DIR: process.env.LIFEBOAT_DATA_DIR, LIFEBOAT_TRUSTED_PROXIES: "proxy.local" })).toThrow(/LIFEBOAT_TRUSTED_PROXIES: "proxy.local" is not an IP/);
  });
});
