import { z } from "zod";
import { dbUrl, restoreLogin } from "../shared/db-url";

/** postgres {url, restoreUser?, restorePassword?}: the URL's password and the restore password are sealed. */
export const postgresSource = z.object({ url: dbUrl("postgres"), ...restoreLogin });
