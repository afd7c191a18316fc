// Worker threads of a run started from the TypeScript sources start here. When the bundled
// worker body (npm run build: dist/cli/backends/worker-entry.mjs) is newer than every source it
// is the same code already compiled: load it (thread start-up ~1.2 s -> ~0.3 s). Otherwise
// register tsx so the TypeScript body can load, then load it.
import { join } from "node:path"
import { importBundleOrSources, ROOT } from "../../../bin/fresh.js"

await importBundleOrSources(join(ROOT, "dist", "cli", "backends", "worker-entry.mjs"), new URL("./worker.ts", import.meta.url))
