export interface DiffEntry {
  path: string;
  before: unknown;
  after: unknown;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isEmpty = (v: unknown) => v === null || v === undefined || v === "" || (Array.isArray(v) && v.length === 0);

/**
 * Field-level differences between two JSON values, as dotted paths. Arrays compare as a whole
 * (an exclude list that changed shows old and new list). Keys equal on both sides are left out;
 * a created (or deleted) record lists only the fields it had a value for, not `runId: — → —`.
 */
export function diffValues(before: unknown, after: unknown, prefix = ""): DiffEntry[] {
  if (isObj(before) && isObj(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((k) => diffValues(before[k], after[k], prefix ? `${prefix}.${k}` : k));
  }
  if (prefix === "" && before == null && isObj(after)) return oneSided(after, "after");
  if (prefix === "" && after == null && isObj(before)) return oneSided(before, "before");
  if (JSON.stringify(before ?? null) === JSON.stringify(after ?? null)) return [];
  return [{ path: prefix || "(value)", before: before ?? null, after: after ?? null }];
}

function oneSided(obj: Record<string, unknown>, side: "before" | "after"): DiffEntry[] {
  return Object.keys(obj)
    .sort()
    .filter((k) => !isEmpty(obj[k]))
    .map((k) => (side === "after" ? { path: k, before: null, after: obj[k] } : { path: k, before: obj[k], after: null }));
}
