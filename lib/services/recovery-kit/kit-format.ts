import { z } from "zod";

/**
 * The recovery kit: everything a new console needs to reach and open the backups when the old
 * server is gone — the locations with their credentials, their age identities and the restic
 * repository passwords. Plain JSON on purpose (readable in a disaster, by a person, without
 * Lifeboat): whoever holds it holds the keys, so keep it like a password (a safe, a vault).
 */
export const KIT_FORMAT = "lifeboat-recovery-kit";

const kitLocation = z.object({
  name: z.string().min(1),
  kind: z.string().min(1),
  /** Every setting, secrets included. */
  settings: z.record(z.string(), z.unknown()),
  encryption: z.enum(["none", "age"]),
  /** AGE-SECRET-KEY-1…: opens this location's artifacts (`age -d -i identity.txt`). */
  ageIdentity: z.string().nullable(),
  ageRecipient: z.string().nullable(),
  ageRecipients: z.array(z.string()),
  /** The restic repository's password (`<location>/restic`), when Lifeboat made one there. */
  resticPassword: z.string().nullable().default(null),
});

export const recoveryKit = z.object({
  format: z.literal(KIT_FORMAT, "Not a Lifeboat recovery kit"),
  version: z.literal(1, "Unknown recovery kit version (this console reads version 1)"),
  createdAt: z.string(),
  readme: z.string().optional(),
  /** The old console's secret.key (hex): opens the sealed values of its own database backup (target "Lifeboat / console"). */
  consoleSecretKey: z.string().optional(),
  locations: z.array(kitLocation),
});

export type RecoveryKit = z.infer<typeof recoveryKit>;
export type KitLocation = z.infer<typeof kitLocation>;

export const KIT_README =
  "Lifeboat recovery kit. Keep it offline and safe: it holds the credentials of every storage location and the keys that decrypt the backups. " +
  "On a new server: `npx lifeboat recovery-kit import kit.json`, then `npx lifeboat storage rescan <location>` for each location. " +
  "Without Lifeboat: an age-encrypted artifact opens with `age -d -i identity.txt FILE.age | zstd -d | tar -x` (identity.txt = the location's ageIdentity).";
