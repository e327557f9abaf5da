import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import https from "node:https";
import os from "node:os";
import path from "node:path";
import { execa, type ResultPromise } from "execa";
import { freeLoopbackPort } from "../../lib/net/free-port";

/**
 * Ceph's RADOS Gateway (Debian's radosgw, a production S3 implementation) on loopback: one
 * monitor, one OSD on memstore (objects in memory, `memoryBytes` at most) and radosgw with beast,
 * each a process of this fixture's own with its own ceph.conf, data and sockets in a temp folder.
 * No cephx (auth none: nothing but this machine reaches it), no manager (not needed for I/O).
 * Unlike s3rver it completes a multipart upload without copying the parts, checks SigV4 itself
 * and verifies a signed payload's sha256, so the S3 bench measures the client and not the fake.
 */
export interface RgwServer {
  /** https:// with `tls` (the self-signed certificate in `caFile`), else http://. */
  endpoint: string;
  /** Plain http, always (the same gateway, another port). */
  httpEndpoint: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Settings for a storage location of kind `s3` on this server (path-style). */
  settings(extra?: Record<string, unknown>): Record<string, unknown>;
  /** With `tls`: the server's certificate (self-signed), for NODE_EXTRA_CA_CERTS or curl --cacert. */
  caFile: string | null;
  /** The daemons' process ids, for CPU accounting: monitor, OSD, gateway. */
  pids(): number[];
  stop(): Promise<void>;
}

const ms = (n: number) => new Promise((r) => setTimeout(r, n));

/** Is the Ceph tool set this fixture needs installed (.ci/run installs it: radosgw, ceph-mon, ceph-osd)? */
export const rgwAvailable = () => ["ceph-mon", "ceph-osd", "radosgw", "radosgw-admin", "monmaptool"].every((b) => fs.existsSync(`/usr/bin/${b}`));

