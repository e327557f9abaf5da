import fs from "node:fs";
import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { trackedExeca } from "../process/process-registry";
import { ResticError } from "./errors";
import type { ResticRepo } from "./repo";

/** The folder, inside a storage location, that holds its restic repository (shared by its targets). */
export const REPO_FOLDER = "restic";

/** A storage location as the restic engine needs it: its kind and ALL its settings (secrets unsealed). */
export type LocationSettings =
  | { kind: "local"; path: string }
  | { kind: "sftp"; host: string; port?: number; username: string; password?: string; privateKey?: string; hostKeyFingerprint?: string; path: string }
  | { kind: "s3"; endpoint: string; region: string; bucket: string; prefix?: string; accessKeyId: string; secretAccessKey: string; forcePathStyle?: boolean };

/** `ssh-keygen -lf` of known_hosts lines → the fingerprints they hold. */
async function fingerprints(lines: string): Promise<{ line: string; fp: string }[]> {
  const out: { line: string; fp: string }[] = [];
  for (const line of lines.split("\n").filter((l) => l && !l.startsWith("#"))) {
    const r = await trackedExeca("ssh-keygen", ["-lf", "-"], { input: line, reject: false });
    const fp = /SHA256:[A-Za-z0-9+/]+/.exec(String(r.stdout))?.[0];
    if (fp) out.push({ line, fp });
  }
  return out;
}

/**
 * Run `fn` with the location's repository. SFTP goes through restic's own `ssh` with the
 * location's private key (a 0600 file for the call) and a known_hosts holding only the key whose
 * fingerprint the location pinned (fetched with ssh-keyscan, checked here): ssh refuses any other
 * key. A password-only SFTP location cannot work (restic's ssh cannot be given a password).
 * S3 takes its keys through the environment, never argv.
 */
export async function withLocationRepo<T>(loc: LocationSettings, password: string, fn: (repo: ResticRepo) => Promise<T>, opts: { signal?: AbortSignal } = {}): Promise<T> {
  if (loc.kind === "local") return fn({ location: path.join(loc.path, REPO_FOLDER), password });
  if (loc.kind === "s3") {
    const url = new URL(loc.endpoint);
    // restic's s3: URL wants host[:port]/bucket/prefix; plain http endpoints need the scheme kept.
    const base = url.protocol === "http:" ? `http://${url.host}` : url.host;
    const key = [loc.bucket, loc.prefix, REPO_FOLDER].filter(Boolean).join("/");
    return fn({
      location: `s3:${base}/${key}`,
      password,
      options: [`s3.region=${loc.region}`, ...(loc.forcePathStyle ? ["s3.bucket-lookup=path"] : [])],
      env: { AWS_ACCESS_KEY_ID: loc.accessKeyId, AWS_SECRET_ACCESS_KEY: loc.secretAccessKey, AWS_DEFAULT_REGION: loc.region },
    });
  }
  if (!loc.privateKey) throw new ResticError("restic over SFTP needs the location's private key (a password cannot be handed to ssh): add a key to the location");
  if (!loc.hostKeyFingerprint) throw new ResticError("Pin the SFTP location's host key fingerprint first (ssh-keygen -lf on the server)");
  const port = loc.port ?? 22;
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), "lifeboat-restic-ssh-"));
  try {
    const scan = await trackedExeca("ssh-keyscan", ["-p", String(port), "-T", "10", loc.host], { reject: false, cancelSignal: opts.signal });
    const match = (await fingerprints(String(scan.stdout))).find((k) => k.fp === loc.hostKeyFingerprint);
    if (!match) throw new ResticError(`host key: ${loc.host}:${port} did not show the pinned host key ${loc.hostKeyFingerprint}: refused`);
    const knownHosts = path.join(dir, "known_hosts");
    const keyFile = path.join(dir, "key");
    await fsp.writeFile(knownHosts, match.line + "\n", { mode: 0o600 });
    await fsp.writeFile(keyFile, loc.privateKey.endsWith("\n") ? loc.privateKey : loc.privateKey + "\n", { mode: 0o600 });
    // restic splits sftp.command on spaces itself (no shell): the paths here have none.
    const ssh = ["ssh", "-p", String(port), "-i", keyFile, "-o", `UserKnownHostsFile=${knownHosts}`, "-o", "StrictHostKeyChecking=yes", "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes", `${loc.username}@${loc.host}`, "-s", "sftp"];
    return await fn({ location: `sftp:${loc.username}@${loc.host}:${path.posix.join(loc.path, REPO_FOLDER)}`, password, options: [`sftp.command=${ssh.join(" ")}`] });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
