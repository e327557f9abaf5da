import type { FormField } from "../form-fields";

export const sqliteFields: FormField[] = [
  { name: "path", label: "Database file path", kind: "path", required: true, placeholder: "/srv/app/data/app.db", help: "Absolute path of the .db / .sqlite file" },
];
