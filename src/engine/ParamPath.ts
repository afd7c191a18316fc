/**
 * ParamPath: dotted parameter paths (`token.emission.perEpoch`, `attacks.0.startEpoch`), the one
 * helper for them: experiment decoding (sweeps, variants), governance proposals that change a
 * parameter mid-run, and the TUI's edits all read and write parameters through it.
 *
 * Writes never mutate: they copy the objects along the path and share the rest (parameter
 * objects are shared between runs). A list is stepped into by index.
 */

/** An object or a list: what a dotted path can step into. */
type Container = Record<string, unknown> | Array<unknown>

const isContainer = (u: unknown): u is Container => typeof u === "object" && u !== null

/** The child `k` of a container (a list only by a whole-number index). */
const child = (c: unknown, k: string): unknown => (!isContainer(c) ? undefined : Array.isArray(c) ? (/^\d+$/.test(k) ? c[Number(k)] : undefined) : c[k])

/** The value at `path`, or undefined when the path leads nowhere. */
export const getPath = (obj: unknown, path: string): unknown => path.split(".").reduce<unknown>((o, k) => child(o, k), obj)

/** Whether `path` names an existing value (a list index must be below its length). */
export const hasPath = (obj: unknown, path: string): boolean => {
  let cur = obj
  for (const k of path.split(".")) {
    if (!isContainer(cur) || (Array.isArray(cur) ? !(/^\d+$/.test(k) && Number(k) < cur.length) : !(k in cur))) return false
    cur = child(cur, k)
  }
  return true
}

/**
 * A copy of `obj` with `value` at `path`. A missing intermediate object starts as its value in
 * `defaults` (e.g. the resolved parameters, so setting `token.emission.perEpoch` keeps the
 * default emission's `kind`), else empty; `attacks.0.stakeShare` changes one field of the first
 * attack and keeps the rest.
 */
export const setPath = <T>(obj: T, path: string, value: unknown, defaults?: unknown): T => {
  const dot = path.indexOf(".")
  const head = dot < 0 ? path : path.slice(0, dot)
  const base: Container = isContainer(obj) ? obj : isContainer(defaults) ? defaults : {}
  const next = dot < 0 ? value : setPath(child(base, head), path.slice(dot + 1), value, child(defaults, head))
  if (Array.isArray(base)) {
    const copy: Array<unknown> = [...base]
    ;(copy as unknown as Record<string, unknown>)[/^\d+$/.test(head) ? Number(head) : head] = next
    return copy as T
  }
  return { ...base, [head]: next } as T
}

/** Why `path` cannot step into a list of `obj` (an index past its end), or undefined. */
export const listIndexProblem = (obj: unknown, path: string): string | undefined => {
  let cur = obj
  const keys = path.split(".")
  for (const [i, k] of keys.entries()) {
    if (Array.isArray(cur) && !(/^\d+$/.test(k) && Number(k) < cur.length)) {
      return `Expected an index below ${cur.length} for the list ${keys.slice(0, i).join(".")} (it has ${cur.length} ${cur.length === 1 ? "entry" : "entries"}), got "${k}"`
    }
    if (!isContainer(cur)) return undefined
    cur = child(cur, k)
  }
  return undefined
}
