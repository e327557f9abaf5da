import { NotFoundError } from "../errors";

/** A numeric id from the URL; anything else cannot name an object, so it is a 404. */
export function idParam(value: string | undefined, what: string): number {
  const n = Number(value);
  if (!value || !/^\d+$/.test(value) || !Number.isSafeInteger(n) || n <= 0) {
    throw new NotFoundError(`${what} ${value ?? ""} not found`.replace(/\s+/g, " ").trim());
  }
  return n;
}

export type IdContext = { params: Promise<{ id: string }> };
