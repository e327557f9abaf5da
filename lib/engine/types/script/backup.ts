import fs from "node:fs";
import path from "node:path";
import { runTool } from "../../process/exec-tool";
import { StepError } from "../../process/step";
import type { Driver } from "../backup-types";
import { lifeboatEnv } from "../shared/lifeboat-env";

function hasFiles(dir: string): boolean {
  return fs.readdirSync(dir, { withFileTypes: true }).some((e) => !e.isDirectory() || hasFiles(path.join(dir, e.name)));
}

/**
 * The team's own backup script. It gets a fresh empty LIFEBOAT_OUTPUT_DIR (and a suggested
 * LIFEBOAT_OUTPUT_FILE inside it); whatever it writes there becomes `files/…` in the artifact.
 * Its exit code decides; exiting 0 without writing anything is a failure too.
 */
export const scriptDriver: Driver = {
  type: "script",
  describe: (s) => ({ command: s.command, args: Array.isArray(s.args) ? s.args : [] }),
  async produce(ctx) {
    const command = String(ctx.source.command);
    const args = Array.isArray(ctx.source.args) ? (ctx.source.args as unknown[]).map(String) : [];
    const outDir = path.join(ctx.workDir, "output");
    fs.mkdirSync(outDir, { recursive: true });
    const outFile = path.join(outDir, "backup");
    await runTool(command, args, {
      signal: ctx.signal,
      log: ctx.log,
      cwd: outDir,
      env: { ...lifeboatEnv(ctx), LIFEBOAT_OUTPUT_DIR: outDir, LIFEBOAT_OUTPUT_FILE: outFile },
      label: `script ${path.basename(command)}`,
    });
    if (!hasFiles(outDir)) {
      throw new StepError(
        "The script exited 0 but wrote no output: it must write its backup to $LIFEBOAT_OUTPUT_FILE or into $LIFEBOAT_OUTPUT_DIR",
      );
    }
    return { kind: "tree", root: outDir, name: "files/", tool: { name: path.basename(command), version: "script" }, server: null };
  },
};
