/**
 * Overflow: finds where a run's numbers left the floats (a metric at Infinity), and which
 * parameters are large enough to have taken it there.
 *
 * Unwritten cells are NaN by design (no data: the summaries skip them), but Infinity is never a
 * result: `perEpoch: 1e308` makes the supply Infinity and everything derived from it NaN, which
 * the outputs would then show as empty cells. A run that overflows fails, and says where.
 */
import type { RunResult } from "./Simulation.ts"

/** The first (epoch, metric) holding +-Infinity, or undefined. Scans epoch-major so the earliest wins. */
export const firstInfinity = (r: RunResult): { readonly metric: string; readonly epoch: number; readonly value: number } | undefined => {
  let best: { metric: string; epoch: number; value: number } | undefined
  r.series.forEach((s, m) => {
    const limit = best === undefined ? s.length : best.epoch
    for (let e = 0; e < limit; e++) {
      const v = s[e]!
      if (v === Number.POSITIVE_INFINITY || v === Number.NEGATIVE_INFINITY) {
        best = { metric: r.metrics[m]!, epoch: e, value: v }
        break
      }
    }
  })
  return best
}

/** Numeric parameters by dotted path, largest magnitude first. */
export const largestParameters = (params: unknown, count = 3): ReadonlyArray<{ readonly path: string; readonly value: number }> => {
  const out: Array<{ path: string; value: number }> = []
  const walk = (v: unknown, path: string) => {
    if (typeof v === "number") out.push({ path, value: v })
    else if (Array.isArray(v)) v.forEach((x, i) => walk(x, path === "" ? String(i) : `${path}.${i}`))
    else if (v !== null && typeof v === "object") for (const [k, x] of Object.entries(v)) walk(x, path === "" ? k : `${path}.${k}`)
  }
  walk(params, "")
  return out.sort((a, b) => Math.abs(b.value) - Math.abs(a.value)).slice(0, count)
}

/** The message of a run that overflowed, or undefined when none of its values is infinite. */
export const overflowMessage = (r: RunResult, params: unknown): string | undefined => {
  const hit = firstInfinity(r)
  if (!hit) return undefined
  const suspects = largestParameters(params)
  const named = suspects.length > 0 ? `; the largest parameters: ${suspects.map((p) => `params.${p.path} = ${p.value}`).join(", ")}` : ""
  return `metric "${hit.metric}" overflowed to ${hit.value} at epoch ${hit.epoch}${named} (a value near 1e308 leaves the floating-point range)`
}
