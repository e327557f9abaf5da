import { describe, expect, test } from "vitest";
import { dockerVolumeArgs } from "../docker-volume/backup";
import { mysqlConn, mysqlDumpArgs } from "../mysql/backup";
import { pgEnv } from "../postgres/backup";
import { redisConn } from "../redis/backup";

describe("command construction (passwords only in the environment)", () => {
  test("docker volume: a throwaway read-only container tarring the volume to stdout", () => {
    expect(dockerVolumeArgs("shop_uploads", "alpine:3.20")).toEqual([
      "run", "--rm", "--network", "none", "-v", "shop_uploads:/volume:ro", "alpine:3.20", "tar", "-cf", "-", "-C", "/volume", ".",
    ]);
  });

  test("postgres: everything through libpq variables", () => {
    expect(pgEnv("postgres://app:p%40ss@db.local:5433/shop?sslmode=require")).toMatchObject({
      PGHOST: "db.local", PGPORT: "5433", PGUSER: "app", PGPASSWORD: "p@ss", PGDATABASE: "shop", PGSSLMODE: "require",
    });
  });

  test("mysql: MYSQL_PWD, one database without --databases", () => {
    const c = mysqlConn("mysql://root:pw@127.0.0.1:3306/shop");
    expect(c.env).toEqual({ MYSQL_PWD: "pw" });
    const args = mysqlDumpArgs(c.args, "/x/database.sql", c.database);
    expect(args.join(" ")).not.toContain("pw");
    expect(args).toEqual(expect.arrayContaining(["--single-transaction", "--routines", "--triggers"]));
    expect(args).not.toContain("--databases");
    expect(args.at(-1)).toBe("shop");
  });

  test("redis: REDISCLI_AUTH, ACL user and database in args", () => {
    const c = redisConn("redis://bob:sekret@10.0.0.5:6380/2");
    expect(c.env).toEqual({ REDISCLI_AUTH: "sekret" });
    expect(c.args).toEqual(["-h", "10.0.0.5", "-p", "6380", "--no-auth-warning", "--user", "bob", "-n", "2"]);
  });
});
