import { describeNetError } from "../remote/net-error";
import { HostKeyError } from "./host-key";

/** SFTP status codes (draft-ietf-secsh-filexfer-02) that ssh2 puts in `code`. */
export const SFTP_NO_SUCH_FILE = 2;
export const SFTP_FAILURE = 4;
const SFTP_PERMISSION_DENIED = 3;

/** An SSH/SFTP failure in words: DNS, connect, host key, auth, permission, key; the server's words otherwise. */
export function describeSftpError(e: unknown, where: string): string {
  if (e instanceof HostKeyError) return e.message;
  const err = e as { level?: string; code?: number | string; message?: string };
  if (err?.level === "client-authentication") return `auth: ${where} refused the user name, password or key (${err.message})`;
  if (err?.level === "client-timeout") return `connect: ${where} did not finish the SSH handshake in time`;
  const net = describeNetError(e, where);
  if (net) return net;
  if (/privateKey|private key|Unsupported key format|Encrypted private/i.test(err?.message ?? "")) return `key: the private key cannot be used (${err?.message})`;
  if (err?.code === SFTP_PERMISSION_DENIED) return `permission: ${where} refused access (${err.message})`;
  if (err?.code === SFTP_NO_SUCH_FILE) return `not found: ${err.message}`;
  return err?.message ?? String(e);
}

export function sftpError(what: string, e: unknown, where: string): Error {
  if (e instanceof HostKeyError) return e;
  return new Error(`${what}: ${describeSftpError(e, where)}`, { cause: e });
}
