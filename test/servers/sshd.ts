import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { execa, type ResultPromise } from "execa";
import { freeLoopbackPort } from "../../lib/net/free-port";

export interface SshdServer {
  host: string;
  port: number;
  /** The account the user key logs in as (this process's user: sshd runs as root, chroot-free). */
  user: string;
  /** The user's ed25519 private key (OpenSSH format) and its file. */
  privateKey: string;
  privateKeyPath: string;
  /** The server's host key fingerprint as `ssh-keygen -lf` prints it: `SHA256:…`. */
  hostKeyFingerprint: string;
  /** `[127.0.0.1]:PORT ssh-ed25519 AAAA…`: a known_hosts line for OpenSSH clients (sftp, restic). */
  knownHostsLine: string;
  /** A scratch folder of this server's own, for files the tests put there. */
  dir: string;
  faults: SshdFaults;
  stop(): Promise<void>;
}

export interface SshdFaults {
  /** Kill every open session (the per-connection sshd processes) with SIGKILL: a transfer dies mid-way. Returns how many. */
  killSessions(): number;
  /** Stop listening (sessions die too), as a server that went away; `resume()` brings it back on the same port. */
  pause(): Promise<void>;
  resume(): Promise<void>;
  /** Restart with a new host key (a reinstalled server, or someone in between): returns the new fingerprint. */
  changeHostKey(): Promise<string>;
  /** A folder on a tmpfs of `bytes`, to fill: a full disk. Unmounted by stop(). */
  smallDisk(bytes: number): Promise<string>;
}

