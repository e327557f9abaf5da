import { z } from "zod";
import { dbUrl, restoreLogin } from "../shared/db-url";

/** mysql {url, restoreUser?, restorePassword?} (MySQL or MariaDB): the URL's password and the restore password are sealed. */
export const mysqlSource = z.object({ url: dbUrl("mysql"), ...restoreLogin });
