import { E, err, idParam, jsonBody, obj, ok, ref } from "./openapi-helpers";

const ndate = { type: ["string", "null"], format: "date-time" };

const settings = {
  type: "object",
  description:
    'Per kind. local `{ "path" }`; s3 `{ "endpoint", "region", "bucket", "prefix"?, "accessKeyId", "secretAccessKey", "forcePathStyle"? }`; sftp `{ "host", "port"?, "username", "password"?, "privateKey"?, "hostKeyFingerprint"?, "path" }`. Secrets (secretAccessKey, password, privateKey) are stored encrypted and come back as `***`; on PATCH, a secret left out or sent as `***` is kept.',
  additionalProperties: true,
};

const recipients = { type: "array", items: { type: "string" }, description: "Extra public keys (age1… or ssh-ed25519 …) artifacts are also encrypted to, e.g. an offline key kept in a safe" };

/** Storage location schemas of the API v1 document. */
export const storageSchemas = {
  StorageLocation: {
    type: "object",
    additionalProperties: false,
    required: ["id", "name", "kind", "where", "settings", "encryption", "ageRecipient", "ageRecipients", "artifacts", "createdAt", "updatedAt"],
    properties: {
      id: { type: "integer" },
      name: { type: "string" },
      kind: { type: "string", enum: ["local", "s3", "sftp"] },
      where: { type: "string", description: "Where it is, in words, without secrets" },
      settings,
      encryption: { type: "string", enum: ["none", "age"] },
      ageRecipient: { type: ["string", "null"], description: "Lifeboat's own age public key for this location (its identity is in the recovery kit)" },
      ageRecipients: recipients,
      artifacts: { type: "integer", description: "Artifacts kept in this location now" },
      createdAt: { type: "string", format: "date-time" },
      updatedAt: ndate,
    },
  },
  StorageInput: {
    type: "object",
    additionalProperties: false,
    required: ["name", "kind", "settings"],
    properties: {
      name: { type: "string" },
      kind: { type: "string", enum: ["local", "s3", "sftp"] },
      settings,
      encryption: { type: "string", enum: ["none", "age"], default: "none", description: "age: Lifeboat generates an identity (kept encrypted, exported in the recovery kit)" },
      ageRecipients: recipients,
    },
  },
  StoragePatch: {
    type: "object",
    additionalProperties: false,
    properties: { name: { type: "string" }, settings, encryption: { type: "string", enum: ["none", "age"] }, ageRecipients: recipients },
  },
};

const hostKey =
  "An SFTP location without `settings.hostKeyFingerprint` is not saved: the answer is a 400 whose `details[\"settings.hostKeyFingerprint\"]` is the key the server showed; compare it with `ssh-keygen -lf` on the server and send it back to pin it. A changed key is refused.";

/** Paths for storage locations in the API v1 document. */
export const storagePaths = {
  "/api/v1/storage": {
    get: {
      operationId: "listStorageLocations",
      summary: "List storage locations (admin); secrets masked",
      responses: { 200: ok("Locations", obj({ storage: { type: "array", items: ref("StorageLocation") } })), 401: E[401], 403: E[403] },
    },
    post: {
      operationId: "createStorageLocation",
      summary: "Add a storage location (admin)",
      description: hostKey,
      requestBody: { required: true, ...jsonBody(ref("StorageInput")) },
      responses: { 201: ok("Created; secrets masked", obj({ storage: ref("StorageLocation") })), 400: E[400], 401: E[401], 403: E[403], 409: E[409], 413: E[413] },
    },
  },
  "/api/v1/storage/{id}": {
    get: {
      operationId: "getStorageLocation",
      summary: "One storage location (admin)",
      parameters: [idParam("Storage location")],
      responses: { 200: ok("The location", obj({ storage: ref("StorageLocation") })), 401: E[401], 403: E[403], 404: E[404] },
    },
    patch: {
      operationId: "updateStorageLocation",
      summary: "Change a storage location (admin)",
      description: hostKey,
      parameters: [idParam("Storage location")],
      requestBody: { required: true, ...jsonBody(ref("StoragePatch")) },
      responses: { 200: ok("Changed; secrets masked", obj({ storage: ref("StorageLocation") })), 400: E[400], 401: E[401], 403: E[403], 404: E[404], 409: E[409], 413: E[413] },
    },
    delete: {
      operationId: "deleteStorageLocation",
      summary: "Delete a storage location (admin)",
      parameters: [idParam("Storage location")],
      responses: { 204: { description: "Deleted" }, 401: E[401], 403: E[403], 404: E[404], 409: err("The location still holds artifacts, or a target or copy uses it") },
    },
  },
  "/api/v1/storage/{id}/test": {
    post: {
      operationId: "testStorageLocation",
      summary: "Test a storage location (admin): write, read back and delete a probe object",
      description:
        "400 when it fails: the message says what failed; `details.stage` (connect, write, read, compare, delete) and `details.cause` (dns, tls, connect, auth, permission, bucket_missing, host_key, full, region, key, not_found, other); for an unconfirmed SFTP host key also `details.hostKeyFingerprint`.",
      parameters: [idParam("Storage location")],
      responses: {
        200: ok("It works", obj({ ok: { type: "boolean", const: true }, latencyMs: { type: "integer" } })),
        400: err("The test failed; details name the stage and the cause"),
        401: E[401],
        403: E[403],
        404: E[404],
      },
    },
  },
  "/api/v1/storage/{id}/rescan": {
    post: {
      operationId: "rescanStorageLocation",
      summary: "Rescan a storage location (admin): register the artifacts this console does not know as runs",
      description:
        "Reads each artifact's manifest (its first entry; remote objects are fetched, `.age` ones decrypted with the location's identity) and registers unknown ones as successful runs (trigger `upload`) of their app/target, created disabled when missing. For a new console after `lifeboat recovery-kit import`. PITR copies (base backups and WAL a target's copy task wrote there) are rebuilt from the indexes beside them (`*.pitr-index.json[.age]`), per target (`pitr`), so `POST /api/v1/targets/{id}/pitr/restore` can read them.",
      parameters: [idParam("Storage location")],
      responses: {
        200: ok(
          "What was found",
          obj({
            registered: { type: "array", items: obj({ runId: { type: "integer" }, key: { type: "string" }, app: { type: "string" }, target: { type: "string" } }) },
            unreadable: { type: "array", items: obj({ key: { type: "string" }, error: { type: "string" } }) },
            known: { type: "integer" },
            pitr: {
              type: "array",
              items: obj({ targetId: { type: "integer" }, app: { type: "string" }, target: { type: "string" }, baseBackups: { type: "integer", description: "Base backups registered" }, walFiles: { type: "integer", description: "WAL files registered" } }),
            },
          }),
        ),
        401: E[401],
        403: E[403],
        404: E[404],
      },
    },
  },
};
