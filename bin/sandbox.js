#!/usr/bin/env node
// The `sandbox` command. Runs the bundle `npm run build` writes to dist/cli/ when it is newer
// than every source file (it starts ~3x faster), else the TypeScript sources through tsx.
// SANDBOX_SOURCE=1 always runs the sources.
import { join } from "node:path"
import { pathToFileURL } from "node:url"
import { bundleIsFresh, ROOT } from "./fresh.js"

const BUNDLE = join(ROOT, "dist", "cli", "sandbox.mjs")

if (bundleIsFresh(BUNDLE)) {
  await import(pathToFileURL(BUNDLE).href)
} else {
  const { register } = await import("tsx/esm/api")
  register()
  await import("../src/cli/bin.ts")
}
