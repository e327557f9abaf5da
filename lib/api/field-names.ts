import { ValidationError } from "../errors";

/**
 * Run a service call whose field errors use the service's names (confirmName, cronExpr…) and
 * report them under the API's names (confirm, cron…), so details point at the body's fields.
 */
export function withApiFieldNames<T>(names: Record<string, string>, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw renamed(e, names);
  }
}

export async function withApiFieldNamesAsync<T>(names: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw renamed(e, names);
  }
}

function renamed(e: unknown, names: Record<string, string>): unknown {
  if (!(e instanceof ValidationError) || !Object.keys(e.fieldErrors).some((k) => k in names)) return e;
  const details: Record<string, string> = {};
  for (const [k, v] of Object.entries(e.fieldErrors)) details[names[k] ?? k] ??= v;
  return new ValidationError(e.message, details);
}
