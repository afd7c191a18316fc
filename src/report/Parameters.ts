/**
 * The report's parameter tables (src/report/Report.ts): what differs between variants or sweep
 * points, and what every scenario shares.
 */
import type { ResolvedExperiment } from "../experiment/Experiment.ts"
import { formatNumber } from "../format.ts"
import { getPath } from "../engine/ParamPath.ts"
import { table } from "./Markup.ts"

const flatten = (patch: Record<string, unknown>, prefix = ""): Array<string> =>
  Object.entries(patch).flatMap(([k, v]) => {
    const path = prefix ? `${prefix}.${k}` : k
    return v !== null && typeof v === "object" && !Array.isArray(v) && !k.includes(".") ? flatten(v as Record<string, unknown>, path) : [path]
  })

/** A parameter's value as a table cell; "-" where a scenario has no such field (a list another variant emptied). */
const show = (v: unknown): string =>
  v === undefined ? "-" : typeof v === "number" ? formatNumber(v) : v === "" ? '""' : typeof v === "string" ? v : Array.isArray(v) && v.length === 0 ? "none" : JSON.stringify(v)

/**
 * Leaves of a value by path: objects by key and lists of objects by index (`attacks.0.stakeShare`),
 * so a variant that replaces a list of attacks shows as the fields that change, not as JSON.
 * Lists of plain values stay one leaf (`[0.3, 0.3, 0.4]` reads better whole).
 */
const leaves = (v: unknown, path: string, out: Map<string, unknown>): Map<string, unknown> => {
  if (Array.isArray(v) && v.some((x) => x !== null && typeof x === "object")) v.forEach((x, i) => leaves(x, `${path}.${i}`, out))
  else if (v !== null && typeof v === "object" && !Array.isArray(v)) for (const [k, x] of Object.entries(v)) leaves(x, `${path}.${k}`, out)
  else out.set(path, v)
  return out
}

/** Parameters that differ between variants (or that the sweep varies): rows of [path, value per column]. */
export const parameterDiff = (exp: ResolvedExperiment): { readonly columns: ReadonlyArray<string>; readonly rows: ReadonlyArray<ReadonlyArray<string>> } => {
  const variants = Object.entries(exp.envelope.variants)
  if (variants.length > 0) {
    const paths = [...new Set(variants.flatMap(([, patch]) => flatten(patch)))]
    const first = variants.map(([name]) => exp.scenarios.find((s) => s.variant === name)!)
    const candidates = paths.flatMap((p) => {
      const values = first.map((s) => getPath(s.params, p))
      // A plain value a variant sets: one row, as it is (even where every variant agrees).
      if (values.every((v) => v === null || typeof v !== "object")) return [[p, ...values.map(show)]]
      const perScenario = values.map((v) => leaves(v, p, new Map()))
      const leafPaths = [...new Set(perScenario.flatMap((m) => [...m.keys()]))]
      return leafPaths.flatMap((leaf) => {
        const cells = perScenario.map((m) => (m.has(leaf) ? show(m.get(leaf)) : "-"))
        return cells.every((c) => c === cells[0]) ? [] : [[leaf, ...cells]]
      })
    })
    // One row per path: a variant's dotted path (attacks.0.ownOperators) and the leaves of the
    // list another variant replaces (attacks) name the same field, with the same cells.
    const seen = new Set<string>()
    const rows = candidates.filter((r) => {
      if (seen.has(r[0]!)) return false
      seen.add(r[0]!)
      return true
    })
    return { columns: variants.map(([name]) => name), rows }
  }
  const swept = [...new Set(exp.scenarios.flatMap((s) => Object.keys(s.overrides)))]
  return { columns: ["values swept"], rows: swept.map((p) => [p, [...new Set(exp.scenarios.map((s) => show(s.overrides[p])))].join(", ")]) }
}

/** Every parameter's path and value in a scenario (lists of objects by index). */
const paramLeaves = (params: unknown): Map<string, unknown> => {
  const out = new Map<string, unknown>()
  if (params !== null && typeof params === "object") for (const [k, v] of Object.entries(params)) leaves(v, k, out)
  return out
}

/**
 * Parameters every scenario shares, with their values (the assumptions the answer rests on):
 * the run settings first, then every model parameter that no variant or sweep changes.
 */
export const sharedParameters = (exp: ResolvedExperiment): ReadonlyArray<readonly [string, string]> => {
  const env = exp.envelope
  const per = exp.scenarios.map((s) => paramLeaves(s.params))
  const first = per[0] ?? new Map<string, unknown>()
  const shared = [...first.keys()].filter((p) => per.every((m) => m.has(p) && show(m.get(p)) === show(first.get(p))))
  return [
    ["model", env.model],
    ["seed", String(env.seed)],
    ["runs per scenario", String(env.runs)],
    ["epochs per run", String(env.epochs)],
    ...shared.map((p) => [`params.${p}`, show(first.get(p))] as const)
  ]
}

/** A sweep's scenarios, one row each, with the value of every swept parameter. */
export const scenarioTable = (exp: ResolvedExperiment) => {
  const paths = [...new Set(exp.scenarios.flatMap((s) => Object.keys(s.overrides)))]
  return table(["scenario", ...paths], exp.scenarios.map((s) => [s.label, ...paths.map((p) => show(s.overrides[p]))]))
}
