import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test as vtest } from "vitest";
import tarStream from "tar-stream";
import { seedApi } from "@/test/api/fixtures";
import { makeTarget, tmpDir } from "@/test/backup/fixtures";
import { backupNow, craftArtifact, restoreAndWait, uploadFile, userActor } from "@/test/restore/testing";
import { createServer } from "@/lib/services/servers/create";
import { getRestorePreview, searchRunPaths } from "@/lib/services/restores/preview";
import { runTestRestore } from "@/lib/services/restores/start-test";
import { closeAllConnections } from "@/lib/engine/servers/pool";
import { dockerUnavailable, importDbImage, startDockerd, type Dockerd } from "./docker";
import { startSshd, type SshdServer } from "./sshd";

// Docker volume restores (issue 17) against a real engine: the test's own dockerd, used by the
// console's docker CLI (Local, DOCKER_HOST) and by a server reached over SSH (sshd's SetEnv points
// its sessions at the same engine). The volume is read and written by containers of the imported
// Debian image (GNU tar, find), named as the target's meta.dockerImage.
const why = dockerUnavailable();
if (why && process.env.CI) throw new Error(`Docker volume restores need a Docker engine: ${why} (.ci/run installs docker.io and debootstrap)`);
if (why) console.warn(`\n!!! SKIPPING Docker volume restore tests: ${why} !!!\n`);
const test = why ? vtest.skip : vtest;

const IMAGE = "lbtest/postgres:15";
const VOL = `lbvol_${process.pid}`;
let dockerd: Dockerd;
let sshd: SshdServer;
let serverId: number;
const savedHost = process.env.DOCKER_HOST;

/** Run a shell script in a container with the volume at /v. */
const inVol = (volume: string, script: string) => dockerd.docker(["run", "--rm", "--network", "none", "-v", `${volume}:/v`, IMAGE, "sh", "-c", script]);
/** A listing of the volume: type, owner, mode, size, path, link target and sha256 of each file. */
const listing = (volume: string) =>
  inVol(volume, "cd /v && find . -mindepth 1 -printf '%y %U:%G %m %p %l\\n' | sort && find . -type f -exec sha256sum {} + | sort -k2");

