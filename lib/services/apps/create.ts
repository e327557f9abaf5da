import { getDb } from "../../db/client";
import { apps } from "../../db/schema";
import { writeAudit } from "../../audit/write";
import { assertAllApps, requirePermission, type Actor } from "../../auth/actor";
import { createAppInput, type CreateAppInput } from "./schemas";
import { toAppDto, type AppDto } from "./dto";
import { assertAppNameFree } from "./name-taken";

export function createApp(actor: Actor, input: CreateAppInput): AppDto {
  requirePermission(actor, "manage");
  assertAllApps(actor, "create apps");
  const data = createAppInput.parse(input);
  return getDb().transaction((tx) => {
    assertAppNameFree(tx, data.name);
    const row = tx.insert(apps).values({ name: data.name, description: data.description }).returning().get();
    const dto = toAppDto(row);
    writeAudit(tx, actor, { action: "app.create", entityType: "app", entityId: row.id, after: dto });
    return dto;
  });
}
