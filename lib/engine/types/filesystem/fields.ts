import type { FormField } from "../form-fields";

export const filesystemFields: FormField[] = [
  { name: "path", label: "Folder path", kind: "path", required: true, placeholder: "/srv/app/uploads", help: "Absolute path of the folder to back up, as this server sees it" },
  { name: "exclude", label: "Exclude patterns", kind: "textarea", list: true, help: "One glob per line, e.g. *.tmp or cache/**" },
];