export async function startRgw(opts: { bucket?: string; memoryBytes?: number; tls?: boolean } = {}): Promise<RgwServer> {
  if (!rgwAvailable()) throw new Error("radosgw is not installed (apt-get install radosgw ceph-mon ceph-osd; .ci/run does it)");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lb-rgw-"));
  for (const d of ["mon", "osd", "run", "log", "rgw"]) fs.mkdirSync(path.join(dir, d));
  const [monPort, rgwPort, tlsPort] = [await freeLoopbackPort(), await freeLoopbackPort(), await freeLoopbackPort()];
  const fsid = crypto.randomUUID();
  // TLS: a self-signed certificate for 127.0.0.1, which clients trust by `caFile` (NODE_EXTRA_CA_CERTS, curl --cacert).
  const caFile = path.join(dir, "rgw.crt");
  const keyFile = path.join(dir, "rgw.key");
  if (opts.tls)
    await execa("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", keyFile, "-out", caFile]);
  const conf = path.join(dir, "ceph.conf");
  fs.writeFileSync(
    conf,
    [
      "[global]",
      `fsid = ${fsid}`,
      `mon host = v2:127.0.0.1:${monPort}`,
      "mon initial members = a",
      "auth cluster required = none",
      "auth service required = none",
      "auth client required = none",
      "auth supported = none",
      `run dir = ${dir}/run`,
      `log file = ${dir}/log/$name.log`,
      `admin socket = ${dir}/run/$name.asok`,
      "public addr = 127.0.0.1",
      "ms bind ipv6 = false",
      "osd pool default size = 1",
      "osd pool default min size = 1",
      "osd pool default pg num = 8",
      "osd pool default pgp num = 8",
      "osd pool default pg autoscale mode = off",
      "mon allow pool size one = true",
      "mon warn on pool no redundancy = false",
      "osd crush chooseleaf type = 0",
      // The temp folder's disk is not the monitor's to police, nor is the OSD's memory its disk.
      "mon data avail crit = 1",
      "mon data avail warn = 2",
      "[mon.a]",
      `mon data = ${dir}/mon`,
      "[osd]",
      `osd data = ${dir}/osd`,
      "osd objectstore = memstore",
      `memstore device bytes = ${opts.memoryBytes ?? 4 * 2 ** 30}`,
      "[client.rgw]",
      // radosgw wants an encrypted link to the monitor by default, which needs cephx.
      "ms mon client mode = crc",
      `rgw frontends = beast endpoint=127.0.0.1:${rgwPort}${opts.tls ? ` ssl_endpoint=127.0.0.1:${tlsPort} ssl_certificate=${caFile} ssl_private_key=${keyFile}` : ""}`,
      `rgw data = ${dir}/rgw`,
      // A deleted or replaced object's space comes back at once, not after two hours.
      "rgw gc obj min wait = 0",
      "rgw gc processor period = 2",
      "",
    ].join("\n"),
  );
  const c = ["-c", conf];
  const children: ResultPromise[] = [];
  const daemon = (bin: string, args: string[]) => {
    const child = execa(bin, [...c, ...args, "-f"], { stdio: "ignore", reject: false, cleanup: true });
    children.push(child);
    return child;
  };
  const stop = async () => {
    for (const ch of [...children].reverse()) ch.kill("SIGKILL");
    await Promise.allSettled(children);
    if (!process.env.LIFEBOAT_KEEP_RGW) fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    await execa("monmaptool", ["--create", "--clobber", "--addv", "a", `[v2:127.0.0.1:${monPort}]`, "--fsid", fsid, path.join(dir, "monmap")]);
    await execa("ceph-mon", [...c, "-i", "a", "--mkfs", "--monmap", path.join(dir, "monmap")]);
    daemon("ceph-mon", ["-i", "a"]);
    const osdUuid = crypto.randomUUID();
    // `osd new` is the first monitor command: it also waits for the monitor to listen.
    await execa("ceph", [...c, "--connect-timeout", "20", "osd", "new", osdUuid]);
    await execa("ceph-osd", [...c, "-i", "0", "--mkfs", "--osd-uuid", osdUuid]);
    const osd = daemon("ceph-osd", ["-i", "0"]);
    for (let i = 0; ; i++) {
      const { stdout } = await execa("ceph", [...c, "osd", "stat", "--format", "json"]);
      if (JSON.parse(stdout).num_up_osds === 1) break;
      if (osd.exitCode !== null || i > 300) throw new Error(`the Ceph OSD did not come up (${dir}/log/osd.0.log)`);
      await ms(100);
    }
    const gw = daemon("radosgw", ["-n", "client.rgw"]);
    const httpEndpoint = `http://127.0.0.1:${rgwPort}`;
    const endpoint = opts.tls ? `https://127.0.0.1:${tlsPort}` : httpEndpoint;
    const ca = opts.tls ? fs.readFileSync(caFile) : undefined;
    const answers = () =>
      new Promise<boolean>((resolve) => {
        const req = (opts.tls ? https : http).get(endpoint, { ca, timeout: 1000 }, (res) => {
          res.resume();
          resolve(res.statusCode === 200);
        });
        req.on("error", () => resolve(false));
        req.on("timeout", () => req.destroy());
      });
    for (let i = 0; ; i++) {
      const up = await answers();
      if (up) break;
      if (gw.exitCode !== null || i > 600) throw new Error(`radosgw did not answer (${dir}/log/client.rgw.log)`);
      await ms(100);
    }
    const accessKeyId = `AKIA${crypto.randomBytes(8).toString("hex").toUpperCase()}`;
    const secretAccessKey = crypto.randomBytes(30).toString("base64url");
    await execa("radosgw-admin", [...c, "-n", "client.rgw", "user", "create", "--uid=lifeboat", "--display-name=lifeboat", `--access-key=${accessKeyId}`, `--secret-key=${secretAccessKey}`]);
    const bucket = opts.bucket ?? "lifeboat-test";
    const region = "us-east-1";
    // The bucket, with the SDK the tests use anyway (curl 7.88 signs no x-amz-content-sha256, which radosgw requires).
    const { S3Client, CreateBucketCommand } = await import("@aws-sdk/client-s3");
    const requestHandler = ca ? { httpsAgent: new https.Agent({ ca }) } : undefined;
    const s3 = new S3Client({ endpoint, region, forcePathStyle: true, credentials: { accessKeyId, secretAccessKey }, requestHandler });
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    s3.destroy();
    return {
      endpoint,
      httpEndpoint,
      region,
      bucket,
      accessKeyId,
      secretAccessKey,
      settings: (extra = {}) => ({ endpoint, region, bucket, accessKeyId, secretAccessKey, forcePathStyle: true, ...extra }),
      caFile: opts.tls ? caFile : null,
      pids: () => children.map((ch) => ch.pid!).filter(Boolean),
      stop,
    };
  } catch (e) {
    const logs = ["mon.a", "osd.0", "client.rgw"]
      .map((n) => path.join(dir, "log", `${n}.log`))
      .filter((f) => fs.existsSync(f))
      .map((f) => `${path.basename(f)}: ${fs.readFileSync(f, "utf8").trim().split("\n").slice(-3).join(" | ")}`);
    await stop();
    throw new Error(`${(e as Error).message}\n${logs.join("\n")}`);
  }
}