/** Resolves once the port answers with an SSH banner. */
async function waitForBanner(port: number, child: ResultPromise, ms = 10_000, host = "127.0.0.1"): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`sshd exited (${child.exitCode}) before listening`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, host);
      const done = (ok: boolean) => {
        resolve(ok);
        s.destroy();
      };
      s.once("data", (d) => done(d.toString().startsWith("SSH-2.0")));
      s.once("error", () => done(false));
      setTimeout(() => done(false), 500);
    });
    if (ok) return;
    if (Date.now() > until) throw new Error(`sshd did not listen on ${port} within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const keygen = (file: string) => execa("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "lifeboat-test", "-f", file]);
const fingerprint = async (pub: string) => (await execa("ssh-keygen", ["-l", "-f", pub])).stdout.split(" ")[1];

/**
 * Debian's OpenSSH server for tests: its own sshd_config, host key, user key and PID file in a
 * temp folder, on a free loopback port, `Subsystem sftp internal-sftp`. Never touches the system's
 * sshd (only /run/sshd, the privilege-separation folder sshd insists on, is created if missing).
 */
export async function startSshd(
  opts: {
    passwordAuthentication?: boolean;
    /** Run inside this network namespace (a second machine: test/servers/netns.ts), listening on `listenAddress`. */
    netns?: string;
    listenAddress?: string;
    /** Environment for every session (sshd_config SetEnv), e.g. DOCKER_HOST for a test Docker engine. */
    setEnv?: Record<string, string>;
    /** false: `AllowTcpForwarding no` (a hardened server: no tunnels). */
    allowTcpForwarding?: boolean;
  } = {},
): Promise<SshdServer> {
  const listen = opts.listenAddress ?? "127.0.0.1";
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lb-sshd-"));
  const files = path.join(dir, "etc");
  const data = path.join(dir, "data");
  fs.mkdirSync(files);
  fs.mkdirSync(data);
  fs.mkdirSync("/run/sshd", { recursive: true, mode: 0o755 });
  const hostKey = path.join(files, "host_ed25519");
  const userKey = path.join(files, "user_ed25519");
  await Promise.all([keygen(hostKey), keygen(userKey)]);
  fs.copyFileSync(`${userKey}.pub`, path.join(files, "authorized_keys"));
  const user = os.userInfo().username;
  const port = await freeLoopbackPort();
  const config = path.join(files, "sshd_config");
  fs.writeFileSync(
    config,
    [
      `ListenAddress ${listen}`,
      `HostKey ${hostKey}`,
      `PidFile ${path.join(files, "sshd.pid")}`,
      `AuthorizedKeysFile ${path.join(files, "authorized_keys")}`,
      "UsePAM no",
      "StrictModes no",
      "PubkeyAuthentication yes",
      `PasswordAuthentication ${opts.passwordAuthentication ? "yes" : "no"}`,
      "KbdInteractiveAuthentication no",
      user === "root" ? "PermitRootLogin prohibit-password" : "",
      `AllowUsers ${user}`,
      "Subsystem sftp internal-sftp",
      "MaxStartups 64",
      "MaxSessions 64",
      opts.allowTcpForwarding === false ? "AllowTcpForwarding no" : "",
      "LogLevel ERROR",
      ...Object.entries(opts.setEnv ?? {}).map(([k, v]) => `SetEnv ${k}=${v}`),
      "",
    ].join("\n"),
  );
  let child: ResultPromise | null = null;
  const start = async () => {
    const argv = ["-D", "-e", "-f", config, "-p", String(port)];
    // `ip netns exec` execs sshd in place: the child's pid is sshd's own (sessions() relies on it).
    child = opts.netns
      ? execa("ip", ["netns", "exec", opts.netns, "/usr/sbin/sshd", ...argv], { reject: false, stdio: ["ignore", "ignore", "pipe"] })
      : execa("/usr/sbin/sshd", argv, { reject: false, stdio: ["ignore", "ignore", "pipe"] });
    await waitForBanner(port, child, 10_000, listen);
  };
  /** Every process below the listener (per connection: the privileged monitor and the user's child). */
  const sessions = (): number[] => {
    const pid = child?.pid;
    if (!pid) return [];
    const parentOf = new Map<number, number>();
    for (const p of fs.readdirSync("/proc")) {
      if (!/^\d+$/.test(p)) continue;
      try {
        parentOf.set(Number(p), Number(fs.readFileSync(`/proc/${p}/stat`, "utf8").split(") ")[1]?.split(" ")[1]));
      } catch {
        // gone meanwhile
      }
    }
    const below = (p: number): number[] => [...parentOf].filter(([, pp]) => pp === p).flatMap(([c]) => [c, ...below(c)]);
    return below(pid);
  };
  const killSessions = () => {
    const pids = sessions();
    for (const p of pids) {
      try {
        process.kill(p, "SIGKILL");
      } catch {
        // already gone
      }
    }
    return pids.length;
  };
  const halt = async () => {
    killSessions();
    const c = child;
    child = null;
    if (c && c.exitCode === null) {
      c.kill("SIGTERM");
      await c;
    }
  };
  const mounts: string[] = [];
  const knownHosts = () => `[${listen}]:${port} ${fs.readFileSync(`${hostKey}.pub`, "utf8").split(" ").slice(0, 2).join(" ")}`;
  await start();
  const server: SshdServer = {
    host: listen,
    port,
    user,
    privateKey: fs.readFileSync(userKey, "utf8"),
    privateKeyPath: userKey,
    hostKeyFingerprint: await fingerprint(`${hostKey}.pub`),
    knownHostsLine: knownHosts(),
    dir: data,
    faults: {
      killSessions,
      pause: halt,
      resume: start,
      async changeHostKey() {
        await halt();
        fs.rmSync(hostKey);
        fs.rmSync(`${hostKey}.pub`);
        await keygen(hostKey);
        server.hostKeyFingerprint = await fingerprint(`${hostKey}.pub`);
        server.knownHostsLine = knownHosts();
        await start();
        return server.hostKeyFingerprint;
      },
      async smallDisk(bytes) {
        const at = fs.mkdtempSync(path.join(data, "small-disk-"));
        await execa("mount", ["-t", "tmpfs", "-o", `size=${bytes},mode=0755`, "tmpfs", at]);
        mounts.push(at);
        return at;
      },
    },
    async stop() {
      await halt();
      for (const m of mounts) await execa("umount", [m], { reject: false });
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return server;
}
