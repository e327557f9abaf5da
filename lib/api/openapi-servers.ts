import { E, err, idParam, jsonBody, obj, ok, ref } from "./openapi-helpers";

const nstr = { type: ["string", "null"] };
const ndate = { type: ["string", "null"], format: "date-time" };
const nint = { type: ["integer", "null"] };
const fingerprint = { type: "string", pattern: "^SHA256:[A-Za-z0-9+/]{43}$", description: "As `ssh-keygen -lf` prints it" };

const writable = {
  name: { type: "string", maxLength: 100, description: "Not `Local` (the built-in server)" },
  host: { type: "string", maxLength: 255 },
  port: { type: "integer", minimum: 1, maximum: 65535, default: 22 },
  username: { type: "string", maxLength: 100 },
  privateKey: { type: "string", description: "OpenSSH/PEM private key; stored sealed, never returned" },
  password: { type: "string", description: "Instead of a key; stored sealed, never returned" },
  hostKeyFingerprint: { ...fingerprint, description: "Pins the host key. Omit it at first: the answer's `seenHostKey` is the key the server showed; confirm it with PATCH" },
  maxParallel: { type: "integer", minimum: 1, maximum: 32, default: 4, description: "Parallel jobs (SSH channels) on this server" },
};

const mount = obj({ type: { type: "string" }, source: { type: "string", description: "Host path (bind) or volume name" }, destination: { type: "string" }, readOnly: { type: "boolean" } });
const port = obj({ container: { type: "string" }, hostIp: nstr, hostPort: nstr });

/** Server schemas of the API v1 document. */
export const serverSchemas = {
  DockerDiscovery: obj({
    server: obj({ id: { type: "integer" }, name: { type: "string" } }),
    dockerVersion: { type: "string" },
    containers: {
      type: "array",
      items: obj({
        id: { type: "string" },
        name: { type: "string" },
        image: { type: "string" },
        running: { type: "boolean" },
        state: { type: "string" },
        project: { ...nstr, description: "com.docker.compose.project" },
        service: { ...nstr, description: "com.docker.compose.service" },
        database: { type: ["string", "null"], enum: ["postgres", "mysql", "redis", null] },
        mounts: { type: "array", items: mount },
        ports: { type: "array", items: port },
        settings: { type: "object", additionalProperties: { type: "string" }, description: "Non-secret names a dump uses (POSTGRES_USER, POSTGRES_DB, MYSQL_DATABASE…)" },
      }),
    },
    volumes: { type: "array", items: obj({ name: { type: "string" }, driver: { type: "string" } }) },
    images: { type: "array", items: obj({ repository: { type: "string" }, tag: { type: "string" }, id: { type: "string" }, size: { type: "string" } }) },
    proposals: {
      type: "array",
      items: obj({
        key: { type: "string" },
        container: { type: "string" },
        app: { type: "string" },
        name: { type: "string" },
        type: { type: "string", enum: ["script", "filesystem", "docker_volume", "postgres", "mysql", "redis"] },
        via: {
          type: "string",
          enum: ["docker-exec", "published-port", "bind-mount", "volume"],
          description:
            "docker-exec: a script target dumping inside the container (its port is not published); published-port: a direct postgres/mysql/redis target against the host port the container publishes (no password: add it if the database asks); bind-mount: a folder target; volume: a docker_volume target for a named volume",
        },
        source: { type: "object" },
        meta: { type: ["object", "null"], description: "The target's meta (a volume's reader image: dockerImage)" },
        description: { type: "string" },
        exists: { type: "boolean" },
      }),
    },
  }),
  Server: {
    type: "object",
    additionalProperties: false,
    required: ["id", "builtIn", "name", "host", "port", "username", "auth", "secretSet", "hostKeyFingerprint", "seenHostKey", "maxParallel", "reachable", "lastContactAt", "unreachableSince", "lastError", "tools", "freeBytes", "checkedAt", "targetCount", "createdAt", "updatedAt"],
    properties: {
      id: { ...nint, description: "null: Local, the built-in server (this machine)" },
      builtIn: { type: "boolean" },
      name: { type: "string" },
      host: { type: "string" },
      port: nint,
      username: nstr,
      auth: { type: ["string", "null"], enum: ["key", "password", null] },
      secretSet: { type: "boolean" },
      hostKeyFingerprint: { ...nstr, description: "The pinned host key; null until confirmed" },
      seenHostKey: { ...nstr, description: "The key shown at the last connect when it is not the pinned one" },
      maxParallel: nint,
      reachable: { type: ["boolean", "null"], description: "null: not checked yet, or its host key is not confirmed" },
      lastContactAt: ndate,
      unreachableSince: ndate,
      lastError: nstr,
      tools: { type: "array", items: obj({ name: { type: "string" }, version: nstr }) },
      freeBytes: { ...nint, description: "Free space of / on the server" },
      checkedAt: ndate,
      targetCount: { type: "integer" },
      createdAt: ndate,
      updatedAt: ndate,
    },
  },
  ServerInput: { type: "object", required: ["name", "host", "username"], properties: writable, description: "Give privateKey or password" },
  ServerPatch: { type: "object", properties: writable, description: "What is absent keeps its value" },
};

