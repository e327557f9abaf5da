import path from "node:path";
import { z } from "zod";

/** `SHA256:` and 43 base64 characters, as `ssh-keygen -lf` prints a host key's fingerprint. */
export const FINGERPRINT = /^SHA256:[A-Za-z0-9+/]{43}$/;

/** A folder on an SSH server, reached over SFTP. */
export const sftpSettings = z
  .object({
    host: z
      .string()
      .trim()
      .min(1, "Give the server's host name or address")
      .regex(/^[A-Za-z0-9.:[\]_-]+$/, "A host name or an IP address"),
    port: z.coerce.number().int().min(1).max(65535).optional().default(22),
    username: z.string().trim().min(1, "Give the user name"),
    password: z.string().min(1).optional(),
    privateKey: z
      .string()
      .optional()
      .refine((k) => k === undefined || /-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(k), "Paste the private key in OpenSSH or PEM form"),
    hostKeyFingerprint: z
      .string()
      .trim()
      .transform((f) => f.replace(/=+$/, ""))
      .refine((f) => FINGERPRINT.test(f), "A fingerprint reads SHA256:… as ssh-keygen -lf prints it")
      .optional(),
    path: z
      .string()
      .trim()
      .refine((p) => p.startsWith("/"), "Use the folder's absolute path on the server")
      .transform((p) => path.posix.normalize(p).replace(/(.)\/+$/, "$1")),
  })
  .refine((s) => s.password || s.privateKey, { message: "Give a password or a private key", path: ["password"] });

export type SftpSettings = z.infer<typeof sftpSettings>;

export function sftpWhere(s: Pick<SftpSettings, "host" | "port" | "path" | "username">): string {
  return `sftp://${s.username}@${s.host}${s.port && s.port !== 22 ? `:${s.port}` : ""}${s.path}`;
}
