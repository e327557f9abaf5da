import { connectionFields, type FormField } from "../form-fields";

export const redisFields: FormField[] = connectionFields({
  urlPlaceholder: "redis://:password@127.0.0.1:6379/0",
  port: "6379",
  databaseLabel: "Database number",
  databasePlaceholder: "0",
  databaseRequired: false,
});
