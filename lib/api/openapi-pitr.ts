import { E, err, idParam, jsonBody, obj, ok, ref } from "./openapi-helpers";

/** Point-in-time recovery in the API v1 document: schemas and paths (issue 15). */
const ndate = { type: ["string", "null"], format: "date-time" };
const date = { type: "string", format: "date-time" };
const int = { type: "integer" };

export const pitrSchemas = {
  PitrSetting: {
    type: "object",
    required: ["enabled"],
    additionalProperties: false,
    description:
      "postgres targets: continuous archiving. Turning it on checks the role (REPLICATION) and pg_hba.conf (a 400 says what to grant or which line is missing), creates a physical replication slot, starts pg_receivewal and queues the first base backup; turning it off stops streaming and drops the slot.",
    properties: {
      enabled: { type: "boolean" },
      baseBackupEveryHours: { type: "integer", minimum: 1, maximum: 744, default: 24, description: "How often a base backup (pg_basebackup) is taken" },
    },
  },
  PitrStatus: {
    type: "object",
    additionalProperties: false,
    required: ["state", "lastWalAt", "windowFrom", "windowTo", "slotRetainedBytes", "copies"],
    properties: {
      state: { type: "string", enum: ["starting", "streaming", "lagging", "stopped"] },
      lastWalAt: { ...ndate, description: "When WAL last arrived" },
      windowFrom: { ...ndate, description: "Any moment from windowFrom to windowTo can be restored; null before the first base backup" },
      windowTo: ndate,
      slotRetainedBytes: { type: ["integer", "null"], description: "WAL the replication slot keeps on the server's disk" },
      copies: {
        type: "array",
        description:
          "Each copy location of the target (storage.copies): completed WAL files and base backups are copied there in batches (a copy task per location, queued every 15 s when there is something new and after each base backup; age-encrypted when the location encrypts), kept by that location's retention (WAL older than the oldest base backup it keeps is removed there). A restore can read from it alone.",
        items: obj({
          storageId: int,
          storage: { type: "string" },
          walTo: { ...ndate, description: "The newest WAL file copied there was complete at this time" },
          windowFrom: { ...ndate, description: "Any moment from windowFrom to windowTo can be restored from this location alone" },
          windowTo: ndate,
          baseBackups: int,
          walFiles: int,
          pending: { type: "integer", description: "WAL files and base backups not copied there yet" },
          lastError: { type: ["string", "null"], description: "The last batch to this location failed with this" },
        }),
      },
    },
  },
  PitrRestoreInput: {
    type: "object",
    required: ["targetTime", "destination", "confirm"],
    additionalProperties: false,
    properties: {
      targetTime: { ...date, description: "The moment to restore to (ISO 8601 with a zone)" },
      destination: {
        description:
          'A new database on the target\'s server ({ "database": "name" }), or "original": the target\'s own database is replaced (pg_restore --clean --if-exists in one transaction) after the normal safety backup of the target; a failure leaves it as it was. While it goes on, no backup but its safety backup starts; it is refused (409) while a backup or another restore of the target is queued or running',
        anyOf: [obj({ database: { type: "string", pattern: "^[A-Za-z_][A-Za-z0-9_]{0,62}$" } }), { type: "string", enum: ["original"] }],
      },
      confirm: { type: "string", description: "The target's name, typed to confirm" },
      keepServerMinutes: { type: "integer", minimum: 0, maximum: 1440, description: "Keep the private recovery server running this long for inspection (the log says how to connect)" },
      overrideSafety: {
        type: "boolean",
        description:
          'Admins only (403 otherwise), destination "original" only (400 otherwise): replace the original even if the safety backup fails (it is still taken first; the log says it failed and that an admin overrode it). Audited as restore.override.',
      },
      storage: {
        type: "integer",
        description:
          "Read the base backup and WAL from this storage location: the target's PITR location or one of its copy locations (as the archive restore's storage). Default: the nearest that holds a base backup before the moment and the whole WAL range to it — the PITR location, then the copy locations in their order; each planned file is checked to be there (a deleted folder), then its sha256 while it is read (decrypted when the location encrypts). 400 when the location cannot (the message says why, for each location tried).",
      },
    },
  },
  RunPitrBase: {
    description: "GET /runs/{id} only, for a run of kind pitr-base: the base backup's files and the WAL range a restore from it needs; null for other runs",
    anyOf: [
      { type: "null" },
      obj({
        baseBackupId: int,
        timeline: { type: ["integer", "null"] },
        startLsn: { type: ["string", "null"], description: "backup_label's START WAL LOCATION, e.g. 0/5000028" },
        endLsn: { type: ["string", "null"], description: "backup_manifest's End-LSN" },
        startWal: { type: ["string", "null"], description: "First WAL segment needed, e.g. 000000010000000000000005" },
        endWal: { type: ["string", "null"], description: "Last WAL segment needed for the copy to be consistent" },
        files: { type: "array", items: obj({ name: { type: "string" }, size: int, storedSize: int, sha256: { type: "string" } }) },
        copies: {
          type: "array",
          description: "Its copies in the target's copy locations (sent with the WAL by the copy task; age-encrypted where the location encrypts), kept there by that location's retention — also after the PITR location pruned it",
          items: obj({ storageId: int, storage: { type: "string" }, encryption: { type: "string", enum: ["none", "age"] }, storedSize: int, copiedAt: date }),
        },
      }),
    ],
  },
  PitrRestoreRef: obj({ id: int, status: { type: "string", enum: ["queued", "running", "done", "failed", "cancelled", "interrupted"] } }),
  PitrRestore: obj({
    id: int,
    status: { type: "string", enum: ["queued", "running", "done", "failed", "cancelled", "interrupted"] },
    targetTime: date,
    database: { type: "string", description: "The database restored into (the target's own when destination is \"original\")" },
    destination: { anyOf: [obj({ database: { type: "string" } }), { type: "string", enum: ["original"] }] },
    safetyRunId: { type: ["integer", "null"], description: "Over the original: the safety backup run taken before it was replaced" },
    overrideSafety: { type: "boolean", description: "An admin asked to go on even if the safety backup fails" },
    keepServerMinutes: int,
    server: {
      description: "keepServerMinutes > 0: the private server kept for inspection (password: the source's); running until its time is up or POST …/stop-server removes it",
      anyOf: [
        { type: "null" },
        obj({
          host: { type: "string" },
          port: int,
          user: { type: "string" },
          database: { type: "string" },
          until: date,
          psql: { type: "string", description: "A psql command line that connects" },
          running: { type: "boolean" },
          stoppedAt: { ...ndate, description: "When it was stopped (its time was up — checked again at start-up when it ran out while no console ran —, POST …/stop-server or …/cancel, or start-up found it no longer running); null while running" },
          stopReason: { type: ["string", "null"] },
        }),
      ],
    },
    queuedAt: date,
    startedAt: ndate,
    finishedAt: ndate,
    error: { type: ["string", "null"] },
    log: { type: "string", description: "The restore's log (its last 64 KiB): one line per phase, then the tools' output" },
  }),
};

