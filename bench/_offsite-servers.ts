/**
 * Started by bench/offsite-copy.ts (bundled to ESM: the test servers use ESM-only execa): the S3
 * test server (s3rver behind the SigV4 front) and the sshd fixture, in their own process so the
 * bench's memory figures are the copy's alone. Prints one JSON line, stops when stdin closes.
 */
import { startS3Server } from "../test/servers/s3";
import { startSshd } from "../test/servers/sshd";

const s3 = await startS3Server({ bucket: "bench" });
const ssh = await startSshd();
process.stdout.write(
  `${JSON.stringify({
    s3: { settings: s3.settings(), endpoint: s3.endpoint, bucket: s3.bucket, region: s3.region, accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey, dir: s3.dir },
    ssh: { host: ssh.host, port: ssh.port, user: ssh.user, privateKey: ssh.privateKey, privateKeyPath: ssh.privateKeyPath, hostKeyFingerprint: ssh.hostKeyFingerprint, knownHostsLine: ssh.knownHostsLine, dir: ssh.dir },
  })}\n`,
);
const stop = async () => {
  await Promise.allSettled([s3.stop(), ssh.stop()]);
  process.exit(0);
};
process.stdin.on("end", stop).resume();
process.on("SIGTERM", stop);