describe.skipIf(Boolean(why))("Docker volume restores, locally and on a server, against a real Docker engine", () => {
  beforeAll(async () => {
    seedApi();
    dockerd = await startDockerd();
    await importDbImage(dockerd);
    process.env.DOCKER_HOST = dockerd.host;
    sshd = await startSshd({ setEnv: { DOCKER_HOST: dockerd.host } });
    serverId = createServer(userActor("admin"), { name: "docker-vol", host: sshd.host, port: sshd.port, username: sshd.user, privateKey: sshd.privateKey, hostKeyFingerprint: sshd.hostKeyFingerprint }).id!;
    await dockerd.docker(["volume", "create", VOL]);
    await inVol(
      VOL,
      "mkdir -p /v/sub/deeper /v/uploads && echo 'a poster' > /v/poster.txt && echo deep > /v/sub/deeper/b.txt && ln -s poster.txt /v/latest && ln /v/poster.txt /v/hard.txt " +
        "&& head -c 300000 /dev/urandom > /v/uploads/big.bin && chown -R 33:33 /v/uploads && chmod 640 /v/uploads/big.bin && chmod 4755 /v/sub/deeper/b.txt",
    );
  }, 20 * 60_000);
  afterAll(async () => {
    closeAllConnections();
    await sshd?.stop();
    await dockerd?.stop();
    if (savedHost === undefined) delete process.env.DOCKER_HOST;
    else process.env.DOCKER_HOST = savedHost;
  }, 120_000);

  test("local: back up a volume, change and delete files, restore the original (safety backup), then with delete-extra, then into a new volume", async () => {
    const op = userActor("operator");
    const t = makeTarget({ type: "docker_volume", source: { volume: VOL }, meta: { dockerImage: IMAGE }, storageRoot: tmpDir("lb-vol-store-") });
    const before = await listing(VOL);
    expect(before).toMatch(/^f 33:33 640 \.\/uploads\/big\.bin/m);
    expect(before).toMatch(/^l 0:0 777 \.\/latest poster\.txt/m);
    const run = await backupNow(op, t.id);
    // Preview and search list the volume's files; a test restore extracts them with the same checks.
    const preview = await getRestorePreview(op, run.id);
    expect(preview.contents).toEqual({ kind: "folder", fileCount: 5, totalBytes: 300000 + 9 + 5 });
    expect((await searchRunPaths(op, run.id, "big", 1)).items).toEqual([{ path: "uploads/big.bin", type: "file", size: 300000 }]);
    const v = await runTestRestore(userActor("admin"), run.id);
    expect(v.errorSummary).toBeNull();
    expect(fs.readFileSync(v.logPath!, "utf8")).toMatch(/5 file\(s\), 300014 bytes of volume\.tar extracted/);

    // Damage: a changed file, a deleted folder, a new file, and `sub` replaced by a symlink out of the volume.
    const outside = tmpDir("lb-vol-outside-");
    await inVol(VOL, `echo changed > /v/poster.txt && rm -rf /v/uploads /v/sub && ln -s ${outside} /v/sub && echo extra > /v/extra.txt`);
    const r1 = await restoreAndWait(op, { runId: run.id, destination: { mode: "original" }, confirmName: t.name });
    expect(r1.errorSummary).toBeNull();
    expect(r1.status).toBe("success");
    expect(r1.safetyRunId).not.toBeNull();
    const after1 = await listing(VOL);
    // Everything of the backup is back (owners, modes incl. setuid of a backup this console made, the link, the hard link's content); extra.txt stays.
    expect(after1.replace(/^f 0:0 644 \.\/extra\.txt \n/m, "").replace(/^[0-9a-f]{64}\s+\.\/extra\.txt\n/m, "")).toBe(before);
    expect(after1).toMatch(/\.\/extra\.txt/);
    expect(fs.readdirSync(outside)).toEqual([]);

    const r2 = await restoreAndWait(op, { runId: run.id, destination: { mode: "original", deleteExtra: true }, confirmName: t.name });
    expect(r2.status).toBe("success");
    expect(await listing(VOL)).toBe(before);

    // A new volume: created by the restore, holding the same.
    const fresh = `${VOL}_restored`;
    const r3 = await restoreAndWait(op, { runId: run.id, destination: { mode: "alternate", volume: fresh }, confirmName: t.name });
    expect(r3.errorSummary).toBeNull();
    expect(await listing(fresh)).toBe(before);
    // An existing volume that holds data is refused as an alternate destination.
    await expect(restoreAndWait(op, { runId: run.id, destination: { mode: "alternate", volume: fresh }, confirmName: t.name })).rejects.toThrow(/already holds data/);
  }, 600_000);

  test("on a server: the restore runs that server's docker over SSH, into the original and into a new volume", async () => {
    const op = userActor("operator");
    const vol = `${VOL}_srv`;
    await dockerd.docker(["volume", "create", vol]);
    await inVol(vol, "mkdir -p /v/media && echo 'on the server' > /v/media/one.txt && ln -s media/one.txt /v/first && chown -R 999:999 /v/media");
    const t = makeTarget({ type: "docker_volume", source: { volume: vol }, meta: { dockerImage: IMAGE }, serverId, storageRoot: tmpDir("lb-vol-srv-store-") });
    const before = await listing(vol);
    const run = await backupNow(op, t.id);
    await inVol(vol, "echo gone > /v/media/one.txt && rm /v/first && echo extra > /v/extra.txt");
    const r = await restoreAndWait(op, { runId: run.id, destination: { mode: "original", deleteExtra: true }, confirmName: t.name });
    expect(r.errorSummary).toBeNull();
    expect(await listing(vol)).toBe(before);
    const fresh = `${vol}_copy`;
    const r2 = await restoreAndWait(op, { runId: run.id, destination: { mode: "alternate", volume: fresh }, confirmName: t.name });
    expect(r2.errorSummary).toBeNull();
    expect(await listing(fresh)).toBe(before);
    expect(fs.readFileSync(r2.logPath!, "utf8")).toMatch(/\$ docker run --rm -i --network none -v .*_copy:\/volume lbtest\/postgres:15 tar -x .*\(on server docker-vol/);
  }, 600_000);

  const innerTar = async (entries: { name: string; type?: "file" | "directory" | "symlink" | "link"; body?: string; linkname?: string }[]) => {
    const pack = tarStream.pack();
    for (const e of entries) pack.entry({ name: e.name, type: e.type ?? "file", linkname: e.linkname }, e.body ?? "");
    pack.finalize();
    const parts: Buffer[] = [];
    for await (const c of pack) parts.push(c as Buffer);
    return Buffer.concat(parts);
  };

  test("crafted volume.tar: ../ and a symlink leading out are refused before Docker is asked; nothing is written outside, no volume is made", async () => {
    const op = userActor("operator");
    const vol = `${VOL}_victim`;
    await dockerd.docker(["volume", "create", vol]);
    await inVol(vol, "echo keep > /v/keep.txt");
    const t = makeTarget({ type: "docker_volume", source: { volume: vol }, meta: { dockerImage: IMAGE }, storageRoot: tmpDir("lb-vol-evil-") });
    const outside = tmpDir("lb-vol-escape-");
    const cases: [string, Buffer, RegExp][] = [
      ["dotdot", await innerTar([{ name: "./ok.txt", body: "ok" }, { name: `../../../../../../..${outside}/pwned.txt`, body: "pwned" }]), /leave the destination folder/],
      ["absolute", await innerTar([{ name: `${outside}/pwned.txt`, body: "pwned" }]), /absolute path/],
      [
        "symlink",
        await innerTar([
          { name: "./esc", type: "symlink", linkname: outside },
          { name: "./esc/pwned.txt", body: "pwned" },
        ]),
        /symlink esc/,
      ],
      ["hardlink-abs", await innerTar([{ name: "./h", type: "link", linkname: "/etc/passwd" }]), /Refusing entry "\/etc\/passwd" in volume\.tar: absolute path/],
      ["hardlink", await innerTar([{ name: "./h", type: "link", linkname: "./etc/passwd" }]), /hard link/i],
    ];
    for (const [label, inner, refusal] of cases) {
      const file = await craftArtifact(path.join(tmpDir("lb-vol-craft-"), `${label}.tar`), "docker_volume", "volume.tar", [{ name: "volume.tar", body: inner }]);
      const up = await uploadFile(op, t.id, file);
      const fresh = `${vol}_${label}`;
      const r = await restoreAndWait(op, { runId: up.id, destination: { mode: "alternate", volume: fresh }, confirmName: t.name });
      expect(r.status, label).toBe("failed");
      expect(r.errorSummary, label).toMatch(refusal);
      expect((await dockerd.docker(["volume", "ls", "--quiet"])).split("\n"), label).not.toContain(fresh);
      if (label === "symlink") {
        // The original too: its safety backup is taken, then the refusal comes before anything is written.
        const o = await restoreAndWait(op, { runId: up.id, destination: { mode: "original" }, confirmName: t.name });
        expect(o.status, label).toBe("failed");
        expect(o.errorSummary, label).toMatch(refusal);
      }
    }
    expect(fs.readdirSync(outside)).toEqual([]);
    expect(await inVol(vol, "ls -A /v")).toBe("keep.txt");
  }, 600_000);
});
