import fs from "node:fs";
import os from "node:os";
import path from "node:path";

// Every test file gets its own data directory (and so its own SQLite file and secrets).
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lifeboat-test-"));
process.env.LIFEBOAT_DATA_DIR = dir;
process.env.LIFEBOAT_BCRYPT_COST = "4";
process.env.LIFEBOAT_SCHEDULER = "off";