export const pitrPaths = {
  "/api/v1/targets/{id}/pitr/restore": {
    post: {
      operationId: "restoreToPointInTime",
      summary: "Restore a postgres target as it was at a moment (operator)",
      description:
        `Checked before anything is touched: the typed name, a base backup finished before the moment, every WAL segment from it to the moment — in the location asked for (storage) or the nearest that has them all (a missing one is a 400 naming it), and that the new database does not exist (409; "original": that the target's database exists and no backup or restore of it is queued or running). Then a task of the queue unpacks the base backup, replays WAL in a private PostgreSQL on a loopback port up to the moment, copies the database into the new one — or, for "original", takes the safety backup and replaces the original in one transaction — and removes the private server (or keeps it keepServerMinutes). Follow it with GET /api/v1/targets/{id}/pitr/restores/{restoreId}.`,
      parameters: [idParam("Target")],
      requestBody: { required: true, ...jsonBody(ref("PitrRestoreInput")) },
      responses: { 202: ok("Queued", obj({ restore: ref("PitrRestoreRef") })), 400: E[400], 401: E[401], 403: E[403], 404: E[404], 409: err("The destination database already exists"), 413: E[413] },
    },
  },
  "/api/v1/targets/{id}/pitr/restores/{restoreId}": {
    get: {
      operationId: "getPointInTimeRestore",
      summary: "A point-in-time restore with its log (viewer)",
      parameters: [idParam("Target"), { name: "restoreId", in: "path", required: true, schema: { type: "integer" }, description: "The id POST …/pitr/restore returned" }],
      responses: { 200: ok("The restore", obj({ restore: ref("PitrRestore") })), 401: E[401], 404: E[404] },
    },
  },
  "/api/v1/targets/{id}/pitr/restores/{restoreId}/stop-server": {
    post: {
      operationId: "stopPointInTimeRestoreServer",
      summary: "Stop the private server a finished point-in-time restore keeps for inspection, now (operator)",
      description:
        "The server (keepServerMinutes) is stopped (pg_ctl stop -m fast of its data directory) and its scratch folder removed before its time is up, by any console: kept servers outlive the console that started them, so this works after a restart too; audited as restore.pitr_stop_server. 409 when none is running: never kept, its time was up, or already stopped.",
      parameters: [idParam("Target"), { name: "restoreId", in: "path", required: true, schema: { type: "integer" } }],
      responses: { 200: ok("The restore, its server stopped", obj({ restore: ref("PitrRestore") })), 401: E[401], 403: E[403], 404: E[404], 409: err("No private server running") },
    },
  },
  "/api/v1/targets/{id}/pitr/restores/{restoreId}/cancel": {
    post: {
      operationId: "cancelPointInTimeRestore",
      summary: "Cancel a point-in-time restore, or remove the private server it keeps (operator)",
      description:
        "Queued or running: it stops (over the original, pg_restore's one transaction rolls back). Finished with a private server kept for inspection: the server is stopped and its scratch folder removed now. Otherwise 409.",
      parameters: [idParam("Target"), { name: "restoreId", in: "path", required: true, schema: { type: "integer" } }],
      responses: { 200: ok("The restore after the cancel", obj({ restore: ref("PitrRestore") })), 401: E[401], 403: E[403], 404: E[404], 409: err("Nothing to cancel") },
    },
  },
};
