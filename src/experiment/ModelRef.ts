/**
 * ModelRef: how an experiment's `model:` names a model, and where its code is. A name
 * (`gpu-network`) is a folder of the repository's models/ (found, not listed: any folder with an
 * index.ts); a path (`./my-model`, `../models/x/index.ts`, absolute) is a model outside it,
 * relative to the experiment file.
 *
 * A model folder holds `index.ts`, whose default export is the model (runtime + parameter
 * schema), and `runtime.ts`, whose default export is the runtime alone, which worker threads
 * load without effect/Schema. A model given as one file is loaded whole everywhere.
 *
 * No schema here: worker threads use it to find a runtime.
 */
import { existsSync, readdirSync, statSync } from "node:fs"
import { dirname, isAbsolute, resolve } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"
import { importBundled } from "./ModelBundle.ts"

/** The repository's models/ folder (this file and the bundle both sit two folders deep). */
export const MODELS_DIR = fileURLToPath(new URL("../../models/", import.meta.url))

/** Folders of models/ that hold a model (an index.ts), sorted: the built-in models' names. */
export const builtInModelNames = (): ReadonlyArray<string> =>
  readdirSync(MODELS_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(resolve(MODELS_DIR, d.name, "index.ts")))
    .map((d) => d.name)
    .sort()

/** Whether `ref` is a path (to a model outside models/) rather than a built-in model's name. */
export const isModelPath = (ref: string): boolean => ref.startsWith(".") || ref.includes("/") || ref.includes("\\") || /\.(ts|mts|js|mjs)$/.test(ref)

/** The absolute path of a model path written in `experimentFile`. */
export const resolveModelPath = (ref: string, experimentFile: string): string => (isAbsolute(ref) ? ref : resolve(dirname(resolve(experimentFile)), ref))

/** The files of the model at absolute `path` (a folder or one file); undefined when there is none. */
export const modelFiles = (path: string): { readonly dir: string; readonly definition: string; readonly runtime: string } | undefined => {
  if (!existsSync(path)) return undefined
  if (statSync(path).isDirectory()) {
    const definition = resolve(path, "index.ts")
    if (!existsSync(definition)) return undefined
    const runtime = resolve(path, "runtime.ts")
    return { dir: path, definition, runtime: existsSync(runtime) ? runtime : definition }
  }
  return { dir: dirname(path), definition: path, runtime: path }
}

/**
 * Import a TypeScript (or JavaScript) module by absolute path: natively when the process runs
 * the sources through tsx, else (the bundled CLI) bundled with its imports by esbuild
 * (ModelBundle.ts), or through tsx's loader API when esbuild cannot bundle it.
 */
export const importModule = async (file: string): Promise<Record<string, unknown>> => {
  const url = pathToFileURL(file).href
  try {
    return (await import(url)) as Record<string, unknown>
  } catch (e) {
    if ((e as { code?: unknown }).code !== "ERR_UNKNOWN_FILE_EXTENSION") throw e
    const bundled = await importBundled(file)
    if (bundled !== undefined) return bundled
    const { tsImport } = await import("tsx/esm/api")
    return (await tsImport(url, import.meta.url)) as Record<string, unknown>
  }
}

/** A module's default export, or a clear error naming the file. */
export const defaultExport = (mod: Record<string, unknown>, file: string): unknown => {
  const d = mod["default"]
  if (d === null || typeof d !== "object") throw new Error(`${file} has no default export of a model (export default defineModel({ ... }))`)
  return d
}
