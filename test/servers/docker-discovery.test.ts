import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, test as vtest } from "vitest";
import { eq } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { apps } from "@/lib/db/schema";
import { call, documented } from "@/test/api/testing";
import { seedApi } from "@/test/api/fixtures";
import { tmpDir, unpack } from "@/test/backup/fixtures";
import { backupNow, userActor } from "@/test/restore/testing";
import * as dockerRoute from "@/app/api/v1/servers/[id]/docker/route";
import { createServer } from "@/lib/services/servers/create";
import { adoptDockerProposals, discoverDocker } from "@/lib/services/servers/docker";
import { readRunLog } from "@/lib/engine/process/log-read";
import { artifactAbsolutePath } from "@/lib/engine/storage/local";
import { closeAllConnections } from "@/lib/engine/servers/pool";
import { dockerUnavailable, importDbImage, startDockerd, type Dockerd } from "./docker";
import { startSshd, type SshdServer } from "./sshd";

// Docker discovery against a real engine (issue 17): Debian's dockerd started here as root with
// its own socket, an image built with debootstrap and `docker import`, and a compose-like project
// "shop" (compose labels) of a PostgreSQL container, a MariaDB container whose root password is
// only in its environment, a Redis container that publishes its port on the host (on a network of
// its own: docker-proxy, no iptables) and a web container with a bind-mounted uploads folder and a
// named volume. The server is reached over SSH (sshd's SetEnv points its sessions' docker CLI at
// the test engine), so discovery and the proposed dumps really run there.
const why = dockerUnavailable();
if (why && process.env.CI) throw new Error(`Docker discovery needs a Docker engine: ${why} (.ci/run installs docker.io and debootstrap)`);
if (why) console.warn(`\n!!! SKIPPING Docker discovery tests: ${why} !!!\n`);
const test = why ? vtest.skip : vtest;

const SECRET = `pg-secret-${process.pid}`;
const MARIADB_SECRET = `root-secret-${process.pid}`;
let dockerd: Dockerd;
let sshd: SshdServer;
let bare: SshdServer;
let serverId: number;
let bareId: number;
let uploads: string;
let redisPort: string;
const NET = `lbtest-net-${process.pid}`;
let s: ReturnType<typeof seedApi>;
const admin = () => userActor("admin");

