/**
 * Started by tests (bundled with esbuild) that need a process of its own, e.g. with
 * NODE_EXTRA_CA_CERTS naming a test server's certificate: make the backend of kind argv[2] with
 * the JSON settings in argv[3], putFile the file argv[4] under key argv[5] (checked against the
 * sha256 argv[6] when given) and print the result as one JSON line.
 */
import fs from "node:fs";
import { storageKind } from "../../lib/engine/storage/registry";

const [kindName, settingsJson, file, key, sha256] = process.argv.slice(2);
const kind = storageKind(kindName);
const backend = kind.create(kind.settings.parse(JSON.parse(settingsJson)));
const fd = fs.openSync(file, "r");
const stored = await backend.putFile!(key, { fd, size: fs.fstatSync(fd).size }, { sha256: sha256 || null });
fs.closeSync(fd);
process.stdout.write(`${JSON.stringify(stored)}\n`);
backend.close?.();
