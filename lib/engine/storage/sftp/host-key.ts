import crypto from "node:crypto";

/** The host key's fingerprint as `ssh-keygen -lf` prints it: SHA256 of the key blob, base64 without padding. */
export function fingerprintOf(keyBlob: Buffer): string {
  return `SHA256:${crypto.createHash("sha256").update(keyBlob).digest("base64").replace(/=+$/, "")}`;
}

/**
 * The server's host key was not accepted: none is pinned yet (`pinned` undefined) or it differs
 * from the pinned one. Carries the fingerprint seen, so the UI can show it for confirmation;
 * a connection is never made to an unconfirmed key.
 */
export class HostKeyError extends Error {
  readonly code: "HOST_KEY_UNKNOWN" | "HOST_KEY_MISMATCH";

  constructor(
    readonly fingerprint: string,
    readonly pinned: string | undefined,
    where: string,
  ) {
    super(
      pinned
        ? `host key: ${where} showed host key ${fingerprint}, not the pinned ${pinned}: refused (the server was reinstalled, or someone is in between)`
        : `host key: ${where} has host key ${fingerprint}; confirm it (ssh-keygen -lf on the server) and pin it as the location's host key fingerprint`,
    );
    this.name = "HostKeyError";
    this.code = pinned ? "HOST_KEY_MISMATCH" : "HOST_KEY_UNKNOWN";
  }
}

/** What an SSH connection to a pinned server needs (an SFTP location or a server of issue 17). */
export interface PinnedSshTarget {
  host: string;
  port: number;
  username: string;
  password?: string;
  privateKey?: string;
  hostKeyFingerprint?: string | null;
}

/**
 * ssh2 connect options that accept only the pinned host key. A key that is not the pinned one
 * (or any key while none is pinned) is refused, and `onRefused` gets the HostKeyError to report.
 */
export function pinnedConnectConfig(
  s: PinnedSshTarget,
  where: string,
  onRefused: (e: HostKeyError) => void,
  timing: { readyTimeout: number; keepaliveInterval: number },
) {
  return {
    host: s.host,
    port: s.port,
    username: s.username,
    password: s.password,
    privateKey: s.privateKey,
    readyTimeout: timing.readyTimeout,
    keepaliveInterval: timing.keepaliveInterval,
    keepaliveCountMax: 3,
    hostVerifier: (key: Buffer) => {
      const seen = fingerprintOf(key);
      if (s.hostKeyFingerprint && seen === s.hostKeyFingerprint) return true;
      onRefused(new HostKeyError(seen, s.hostKeyFingerprint ?? undefined, where));
      return false;
    },
  };
}
