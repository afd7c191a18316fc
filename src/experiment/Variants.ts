/**
 * Building scenarios (src/experiment/Decode.ts): a variant's patch applied to the parameters, and
 * the labels of sweep points.
 */
import { setPath } from "../engine/ParamPath.ts"

export const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === "object" && u !== null && !Array.isArray(u)

/** A point's label with numbers to `digits` significant digits (17: exact). */
const pointLabel = (point: Readonly<Record<string, unknown>>, digits = 6): string =>
  Object.entries(point)
    .map(([k, v]) => `${k}=${typeof v === "string" ? v : typeof v === "number" ? String(Number(v.toPrecision(digits))) : JSON.stringify(v)}`)
    .join(",")

/** Labels for the points: 6 significant digits, more when that would make two labels equal. */
export const pointLabels = (points: ReadonlyArray<Readonly<Record<string, unknown>>>): ReadonlyArray<string> => {
  for (const digits of [6, 10, 17]) {
    const labels = points.map((pt) => pointLabel(pt, digits))
    if (new Set(labels).size === labels.length || digits === 17) return labels
  }
  return []
}

/** Apply a variant's patch: nested objects merge, other values replace; dotted keys are paths. */
export const applyPatch = (base: Record<string, unknown>, patch: Record<string, unknown>, defaults: unknown): Record<string, unknown> => {
  let out = structuredClone(base)
  for (const [key, value] of Object.entries(patch)) {
    if (key.includes(".")) out = setPath(out, key, value, defaults)
    else if (isRecord(value) && isRecord(out[key])) out[key] = applyPatch(out[key] as Record<string, unknown>, value, isRecord(defaults) ? defaults[key] : undefined)
    else out[key] = structuredClone(value)
  }
  return out
}
