import { z } from "zod";
import { env, type Env } from "../env";
import { ConflictError } from "../errors";
import { countUsers, createFirstAdmin } from "../services/users/create";
import { SYSTEM } from "../auth/actor";

/**
 * Headless first start (containers): with LIFEBOAT_ADMIN_EMAIL and LIFEBOAT_ADMIN_PASSWORD set
 * and no user yet, create that admin, so nobody has to open /setup. Returns what it did.
 */
export async function ensureHeadlessAdmin(e: Pick<Env, "LIFEBOAT_ADMIN_EMAIL" | "LIFEBOAT_ADMIN_PASSWORD"> = env()): Promise<"created" | "skipped"> {
  const email = e.LIFEBOAT_ADMIN_EMAIL;
  const password = e.LIFEBOAT_ADMIN_PASSWORD;
  if (!email || !password) return "skipped";
  if (countUsers() > 0) return "skipped";
  try {
    await createFirstAdmin({ email, password }, SYSTEM);
  } catch (err) {
    // Another instance created it first: that is fine.
    if (err instanceof ConflictError) return "skipped";
    if (err instanceof z.ZodError) {
      const why = err.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
      throw new Error(`LIFEBOAT_ADMIN_EMAIL / LIFEBOAT_ADMIN_PASSWORD were not accepted (${why})`);
    }
    throw err;
  }
  console.log(`[lifeboat] created the first admin ${email} from LIFEBOAT_ADMIN_EMAIL`);
  return "created";
}