/** Paths for servers (admin) in the API v1 document. */
export const serverPaths = {
  "/api/v1/servers": {
    get: { operationId: "listServers", summary: "List servers, Local first (admin)", responses: { 200: ok("Servers", obj({ servers: { type: "array", items: ref("Server") } })), 401: E[401], 403: E[403] } },
    post: {
      operationId: "createServer",
      summary: "Add a server reached over SSH (admin)",
      description: "Connects once after saving. Without `hostKeyFingerprint` that connection is refused on purpose and `seenHostKey` shows the key: compare it with `ssh-keygen -lf` on the server, then PATCH it as `hostKeyFingerprint`.",
      requestBody: { required: true, ...jsonBody(ref("ServerInput")) },
      responses: { 201: ok("Created; secret never returned", obj({ server: ref("Server") })), 400: E[400], 401: E[401], 403: E[403], 409: E[409], 413: E[413] },
    },
  },
  "/api/v1/servers/{id}": {
    get: { operationId: "getServer", summary: "One server (admin)", parameters: [idParam("Server")], responses: { 200: ok("The server", obj({ server: ref("Server") })), 401: E[401], 403: E[403], 404: E[404] } },
    patch: {
      operationId: "updateServer",
      summary: "Change a server or pin its host key (admin); checked again after the change",
      parameters: [idParam("Server")],
      requestBody: { required: true, ...jsonBody(ref("ServerPatch")) },
      responses: { 200: ok("Changed", obj({ server: ref("Server") })), 400: E[400], 401: E[401], 403: E[403], 404: E[404], 409: E[409], 413: E[413] },
    },
    delete: {
      operationId: "deleteServer",
      summary: "Remove a server (admin)",
      parameters: [idParam("Server")],
      responses: { 204: { description: "Removed" }, 401: E[401], 403: E[403], 404: E[404], 409: err("Targets still run on this server") },
    },
  },
  "/api/v1/servers/{id}/docker": {
    get: {
      operationId: "discoverDocker",
      summary: "Docker discovery on a server (admin): containers, volumes, images, proposed targets",
      description:
        "Runs the `docker` CLI on the server over SSH (read-only). Database containers are recognised by image (postgres, mariadb/mysql, redis) and get a proposed script target that dumps *inside* the container with `docker exec` (passwords stay in the container's environment); bind-mounted folders of other containers get folder targets. A container's environment is never returned. 409 when the server or its Docker daemon does not answer.",
      parameters: [idParam("Server")],
      responses: { 200: ok("What Docker runs there", obj({ docker: ref("DockerDiscovery") })), 401: E[401], 403: E[403], 404: E[404], 409: err("The server or Docker does not answer") },
    },
    post: {
      operationId: "adoptDockerProposals",
      summary: "Create proposed targets by key (admin), under apps named after the compose projects",
      description: "The server is asked again: only proposals it makes now are created (never a source from the request). Proposals whose target exists already are skipped.",
      parameters: [idParam("Server")],
      requestBody: { required: true, ...jsonBody(obj({ keys: { type: "array", items: { type: "string" }, minItems: 1, maxItems: 100 } })) },
      responses: {
        201: ok("Created", obj({ apps: { type: "array", items: { type: "string" }, description: "Apps created" }, targets: { type: "array", items: ref("Target") } })),
        400: E[400],
        401: E[401],
        403: E[403],
        404: E[404],
        409: err("The server or Docker does not answer"),
      },
    },
  },
  "/api/v1/servers/{id}/check": {
    post: {
      operationId: "checkServer",
      summary: "Connect now: reachability, tools with versions, free disk (admin)",
      parameters: [idParam("Server")],
      responses: { 200: ok("The server after the check", obj({ server: ref("Server") })), 401: E[401], 403: E[403], 404: E[404] },
    },
  },
};
