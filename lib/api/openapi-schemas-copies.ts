import { COPY_STATUSES } from "../db/schema-copies";

const nint = { type: ["integer", "null"] };
const nstr = { type: ["string", "null"] };
const ndate = { type: ["string", "null"], format: "date-time" };
const keep = (what: string) => ({ type: ["integer", "null"], minimum: 0, description: what });

/** A target's storage (issue 13) and a run's copies: the schemas of lib/api/openapi-schemas.ts add these. */
export const copySchemas = {
  CopyRetention: {
    type: "object",
    description: "Retention of the copies in one copy location; null or absent rules are off, no rule at all keeps every copy.",
    properties: {
      keepDays: keep("Keep the copies taken within N days of the newest"),
      keepLast: keep("Keep the newest N"),
      keepDaily: keep("One per day for N days that have one"),
      keepWeekly: keep("One per week"),
      keepMonthly: keep("One per month"),
      keepYearly: keep("One per year"),
    },
  },
  TargetStorage: {
    type: "object",
    description:
      "Where the target's artifacts go: the backup writes to `primary` (null = the default local location); after each successful backup one copy task per copy location streams the artifact there (age-encrypted when the location says so); for a restic target it runs `restic copy` of the snapshot into the copy location's own repository. `lagLimitHours` (default 26): a `copy.lagging` event when the newest offsite copy is older, or (PITR on) when a copy location's newest copied WAL file is that far behind the PITR location's newest.",
    properties: {
      primary: { ...nint, description: "A storage location id; null = the default local location" },
      copies: {
        type: "array",
        items: { type: "object", required: ["storageId"], properties: { storageId: { type: "integer" }, retention: { $ref: "#/components/schemas/CopyRetention" } } },
      },
      lagLimitHours: { ...nint, minimum: 1 },
    },
  },
  RunCopy: {
    type: "object",
    additionalProperties: false,
    required: ["storageId", "status", "sizeBytes", "sha256", "copiedAt", "error", "snapshotId"],
    properties: {
      storageId: { type: "integer" },
      status: { type: "string", enum: COPY_STATUSES.filter((s) => s !== "pruning"), description: "A copy being pruned already reads `pruned`" },
      sizeBytes: { ...nint, description: "Bytes of the stored object (the encrypted size when encrypted). A restic run's copy: the data the copy added to the copy location's repository (after deduplication, before compression), the same measure as the run's own sizeBytes" },
      sha256: { ...nstr, description: "sha256 of the stored object (of the ciphertext when encrypted; the run's sha256 is the plaintext's)" },
      copiedAt: ndate,
      error: nstr,
      snapshotId: { ...nstr, description: "A restic run's copy: the id of the snapshot `restic copy` made in the copy location's own repository (sha256 is then null); null for an artifact copy" },
    },
  },
} as const;