async function until(what: string, ok: () => Promise<boolean>, ms = 60_000) {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe.skipIf(Boolean(why))("Docker discovery on a server, against a real Docker engine", () => {
  beforeAll(async () => {
    s = seedApi();
    dockerd = await startDockerd();
    await importDbImage(dockerd);
    await dockerd.docker(["tag", "lbtest/postgres:15", "lbtest/shop-web:1"]);
    const d = dockerd.docker;
    const compose = (service: string) => ["--label", "com.docker.compose.project=shop", "--label", `com.docker.compose.service=${service}`];
    // PostgreSQL: no port published (--network none); the password only in the container's environment.
    const pg = "mkdir -p /var/run/postgresql && chown postgres /var/run/postgresql && exec su postgres -s /bin/sh -c '/usr/lib/postgresql/15/bin/initdb -D /tmp/pg -A trust -U postgres >/dev/null && exec /usr/lib/postgresql/15/bin/postgres -D /tmp/pg -c listen_addresses='";
    await d(["run", "-d", "--name", "shop-db-1", "--network", "none", ...compose("db"), "-e", `POSTGRES_PASSWORD=${SECRET}`, "-e", "POSTGRES_DB=shop", "lbtest/postgres:15", "sh", "-c", pg]);
    // Redis publishes its port on the host's loopback (an ephemeral port): discovery proposes a direct dump.
    await d(["network", "create", NET]);
    await d(["run", "-d", "--name", "shop-cache-1", "--network", NET, "-p", "127.0.0.1::6379", ...compose("cache"), "lbtest/redis:7", "redis-server", "--bind", "0.0.0.0", "--protected-mode", "no", "--save", ""]);
    redisPort = (await d(["port", "shop-cache-1", "6379/tcp"])).trim().split("\n")[0]!.split(":").pop()!;
    await d(["run", "-d", "--name", "shop-mysql-1", "--network", "none", ...compose("mysql"), "-e", `MARIADB_ROOT_PASSWORD=${MARIADB_SECRET}`, "lbtest/mariadb:10.11", "sh", "-c", "mkdir -p /run/mysqld && chown mysql /run/mysqld && exec mariadbd --user=mysql"]);
    uploads = tmpDir("lb-docker-uploads-");
    fs.writeFileSync(path.join(uploads, "cat.jpg"), "not really a cat\n");
    const sockDir = tmpDir("lb-docker-sock-");
    fs.writeFileSync(path.join(sockDir, "agent.sock"), "");
    await d(["run", "-d", "--name", "shop-web-1", "--network", "none", ...compose("web"), "-v", `${uploads}:/srv/uploads`, "-v", `${path.join(sockDir, "agent.sock")}:/run/agent.sock`, "-v", "shop_media:/srv/media", "lbtest/shop-web:1", "sleep", "infinity"]);
    await until("PostgreSQL in shop-db-1", async () => (await d(["exec", "shop-db-1", "pg_isready", "-q"]).then(() => true, () => false)));
    await d(["exec", "shop-db-1", "psql", "-U", "postgres", "-v", "ON_ERROR_STOP=1", "-c", "create database shop"]);
    await d(["exec", "shop-db-1", "psql", "-U", "postgres", "-d", "shop", "-v", "ON_ERROR_STOP=1", "-c", "create table orders(id int primary key, item text); insert into orders values (1, 'boat'), (2, 'oar')"]);
    await until("Redis in shop-cache-1", async () => (await d(["exec", "shop-cache-1", "redis-cli", "ping"]).then((o) => o === "PONG", () => false)));
    await d(["exec", "shop-cache-1", "redis-cli", "set", "greeting", "ahoy"]);
    await d(["exec", "shop-web-1", "sh", "-c", "echo 'a poster' > /srv/media/poster.txt"]);
    await until("MariaDB in shop-mysql-1", async () => (await d(["exec", "shop-mysql-1", "mariadb-admin", "ping"]).then(() => true, () => false)));
    // Root signs in with the password only (as in the official image): the dump must read it from the container's environment.
    await d(["exec", "shop-mysql-1", "mariadb", "-uroot", "-e", `create database crm; create table crm.leads(id int primary key, who text); insert into crm.leads values (7, 'captain'); ALTER USER root@localhost IDENTIFIED VIA mysql_native_password USING PASSWORD('${MARIADB_SECRET}')`]);

    sshd = await startSshd({ setEnv: { DOCKER_HOST: dockerd.host } });
    bare = await startSshd();
    const a = admin();
    serverId = createServer(a, { name: "docker-host", host: sshd.host, port: sshd.port, username: sshd.user, privateKey: sshd.privateKey, hostKeyFingerprint: sshd.hostKeyFingerprint }).id!;
    bareId = createServer(a, { name: "no-docker", host: bare.host, port: bare.port, username: bare.user, privateKey: bare.privateKey, hostKeyFingerprint: bare.hostKeyFingerprint }).id!;
  }, 20 * 60_000);
  afterAll(async () => {
    closeAllConnections();
    await sshd?.stop();
    await bare?.stop();
    // The network's bridge is an interface of this machine: removed before the engine stops.
    await dockerd?.docker(["rm", "--force", "shop-cache-1"]).catch(() => {});
    await dockerd?.docker(["network", "rm", NET]).catch(() => {});
    await dockerd?.stop();
  }, 120_000);

  test("lists containers with compose project, mounts and database kind, volumes and images; never a container's environment", async () => {
    const found = await discoverDocker(admin(), serverId);
    expect(found.server).toEqual({ id: serverId, name: "docker-host" });
    expect(found.dockerVersion).toMatch(/^\d+\.\d+/);
    const byName = Object.fromEntries(found.containers.map((c) => [c.name, c]));
    expect(Object.keys(byName).sort()).toEqual(["shop-cache-1", "shop-db-1", "shop-mysql-1", "shop-web-1"]);
    expect(byName["shop-mysql-1"]).toMatchObject({ image: "lbtest/mariadb:10.11", database: "mysql", service: "mysql" });
    expect(byName["shop-db-1"]).toMatchObject({ image: "lbtest/postgres:15", running: true, project: "shop", service: "db", database: "postgres", settings: { POSTGRES_DB: "shop" } });
    expect(byName["shop-cache-1"]).toMatchObject({ database: "redis", project: "shop" });
    expect(byName["shop-cache-1"]!.ports).toEqual([{ container: "6379/tcp", hostIp: "127.0.0.1", hostPort: redisPort }]);
    expect(byName["shop-web-1"]!.database).toBeNull();
    expect(byName["shop-web-1"]!.mounts).toEqual(
      expect.arrayContaining([
        { type: "bind", source: uploads, destination: "/srv/uploads", readOnly: false },
        { type: "volume", source: "shop_media", destination: "/srv/media", readOnly: false },
      ]),
    );
    expect(found.volumes.map((v) => v.name)).toContain("shop_media");
    expect(found.images.map((i) => `${i.repository}:${i.tag}`)).toEqual(expect.arrayContaining(["lbtest/postgres:15", "lbtest/redis:7"]));
    expect(JSON.stringify(found)).not.toContain(SECRET);
    expect(JSON.stringify(found)).not.toContain(MARIADB_SECRET);

    // Proposals, all under "shop": a direct dump of Redis on its published port, a dump inside each
    // database container whose port is not published, the bind-mounted uploads folder (not the
    // socket) and the named volume.
    expect(found.proposals.map((p) => [p.key, p.app, p.name, p.type, p.via, p.exists])).toEqual([
      ["db:shop-cache-1", "shop", "cache", "redis", "published-port", false],
      ["db:shop-db-1", "shop", "db", "script", "docker-exec", false],
      ["db:shop-mysql-1", "shop", "mysql", "script", "docker-exec", false],
      [`bind:shop-web-1:${uploads}`, "shop", `web-${path.basename(uploads)}`, "filesystem", "bind-mount", false],
      ["volume:shop_media", "shop", "web-media", "docker_volume", "volume", false],
    ]);
    const byKey = Object.fromEntries(found.proposals.map((p) => [p.key, p]));
    expect(byKey["db:shop-cache-1"]!.source).toEqual({ url: `redis://127.0.0.1:${redisPort}/0` });
    expect(byKey["db:shop-cache-1"]!.description).toMatch(/against 127\.0\.0\.1:\d+, the port container shop-cache-1 .* publishes for 6379\/tcp: a direct dump, not docker exec/);
    expect(byKey["db:shop-db-1"]!.description).toMatch(/via docker exec \(its port 5432\/tcp is not published\)/);
    // No alpine:3.20 on this engine: the volume is read with the web container's own image.
    expect(byKey["volume:shop_media"]).toMatchObject({ source: { volume: "shop_media" }, meta: { dockerImage: "lbtest/shop-web:1" } });
  });

  test("one click creates them under the app named after the compose project; the dumps run inside the containers over SSH", async () => {
    const a = admin();
    const keys = (await discoverDocker(a, serverId)).proposals.map((p) => p.key);
    const made = await adoptDockerProposals(a, { id: serverId, keys });
    expect(made.apps).toEqual(["shop"]);
    expect(made.targets.map((t) => [t.appName, t.name, t.type, t.serverId])).toEqual([
      ["shop", "cache", "redis", serverId],
      ["shop", "db", "script", serverId],
      ["shop", "mysql", "script", serverId],
      ["shop", `web-${path.basename(uploads)}`, "filesystem", serverId],
      ["shop", "web-media", "docker_volume", serverId],
    ]);
    // A second time creates nothing: they exist.
    expect((await adoptDockerProposals(a, { id: serverId, keys })).targets).toEqual([]);
    expect((await discoverDocker(a, serverId)).proposals.every((p) => p.exists)).toBe(true);
    expect(getDb().select().from(apps).where(eq(apps.name, "shop")).all()).toHaveLength(1);

    const op = userActor("operator");
    const [cache, db, mysql, web, media] = made.targets;
    // PostgreSQL: pg_dump ran inside shop-db-1; the dump restores the table's rows.
    const dbRun = await backupNow(op, db!.id);
    const log = readRunLog(dbRun.id, 0).text;
    expect(log).toContain(`(on server docker-host (${sshd.host}:${sshd.port}))`);
    expect(log).not.toContain(SECRET);
    const dbOut = unpack(artifactAbsolutePath(dbRun.storageRoot!, dbRun.artifactPath!));
    const dump = path.join(dbOut, "files", "database.dump");
    expect(execFileSync("pg_restore", ["--list", dump]).toString()).toMatch(/TABLE public orders/);
    expect(execFileSync("pg_restore", ["--data-only", "--table=orders", "-f", "-", dump]).toString()).toMatch(/1\tboat\n2\toar/);
    // Redis: a direct dump, redis-cli --rdb run on the server against the port shop-cache-1 publishes.
    const cacheRun = await backupNow(op, cache!.id);
    expect(readRunLog(cacheRun.id, 0).text).toMatch(new RegExp(`\\$ redis-cli -h 127\\.0\\.0\\.1 -p ${redisPort} .*--rdb -\\s+\\(on server docker-host`));
    expect(cacheRun.manifest).toMatchObject({ payload: { name: "dump.rdb", keys: 1 } });
    const rdb = fs.readFileSync(path.join(unpack(artifactAbsolutePath(cacheRun.storageRoot!, cacheRun.artifactPath!)), "dump.rdb"));
    expect(rdb.subarray(0, 5).toString()).toBe("REDIS");
    expect(rdb.includes(Buffer.from("greeting"))).toBe(true);
    // MariaDB: mariadb-dump inside shop-mysql-1 with the root password from the container's own environment.
    const myRun = await backupNow(op, mysql!.id);
    const sql = fs.readFileSync(path.join(unpack(artifactAbsolutePath(myRun.storageRoot!, myRun.artifactPath!)), "files", "database.sql"), "utf8");
    expect(sql).toMatch(/INSERT INTO `leads` VALUES\s*\(7,'captain'\)/);
    expect(readRunLog(myRun.id, 0).text).not.toContain(MARIADB_SECRET);
    // The bind-mounted folder, read by tar on the server.
    const webRun = await backupNow(op, web!.id);
    expect(fs.readFileSync(path.join(unpack(artifactAbsolutePath(webRun.storageRoot!, webRun.artifactPath!)), "files", "cat.jpg"), "utf8")).toBe("not really a cat\n");
    // The named volume: tar in a throwaway container of the web image, started by the server's docker.
    const mediaRun = await backupNow(op, media!.id);
    expect(readRunLog(mediaRun.id, 0).text).toMatch(/\$ docker run --rm --network none -v shop_media:\/volume:ro lbtest\/shop-web:1 tar -cf - -C \/volume \.\s+\(on server docker-host/);
    const volumeTar = path.join(unpack(artifactAbsolutePath(mediaRun.storageRoot!, mediaRun.artifactPath!)), "volume.tar");
    expect(execFileSync("tar", ["-xOf", volumeTar, "./poster.txt"]).toString()).toBe("a poster\n");
  });

  test("API: GET/POST /api/v1/servers/{id}/docker for admins; 403 for others; 409 where Docker does not answer", async () => {
    const get = (id: number, token: string) => call(dockerRoute.GET, "GET", `/api/v1/servers/${id}/docker`, { token, params: { id: String(id) } });
    const ok = await get(serverId, s.tokens.admin);
    expect(ok.status).toBe(200);
    const body = await documented<{ docker: { containers: unknown[] } }>(ok, "/api/v1/servers/{id}/docker", "get");
    expect(body.docker.containers).toHaveLength(4);
    expect((body.docker as unknown as { proposals: { via: string }[] }).proposals.map((p) => p.via)).toContain("volume");
    expect((await get(serverId, s.tokens.operator)).status).toBe(403);
    const none = await get(bareId, s.tokens.admin);
    expect(none.status).toBe(409);
    expect(((await documented<{ error: { message: string } }>(none, "/api/v1/servers/{id}/docker", "get")).error.message)).toMatch(/^Docker does not answer on server no-docker/);
    const post = await call(dockerRoute.POST, "POST", `/api/v1/servers/${serverId}/docker`, { token: s.tokens.admin, params: { id: String(serverId) }, body: { keys: ["db:not-a-container"] } });
    expect(post.status).toBe(400);
    await documented(post, "/api/v1/servers/{id}/docker", "post");
  });
});
