import crypto from "node:crypto";
import path from "node:path";
import { env } from "../../env";

/**
 * A restic repository as Lifeboat addresses it. `location` is a local path, `sftp:user@host:/path`
 * or `s3:…`; it goes to restic through RESTIC_REPOSITORY and the password through a 0600 file,
 * never on the command line (argv is world-readable in /proc).
 */
export interface ResticRepo {
  location: string;
  password: string;
  /** restic's cache; inside Lifeboat's data directory by default (not ~/.cache of whoever runs it). */
  cacheDir?: string;
  /** Extra `-o key=value` options (e.g. `sftp.command=ssh … -s sftp` for a non-standard port or key). */
  options?: string[];
  /** Extra environment for the backend (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY for s3:). */
  env?: Record<string, string>;
}

export const defaultCacheDir = () => path.join(env().dataDir, "restic-cache");

/** A new repository password: 32 random bytes, printable (it goes into the recovery kit). */
export function generateRepoPassword(): string {
  return crypto.randomBytes(32).toString("base64url");
}

/** The host name written on every snapshot, so parent detection and lock clean-up know what is ours. */
export const SNAPSHOT_HOST = "lifeboat";

/** The tag that marks a target's snapshots in a repository shared by several targets. */
export const targetTag = (targetId: number | string) => `lifeboat-target-${targetId}`;
