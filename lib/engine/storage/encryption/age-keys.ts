import { trackedExeca } from "../../process/process-registry";

/** An age X25519 recipient (public key), as age-keygen prints it. */
export const AGE_RECIPIENT = /^age1[02-9ac-hj-np-z]{58}$/;
/** An age identity (secret key). */
export const AGE_IDENTITY = /^AGE-SECRET-KEY-1[02-9AC-HJ-NP-Z]{58}$/;
/** SSH public keys age also encrypts to (an admin's offline key may be one). */
const SSH_RECIPIENT = /^(ssh-ed25519|ssh-rsa) [A-Za-z0-9+/]+={0,2}( [^\n]*)?$/;

export function isRecipient(r: string): boolean {
  return AGE_RECIPIENT.test(r) || SSH_RECIPIENT.test(r);
}

export interface AgeKeyPair {
  /** AGE-SECRET-KEY-1…: sealed at rest, never logged, never on a command line. */
  identity: string;
  /** age1…: what artifacts are encrypted to. */
  recipient: string;
}

/** A new identity from Debian's age-keygen (the secret comes back through a pipe, not a file). */
export async function generateIdentity(): Promise<AgeKeyPair> {
  const { stdout } = await trackedExeca("age-keygen", [], { stdin: "ignore", stderr: "pipe" });
  const identity = stdout.split("\n").find((l) => AGE_IDENTITY.test(l.trim()))?.trim();
  const recipient = /^# public key: (age1\S+)$/m.exec(stdout)?.[1];
  if (!identity || !recipient || !AGE_RECIPIENT.test(recipient)) throw new Error("age-keygen printed no key pair");
  return { identity, recipient };
}

/** The recipient of an identity (`age-keygen -y`, the identity on stdin). */
export async function recipientOf(identity: string): Promise<string> {
  if (!AGE_IDENTITY.test(identity.trim())) throw new Error("Not an age identity (AGE-SECRET-KEY-1…)");
  const { stdout } = await trackedExeca("age-keygen", ["-y"], { input: `${identity.trim()}\n` });
  return stdout.trim();
}
