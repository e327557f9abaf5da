import type { RestoreCtx } from "./context";
import type { Resolved } from "../types/restore-shapes";
import { typeModule } from "../types/registry";
import { planUndo } from "./undo-alternate";

/**
 * Run the type's restore into a resolved destination. `sourceUrl` names the Redis db backed up.
 * On failure, what the restore created (an alternate folder or file, a database) is removed again.
 */
export async function restoreInto(ctx: RestoreCtx, dest: Resolved, sourceUrl: string | null): Promise<string> {
  const undo = await planUndo(dest);
  try {
    return await typeModule(dest.type).restore!.into(ctx, dest, sourceUrl, undo);
  } catch (e) {
    await undo.run(ctx.log);
    throw e;
  }
}
