#!/usr/bin/env node
// The `sandbox` command. Runs the bundle `npm run build` writes to dist/cli/ when it is newer
// than every source file (it starts ~3x faster), else the TypeScript sources through tsx.
// SANDBOX_SOURCE=1 always runs the sources.
import { join } from "node:path"
import { importBundleOrSources, ROOT } from "./fresh.js"

await importBundleOrSources(join(ROOT, "dist", "cli", "sandbox.mjs"), new URL("../src/cli/bin.ts", import.meta.url))
