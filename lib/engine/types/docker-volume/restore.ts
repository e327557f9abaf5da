import fsp from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import tar from "tar-stream";
import { ValidationError } from "../../../errors";
import { entryName, walkArtifact } from "../../archive/read";
import { trackedExeca } from "../../process/process-registry";
import type { RunLog } from "../../process/run-log";
import { StepError } from "../../process/step";
import { RestoreError, type RestoreCtx } from "../../restore/context";
import { runnerFor, type ToolRunner } from "../../servers/runner";
import { localPack } from "../../servers/tar-streams";
import type { TypeRestore } from "../module";
import type { DestinationState, Resolved } from "../restore-shapes";
import { notApplicable } from "../shared/destination-checks";
import { folderRestore, safeRelative, type EntrySource } from "../filesystem/folder-restore";
import { DEFAULT_DOCKER_IMAGE, readerImage } from "./backup";
import { dockerVolumeSource } from "./schema";

type Ctx = { signal: AbortSignal; log: RunLog };

/** A member of volume.tar ("./a/b", as `tar -C /volume .` writes it) → "a/b", with safeRelative's checks. */
export function volumeRelative(name: string): string | null {
  if (name === "." || name === "./") return "";
  const inner = `files/${name.startsWith("./") ? name.slice(2) : name}`;
  try {
    return safeRelative(inner);
  } catch (e) {
    if (e instanceof RestoreError) throw new RestoreError(e.message.replace(`"${inner}"`, `"${name}" in volume.tar`));
    throw e;
  }
}

/** The entries of the artifact's volume.tar (a tar inside the artifact), streamed, for folderRestore. */
export function volumeEntries(ctx: RestoreCtx): EntrySource {
  return {
    relative: volumeRelative,
    async walk(visit) {
      let found = false;
      await walkArtifact(
        ctx.artifact,
        async (outer, body) => {
          if (entryName(outer.name) !== "volume.tar") return;
          found = true;
          const inner = tar.extract();
          body.on("error", (e) => inner.destroy(e));
          body.pipe(inner);
          try {
            for await (const e of inner) {
              const h = e.header;
              const entry = e as unknown as Readable;
              await visit({ name: h.name, type: h.type, size: h.size ?? 0, mode: h.mode, mtime: h.mtime, linkname: h.linkname, uid: h.uid, gid: h.gid }, entry);
              if (!entry.readableEnded) entry.resume();
            }
          } catch (e) {
            inner.destroy();
            if (e instanceof RestoreError || ctx.signal.aborted) throw e;
            if ((e as NodeJS.ErrnoException).code) throw e;
            throw new RestoreError(`volume.tar in the artifact is damaged or not a tar archive (${(e as Error).message})`);
          }
          return "stop";
        },
        ctx.signal,
      );
      if (!found) throw new RestoreError("The artifact holds no volume.tar");
    },
  };
}

/**
 * `docker …` where the volume lives: the target's server over SSH, or this machine. A stdin
 * stream goes through the SSH channel there, or into the local docker CLI's stdin here.
 */
async function docker(runner: ToolRunner, args: string[], ctx: Ctx, opts: { capture?: boolean; stdin?: Readable } = {}): Promise<string> {
  if (runner.serverId != null || !opts.stdin) {
    return (await runner.run("docker", args, { ...ctx, capture: opts.capture, stdin: opts.stdin, label: "docker" })).stdout;
  }
  ctx.log.info(`$ docker ${args.join(" ")}`);
  const child = trackedExeca("docker", args, { reject: false, cancelSignal: ctx.signal, stdin: "pipe", stdout: "ignore", stderr: "pipe" });
  const fed = pipeline(opts.stdin, child.stdin!).catch((e: Error) => e);
  const r = await child;
  const fedErr = await fed;
  if (r.failed) {
    const err = String(r.stderr ?? "").trim();
    if (err) ctx.log.output(err + "\n", "stderr");
    if (ctx.signal.aborted) throw ctx.signal.reason;
    throw new StepError(`docker exited with ${r.exitCode ?? r.shortMessage}: ${err.split("\n").slice(-2).join(" | ")}`, "failed", r.exitCode);
  }
  if (fedErr && (fedErr as NodeJS.ErrnoException).code !== "EPIPE") throw fedErr;
  return "";
}

async function volumeExists(runner: ToolRunner, volume: string, ctx: Ctx): Promise<boolean> {
  const names = await docker(runner, ["volume", "ls", "--quiet"], ctx, { capture: true });
  return names.split("\n").some((n) => n.trim() === volume);
}

/** `docker run` of the helper image with only the volume mounted at /volume and no network. */
const inVolume = (volume: string, image: string, cmd: string[], stdin = false) => [
  "run",
  "--rm",
  ...(stdin ? ["-i"] : []),
  "--network",
  "none",
  "-v",
  `${volume}:/volume`,
  image,
  ...cmd,
];

/** Empty the volume without following links (rm -rf removes a symlink, never what it points at). */
const clearArgs = (volume: string, image: string) => inVolume(volume, image, ["find", "/volume", "-mindepth", "1", "-maxdepth", "1", "-exec", "rm", "-rf", "--", "{}", "+"]);

