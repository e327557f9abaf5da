/**
 * A small JSON Schema (2020-12 subset) checker for the contract tests: type (incl. arrays of
 * types and "null"), properties, required, additionalProperties, items, enum, const, oneOf,
 * anyOf, $ref into the document, format date-time, minimum. Enough for our OpenAPI document,
 * without pulling in a validator library.
 */
export type Schema = Record<string, unknown>;

function typeOf(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
  return typeof v;
}

function typeMatches(actual: string, wanted: string): boolean {
  return actual === wanted || (wanted === "number" && actual === "integer");
}

export function resolveRef(root: Schema, ref: string): Schema {
  if (!ref.startsWith("#/")) throw new Error(`Only local $ref are supported: ${ref}`);
  let node: unknown = root;
  for (const part of ref.slice(2).split("/")) node = (node as Record<string, unknown>)?.[part.replace(/~1/g, "/").replace(/~0/g, "~")];
  if (!node || typeof node !== "object") throw new Error(`Unresolved $ref ${ref}`);
  return node as Schema;
}

/** Returns the problems found ("$.targets[0].status: …"); empty means valid. */
export function checkSchema(root: Schema, schema: Schema, value: unknown, at = "$"): string[] {
  if (typeof schema.$ref === "string") return checkSchema(root, resolveRef(root, schema.$ref), value, at);
  const errors: string[] = [];
  const actual = typeOf(value);
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
    if (!types.some((t) => typeMatches(actual, t))) return [`${at}: expected ${types.join("|")}, got ${actual}`];
  }
  if (schema.const !== undefined && JSON.stringify(schema.const) !== JSON.stringify(value)) errors.push(`${at}: expected ${JSON.stringify(schema.const)}`);
  if (Array.isArray(schema.enum) && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) {
    errors.push(`${at}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
  }
  if (schema.format === "date-time" && typeof value === "string" && Number.isNaN(Date.parse(value))) errors.push(`${at}: not a date-time`);
  if (typeof schema.minimum === "number" && typeof value === "number" && value < schema.minimum) errors.push(`${at}: below ${schema.minimum}`);
  if (Array.isArray(schema.oneOf)) {
    const ok = (schema.oneOf as Schema[]).filter((s) => checkSchema(root, s, value, at).length === 0).length;
    if (ok !== 1) errors.push(`${at}: matches ${ok} of the oneOf schemas (expected exactly 1)`);
  }
  if (Array.isArray(schema.anyOf) && !(schema.anyOf as Schema[]).some((s) => checkSchema(root, s, value, at).length === 0)) {
    errors.push(`${at}: matches none of the anyOf schemas`);
  }
  if (actual === "object") {
    const obj = value as Record<string, unknown>;
    const props = (schema.properties ?? {}) as Record<string, Schema>;
    for (const key of (schema.required ?? []) as string[]) if (!(key in obj)) errors.push(`${at}: missing required "${key}"`);
    for (const [key, v] of Object.entries(obj)) {
      if (props[key]) errors.push(...checkSchema(root, props[key], v, `${at}.${key}`));
      else if (schema.additionalProperties === false) errors.push(`${at}: unexpected property "${key}"`);
      else if (schema.additionalProperties && typeof schema.additionalProperties === "object") {
        errors.push(...checkSchema(root, schema.additionalProperties as Schema, v, `${at}.${key}`));
      }
    }
  }
  if (actual === "array" && schema.items) {
    (value as unknown[]).forEach((v, i) => errors.push(...checkSchema(root, schema.items as Schema, v, `${at}[${i}]`)));
  }
  return errors;
}
