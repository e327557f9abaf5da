import { E, err, idParam, jsonBody, obj, ok, ref } from "./openapi-helpers";

/** Paths for restores and test restores in the API v1 document. */
export const restorePaths = {
  "/api/v1/runs/{id}/restore/preview": {
    post: {
      operationId: "previewRestore",
      summary: "Preview a restore of this run (operator); read-only",
      description: "What is in the artifact, what is at the destination now, free space, and warnings for anything that would stop or endanger the restore.",
      parameters: [idParam("Run")],
      requestBody: { required: false, ...jsonBody(ref("RestorePreviewInput")) },
      responses: { 200: ok("The preview", obj({ preview: ref("RestorePreview") })), 400: E[400], 401: E[401], 403: E[403], 404: err("No such run, or it has no artifact"), 413: E[413] },
    },
  },
  "/api/v1/runs/{id}/restore": {
    post: {
      operationId: "startRestore",
      summary: "Restore this run's artifact (operator; uploaded artifacts into a database: admin)",
      description:
        "Checks the artifact's sha256, takes a safety backup of the original (a failure stops the restore unless an admin sets overrideSafety), then restores. Follow it with GET /api/v1/restores/{id}.",
      parameters: [idParam("Run")],
      requestBody: { required: true, ...jsonBody(ref("RestoreInput")) },
      responses: {
        202: ok("Started", obj({ restore: ref("RestoreRef") })),
        400: E[400],
        401: E[401],
        403: err("The role is too low (an operator overriding the safety backup, or restoring an uploaded artifact that needs an admin)"),
        404: err("No such run, or it has no artifact"),
        409: err("A backup or restore of this target is going on"),
        413: E[413],
      },
    },
  },
  "/api/v1/runs/{id}/verify": {
    post: {
      operationId: "verifyRunByRestoring",
      summary: "Verify by restoring (operator): a test restore into a scratch place",
      description: "Restores into a throwaway database, folder, file or redis-server, compares it with the manifest and drops it; the result is recorded on the run.",
      parameters: [idParam("Run")],
      responses: {
        202: ok("Started", obj({ restore: ref("Restore") })),
        400: err("This type cannot be test-restored"),
        401: E[401],
        403: E[403],
        404: err("No such run, or it has no artifact"),
        409: err("A backup or restore of this target is going on"),
      },
    },
  },
  "/api/v1/restores/{id}": {
    get: {
      operationId: "getRestore",
      summary: "One restore or test restore (viewer)",
      parameters: [idParam("Restore")],
      responses: { 200: ok("The restore", obj({ restore: ref("Restore") })), 401: E[401], 404: E[404] },
    },
  },
  "/api/v1/restores/{id}/cancel": {
    post: {
      operationId: "cancelRestore",
      summary: "Cancel a queued or running restore (operator)",
      description:
        "A queued restore ends at once. A running one has its tools killed (and its safety backup, if that is what runs) — by the console process that runs it, which may be another one on the same database (the CLI's restore): that process acts within about a second. A PostgreSQL restore runs in one transaction and is rolled back; other types may be left partly restored (the error says so and names the safety backup).",
      parameters: [idParam("Restore")],
      responses: {
        200: ok("It ended (status cancelled)", obj({ restore: ref("Restore") })),
        202: ok("Still stopping after 30 s (or another process stops it); poll GET /api/v1/restores/{id}", obj({ restore: ref("Restore") })),
        401: E[401],
        403: E[403],
        404: E[404],
        409: err("It has already ended"),
      },
    },
  },
};
