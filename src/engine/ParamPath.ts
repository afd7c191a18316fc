/**
 * ParamPath: dotted parameter paths (`token.emission.perEpoch`, `attacks.0.startEpoch`). Read one
 * value, or copy an object with one value replaced, never mutating the original (params objects
 * are shared between runs). The engine's scheduled changes, the TUI and models' governance use it.
 */

/** The value at `path` in `obj`, or undefined. */
export const getPath = (obj: unknown, path: string): unknown =>
  path.split(".").reduce<unknown>((o, k) => (o !== null && typeof o === "object" ? (o as Record<string, unknown>)[k] : undefined), obj)

/** A copy of `obj` with the value at `path` replaced (arrays copied as arrays). */
export const setPath = <T>(obj: T, path: string, value: unknown): T => {
  const [head, ...rest] = path.split(".")
  const set = (o: unknown): unknown => (rest.length === 0 ? value : setPath(o, rest.join("."), value))
  if (Array.isArray(obj)) {
    const copy = [...obj]
    copy[Number(head)] = set(obj[Number(head)])
    return copy as T
  }
  const base = (obj !== null && typeof obj === "object" ? obj : {}) as Record<string, unknown>
  return { ...base, [head!]: set(base[head!]) } as T
}
