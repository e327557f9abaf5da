import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, beforeEach, describe, expect } from "vitest";
import { serviceTest } from "@/test/services";
import { makeTarget, tmpDir } from "@/test/backup/fixtures";
import { craftArtifact } from "@/test/backup/crafted-artifact";
import { readManifest } from "../../archive/read";
import { RunLog } from "../../process/run-log";
import { mysqlRestore } from "./restore";
import { restoreAndWait, runRow, userActor } from "../../../../test/restore/testing";
import { runTestRestore } from "../../../services/restores/start-test";
import { receiveUpload } from "../../../services/restores/upload";
import { scratchDatabaseName } from "../shared/scratch-rights";

const VICTIM = `lb_victim_${process.pid}`;
const DEST = `lb_dest_${process.pid}`;
const URL = `mysql://root@127.0.0.1:3306/${DEST}`;
const MARKER = path.join(os.tmpdir(), `lifeboat-pwned-${process.pid}`);
const sql = (q: string, db: string | null = null) =>
  execFileSync("mariadb", ["-h", "127.0.0.1", "-u", "root", "--batch", "--skip-column-names", "-e", q, ...(db ? [db] : [])]).toString().trim();
/** Everything an attack could change: the victim's tables and rows, the databases there are. */
const world = () =>
  [
    sql(`select group_concat(table_name order by table_name) from information_schema.tables where table_schema = '${VICTIM}'`),
    sql(`select group_concat(a order by a) from ${VICTIM}.t`),
    sql(`select group_concat(schema_name order by schema_name) from information_schema.schemata where schema_name like 'lb\\_%${process.pid}%'`),
  ].join(" | ");

/** Every client command, and every way of naming another database the dump format allows. */
const ATTACKS: string[] = [
  `\\! touch ${MARKER}`,
  `SELECT 1; \\! touch ${MARKER}`,
  `system touch ${MARKER}`,
  `SELECT 1 -- '\n\\! touch ${MARKER}\n';`,
  `/* hidden */ \\! touch ${MARKER}`,
  `\\T ${MARKER}\nSELECT 1;`,
  `tee ${MARKER}\nSELECT 1;`,
  `\\P touch ${MARKER}\nSELECT 1;`,
  `pager touch ${MARKER}\nSELECT 1;`,
  `\\e`,
  `edit`,
  `\\. /etc/hostname`,
  `source /etc/hostname`,
  `\\u ${VICTIM}\nCREATE TABLE x (a int);`,
  `use ${VICTIM}\nCREATE TABLE x (a int);`,
  `USE ${VICTIM};\nCREATE TABLE x (a int);`,
  `/*!40000 USE ${VICTIM} */;\nCREATE TABLE x (a int);`,
  `-- look away\n  Use ${VICTIM};\nINSERT INTO t VALUES (666);`,
  `\\r ${VICTIM}\nCREATE TABLE x (a int);`,
  `connect ${VICTIM}\nCREATE TABLE x (a int);`,
  `\\C gbk\nSELECT 1;`,
  `CREATE TABLE ${VICTIM}.x (a int);`,
  `CREATE TABLE \`${VICTIM}\`.\`x\` (a int);`,
  `CREATE TABLE ${VICTIM} /* c */ . x (a int);`,
  `INSERT INTO ${VICTIM}.t VALUES (666);`,
  `INSERT ${VICTIM}.t VALUES (666);`,
  `UPDATE ${VICTIM}.t SET a = 666;`,
  `DELETE FROM ${VICTIM}.t;`,
  `DROP TABLE IF EXISTS ok, ${VICTIM}.t;`,
  `CREATE TABLE ok (a int);\nRENAME TABLE ok TO ${VICTIM}.x;`,
  `CREATE TABLE ok (a int);\nALTER TABLE ok RENAME ${VICTIM}.x;`,
  `CREATE VIEW ${VICTIM}.v AS SELECT 1;`,
  `CREATE VIEW v AS SELECT * FROM ${VICTIM}.t;`,
  `/*!50001 CREATE ALGORITHM=UNDEFINED */ /*!50001 VIEW \`v\` AS select \`a\` from \`${VICTIM}\`.\`t\` */;`,
  `CREATE TABLE ok (a int);\nCREATE TRIGGER tr AFTER INSERT ON ok FOR EACH ROW INSERT INTO ${VICTIM}.t VALUES (NEW.a);\nINSERT INTO ok VALUES (666);`,
  `CREATE TRIGGER tr BEFORE INSERT ON ${VICTIM}.t FOR EACH ROW SET NEW.a = 666;`,
  `DELIMITER ;;\nCREATE PROCEDURE ${VICTIM}.p() BEGIN SELECT 1; END;;`,
  `DELIMITER ;;\nCREATE PROCEDURE p() BEGIN INSERT INTO ${VICTIM}.t VALUES (666); END;;`,
  `DELIMITER ;;\nCREATE PROCEDURE p() SELECT 1; CREATE TABLE ${VICTIM}.x (a int);;`,
  `DELIMITER ;;\nCREATE PROCEDURE p() SELECT 1; PREPARE s FROM 'CREATE TABLE ${VICTIM}.x (a int)'; EXECUTE s;;`,
  `CREATE DATABASE lb_new_${process.pid};`,
  `DROP DATABASE ${VICTIM};`,
  `/*!40000 DROP DATABASE IF EXISTS \`${VICTIM}\`*/;`,
  `SELECT * FROM information_schema.tables INTO OUTFILE '${MARKER}';`,
  `SET sql_mode = 'NO_BACKSLASH_ESCAPES';\nSELECT 'a\\'; \\! touch ${MARKER}; -- ';`,
  // The filter cannot read what CONCAT builds: the server-side guard stops the client instead.
  `SET @m = CONCAT('NO_BACKSLASH', '_ESCAPES');\nSET sql_mode = @m;\nSELECT 'a\\'; USE ${VICTIM}; CREATE TABLE x (a int); -- ';`,
  `SET @m = CONCAT('ANSI', '_QUOTES');\nSET sql_mode = @m;\nSELECT "a\\"; USE ${VICTIM}; CREATE TABLE x (a int); -- ";`,
  `SET NAMES gbk;\nSELECT 1;`,
];

