/**
 * A private sshd on a free loopback port for the restic SFTP tests (the offsite issue's shared
 * fixture under test/servers/ was not there yet): own host key, one client key, internal-sftp.
 * Never touches the system's sshd.
 */
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

export interface Sshd {
  port: number;
  dir: string;
  /** restic `-o` option that makes its ssh use our key and pinned host key. */
  resticOption: string;
  user: string;
  /** The client's private key (OpenSSH form), as a storage location holds it. */
  privateKey: string;
  /** The host key's fingerprint as `ssh-keygen -lf` prints it. */
  hostKeyFingerprint: string;
  stop(): void;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

async function listening(port: number, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    const ok = await new Promise<boolean>((res) => {
      const c = net.connect(port, "127.0.0.1", () => (c.end(), res(true))).on("error", () => res(false));
    });
    if (ok) return;
    if (Date.now() > end) throw new Error(`sshd did not listen on ${port}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function startSshd(): Promise<Sshd> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lifeboat-sshd-"));
  const k = (n: string) => path.join(dir, n);
  execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", k("host_key")]);
  execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", k("client_key")]);
  fs.copyFileSync(k("client_key.pub"), k("authorized_keys"));
  const port = await freePort();
  fs.writeFileSync(
    k("sshd_config"),
    [
      "ListenAddress 127.0.0.1",
      `HostKey ${k("host_key")}`,
      `PidFile ${k("sshd.pid")}`,
      `AuthorizedKeysFile ${k("authorized_keys")}`,
      "UsePAM no",
      "StrictModes no",
      "PasswordAuthentication no",
      "KbdInteractiveAuthentication no",
      "PermitRootLogin prohibit-password",
      "Subsystem sftp internal-sftp",
    ].join("\n") + "\n",
  );
  fs.writeFileSync(k("known_hosts"), `[127.0.0.1]:${port} ${fs.readFileSync(k("host_key.pub"), "utf8").split(" ").slice(0, 2).join(" ")}\n`);
  fs.mkdirSync("/run/sshd", { recursive: true });
  const child: ChildProcess = spawn("/usr/sbin/sshd", ["-D", "-e", "-f", k("sshd_config"), "-p", String(port)], { stdio: "ignore" });
  await listening(port);
  const user = os.userInfo().username;
  return {
    port,
    dir,
    resticOption: `sftp.command=ssh -p ${port} -i ${k("client_key")} -o UserKnownHostsFile=${k("known_hosts")} -o StrictHostKeyChecking=yes -o BatchMode=yes ${user}@127.0.0.1 -s sftp`,
    user,
    privateKey: fs.readFileSync(k("client_key"), "utf8"),
    hostKeyFingerprint: /SHA256:\S+/.exec(execFileSync("ssh-keygen", ["-lf", k("host_key.pub")], { encoding: "utf8" }))![0],
    stop() {
      child.kill("SIGTERM");
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
