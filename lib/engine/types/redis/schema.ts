import { z } from "zod";
import { dbUrl } from "../shared/db-url";

/** redis {url}: the URL's password is sealed; the path is the database number. */
export const redisSource = z.object({ url: dbUrl("redis") });
