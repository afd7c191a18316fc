/**
 * RuntimeRegistry: a model's runtime by the reference the main thread sent (ModelRegistry's
 * `source`): a built-in model's name, or the absolute path of a model outside the repository.
 * What worker threads, and the threads of distributed workers, load; no schema, so no
 * effect/Schema in the worker bundle.
 */
import { isAbsolute } from "node:path"
import type { AnyModelRuntime } from "../engine/Model.ts"
import { defaultExport, importModule, modelFiles } from "./ModelRef.ts"

const cache = new Map<string, Promise<AnyModelRuntime>>()

const load = async (ref: string): Promise<AnyModelRuntime> => {
  if (isAbsolute(ref)) {
    const files = modelFiles(ref)
    if (!files) throw new Error(`no model at ${ref}`)
    return defaultExport(await importModule(files.runtime), files.runtime) as AnyModelRuntime
  }
  if (!/^[A-Za-z0-9_-]+$/.test(ref)) throw new Error(`unknown model "${ref}"`)
  // A template import: the bundler includes every models/<name>/runtime.ts it matches.
  const mod = (await import(`../../models/${ref}/runtime.ts`).catch(() => undefined)) as Record<string, unknown> | undefined
  if (!mod) throw new Error(`unknown model "${ref}"`)
  return defaultExport(mod, `models/${ref}/runtime.ts`) as AnyModelRuntime
}

/** The runtime of the model `ref` names, loaded once per thread. */
export const runtimeFor = (ref: string): Promise<AnyModelRuntime> => {
  let p = cache.get(ref)
  if (!p) cache.set(ref, (p = load(ref)))
  return p
}
