/**
 * One field of a target type's source, as the console form renders it and the OpenAPI document
 * describes it (both are generated from these lists; lib/services/targets/type-catalog.ts hands
 * them to the UI as plain data).
 */
export type FieldKind = "text" | "number" | "password" | "path" | "select" | "checkbox" | "textarea";

export interface FormField {
  /** The key in the source object (`source.<name>` in field errors). */
  name: string;
  label: string;
  kind: FieldKind;
  help?: string;
  placeholder?: string;
  required?: boolean;
  /** Sealed at rest and never sent back: the form leaves it empty ("leave empty to keep it"). */
  secret?: boolean;
  /** textarea: one value per line, sent as an array of strings. */
  list?: boolean;
  options?: { value: string; label: string }[];
  /** Filled in when the type is chosen and the field is empty (a database's default port). */
  defaultValue?: string;
  /**
   * Database connections are typed either as one URL or as separate fields: `url` fields show in
   * the first mode, `parts` fields in the second; fields without it show in both.
   */
  connection?: "url" | "parts";
  /** Fields with the same section are drawn together under this legend. */
  section?: string;
  /** A sentence under the section's legend (its first field carries it). */
  sectionHelp?: string;
}

/** Shorthand for the form's connection block shared by the database types. */
export function connectionFields(opts: { urlPlaceholder: string; port: string; databaseLabel: string; databasePlaceholder: string; databaseRequired: boolean }): FormField[] {
  const section = "Connection";
  return [
    { name: "url", label: "Connection URL", kind: "text", connection: "url", section, placeholder: opts.urlPlaceholder, required: true, secret: true, help: "The password in it is stored encrypted and shown back as ***" },
    { name: "host", label: "Host", kind: "text", connection: "parts", section, placeholder: "127.0.0.1", required: true },
    { name: "port", label: "Port", kind: "number", connection: "parts", section, defaultValue: opts.port },
    { name: "user", label: "User", kind: "text", connection: "parts", section },
    { name: "password", label: "Password", kind: "password", connection: "parts", section, secret: true },
    { name: "database", label: opts.databaseLabel, kind: "text", connection: "parts", section, placeholder: opts.databasePlaceholder, required: opts.databaseRequired },
  ];
}

/** `{ [key]: message }` when there is a message, else no errors. */
export function fieldError(key: string, message: string | null | undefined): Record<string, string> {
  return message ? { [key]: message } : {};
}
