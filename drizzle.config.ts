import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "sqlite",
  schema: ["./lib/db/schema.ts", "./lib/db/schema-pitr.ts", "./lib/db/schema-copies.ts"],
  out: "./drizzle",
});
