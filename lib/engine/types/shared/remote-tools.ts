import { StepError } from "../../process/step";
import type { ToolRunner } from "../../servers/runner";
import type { RunLog } from "../../process/run-log";
import { versionOf } from "./tools";

type Ctx = { signal: AbortSignal; log: RunLog };

/**
 * The first of `names` the server has (mariadb-dump, then mysqldump), with its version: each is
 * asked `--version` over SSH and "command not found" (exit 127) moves on to the next.
 */
export async function remoteTool(runner: ToolRunner, ctx: Ctx, names: readonly string[]): Promise<{ name: string; version: string }> {
  for (const name of names) {
    try {
      const { stdout } = await runner.run(name, ["--version"], { ...ctx, capture: true });
      return { name, version: versionOf(stdout) };
    } catch (e) {
      if (!(e instanceof StepError) || e.exitCode !== 127) throw e;
    }
  }
  throw new StepError(`${names.join(" or ")} is not installed on ${runner.where} (command not found)`, "failed", 127);
}

/** Rows of a CLI's tab-separated output (mariadb --batch, redis-cli's plain replies). */
export const tsvRows = (stdout: string): string[][] => (stdout ? stdout.split("\n").filter((l) => l !== "").map((l) => l.split("\t")) : []);
