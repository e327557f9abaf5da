import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { serviceTest } from "@/test/services";
import { makeTarget, tmpDir } from "@/test/backup/fixtures";
import { craftArtifact } from "@/test/backup/crafted-artifact";
import { backupNow, restoreAndWait, userActor } from "@/test/restore/testing";
import { receiveUpload } from "@/lib/services/restores/upload";
import { runTestRestore } from "@/lib/services/restores/start-test";
import { scratchDatabaseName } from "@/lib/engine/types/shared/scratch-rights";
import { listRunFiles } from "@/lib/services/runs/snapshot-files";
import { readRunLog } from "@/lib/engine/process/log-read";
import { readManifest } from "@/lib/engine/archive/read";
import { RunLog } from "@/lib/engine/process/run-log";
import { Undo } from "@/lib/engine/restore/undo-alternate";
import { restoreRemoteMysql } from "@/lib/engine/types/mysql/remote";
import { createServer } from "@/lib/services/servers/create";
import { testTargetConnection } from "@/lib/services/targets/test-connection";
import { startRestore } from "@/lib/services/restores/create";
import { ValidationError } from "@/lib/errors";
import { closeAllConnections } from "@/lib/engine/servers/pool";
import { startSshd, type SshdServer } from "./sshd";
import { createNetns, type Netns } from "./netns";
import { pgrep, until } from "./probes";

// MariaDB and Redis targets on "server B" (a network namespace running Debian's sshd): the dump
// tools run there over SSH and reach the shared MariaDB / Redis through B's view of them (a port
// forwarded on this machine's side of the veth pair), never through 127.0.0.1 here.
const test = await serviceTest("mysql");
const redisTest = await serviceTest("redis");

const pid = process.pid;
const DB = `lb_remote_my_${pid}`;
const ALT = `lb_remote_my_alt_${pid}`;
const VICTIM = `lb_remote_victim_${pid}`;
const DEST = `lb_remote_dest_${pid}`;
const MY_USER = `lbr_${pid}`;
const MY_PW = `My-Remote-Secret-${pid}`;
const RD_USER = `lbr${pid}`;
const RD_PW = `Rd-Remote-Secret-${pid}`;
// A Redis database number no other test uses (redis tests: 0, 5, 11).
const RDB = 13;
const MARKER = path.join(os.tmpdir(), `lifeboat-remote-pwned-${pid}`);

const sql = (q: string, db: string | null = null) =>
  execFileSync("mariadb", ["-h", "127.0.0.1", "-u", "root", "--batch", "--skip-column-names", "-e", q, ...(db ? [db] : [])]).toString().trim();
const redis = (...a: string[]) => execFileSync("redis-cli", ["-n", String(RDB), ...a]).toString().trim();
const restoreLog = (r: { logPath: string | null }) => fs.readFileSync(r.logPath!, "utf8");

let ns: Netns;
let sshd: SshdServer;
let serverId: number;
let myPort: number;
let rdPort: number;
const op = () => userActor("operator");
const where = () => `server server-b-db (${ns.nsAddress}:${sshd.port})`;

