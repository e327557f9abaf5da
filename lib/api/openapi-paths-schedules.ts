import { E, idParam, jsonBody, obj, ok, ref } from "./openapi-helpers";

/** Paths for schedules in the API v1 document. */
export const schedulePaths = {
  "/api/v1/schedules": {
    get: {
      operationId: "listSchedules",
      summary: "List schedules (viewer), optionally of one target",
      parameters: [{ name: "targetId", in: "query", schema: { type: "integer" } }],
      responses: { 200: ok("Schedules", obj({ schedules: { type: "array", items: ref("Schedule") } })), 400: E[400], 401: E[401], 404: E[404] },
    },
    post: {
      operationId: "createSchedule",
      summary: "Create a schedule (admin)",
      description: "Takes effect on the scheduler's next tick (every minute). Unknown fields are refused.",
      requestBody: { required: true, ...jsonBody(ref("ScheduleInput")) },
      responses: { 201: ok("Created", obj({ schedule: ref("Schedule") })), 400: E[400], 401: E[401], 403: E[403], 413: E[413] },
    },
  },
  "/api/v1/schedules/{id}": {
    patch: {
      operationId: "updateSchedule",
      summary: "Change a schedule (admin; enabling or disabling alone: operator)",
      parameters: [idParam("Schedule")],
      requestBody: { required: true, ...jsonBody(ref("SchedulePatch")) },
      responses: { 200: ok("Changed", obj({ schedule: ref("Schedule") })), 400: E[400], 401: E[401], 403: E[403], 404: E[404], 413: E[413] },
    },
    delete: {
      operationId: "deleteSchedule",
      summary: "Delete a schedule (admin); its runs keep their rows",
      parameters: [idParam("Schedule")],
      responses: { 204: { description: "Deleted" }, 401: E[401], 403: E[403], 404: E[404] },
    },
  },
};
