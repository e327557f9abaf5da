import type { FormField } from "../form-fields";

/**
 * The optional restricted restore login of a PostgreSQL / MariaDB target: uploaded artifacts are
 * restored (and test-restored) with it, so a crafted dump runs without superuser rights.
 */
export function restoreLoginFields(rights: string): FormField[] {
  const section = "Restricted restore login (optional)";
  return [
    {
      name: "restoreUser",
      label: "Restore user",
      kind: "text",
      section,
      sectionHelp: `Uploaded artifacts are restored with this login instead of the one above. ${rights}`,
    },
    { name: "restorePassword", label: "Restore password", kind: "password", section, secret: true },
  ];
}
