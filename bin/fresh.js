// Whether a file of the bundle in dist/cli/ is newer than every file it is built from, so it
// runs the same code as the sources (bin/sandbox.js for the CLI, the worker-thread entry for the
// threads of a sweep started from the sources). SANDBOX_SOURCE=1 always answers no.
import { readdirSync, statSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"

/** The repository root. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..")

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

/** True when `file` (a path inside dist/cli/) exists and is newer than every source file. */
export const bundleIsFresh = (file) => {
  if (process.env.SANDBOX_SOURCE === "1") return false
  const s = statSync(file, { throwIfNoEntry: false })
  return s !== undefined && s.mtimeMs > newestSource()
}

/**
 * Load the bundle file `bundle` when it is fresh, else register tsx and load the TypeScript
 * source `source` (a URL) it is built from.
 */
export const importBundleOrSources = async (bundle, source) => {
  if (bundleIsFresh(bundle)) return import(pathToFileURL(bundle).href)
  const { register } = await import("tsx/esm/api")
  register()
  return import(source.href)
}