/**
 * Restore volume.tar into a Docker volume (the original, or a new or empty one), locally or on
 * the target's server. The artifact is never handed to a tar in the container: it is first
 * extracted here into scratch by folderRestore (no `..` or absolute names, links never followed,
 * hard links only to files of this restore, no device files; owners and special bits only for a
 * backup this console made, restored as root). That folder, packed again by GNU tar here, is what
 * a throwaway container (`--network none`, only the volume mounted) extracts into /volume.
 * Before that, a symlink in the volume that stands where the backup has an entry is removed, so
 * the container's tar cannot write through it.
 */
async function restoreVolume(ctx: RestoreCtx, dest: Resolved, undo: { add(what: string, run: () => Promise<void>): void }): Promise<string> {
  const runner = runnerFor(dest.serverId);
  const volume = dest.volume!;
  const image = dest.image ?? DEFAULT_DOCKER_IMAGE;
  const where = runner.serverId != null ? ` on ${runner.where}` : "";
  const scratch = path.join(ctx.workDir, "volume-files");
  const r = await folderRestore(ctx, scratch, { entries: volumeEntries(ctx) });
  ctx.log.info(`Checked and extracted ${r.files} file(s), ${r.bytes} bytes from volume.tar into scratch space`);

  try {
    await docker(runner, ["version", "--format", "{{.Server.Version}}"], ctx, { capture: true });
  } catch (e) {
    if (e instanceof StepError) throw new RestoreError(`Docker is not available${where || " on this machine"}: ${e.message}`);
    throw e;
  }
  if (!(await volumeExists(runner, volume, ctx))) {
    await docker(runner, ["volume", "create", "--", volume], ctx, { capture: true });
    if (!dest.original) undo.add(`Docker volume ${volume}${where}`, async () => void (await docker(runner, ["volume", "rm", "--", volume], ctx, { capture: true })));
  } else if (!dest.original) {
    // It existed empty (the service only allows that): emptied again when the restore fails.
    undo.add(`the contents of Docker volume ${volume}${where}`, async () => void (await docker(runner, clearArgs(volume, image), ctx)));
  }

  let removed = 0;
  if (dest.deleteExtra) {
    // Everything goes, then the backup comes back whole: nothing that is not in the backup is left.
    await docker(runner, clearArgs(volume, image), ctx);
    ctx.log.info(`Emptied Docker volume ${volume} before restoring (delete files not in the backup)`);
  } else {
    const links = (await docker(runner, inVolume(volume, image, ["find", "/volume", "-mindepth", "1", "-type", "l", "-print0"]), ctx, { capture: true }))
      .split("\0")
      .filter((p) => p.startsWith("/volume/"));
    const inTheWay: string[] = [];
    for (const p of links) {
      const rel = p.slice("/volume/".length);
      if (await fsp.lstat(path.join(scratch, rel)).then(() => true, () => false)) inTheWay.push(p);
    }
    for (let i = 0; i < inTheWay.length; i += 200) await docker(runner, inVolume(volume, image, ["rm", "-f", "--", ...inTheWay.slice(i, i + 200)]), ctx);
    removed = inTheWay.length;
    if (removed) ctx.log.info(`Removed ${removed} symlink(s) in the volume that stood where the backup has files or folders`);
  }

  const p = localPack(scratch, ctx.signal);
  await docker(runner, inVolume(volume, image, ["tar", "-x", "-p", "--numeric-owner", "-f", "-", "-C", "/volume"], true), ctx, { stdin: p.source });
  await p.done;
  return `Restored ${r.files} file(s), ${r.bytes} bytes into Docker volume ${volume}${where}`;
}

/** Whether the volume is there and holds anything (looked at through a read-only helper container). */
async function probeVolume(d: Resolved): Promise<DestinationState> {
  const { RunLog } = await import("../../process/run-log");
  const ctx = { signal: AbortSignal.timeout(60_000), log: new RunLog(0, [], "/dev/null") };
  try {
    const runner = runnerFor(d.serverId);
    if (!(await volumeExists(runner, d.volume!, ctx))) return { exists: false, empty: true, sizeBytes: null, free: null };
    const args = ["run", "--rm", "--network", "none", "-v", `${d.volume}:/volume:ro`, d.image ?? DEFAULT_DOCKER_IMAGE, "find", "/volume", "-mindepth", "1", "-maxdepth", "1"];
    const out = await docker(runner, args, ctx, { capture: true });
    return { exists: true, empty: out.trim() === "", sizeBytes: null, free: null };
  } catch (e) {
    return { exists: false, empty: false, sizeBytes: null, free: null, error: (e as Error).message };
  }
}

export const dockerVolumeRestore: TypeRestore = {
  resolve(target, source, input) {
    const type = target.type;
    const volume = String(source.volume);
    const image = readerImage(target, volume);
    if (input.mode === "original") return { type, kind: "volume", volume, image, original: true, deleteExtra: !!input.deleteExtra };
    if (input.mode === "alternate") {
      const parsed = dockerVolumeSource.safeParse({ volume: input.volume ?? "" });
      if (!parsed.success) throw new ValidationError("Give the name of a new (or empty) Docker volume: letters, digits, _ . -", { volume: "A Docker volume name" });
      const name = parsed.data.volume;
      return { type, kind: "volume", volume: name, image, original: name === volume, deleteExtra: false };
    }
    throw notApplicable(input.mode, type);
  },
  describe: (d) => `Docker volume ${d.volume}${d.original ? " (the original)" : ""}`,
  into: (ctx, dest, _sourceUrl, undo) => restoreVolume(ctx, dest, undo),
  probe: probeVolume,
};