describe("MariaDB and Redis targets on another server, over SSH", () => {
  beforeAll(async () => {
    ns = await createNetns();
    sshd = await startSshd({ netns: ns.name, listenAddress: ns.nsAddress });
    myPort = (await ns.forward(3306)).port;
    rdPort = (await ns.forward(6379)).port;
    serverId = createServer(userActor("admin"), {
      name: "server-b-db",
      host: ns.nsAddress,
      port: sshd.port,
      username: sshd.user,
      privateKey: sshd.privateKey,
      hostKeyFingerprint: sshd.hostKeyFingerprint,
    }).id!;
    sql(`drop database if exists ${DB}; drop database if exists ${ALT}; drop database if exists ${VICTIM}; drop database if exists ${DEST}`);
    sql(`create database ${DB}; create database ${VICTIM}; create database ${DEST}`);
    sql("create table items (id int primary key, name varchar(20)); insert into items values (1, 'one'), (2, 'it''s two')", DB);
    sql("create table t (a int); insert into t values (1), (2)", VICTIM);
    sql(`drop user if exists '${MY_USER}'@'%'; create user '${MY_USER}'@'%' identified by '${MY_PW}'; grant all privileges on *.* to '${MY_USER}'@'%'`);
    sql(`drop user if exists '${MY_USER}'@'127.0.0.1'; create user '${MY_USER}'@'127.0.0.1' identified by '${MY_PW}'; grant all privileges on *.* to '${MY_USER}'@'127.0.0.1'`);
  }, 60_000);
  afterAll(async () => {
    closeAllConnections();
    await sshd?.stop();
    await ns?.remove();
    sql(`drop database if exists ${DB}; drop database if exists ${ALT}; drop database if exists ${VICTIM}; drop database if exists ${DEST}`);
    sql(`drop user if exists '${MY_USER}'@'%'; drop user if exists '${MY_USER}'@'127.0.0.1'`);
    try {
      redis("FLUSHDB");
      redis("ACL", "DELUSER", RD_USER);
    } catch {
      /* redis not there: its tests were skipped */
    }
    fs.rmSync(MARKER, { force: true });
  });

  // The URL as server B sees the database: this machine's side of the veth pair.
  const myUrl = (db = DB) => `mysql://${MY_USER}:${MY_PW}@${ns.hostAddress}:${myPort}/${db}`;
  const rdUrl = () => `redis://${RD_USER}:${RD_PW}@${ns.hostAddress}:${rdPort}/${RDB}`;

  test("a MariaDB database is dumped by mariadb-dump on server B and restored by the mariadb client there", async () => {
    const t = makeTarget({ type: "mysql", source: { url: myUrl() }, serverId, storageRoot: tmpDir("lb-remote-my-") });
    const run = await backupNow(op(), t.id);
    expect(run.manifest).toMatchObject({ tool: { name: "mariadb-dump" }, payload: { name: "database.sql", tables: [{ name: "items", rows: 2 }] } });
    const log = readRunLog(run.id, 0).text;
    expect(log).toMatch(new RegExp(`\\$ mariadb-dump .*--single-transaction.* -- ${DB}   \\(on ${where().replace(/[().]/g, "\\$&")}\\)`));
    // The password went through the channel's stdin into MYSQL_PWD: never in a logged command line.
    expect(log).not.toContain(MY_PW);

    sql("update items set name = 'changed'; insert into items values (3, 'three')", DB);
    const r = await restoreAndWait(op(), { runId: run.id, destination: { mode: "original" }, confirmName: t.name });
    expect(r.errorSummary).toBeNull();
    expect(sql("select group_concat(id, ':', name order by id) from items", DB)).toBe("1:one,2:it's two");
    expect(restoreLog(r)).toMatch(/statement\(s\) checked and run/);

    // Into another database on the same server: created there by the client on B.
    const alt = await restoreAndWait(op(), { runId: run.id, destination: { mode: "alternate", database: ALT }, confirmName: t.name });
    expect(alt.errorSummary).toBeNull();
    expect(alt.status).toBe("success");
    expect(sql("select count(*) from items", ALT)).toBe("2");
  });

  test("a test restore of a MariaDB backup on server B makes its scratch database there, with B's client, and drops it", async () => {
    const t = makeTarget({ type: "mysql", source: { url: myUrl() }, serverId, storageRoot: tmpDir("lb-remote-my-verify-") });
    const run = await backupNow(op(), t.id);
    const v = await runTestRestore(userActor("admin"), run.id);
    expect(v.errorSummary).toBeNull();
    expect(v.status).toBe("success");
    const log = restoreLog(v);
    expect(log).toMatch(/\$ mariadb .*--sandbox.* -- lifeboat_verify_\S+\s+\(on server server-b-db/);
    expect(log).toMatch(/Verified: 1 table\(s\), 2 rows match the manifest/);
    expect(sql(`show databases like '${scratchDatabaseName(v.id)}'`)).toBe("");
  });

  test("with the restic engine, mariadb-dump runs on server B and streams into restic here", async () => {
    const t = makeTarget({ type: "mysql", engine: "restic", source: { url: myUrl() }, serverId, storageRoot: tmpDir("lb-remote-my-restic-") });
    const run = await backupNow(op(), t.id);
    expect(run.status).toBe("success");
    expect(readRunLog(run.id, 0).text).toMatch(/\$ mariadb-dump .*--single-transaction.*\(on server server-b-db/);
    const files = await listRunFiles(op(), run.id, { path: "/" });
    expect(files.entries.map((e) => e.name)).toEqual(["database.sql"]);
    expect(files.entries[0]!.size).toBeGreaterThan(500);
  });

  test("Test connection of a MariaDB target runs its client on server B", async () => {
    const [ok] = await testTargetConnection(userActor("admin"), { type: "mysql", source: { url: myUrl() }, serverId });
    expect(ok).toMatchObject({ ok: true });
    expect(ok!.message).toMatch(new RegExp(`^Connected from server server-b-db .*: MariaDB 10\\.`));
    // 127.0.0.1 on server B is B itself, where no MariaDB listens.
    const [down] = await testTargetConnection(userActor("admin"), { type: "mysql", source: { url: `mysql://root@127.0.0.1:3306/${DB}` }, serverId });
    expect(down!.ok).toBe(false);
    expect(down!.message).toMatch(/Can't connect|2002|2003/);
  });

  // The statement filter runs here, on the console, before the stream leaves for B.
  const attacks = [
    `\\! touch ${MARKER}`,
    `system touch ${MARKER}`,
    `USE ${VICTIM};\nINSERT INTO t VALUES (666);`,
    `INSERT INTO ${VICTIM}.t VALUES (666);`,
    `SELECT * FROM information_schema.tables INTO OUTFILE '${MARKER}';`,
    // The filter cannot follow what CONCAT builds: the server-side guard stops the client on B.
    `SET @m = CONCAT('NO_BACKSLASH', '_ESCAPES');\nSET sql_mode = @m;\nSELECT 'a\\'; USE ${VICTIM}; CREATE TABLE x (a int); -- ';`,
  ];
  test.each(attacks)("a crafted dump is refused on the way to server B, nothing after it runs, no client left there: %s", async (dump) => {
    sql(`drop database if exists ${DEST}; create database ${DEST}`);
    const artifact = craftArtifact("mysql", "database.sql", `CREATE TABLE before_attack (a int);\n${dump}\nCREATE TABLE after_attack (a int);\n`);
    const log = new RunLog(0, [], path.join(tmpDir("lb-rattack-log-"), "restore.log"));
    const ctx = { artifact, manifest: await readManifest(artifact), log, signal: new AbortController().signal, workDir: tmpDir("lb-rattack-work-") };
    let err: Error | null = null;
    try {
      await restoreRemoteMysql(ctx, { type: "mysql", kind: "mysql", url: myUrl(DEST), database: DEST, original: false, serverId }, new Undo());
    } catch (e) {
      err = e as Error;
    } finally {
      log.close();
    }
    expect(err?.message).toMatch(/refused/);
    expect(fs.existsSync(MARKER)).toBe(false);
    expect(sql(`select group_concat(a order by a) from ${VICTIM}.t`)).toBe("1,2");
    expect(sql(`select count(*) from information_schema.tables where table_schema = '${VICTIM}'`)).toBe("1");
    expect(sql(`select count(*) from information_schema.tables where table_schema = '${DEST}' and table_name = 'after_attack'`)).toBe("0");
    await until("no mariadb client left on server B", () => pgrep(`mariadb .*-- ${DEST}`) === "");
  });

  test("an uploaded hostile dump restored onto a target on server B fails clearly, touching nothing", async () => {
    const t = makeTarget({ type: "mysql", source: { url: myUrl(DEST) }, serverId, storageRoot: tmpDir("lb-rattack-store-") });
    const artifact = craftArtifact("mysql", "database.sql", `CREATE TABLE items (a int);\n\\! touch ${MARKER}\n`, [{ name: "items", rows: 0 }]);
    const run = await receiveUpload(userActor("admin"), { targetId: t.id, body: fs.createReadStream(artifact) });
    const r = await restoreAndWait(userActor("admin"), { runId: run.id, destination: { mode: "original" }, confirmName: t.name });
    expect(r.status).toBe("failed");
    expect(r.errorSummary).toMatch(/^The dump was refused at line 2: .*client command/i);
    expect(fs.existsSync(MARKER)).toBe(false);
  });

  redisTest("a Redis database is read by redis-cli --rdb on server B, and restored there through redis-cli --pipe", async () => {
    redis("ACL", "SETUSER", RD_USER, "on", `>${RD_PW}`, "~*", "&*", "+@all");
    redis("FLUSHDB");
    redis("SET", "lbr:plain", "hello from B");
    redis("SET", "lbr:ttl", "expires", "EX", "3600");
    redis("RPUSH", "lbr:list", "a", "b", "c");
    execFileSync("redis-cli", ["-n", String(RDB), "-x", "SET", "lbr:bin"], { input: Buffer.from([0, 1, 2, 255, 13, 10]) });
    const t = makeTarget({ type: "redis", source: { url: rdUrl() }, serverId, storageRoot: tmpDir("lb-remote-rd-") });
    const run = await backupNow(op(), t.id);
    expect(run.manifest).toMatchObject({ tool: { name: "redis-cli" }, payload: { name: "dump.rdb", keys: 4 } });
    const log = readRunLog(run.id, 0).text;
    expect(log).toMatch(/\$ redis-cli -h \S+ -p \d+ --no-auth-warning --user \S+ -n 13 --rdb -\s+\(on server server-b-db/);
    expect(log).not.toContain(RD_PW);

    redis("SET", "lbr:plain", "changed");
    redis("SET", "lbr:new", "after the backup");
    redis("DEL", "lbr:list");
    const r = await restoreAndWait(op(), { runId: run.id, destination: { mode: "original" }, confirmName: t.name });
    expect(r.errorSummary).toBeNull();
    expect(r.status).toBe("success");
    expect(redis("GET", "lbr:plain")).toBe("hello from B");
    expect(redis("EXISTS", "lbr:new")).toBe("0");
    expect(redis("LRANGE", "lbr:list", "0", "-1")).toBe("a\nb\nc");
    expect(Number(redis("TTL", "lbr:ttl"))).toBeGreaterThan(3000);
    expect(execFileSync("redis-cli", ["-n", String(RDB), "--no-raw", "GET", "lbr:bin"]).toString().trim()).toBe('"\\x00\\x01\\x02\\xff\\r\\n"');
    const rlog = restoreLog(r);
    expect(rlog).toMatch(/\$ redis-cli .* --pipe\s+\(on server server-b-db/);
    expect(rlog).toMatch(/Copied 4 key\(s\) into the destination/);
    expect(rlog).not.toContain(RD_PW);

    // Test connection asks from B; writing a data file is for Redis on this machine only.
    const [ok] = await testTargetConnection(userActor("admin"), { type: "redis", source: { url: rdUrl() }, serverId });
    expect(ok!.message).toMatch(/^Connected from server server-b-db .*: Redis 7\..*, 4 key\(s\) in this database$/);
    await expect(
      startRestore(op(), { runId: run.id, destination: { mode: "rdb_file", path: path.join(tmpDir("lb-rdbfile-"), "dump.rdb") }, confirmName: t.name }),
    ).rejects.toSatisfy((e: unknown) => e instanceof ValidationError && /for Redis on this machine/.test(e.message));
  });

  redisTest("a wrong Redis password on server B fails the restore with the server's reply, and the password stays out of the log", async () => {
    redis("ACL", "SETUSER", RD_USER, "on", `>${RD_PW}`, "~*", "&*", "+@all");
    redis("SET", "lbr:one", "1");
    const t = makeTarget({ type: "redis", source: { url: rdUrl() }, serverId, storageRoot: tmpDir("lb-remote-rd2-") });
    const run = await backupNow(op(), t.id);
    const bad = `redis://${RD_USER}:Wrong-${RD_PW}@${ns.hostAddress}:${rdPort}/${RDB}`;
    const r = await restoreAndWait(op(), { runId: run.id, destination: { mode: "alternate", url: bad }, confirmName: t.name });
    expect(r.status).toBe("failed");
    expect(r.errorSummary).toMatch(/WRONGPASS|AUTH failed|invalid username-password/i);
    expect(r.errorSummary + restoreLog(r)).not.toContain(`Wrong-${RD_PW}`);
  });
});
