import { z } from "zod";

export const SERVER_NAME_RE = /^[A-Za-z0-9][A-Za-z0-9 _.-]*$/;
/** A fingerprint as `ssh-keygen -lf` prints it. */
export const FINGERPRINT_RE = /^SHA256:[A-Za-z0-9+/]{43}$/;

// Host and user name end up in the SSH connection, never on a command line; still, nothing
// option-like or with spaces, so they read the same everywhere they are shown or copied.
const plain = (what: string, max: number) =>
  z
    .string(`Enter the ${what}`)
    .trim()
    .min(1, `Enter the ${what}`)
    .max(max, `Use at most ${max} characters`)
    .regex(/^[^\s-][^\s]*$/, `The ${what} cannot contain spaces or start with -`);

const fields = {
  name: z
    .string("Enter a name")
    .trim()
    .min(1, "Enter a name")
    .max(100, "Use at most 100 characters")
    .regex(SERVER_NAME_RE, "Use letters, digits, spaces, _ . - (starting with a letter or digit)")
    .refine((n) => n.toLowerCase() !== "local", "Local is the built-in server: choose another name"),
  host: plain("host name or address", 255),
  port: z.coerce.number("Enter a port").int("Enter a port").min(1, "Use 1–65535").max(65535, "Use 1–65535"),
  username: plain("user name", 100),
  privateKey: z
    .string()
    .max(20_000, "That key is too long")
    .refine((k) => /-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(k), "Paste the private key in OpenSSH or PEM format (-----BEGIN … PRIVATE KEY-----)"),
  password: z.string().min(1, "Enter the password").max(1000, "Use at most 1000 characters"),
  hostKeyFingerprint: z.string().trim().regex(FINGERPRINT_RE, "Give the fingerprint as ssh-keygen -lf prints it: SHA256:…"),
  maxParallel: z.coerce.number("Enter a number").int().min(1, "At least 1").max(32, "At most 32"),
};

const blank = (v: unknown) => (v === "" || v === null ? undefined : v);
const opt = <T extends z.ZodType>(t: T) => z.preprocess(blank, t.optional());

export const createServerInput = z
  .object({
    name: fields.name,
    host: fields.host,
    port: opt(fields.port),
    username: fields.username,
    privateKey: opt(fields.privateKey),
    password: opt(fields.password),
    hostKeyFingerprint: opt(fields.hostKeyFingerprint),
    maxParallel: opt(fields.maxParallel),
  })
  .refine((s) => !!s.privateKey !== !!s.password, { message: "Give either a private key or a password", path: ["privateKey"] });
export type CreateServerInput = z.input<typeof createServerInput>;

/** PATCH: what is absent keeps its value; a new key or password replaces the stored secret. */
export const updateServerInput = z
  .object({
    id: z.coerce.number().int().positive(),
    name: fields.name.optional(),
    host: fields.host.optional(),
    port: opt(fields.port),
    username: fields.username.optional(),
    privateKey: opt(fields.privateKey),
    password: opt(fields.password),
    hostKeyFingerprint: opt(fields.hostKeyFingerprint),
    maxParallel: opt(fields.maxParallel),
  })
  .refine((s) => !(s.privateKey && s.password), { message: "Give either a private key or a password", path: ["privateKey"] });
export type UpdateServerInput = z.input<typeof updateServerInput>;

export const serverIdInput = z.object({ id: z.coerce.number().int().positive() });