const test = await serviceTest("mysql");

describe("MariaDB restore of a hostile dump", () => {
  let before = "";
  beforeAll(() => {
    sql(`drop database if exists ${VICTIM}; drop database if exists ${DEST}; create database ${VICTIM}; create database ${DEST}`);
    sql("create table t (a int); insert into t values (1), (2)", VICTIM);
    before = world();
  });
  beforeEach(() => {
    fs.rmSync(MARKER, { force: true });
    sql(`drop database if exists ${DEST}; create database ${DEST}`);
  });
  afterAll(() => {
    sql(`drop database if exists ${VICTIM}; drop database if exists ${DEST}; drop database if exists lb_new_${process.pid}`);
    fs.rmSync(MARKER, { force: true });
  });

  async function restoreDump(dump: string): Promise<Error | null> {
    const artifact = craftArtifact("mysql", "database.sql", `CREATE TABLE before_attack (a int);\n${dump}\nCREATE TABLE after_attack (a int);\n`);
    const log = new RunLog(0, [], path.join(tmpDir("lb-attack-log-"), "restore.log"));
    const ctx = { artifact, manifest: await readManifest(artifact), log, signal: new AbortController().signal, workDir: tmpDir("lb-attack-work-") };
    try {
      await mysqlRestore(ctx, URL, DEST, { create: false });
      return null;
    } catch (e) {
      return e as Error;
    } finally {
      log.close();
    }
  }

  test.each(ATTACKS)("refused, nothing runs on the host, the other database is untouched: %s", async (dump) => {
    const err = await restoreDump(dump);
    expect(err?.message).toMatch(/refused/);
    expect(fs.existsSync(MARKER)).toBe(false);
    expect(world()).toBe(before);
    // Nothing after the refused statement ran.
    expect(sql(`select count(*) from information_schema.tables where table_schema = '${DEST}' and table_name = 'after_attack'`)).toBe("0");
  });

  test("restore and verify-by-restoring of an uploaded hostile dump both fail clearly, touching nothing", async () => {
    const admin = userActor("admin");
    const target = makeTarget({ type: "mysql", source: { url: URL }, storageRoot: tmpDir("lb-attack-store-") });
    for (const dump of [`\\! touch ${MARKER}`, `CREATE TABLE ${VICTIM}.x (a int);`, `USE ${VICTIM};\nINSERT INTO t VALUES (666);`]) {
      const artifact = craftArtifact("mysql", "database.sql", `CREATE TABLE items (a int);\n${dump}\n`, [{ name: "items", rows: 0 }]);
      const run = await receiveUpload(admin, { targetId: target.id, body: fs.createReadStream(artifact) });

      const verify = await runTestRestore(admin, run.id);
      expect(verify.status).toBe("failed");
      expect(verify.errorSummary).toMatch(/refused/);
      expect(runRow(run.id).verifyStatus).toBe("restore-failed");
      expect(sql(`show databases like '${scratchDatabaseName(verify.id)}'`)).toBe("");

      const r = await restoreAndWait(admin, { runId: run.id, destination: { mode: "original" }, confirmName: target.name });
      expect(r.status).toBe("failed");
      expect(r.errorSummary).toMatch(/refused/);
      expect(fs.existsSync(MARKER)).toBe(false);
      expect(world()).toBe(before);
    }
  });
});
