import type { TargetDto } from "@/lib/services/targets/dto";

export type TargetTypeName = TargetDto["type"];

/** Target types as people call them (shared by server and client components). */
export const TYPE_LABELS: Record<TargetTypeName, string> = {
  filesystem: "folder",
  postgres: "PostgreSQL",
  mysql: "MySQL/MariaDB",
  sqlite: "SQLite",
  redis: "Redis",
  docker_volume: "Docker volume",
  script: "script",
  external: "external",
  lifeboat_console: "Lifeboat console",
};

export function isTargetType(v: unknown): v is TargetTypeName {
  return typeof v === "string" && Object.hasOwn(TYPE_LABELS, v);
}
