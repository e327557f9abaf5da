import { eq, sql } from "drizzle-orm";
import { getDb } from "../../db/client";
import { apps, targets } from "../../db/schema";
import { NotFoundError } from "../../errors";
import { writeAudit } from "../../audit/write";
import { actorSeesApp, assertAllApps, requirePermission, type Actor } from "../../auth/actor";
import { updateAppInput, type UpdateAppInput } from "./schemas";
import { toAppDto, type AppDto } from "./dto";
import { assertAppNameFree } from "./name-taken";

export function updateApp(actor: Actor, input: UpdateAppInput): AppDto {
  requirePermission(actor, "manage");
  const data = updateAppInput.parse(input);
  return getDb().transaction((tx) => {
    const before = actorSeesApp(actor, data.id) ? tx.select().from(apps).where(eq(apps.id, data.id)).get() : undefined;
    if (!before) throw new NotFoundError(`App ${data.id} not found`);
    if (data.name !== undefined && data.name !== before.name) {
      assertAllApps(actor, "rename apps");
      assertAppNameFree(tx, data.name, data.id);
    }
    const row = tx
      .update(apps)
      .set({
        name: data.name ?? before.name,
        description: data.description === undefined ? before.description : data.description,
        updatedAt: new Date(),
      })
      .where(eq(apps.id, data.id))
      .returning()
      .get();
    const n = tx.select({ n: sql<number>`count(*)` }).from(targets).where(eq(targets.appId, row.id)).get()?.n ?? 0;
    const dto = toAppDto(row, n);
    writeAudit(tx, actor, { action: "app.update", entityType: "app", entityId: row.id, before: toAppDto(before, n), after: dto });
    return dto;
  });
}
