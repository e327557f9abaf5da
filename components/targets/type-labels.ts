/** Target types as people call them (shared by server and client components). */
export const TYPE_LABELS: Record<string, string> = {
  filesystem: "folder",
  postgres: "PostgreSQL",
  mysql: "MySQL/MariaDB",
  sqlite: "SQLite",
  redis: "Redis",
  docker_volume: "Docker volume",
  script: "script",
  external: "external",
};
