/**
 * Started by bench/offsite-copy.ts (bundled to ESM: the test servers use ESM-only execa): Ceph's
 * radosgw (a real S3 server, http and TLS) and the sshd fixture, in their own process so the
 * bench's memory figures are the copy's alone. Prints one JSON line, stops when stdin closes.
 */
import { startRgw } from "../test/servers/rgw";
import { startSshd } from "../test/servers/sshd";

const rgw = await startRgw({ bucket: "bench", tls: true, memoryBytes: 6 * 2 ** 30 });
const ssh = await startSshd();
process.stdout.write(
  `${JSON.stringify({
    rgw: { settings: rgw.settings(), endpoint: rgw.endpoint, httpEndpoint: rgw.httpEndpoint, caFile: rgw.caFile, bucket: rgw.bucket, region: rgw.region, accessKeyId: rgw.accessKeyId, secretAccessKey: rgw.secretAccessKey },
    ssh: { host: ssh.host, port: ssh.port, user: ssh.user, privateKey: ssh.privateKey, privateKeyPath: ssh.privateKeyPath, hostKeyFingerprint: ssh.hostKeyFingerprint, knownHostsLine: ssh.knownHostsLine, dir: ssh.dir },
  })}\n`,
);
const stop = async () => {
  await Promise.allSettled([rgw.stop(), ssh.stop()]);
  process.exit(0);
};
// "stop-rgw" on stdin: the S3 rows are done; radosgw's threads (its garbage collector freeing the
// deleted gigabytes, the OSD's ticks) must not weigh on the SFTP and local rows.
process.stdin.on("data", (d) => {
  if (String(d).includes("stop-rgw")) void rgw.stop().then(() => process.stdout.write("rgw stopped\n"));
});
process.stdin.on("end", stop).resume();
process.on("SIGTERM", stop);
