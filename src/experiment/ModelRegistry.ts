/**
 * ModelRegistry: the models experiments can name. Built-in models are found (every folder of
 * models/ with an index.ts, see ModelRef.ts), never listed by hand; a model outside the
 * repository is loaded from its path (`loadModelAt`) before the experiment naming it is decoded.
 *
 * A loaded model's `source` is the reference worker threads and distributed workers load it by:
 * its name for a built-in, its absolute path otherwise.
 */
import type { AnyModel } from "../engine/Model.ts"
import { isAbsolute } from "node:path"
import { builtInModelNames, defaultExport, importModule, isModelPath, modelFiles, resolveModelPath } from "./ModelRef.ts"

/** A model with the reference that loads it again (name or absolute path). */
export type LoadedModel = AnyModel & { readonly source: string }

const checked = (m: unknown, where: string, source: string): LoadedModel => {
  const model = m as AnyModel
  if (typeof model.name !== "string" || !Array.isArray(model.systems) || typeof model.init !== "function" || model.params === undefined) {
    throw new Error(`${where}: its default export is not a model (expected defineModel({ name, params, metrics, init, systems, invariants, ... }))`)
  }
  return { ...model, source }
}

// The built-in models, loaded once. The template import lets the bundler (esbuild) include every
// models/<name>/index.ts it matches, so the bundled CLI finds them as the sources do.
const builtIn: Record<string, LoadedModel> = {}
for (const name of builtInModelNames()) {
  const mod = (await import(`../../models/${name}/index.ts`)) as Record<string, unknown>
  builtIn[name] = checked(defaultExport(mod, `models/${name}/index.ts`), `models/${name}/index.ts`, name)
}

/** The built-in models by name. */
export const models: Readonly<Record<string, LoadedModel>> = builtIn

/** The model used when an experiment does not name one. */
export const defaultModelName = "gpu-network"

const external = new Map<string, LoadedModel>()

/**
 * Load the model at absolute `path` (a model folder or one file), once; rejects with a message
 * naming the path when there is no model there.
 */
export const loadModelAt = async (path: string): Promise<LoadedModel> => {
  const known = external.get(path)
  if (known) return known
  const files = modelFiles(path)
  if (!files) throw new Error(`no model at ${path} (expected a folder with index.ts, or a .ts file whose default export is a model)`)
  const model = checked(defaultExport(await importModule(files.definition), files.definition), files.definition, path)
  external.set(path, model)
  return model
}

/**
 * The model an experiment file's `model:` names: a built-in by name, or an already loaded model
 * by path (relative to the experiment file); undefined when there is none.
 */
export const modelFor = (ref: string, experimentFile: string): LoadedModel | undefined =>
  isModelPath(ref) ? external.get(resolveModelPath(ref, experimentFile)) : builtIn[ref]

/** The reference a model is loaded by elsewhere (worker threads, distributed workers). */
export const modelSource = (model: AnyModel): string => (model as Partial<LoadedModel>).source ?? model.name

/** The folders of code outside the repository a model runs (for the code version): none for a built-in. */
export const modelDirsOf = (model: AnyModel): ReadonlyArray<string> => {
  const source = modelSource(model)
  return isAbsolute(source) ? [modelFiles(source)?.dir ?? source] : []
}
