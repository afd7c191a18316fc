/**
 * ModelBundle: how the bundled CLI imports a model written in TypeScript outside its bundle (a
 * model named by path, e.g. examples/radcad-benchmark/model.ts).
 *
 * The model and everything it imports are bundled by esbuild (already the CLI's build tool) into
 * one ES module, which Node imports in one read. Before, tsx's loader transpiled each file on a
 * loader thread and Node then loaded effect's hundreds of ES module files one by one: ~0.65 CPU s
 * per process (and per worker thread). Building the bundle costs ~0.3 CPU s in esbuild's own
 * process; it is kept in node_modules/.cache with a manifest of its input files (size and
 * modification time, as make decides), so later runs of an unchanged model only import it
 * (~0.03 s). Bundles are content-addressed (the file name is a hash of the code) and written
 * through a rename, so concurrent processes never see a half-written file.
 *
 * A model is meant not to read files (docs/writing-a-model.md): in the bundle, `import.meta.url`
 * is the bundle's. Anything esbuild cannot bundle (a native addon, say) is loaded through tsx as
 * before.
 */
import { createHash } from "node:crypto"
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { basename, dirname, join, resolve } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"
import { threadId } from "node:worker_threads"

/** Where bundles go: the install's node_modules/.cache (the usual place for build caches). */
const CACHE_DIR = fileURLToPath(new URL("../../node_modules/.cache/incentive-sandbox/models/", import.meta.url))

let fallbackDir: string | undefined

/** Write a file through a temporary name and a rename: readers never see it half-written. */
const writeAtomically = (file: string, text: string) => {
  mkdirSync(dirname(file), { recursive: true })
  const tmp = `${file}.${process.pid}-${threadId}.tmp`
  writeFileSync(tmp, text)
  renameSync(tmp, file)
}

/** Write `code` under its hash (temp file + rename) and return the path. */
const store = (code: string): string => {
  const name = `${createHash("sha256").update(code).digest("hex").slice(0, 32)}.mjs`
  const write = (dir: string) => {
    const file = join(dir, name)
    if (!existsSync(file)) writeAtomically(file, code)
    return file
  }
  try {
    return write(CACHE_DIR)
  } catch {
    // A read-only install: a private directory of this process instead.
    return write((fallbackDir ??= mkdtempSync(join(tmpdir(), "sandbox-model-"))))
  }
}

/** What a bundle was built from: each input file with its size and modification time. */
interface Manifest {
  readonly esbuild: string
  readonly bundle: string
  readonly inputs: ReadonlyArray<readonly [path: string, size: number, mtimeMs: number]>
}

const manifestPath = (file: string, version: string) => join(CACHE_DIR, `${createHash("sha256").update(`${version}\0${file}`).digest("hex").slice(0, 32)}.json`)

const stamp = (path: string): readonly [string, number, number] | undefined => {
  const s = statSync(path, { throwIfNoEntry: false })
  return s?.isFile() ? [path, s.size, s.mtimeMs] : undefined
}

/** The bundle a manifest names, if every input is unchanged since it was built (as make decides). */
const cached = (file: string, version: string): string | undefined => {
  try {
    const m = JSON.parse(readFileSync(manifestPath(file, version), "utf8")) as Manifest
    if (m.esbuild !== version) return undefined
    for (const [path, size, mtimeMs] of m.inputs) {
      const now = stamp(path)
      if (now === undefined || now[1] !== size || now[2] !== mtimeMs) return undefined
    }
    const bundle = join(CACHE_DIR, m.bundle)
    return existsSync(bundle) ? bundle : undefined
  } catch {
    return undefined
  }
}

/**
 * Bundle the module at absolute path `file` with its imports into one ES module and import it;
 * undefined when esbuild cannot bundle it (the caller falls back to tsx). A bundle whose input
 * files are all unchanged (size and modification time) is imported without building again.
 */
export const importBundled = async (file: string): Promise<Record<string, unknown> | undefined> => {
  const esbuild = await import("esbuild")
  const hit = cached(file, esbuild.version)
  if (hit !== undefined) return (await import(pathToFileURL(hit).href)) as Record<string, unknown>
  const workDir = dirname(file)
  let code: string
  let inputs: Array<readonly [string, number, number]>
  try {
    const result = await esbuild.build({
      entryPoints: [file],
      absWorkingDir: workDir,
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      write: false,
      metafile: true,
      logLevel: "silent",
      // Error stacks point into the model's own files.
      sourcemap: "inline",
      sourcesContent: false,
      // CommonJS packages inside call require(): resolve it from the model's own folder.
      banner: { js: `import { createRequire as __sandboxRequire } from "node:module"; const require = __sandboxRequire(${JSON.stringify(pathToFileURL(file).href)});` }
    })
    code = result.outputFiles[0]!.text
    inputs = Object.keys(result.metafile.inputs).flatMap((p) => {
      const s = stamp(resolve(workDir, p))
      return s === undefined ? [] : [s]
    })
  } catch {
    return undefined
  } finally {
    // esbuild keeps a service process for later builds; there are none.
    await esbuild.stop()
  }
  const bundle = store(code)
  if (dirname(bundle) === resolve(CACHE_DIR)) {
    try {
      const manifest: Manifest = { esbuild: esbuild.version, bundle: basename(bundle), inputs }
      writeAtomically(manifestPath(file, esbuild.version), JSON.stringify(manifest))
    } catch {
      // No manifest: the next run builds again.
    }
  }
  return (await import(pathToFileURL(bundle).href)) as Record<string, unknown>
}
