/**
 * LiveParams: how a live session presents the model's parameters: every numeric leaf as a dotted
 * path, a readable name for it (list indices replaced by the names they stand for), its
 * description from the schema, and the schema's message for a refused value.
 */
import * as ParseResult from "effect/ParseResult"
import type { AnyModel } from "../engine/Model.ts"
import { getPath } from "../engine/ParamPath.ts"
import { paramDocs } from "./ParamDocs.ts"

/** Every numeric leaf of a params object, as dotted paths (arrays by index). */
export const numericLeaves = (obj: unknown, prefix = ""): Array<{ readonly path: string; readonly value: number }> => {
  if (typeof obj === "number") return [{ path: prefix, value: obj }]
  if (obj === null || typeof obj !== "object") return []
  return Object.entries(obj as Record<string, unknown>).flatMap(([k, v]) => numericLeaves(v, prefix ? `${prefix}.${k}` : k))
}

/**
 * A readable name for a dotted path: a list index becomes the `name` of the entry it points at
 * (`attacks.0.startEpoch` -> `attacks.dos-europe.startEpoch`), or the matching entry of a sibling
 * `names` list of the same length (`regions.latencyMs.3.2` -> `regions.latencyMs.oceania.asia`).
 */
export const readablePath = (params: unknown, path: string): string => {
  const keys = path.split(".")
  const out: Array<string> = []
  let names: ReadonlyArray<unknown> | undefined
  let cur: unknown = params
  for (const k of keys) {
    if (Array.isArray(cur) && /^\d+$/.test(k)) {
      const item = cur[Number(k)]
      const named = item !== null && typeof item === "object" && typeof (item as { name?: unknown }).name === "string" ? (item as { name: string }).name : undefined
      const fromSibling = names !== undefined && names.length === cur.length && typeof names[Number(k)] === "string" ? (names[Number(k)] as string) : undefined
      out.push(named ?? fromSibling ?? k)
      cur = item
      continue
    }
    if (cur !== null && typeof cur === "object" && !Array.isArray(cur)) {
      const sib = (cur as Record<string, unknown>)["names"]
      if (Array.isArray(sib)) names = sib
    }
    out.push(k)
    cur = cur !== null && typeof cur === "object" ? (cur as Record<string, unknown>)[k] : undefined
  }
  return out.join(".")
}

/**
 * The description of the schema field documenting `path` (list indices dropped; the nearest
 * documented parent). A field of a union (emission kinds) is described for the kind `params` has.
 */
export const describer = (model: AnyModel): ((params: unknown, path: string) => string) => {
  const docs = new Map<string, Array<string>>()
  for (const d of paramDocs(model.params)) docs.set(d.path, [...(docs.get(d.path) ?? []), d.description])
  return (params, path) => {
    const keys = path.split(".")
    const plain = keys.filter((k) => !/^\d+$/.test(k))
    for (let n = plain.length; n > 0; n--) {
      const found = docs.get(plain.slice(0, n).join("."))
      if (found === undefined) continue
      if (found.length === 1) return found[0]!
      const kind = getPath(params, [...keys.slice(0, -1), "kind"].join("."))
      const own = found.find((d) => d.startsWith(`(kind ${String(kind)}) `))
      return (own ?? found[0]!).replace(/^\(kind [^)]*\) /, "")
    }
    return ""
  }
}

/** Describes an invalid value with the schema's message. */
export const schemaMessage = (error: ParseResult.ParseError, path: string): string => {
  const issue = ParseResult.ArrayFormatter.formatErrorSync(error)[0]
  return `${issue ? issue.path.join(".") || path : path}: ${issue?.message ?? "invalid value"}`
}
