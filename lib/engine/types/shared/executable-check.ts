import type { ConnectionCheck } from "../restore-shapes";
import { executableError } from "./path-checks";

/** A script or hook: "found, executable" (it is not run). */
export function executableCheck(p: string, what: string): ConnectionCheck {
  const error = executableError(p, what);
  return error ? { ok: false, message: error } : { ok: true, message: `The ${what} ${p} is there and executable (found, executable)` };
}
