import { E, idParam, obj, ok, ref } from "./openapi-helpers";

const pathQuery = { name: "path", in: "query", schema: { type: "string", default: "/" }, description: "A folder (or file, for the download) inside the snapshot, e.g. /cam1/2026-12-01" };

/** Paths of the restic engine (issue 14) in the API v1 document. */
export const resticPaths = {
  "/api/v1/runs/{id}/files": {
    get: {
      operationId: "listRunFiles",
      summary: "One folder of a restic run's snapshot (viewer), paged and searchable",
      description: "Folders first, then by name. 404 for a run without a snapshot (archive runs, forgotten snapshots) or a path that is not a folder in it.",
      parameters: [
        idParam("Run"),
        pathQuery,
        { name: "q", in: "query", schema: { type: "string", maxLength: 200 }, description: "Only entries whose name contains this (case-insensitive)" },
        { name: "offset", in: "query", schema: { type: "integer", minimum: 0, default: 0 } },
        { name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: 1000, default: 100 } },
      ],
      responses: { 200: ok("The folder", obj({ folder: ref("SnapshotFolder") })), 400: E[400], 401: E[401], 404: E[404] },
    },
  },
  "/api/v1/runs/{id}/files/download": {
    get: {
      operationId: "downloadRunFiles",
      summary: "Download a restic run's snapshot, or a folder of it, as a tar (operator); a file path gives the file",
      description: "Streamed from `restic dump`; audited as artifact.download.",
      parameters: [idParam("Run"), pathQuery],
      responses: {
        200: {
          description: "The tar stream (or the file)",
          content: {
            "application/x-tar": { schema: { type: "string", contentMediaType: "application/x-tar" } },
            "application/octet-stream": { schema: { type: "string", contentMediaType: "application/octet-stream" } },
          },
        },
        401: E[401],
        403: E[403],
        404: E[404],
      },
    },
  },
};
