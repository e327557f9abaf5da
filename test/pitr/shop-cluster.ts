import { afterAll, beforeAll } from "vitest";
import { copyRetry } from "@/lib/engine/copies/copy-task";
import { stopAllKeptServers } from "@/lib/engine/pitr/kept-servers";
import { stopAllWalStreams } from "@/lib/engine/pitr/streams";
import { startPgCluster, type PgCluster } from "../servers/pg-cluster";
import { startS3Server, type S3TestServer } from "../servers/s3";

/**
 * The PITR copy tests' servers: a private PostgreSQL cluster with a `shop` database and its
 * `orders` table, and an S3 server for the copy location; copies retried quickly. Registers the
 * file's beforeAll/afterAll and hands the servers to `use` once they are up. Kept servers outlive
 * the console (their record stops them): a failed test must not leave one running.
 */
export function shopClusterForFile(use: (servers: { pg: PgCluster; s3: S3TestServer }) => void): void {
  let servers: { pg?: PgCluster; s3?: S3TestServer } = {};
  beforeAll(async () => {
    const [pg, s3] = await Promise.all([startPgCluster(), startS3Server()]);
    servers = { pg, s3 };
    use({ pg, s3 });
    copyRetry.delaysMs = [200, 200];
    await pg.sql("CREATE DATABASE shop");
    await pg.sql("CREATE TABLE orders (id serial primary key, batch text not null)", "shop");
  }, 120_000);
  afterAll(async () => {
    await stopAllKeptServers("the test file ended");
    await stopAllWalStreams();
    await Promise.all([servers.pg?.cleanup(), servers.s3?.stop()]);
  });
}

/** Three orders of batch `name`. */
export const insertBatch = (pg: PgCluster, name: string) => pg.sql(`INSERT INTO orders (batch) SELECT '${name}' FROM generate_series(1, 3)`, "shop");
