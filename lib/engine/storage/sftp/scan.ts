import { HostKeyError } from "./host-key";
import { openSession } from "./session";
import { sftpWhere, type SftpSettings } from "./settings";

/**
 * The server's host key fingerprint, for a person to confirm before it is pinned. Connects with
 * nothing pinned: the host key check fails closed before any credential is sent, and that failure
 * carries the key seen. Rejects with the connection's own error when the server is not reached.
 */
export async function scanHostKey(s: SftpSettings): Promise<string> {
  const where = sftpWhere(s);
  try {
    const session = await openSession({ ...s, hostKeyFingerprint: undefined }, where);
    session.client.end(); // cannot happen with nothing pinned; close it all the same
    throw new Error(`${where} accepted a connection without a host key check`);
  } catch (e) {
    if (e instanceof HostKeyError) return e.fingerprint;
    throw e;
  }
}
