import { z } from "zod";
import { absPath } from "../shared/db-url";

/** sqlite {path}: the database file. */
export const sqliteSource = z.object({ path: absPath("database file path") });
