import fs from "node:fs";
import path from "node:path";
import type { DriverContext, TreePayload } from "../backup-types";
import { StepError } from "../../process/step";
import { runnerFor } from "../../servers/runner";
import { pullFolder } from "../../servers/remote-folder";
import { lifeboatEnv } from "../shared/lifeboat-env";

/**
 * The team's script, run on the target's server: it gets a fresh LIFEBOAT_OUTPUT_DIR there
 * (mktemp), whatever it writes is streamed back with tar, and the folder is removed afterwards.
 */
export async function produceRemoteScript(ctx: DriverContext): Promise<TreePayload> {
  const runner = runnerFor(ctx.target.serverId);
  const command = String(ctx.source.command);
  const args = Array.isArray(ctx.source.args) ? (ctx.source.args as unknown[]).map(String) : [];
  const dir = (await runner.run("mktemp", ["-d", "/tmp/lifeboat-script.XXXXXXXX"], { ...ctx, capture: true })).stdout.trim();
  if (!dir.startsWith("/tmp/lifeboat-script.")) throw new StepError(`mktemp on ${runner.where} gave an unexpected folder: ${dir}`);
  try {
    await runner.run(command, args, {
      ...ctx,
      cwd: dir,
      env: { ...lifeboatEnv(ctx), LIFEBOAT_OUTPUT_DIR: dir, LIFEBOAT_OUTPUT_FILE: `${dir}/backup` },
      label: `script ${path.basename(command)}`,
    });
    const out = path.join(ctx.workDir, "output");
    await pullFolder(runner, ctx, dir, out);
    const any = fs.readdirSync(out).length > 0;
    if (!any) throw new StepError("The script exited 0 but wrote no output: it must write its backup to $LIFEBOAT_OUTPUT_FILE or into $LIFEBOAT_OUTPUT_DIR");
    return { kind: "tree", root: out, name: "files/", tool: { name: path.basename(command), version: "script" }, server: null };
  } finally {
    // Its own signal: a cancelled run must still clean up on the server.
    await runner.run("rm", ["-rf", "--", dir], { signal: AbortSignal.timeout(30_000), log: ctx.log }).catch(() => {});
  }
}
