import { schemas } from "./openapi-schemas";
import { E, err, idParam, jsonBody, obj, ok, ref } from "./openapi-helpers";
import { restorePaths } from "./openapi-paths-restores";
import { schedulePaths } from "./openapi-paths-schedules";
import { storagePaths } from "./openapi-storage";
import { resticPaths } from "./openapi-paths-restic";
import { pitrPaths } from "./openapi-pitr";
import { serverPaths } from "./openapi-servers";

/** The OpenAPI 3.1 description of API v1; a test checks it against the route files and real responses. */
export function openApiDocument(serverUrl?: string) {
  return {
    openapi: "3.1.0",
    info: {
      title: "Lifeboat API",
      version: "1",
      description:
        "Manage apps, targets and schedules, trigger backups, read runs and logs, download and delete artifacts, preview, start, follow and cancel restores and test restores, and report backups run by your own scripts. Authenticate with `Authorization: Bearer <token>` (tokens: Settings → API tokens). Every call is authorised by the token's role like the UI: viewer reads, operator also triggers, reports and downloads, admin also manages. A token limited to some apps gets 404 for other apps' targets and runs.",
    },
    servers: serverUrl ? [{ url: serverUrl }] : [],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "An API token (lb_…)" } },
      schemas,
    },
    paths: {
      "/api/v1/apps": {
        get: { operationId: "listApps", summary: "List apps (viewer)", responses: { 200: ok("Apps", obj({ apps: { type: "array", items: ref("App") } })), 401: E[401] } },
        post: {
          operationId: "createApp",
          summary: "Create an app (admin)",
          requestBody: { required: true, ...jsonBody(ref("AppInput")) },
          responses: { 201: ok("Created", obj({ app: ref("App") })), 400: E[400], 401: E[401], 403: err("The token's role is too low, or the token is limited to some apps"), 409: E[409], 413: E[413] },
        },
      },
      "/api/v1/targets": {
        get: {
          operationId: "listTargets",
          summary: "List targets with their status (viewer)",
          parameters: [
            { name: "appId", in: "query", schema: { type: "integer" } },
            { name: "type", in: "query", schema: { type: "string" } },
          ],
          responses: { 200: ok("Targets", obj({ targets: { type: "array", items: ref("TargetListItem") } })), 400: E[400], 401: E[401] },
        },
        post: {
          operationId: "createTarget",
          summary: "Create a target (admin)",
          requestBody: { required: true, ...jsonBody(ref("TargetInput")) },
          responses: { 201: ok("Created; secrets masked", obj({ target: ref("Target") })), 400: E[400], 401: E[401], 403: E[403], 404: E[404], 409: E[409], 413: E[413] },
        },
      },
      "/api/v1/targets/{id}": {
        get: {
          operationId: "getTarget",
          summary: "One target with its status and overdue episode (viewer)",
          description:
            "The list fields plus `overdueSince` (slot + grace of the backup it waits for; null while not overdue) and `expectedAt` (that slot while overdue, else the next expected one). Overdue follows Healthchecks: each enabled backup schedule expects the first slot after the start of the newest counted successful run (or after the schedule was created or last enabled); uploads and safety backups never count.",
          parameters: [idParam("Target")],
          responses: { 200: ok("The target", obj({ target: ref("TargetDetail") })), 401: E[401], 404: E[404] },
        },
        patch: {
          operationId: "updateTarget",
          summary: "Change a target (admin)",
          parameters: [idParam("Target")],
          requestBody: { required: true, ...jsonBody(ref("TargetPatch")) },
          responses: { 200: ok("Changed; secrets masked", obj({ target: ref("Target") })), 400: E[400], 401: E[401], 403: E[403], 404: E[404], 409: E[409], 413: E[413] },
        },
        delete: {
          operationId: "deleteTarget",
          summary: "Delete a target and its run history (admin)",
          description:
            "Refused with 409 while a backup or restore of the target is queued or running (the message names it): cancel it or wait, then delete. Its backup files are kept unless `deleteArtifacts=true`; kept files (and any that could not be deleted) are listed on the console's Storage page as not belonging to any target and stay in the storage totals until an admin deletes them there.",
          parameters: [
            idParam("Target"),
            { name: "deleteArtifacts", in: "query", required: false, schema: { type: "boolean", default: false }, description: "Also delete the target's backup files" },
          ],
          responses: { 204: { description: "Deleted" }, 400: E[400], 401: E[401], 403: E[403], 404: E[404], 409: err("A backup or restore of this target is in progress") },
        },
      },
      "/api/v1/targets/{id}/runs": {
        post: {
          operationId: "backUpTarget",
          summary: "Back up now (operator)",
          parameters: [idParam("Target")],
          responses: { 202: ok("Queued", obj({ run: ref("RunRef") })), 401: E[401], 403: E[403], 404: E[404], 409: err("A run of this target is already going") },
        },
      },
      "/api/v1/targets/{id}/report": {
        post: {
          operationId: "reportRun",
          summary: "Report a backup your own script ran (operator)",
          description:
            "`start` opens a run (trigger api, status running); `success`/`fail` close the open one, or record a finished run when none is open. Reported runs feed status, overdue, charts and alerts like any other.",
          parameters: [idParam("Target")],
          requestBody: { required: true, ...jsonBody(ref("ReportInput")) },
          responses: {
            200: ok("The open run was closed", obj({ run: ref("Run") })),
            201: ok("A run was created", obj({ run: ref("Run") })),
            400: E[400],
            401: E[401],
            403: E[403],
            404: E[404],
            409: err("Lifeboat itself is backing up this target right now"),
            413: E[413],
          },
        },
      },
      "/api/v1/runs": {
        get: {
          operationId: "listRuns",
          summary: "List runs, newest first, cursor-paged (viewer)",
          parameters: [
            { name: "targetId", in: "query", schema: { type: "integer" } },
            { name: "status", in: "query", schema: { type: "string", enum: schemas.RunRef.properties.status.enum } },
            { name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: 200, default: 50 } },
            { name: "cursor", in: "query", schema: { type: "string" }, description: "nextCursor of the previous page" },
          ],
          responses: {
            200: ok("A page of runs", obj({ runs: { type: "array", items: ref("Run") }, nextCursor: { type: ["string", "null"], description: "null on the last page" } })),
            400: E[400],
            401: E[401],
          },
        },
      },
      "/api/v1/runs/{id}": {
        get: {
          operationId: "getRun",
          summary: "One run (viewer)",
          description:
            "With `wait=N`, a run that is queued or running is answered when it ends, or after N seconds still `queued`/`running` (a long poll: a script waits for the end without polling).",
          parameters: [
            idParam("Run"),
            { name: "wait", in: "query", required: false, schema: { type: "integer", minimum: 0, maximum: 60, default: 0 }, description: "Seconds to wait for the run to end before answering" },
          ],
          responses: { 200: ok("The run", obj({ run: ref("Run") })), 400: E[400], 401: E[401], 404: E[404] },
        },
        delete: {
          operationId: "deleteRunArtifact",
          summary: "Delete a run's artifact (admin)",
          description:
            "Deletes the artifact file and its .sha256; the run keeps its row (history, charts) with the artifact state `deleted`, and the deletion is audited. Refused (409) for a pinned artifact, the target's newest successful backup (uploads and safety backups do not count as that), one a restore is reading, and a run without an artifact. Uploaded artifacts are deleted this way.",
          parameters: [idParam("Run")],
          responses: { 204: { description: "Deleted" }, 401: E[401], 403: E[403], 404: E[404], 409: err("Pinned, the newest successful artifact, being restored, or no artifact") },
        },
      },
      "/api/v1/runs/{id}/log": {
        get: {
          operationId: "getRunLog",
          summary: "The run's log (viewer)",
          parameters: [idParam("Run")],
          responses: { 200: { description: "The log", content: { "text/plain": { schema: { type: "string" } } } }, 401: E[401], 404: E[404] },
        },
      },
      "/api/v1/runs/{id}/artifact": {
        get: {
          operationId: "downloadRunArtifact",
          summary: "Download the run's artifact (operator); streamed, Range supported",
          description:
            "From the run's primary location, or with `storage=<id>` from one of its copies (`copies` of GET /runs/{id}): an encrypted copy is decrypted on the way and every copy is checked against the run's sha256 (a mismatch breaks the download off). A copy is always sent whole (no Range).",
          parameters: [
            idParam("Run"),
            { name: "storage", in: "query", required: false, schema: { type: "integer" }, description: "A storage location holding a copy of the artifact" },
            { name: "Range", in: "header", schema: { type: "string" }, description: "e.g. bytes=0-1023" },
          ],
          responses: {
            200: { description: "The artifact", content: { "application/octet-stream": { schema: { type: "string", contentMediaType: "application/octet-stream" } } } },
            206: { description: "Part of the artifact", content: { "application/octet-stream": { schema: { type: "string", contentMediaType: "application/octet-stream" } } } },
            401: E[401],
            403: E[403],
            404: E[404],
            416: { description: "Range not satisfiable" },
          },
        },
      },
      ...restorePaths,
      ...schedulePaths,
      ...storagePaths,
      ...resticPaths,
      ...pitrPaths,
      ...serverPaths,
      "/api/v1/ping/{key}/{event}": {
        post: {
          operationId: "ping",
          summary: "Ping URL for cron one-liners (no token: the key is the secret)",
          description:
            "`start`, `success`, `fail`, or an exit code (0 = success, anything else = fail), e.g. `curl -fsS -X POST --data-binary @backup.log https://…/api/v1/ping/KEY/$?`. The body (first 100 KiB) is kept as the run's log.",
          security: [],
          parameters: [
            { name: "key", in: "path", required: true, schema: { type: "string" }, description: "The target's ping key" },
            { name: "event", in: "path", required: true, schema: { type: "string", pattern: "^(start|success|fail|[0-9]{1,3})$" } },
          ],
          requestBody: { required: false, content: { "text/plain": { schema: { type: "string" } }, "application/octet-stream": { schema: { type: "string" } } } },
          responses: {
            200: ok("The open run was closed", obj({ run: ref("Run") })),
            201: ok("A run was created", obj({ run: ref("Run") })),
            404: err("Unknown key or event"),
            409: err("Lifeboat itself is backing up this target right now"),
            413: E[413],
          },
        },
      },
      "/api/v1/openapi.json": {
        get: {
          operationId: "getOpenApiDocument",
          summary: "This document",
          security: [],
          responses: {
            200: { description: "OpenAPI 3.1", content: { "application/json": { schema: { type: "object" } } } },
            406: err("The request's Accept header does not allow JSON"),
          },
        },
      },
    },
  };
}
