/** A fresh console start (bundled with esbuild by tests): run boot()'s start-up steps, then exit. */
import { boot } from "../../lib/boot";

await boot();
process.exit(0);
