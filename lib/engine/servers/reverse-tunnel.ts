import net from "node:net";
import type { Client, ClientChannel, TcpConnectionDetails } from "ssh2";
import { StepError } from "../process/step";
import { connection } from "./pool";
import { whereOf, type ServerConn } from "./server-conn";

/**
 * A port on the server's loopback (`127.0.0.1:<port>`, chosen by sshd) whose connections come
 * back through the server's pooled SSH connection to a Unix socket here: how a tool on the server
 * reaches a service of the console (the restic REST server of remote-backup.ts) without the
 * console opening a port. Needs `AllowTcpForwarding` (OpenSSH's default) on the server.
 */
export interface ReverseTunnel {
  port: number;
  close(): Promise<void>;
}

type Handler = (details: TcpConnectionDetails, accept: () => ClientChannel, reject: () => void) => void;
/** Per client: the forwarded ports and who takes their connections (several runs share one client). */
const routes = new WeakMap<Client, Map<number, Handler>>();

function routesOf(client: Client): Map<number, Handler> {
  let map = routes.get(client);
  if (!map) {
    const m = new Map<number, Handler>();
    routes.set(client, m);
    client.on("tcp connection", (details, accept, reject) => {
      const h = m.get(details.destPort);
      if (h) h(details, accept, reject);
      else reject();
    });
    map = m;
  }
  return map;
}

export async function openReverseTunnel(s: ServerConn, socketPath: string): Promise<ReverseTunnel> {
  const client = await connection(s);
  const port = await new Promise<number>((resolve, reject) =>
    client.forwardIn("127.0.0.1", 0, (err, p) =>
      err ? reject(new StepError(`${whereOf(s)} refused a reverse tunnel for restic (sshd's AllowTcpForwarding must allow remote forwarding): ${err.message}`, "failed")) : resolve(p),
    ),
  );
  const open = new Set<net.Socket>();
  routesOf(client).set(port, (_d, accept) => {
    const ch = accept();
    const sock = net.connect(socketPath);
    open.add(sock);
    const end = () => {
      open.delete(sock);
      sock.destroy();
      ch.close();
    };
    sock.on("error", end).on("close", end);
    ch.on("error", end).on("close", end);
    ch.pipe(sock).pipe(ch);
  });
  return {
    port,
    async close() {
      routesOf(client).delete(port);
      for (const sock of open) sock.destroy();
      await new Promise<void>((r) => {
        try {
          client.unforwardIn("127.0.0.1", port, () => r());
        } catch {
          r();
        }
        setTimeout(r, 5000).unref();
      });
    },
  };
}
