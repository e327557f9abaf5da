import net from "node:net";
import { execa } from "execa";

/**
 * A second machine for tests: a network namespace joined to this one by a veth pair, with its own
 * address (`nsAddress`); this side of the pair is `hostAddress`. Needs root. remove() deletes the
 * namespace (and with it the pair).
 */
export interface Netns {
  name: string;
  hostAddress: string;
  nsAddress: string;
  /** Run a command inside the namespace. */
  exec(cmd: string, args: string[]): Promise<{ stdout: string; exitCode: number | undefined }>;
  /** Forward `hostAddress:port` (reachable from the namespace) to a service on this machine's loopback. */
  forward(targetPort: number, targetHost?: string): Promise<{ port: number; close(): Promise<void> }>;
  remove(): Promise<void>;
}

let seq = 0;

export async function createNetns(): Promise<Netns> {
  const n = (process.pid % 200) + 20 + (seq++ % 30);
  const name = `lbtest-${process.pid}-${seq}`;
  const hostIf = `lbh${process.pid % 10000}${seq}`.slice(0, 15);
  const nsIf = `lbn${process.pid % 10000}${seq}`.slice(0, 15);
  const hostAddress = `10.231.${n}.1`;
  const nsAddress = `10.231.${n}.2`;
  const ip = (...a: string[]) => execa("ip", a);
  await ip("netns", "add", name);
  try {
    await ip("link", "add", hostIf, "type", "veth", "peer", "name", nsIf);
    await ip("link", "set", nsIf, "netns", name);
    await ip("addr", "add", `${hostAddress}/30`, "dev", hostIf);
    await ip("link", "set", hostIf, "up");
    await ip("netns", "exec", name, "ip", "addr", "add", `${nsAddress}/30`, "dev", nsIf);
    await ip("netns", "exec", name, "ip", "link", "set", nsIf, "up");
    await ip("netns", "exec", name, "ip", "link", "set", "lo", "up");
  } catch (e) {
    await execa("ip", ["netns", "del", name], { reject: false });
    await execa("ip", ["link", "del", hostIf], { reject: false });
    throw e;
  }
  const forwards: net.Server[] = [];
  return {
    name,
    hostAddress,
    nsAddress,
    async exec(cmd, args) {
      const r = await execa("ip", ["netns", "exec", name, cmd, ...args], { reject: false });
      return { stdout: String(r.stdout), exitCode: r.exitCode };
    },
    forward(targetPort, targetHost = "127.0.0.1") {
      return new Promise((resolve, reject) => {
        const sockets = new Set<net.Socket>();
        const srv = net.createServer((inbound) => {
          const out = net.connect(targetPort, targetHost);
          sockets.add(inbound).add(out);
          inbound.pipe(out).pipe(inbound);
          const end = () => {
            inbound.destroy();
            out.destroy();
          };
          inbound.on("error", end).on("close", end);
          out.on("error", end).on("close", end);
        });
        forwards.push(srv);
        srv.once("error", reject);
        srv.listen(0, hostAddress, () =>
          resolve({
            port: (srv.address() as net.AddressInfo).port,
            close: () =>
              new Promise<void>((r) => {
                for (const s of sockets) s.destroy();
                srv.close(() => r());
              }),
          }),
        );
      });
    },
    async remove() {
      for (const f of forwards) f.close();
      await execa("ip", ["netns", "del", name], { reject: false });
      await execa("ip", ["link", "del", hostIf], { reject: false });
    },
  };
}
