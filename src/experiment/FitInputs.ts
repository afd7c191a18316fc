/**
 * FitInputs: an experiment's `fit:` block, parameters estimated from data before the model
 * decodes them. `fit.market: {file, column, use}` fits drift, volatility and regimes to a price
 * series (src/analysis/MarketFit.ts, as `sandbox fit` prints them) and writes them into
 * `params.market`:
 * - `use: schedule` (the default): the whole series' drift and volatility, and, when the series
 *   changes regime, `market.regimes` with each fitted regime from the epoch it began at (a
 *   re-enactment of the series' history);
 * - `last`: the last regime's drift and volatility, no schedule (a forecast from the series' end);
 * - `whole`: the whole series' drift and volatility, no schedule.
 * A parameter the fit writes may not also be set in `params` (one of them would be silently
 * ignored); a variant or sweep may still vary it. The fit itself, with its 95% intervals, is
 * returned for `sandbox check` to print. With `assumptions: true` the drift's and volatility's
 * intervals (the last regime's with use: last) become assumptions for `sandbox robustness`.
 */
import * as Either from "effect/Either"
import { fitMarket, type MarketFit } from "../analysis/MarketFit.ts"
import { hasPath, setPath } from "../engine/ParamPath.ts"
import { readColumns } from "./DataFile.ts"
import type { DataFiles } from "./DataInputs.ts"
import { formatPath, type Segment } from "./DecodeIssues.ts"
import type { FieldIssue } from "./Errors.ts"

/** The `fit:` block as the envelope decoded it. */
export interface FitBlock {
  readonly market?: { readonly file: string; readonly column: string; readonly use: "schedule" | "last" | "whole"; readonly assumptions: boolean } | undefined
}

/** What was fitted, for people: the fit with its intervals and where it came from. */
export interface Fitted {
  readonly market?: { readonly file: string; readonly column: string; readonly use: "schedule" | "last" | "whole"; readonly fit: MarketFit }
}

type Locate = (path: ReadonlyArray<Segment>) => { line?: number; column?: number }

/** The parameters a market fit writes, under `params`. */
const MARKET_PATHS = ["market.drift", "market.volatility", "market.regimes"] as const

/** The market parameters of a fit, by `use`. */
export const marketParams = (f: MarketFit, use: "schedule" | "last" | "whole"): Record<string, unknown> => {
  if (use === "last") {
    const last = f.regimes[f.regimes.length - 1]!
    return { drift: last.drift.estimate, volatility: last.volatility.estimate }
  }
  const whole = { drift: f.drift.estimate, volatility: f.volatility.estimate }
  if (use === "whole" || f.regimes.length < 2) return whole
  return { ...whole, regimes: f.regimes.map((r) => ({ from: r.from, regime: "calm", drift: r.drift.estimate, volatility: r.volatility.estimate })) }
}

/** The 95% intervals of the fitted values a fit with `use` writes, as assumption ranges. */
export const fitAssumptions = (f: MarketFit, use: "last" | "whole"): Record<string, { readonly from: number; readonly to: number }> => {
  const src = use === "last" ? f.regimes[f.regimes.length - 1]! : f
  return { "market.drift": { from: src.drift.low, to: src.drift.high }, "market.volatility": { from: src.volatility.low, to: src.volatility.high } }
}

/**
 * Fit what `fit` asks for and write it into `params`. `defaults` are the model's parameters with
 * every default (to refuse a fit the model has no parameters for).
 */
export const applyFit = (
  fit: FitBlock,
  params: Record<string, unknown>,
  defaults: unknown,
  dataFiles: DataFiles,
  locate: Locate
): {
  readonly params: Record<string, unknown>
  readonly issues: ReadonlyArray<FieldIssue>
  readonly fitted: Fitted
  readonly assumptions: Readonly<Record<string, { readonly from: number; readonly to: number }>>
} => {
  const m = fit.market
  if (m === undefined) return { params, issues: [], fitted: {}, assumptions: {} }
  const where: Array<Segment> = ["fit", "market"]
  const fail = (issues: ReadonlyArray<FieldIssue>) => ({ params, issues, fitted: {}, assumptions: {} })
  if (m.assumptions && m.use === "schedule") {
    return fail([{ path: formatPath([...where, "assumptions"]), message: "with use: schedule the fitted regimes set drift and volatility, so assumptions over market.drift and market.volatility would change nothing; use last or whole", ...locate([...where, "assumptions"]) }])
  }
  if (defaults !== undefined && !MARKET_PATHS.every((p) => hasPath(defaults, p))) {
    return fail([{ path: formatPath(where), message: `the model has no ${MARKET_PATHS.join(", ")} to fit (fit.market is for models with gpu-network's market)`, ...locate(where) }])
  }
  const set = MARKET_PATHS.filter((p) => hasPath(params, p))
  if (set.length > 0) {
    return fail(set.map((p) => ({ path: formatPath(["params", ...p.split(".")]), message: `fit.market estimates ${p} from ${m.file}; set it here or fit it, not both`, ...locate(["params", ...p.split(".")]) })))
  }
  const source = dataFiles.get(m.file)
  if (source?.text === undefined) {
    return fail([{ path: formatPath([...where, "file"]), message: `cannot read data file ${source?.path ?? m.file}: ${source?.reason ?? "no such file"}`, ...locate([...where, "file"]) }])
  }
  const read = readColumns(source.path, source.text, [{ name: m.column, values: "positive" }])
  if (Either.isLeft(read)) {
    return fail(read.left.issues.map((i) => ({ path: formatPath(where), message: `${source.path}${i.line !== undefined ? `:${i.line}:${i.column}` : ""}: ${i.path}: ${i.message}`, ...locate(where) })))
  }
  const prices = read.right.values[m.column]!
  if (prices.length < 3) return fail([{ path: formatPath(where), message: `${source.path}: column ${m.column}: Expected at least 3 prices to fit, got ${prices.length}`, ...locate(where) }])
  const f = fitMarket(prices)
  let out = params
  for (const [k, v] of Object.entries(marketParams(f, m.use))) out = setPath(out, `market.${k}`, v)
  const assumptions = m.assumptions && m.use !== "schedule" ? fitAssumptions(f, m.use) : {}
  return { params: out, issues: [], fitted: { market: { file: source.path, column: m.column, use: m.use, fit: f } }, assumptions }
}
