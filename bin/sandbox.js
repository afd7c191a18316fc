#!/usr/bin/env node
// The `sandbox` command. Runs the bundle `npm run build` writes to dist/cli/ when it is newer
// than every source file (it starts ~3x faster), else the TypeScript sources through tsx.
// SANDBOX_SOURCE=1 always runs the sources.
import { existsSync, readdirSync, statSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..")
const BUNDLE = join(ROOT, "dist", "cli", "sandbox.mjs")

/** Newest modification time of the files the bundle is built from. */
const newestSource = () => {
  let newest = 0
  const visit = (path) => {
    const s = statSync(path, { throwIfNoEntry: false })
    if (!s) return
    if (s.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name))
    else if (s.mtimeMs > newest) newest = s.mtimeMs
  }
  for (const p of ["src", "models", "package-lock.json", "bin/build.js"]) visit(join(ROOT, p))
  return newest
}

if (process.env.SANDBOX_SOURCE !== "1" && existsSync(BUNDLE) && statSync(BUNDLE).mtimeMs > newestSource()) {
  await import(pathToFileURL(BUNDLE).href)
} else {
  const { register } = await import("tsx/esm/api")
  register()
  await import("../src/cli/bin.ts")
}
