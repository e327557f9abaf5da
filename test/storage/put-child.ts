/**
 * Started by the backend contract (bundled with esbuild): make the backend of kind argv[2] with
 * the JSON settings in argv[3] and put an endless stream under key argv[4]. Prints "writing" once
 * the backend has taken 4 MiB; the test then kills this process with SIGKILL mid-put.
 */
import crypto from "node:crypto";
import { Readable } from "node:stream";
import { storageKind } from "../../lib/engine/storage/registry";

const [kindName, settingsJson, key] = process.argv.slice(2);
const kind = storageKind(kindName);
const backend = kind.create(kind.settings.parse(JSON.parse(settingsJson)));
let sent = 0;
let told = false;
const body = new Readable({
  read() {
    sent += 1 << 16;
    if (!told && sent > 4 << 20) {
      told = true;
      process.stdout.write("writing\n");
    }
    // Slow enough that the kill lands mid-put, fast enough to matter.
    setTimeout(() => this.push(crypto.randomBytes(1 << 16)), told ? 5 : 0);
  },
});
await backend.put(key, body);
