import os from "node:os";
import type { Actor } from "../auth/actor";

/** Whoever runs the command on the server: trusted like an admin (they can read the data dir anyway). */
export function cliActor(): Extract<Actor, { type: "cli" }> {
  let label = "unknown";
  try {
    label = os.userInfo().username;
  } catch {
    /* no passwd entry in some containers */
  }
  return { type: "cli", label, role: "admin" };
}
