import { Client, type SFTPWrapper } from "ssh2";
import { pinnedConnectConfig, type HostKeyError } from "./host-key";
import type { SftpSettings } from "./settings";

/** One SSH connection with its SFTP channel; `closed` once either side went away. */
export interface SftpSession {
  client: Client;
  sftp: SFTPWrapper;
  closed: boolean;
  /**
   * `p`, or a rejection ("Not connected") as soon as the connection is gone: a request sent just
   * as it drops is never answered by ssh2. A listener per call, removed when `p` settles (a
   * reaction left on a long-lived promise would keep each write's buffer alive until the end).
   */
  whileConnected<T>(p: Promise<T>): Promise<T>;
  /** Extensions the server offered (posix-rename@openssh.com, statvfs@openssh.com, fsync@openssh.com…). */
  has(ext: string): boolean;
}

/**
 * Connect and open the SFTP subsystem. The host key is checked against the pinned fingerprint
 * before any credential is sent; with none pinned the connection fails closed with a
 * HostKeyError naming the key seen, so a person can confirm it — it is never accepted silently.
 */
export function openSession(s: SftpSettings, where: string): Promise<SftpSession> {
  return new Promise((resolve, reject) => {
    const client = new Client();
    let hostKeyError: HostKeyError | null = null;
    let settled = false;
    const fail = (e: unknown) => {
      if (settled) return;
      settled = true;
      client.end();
      reject(hostKeyError ?? e);
    };
    client.once("error", fail);
    client.once("close", () => fail(new Error(`${where} closed the connection during the SSH handshake`)));
    client.once("ready", () => {
      client.sftp((err, sftp) => {
        if (err) return fail(err);
        settled = true;
        const listeners = new Set<() => void>();
        const session: SftpSession = {
          client,
          sftp,
          closed: false,
          whileConnected: <T>(p: Promise<T>) =>
            new Promise<T>((resolve, reject) => {
              if (session.closed) return reject(new Error("Not connected"));
              const onGone = () => reject(new Error("Not connected"));
              listeners.add(onGone);
              p.then(resolve, reject).finally(() => listeners.delete(onGone));
            }),
          // ssh2 keeps the server's extensions here; it has no public accessor.
          has: (ext) => Boolean((sftp as unknown as { _extensions?: Record<string, string> })._extensions?.[ext]),
        };
        const gone = () => {
          session.closed = true;
          for (const l of listeners) l();
          listeners.clear();
        };
        client.on("close", gone);
        client.on("error", gone);
        sftp.on("close", gone);
        resolve(session);
      });
    });
    client.connect(pinnedConnectConfig(s, where, (e) => (hostKeyError = e), { readyTimeout: 20_000, keepaliveInterval: 15_000 }));
  });
}

/** ssh2's callback API as promises, for the few calls the backend makes. */
export const call = <T = void>(fn: (cb: (err: Error | null | undefined, v?: T) => void) => void): Promise<T> =>
  new Promise((resolve, reject) => fn((err, v) => (err ? reject(err) : resolve(v as T))));
