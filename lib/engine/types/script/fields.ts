import type { FormField } from "../form-fields";

export const scriptFields: FormField[] = [
  { name: "command", label: "Script command", kind: "path", required: true, placeholder: "/opt/backup/app.sh", help: "Absolute path of an executable script that writes the backup" },
  { name: "args", label: "Arguments", kind: "textarea", list: true, help: "One argument per line" },
];
