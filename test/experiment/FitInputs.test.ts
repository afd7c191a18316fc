/**
 * `fit:` in an experiment: the market parameters estimated from a price series are written into
 * params before the model decodes them (as `sandbox fit` estimates them), by `use`; each problem
 * (a missing file, a bad price, too few prices, a parameter also set by hand, a model without a
 * market) is an error at its place.
 */
import { readFileSync } from "node:fs"
import * as Either from "effect/Either"
import { describe, expect, it } from "vitest"
import { fitMarket } from "../../src/analysis/MarketFit.ts"
import { readColumns } from "../../src/experiment/DataFile.ts"
import { decodeExperiment } from "../../src/experiment/Decode.ts"
import { marketParams } from "../../src/experiment/FitInputs.ts"
import { dataFilesOf } from "../support/experiments.ts"
import { ROOT } from "../support/cli.ts"

const SERIES = "prices.csv"
const text = (fit: string, extra = "") => `name: t\nepochs: 5\nfit:\n  market: ${fit}\n${extra}`
const decode = (yaml: string, csv: string | undefined) => decodeExperiment("t.yaml", yaml, {}, Number.POSITIVE_INFINITY, new Map([[SERIES, { path: `dir/${SERIES}`, text: csv }]]))
const issues = (yaml: string, csv: string | undefined) => {
  const r = decode(yaml, csv)
  if (Either.isRight(r) || r.left._tag !== "ExperimentInvalid") throw new Error(`expected ExperimentInvalid, got ${JSON.stringify(r)}`)
  return r.left.issues
}
const market = (r: ReturnType<typeof decode>) => (Either.getOrThrow(r).scenarios[0]!.params as { market: Record<string, unknown> }).market

/** A price series with a change of volatility half-way (from a fixed sequence, no randomness). */
const changing = (() => {
  const prices = [1]
  for (let t = 1; t < 200; t++) prices.push(prices[t - 1]! * Math.exp((t < 100 ? 0.01 : 0.08) * Math.sin(t * 12.9898) - 0.001))
  return `epoch,price\n${prices.map((p, t) => `${t},${p}`).join("\n")}\n`
})()

describe("fit.market", () => {
  it("writes the fit's drift and volatility, and with use: schedule its regimes from the epochs they began", () => {
    const f = fitMarket(Either.getOrThrow(readColumns(SERIES, changing, [{ name: "price", values: "positive" }])).values["price"]!)
    expect(f.regimes.length).toBeGreaterThan(1)
    const m = market(decode(text(`{ file: ${SERIES} }`), changing))
    expect(m["drift"]).toBe(f.drift.estimate)
    expect(m["volatility"]).toBe(f.volatility.estimate)
    expect(m["regimes"]).toEqual(f.regimes.map((r) => ({ from: r.from, regime: "calm", drift: r.drift.estimate, volatility: r.volatility.estimate })))
    const last = market(decode(text(`{ file: ${SERIES}, use: last }`), changing))
    expect(last["drift"]).toBe(f.regimes[f.regimes.length - 1]!.drift.estimate)
    expect(last["volatility"]).toBe(f.regimes[f.regimes.length - 1]!.volatility.estimate)
    expect(last["regimes"]).toEqual([])
    expect(marketParams(f, "whole")).toEqual({ drift: f.drift.estimate, volatility: f.volatility.estimate })
  })

  it("the decoded experiment carries the fit with its intervals; a variant may still change a fitted value", () => {
    const r = decode(text(`{ file: ${SERIES} }`, "variants:\n  fitted: {}\n  calm: { market.volatility: 0.01 }\n"), changing)
    const exp = Either.getOrThrow(r)
    expect(exp.fitted?.market?.fit.volatility.low).toBeLessThan(exp.fitted!.market!.fit.volatility.estimate)
    expect(exp.scenarios.map((s) => (s.params as { market: { volatility: number } }).market.volatility)).toEqual([exp.fitted!.market!.fit.volatility.estimate, 0.01])
  })

  it("refuses a missing file, a bad price at its row and column, and too few prices", () => {
    expect(issues(text(`{ file: ${SERIES} }`), undefined)).toEqual([expect.objectContaining({ path: "fit.market.file", message: "cannot read data file dir/prices.csv: no such file", line: 4 })])
    expect(issues(text(`{ file: ${SERIES} }`), "epoch,price\n0,1\n1,-2\n2,3\n")[0]!.message).toBe('dir/prices.csv:3:2: price: Expected a number > 0, got "-2"')
    expect(issues(text(`{ file: ${SERIES}, column: close }`), "epoch,price\n0,1\n")[0]!.message).toMatch(/dir\/prices.csv:1:1: close: Expected a column "close"; the header has "epoch", "price"/)
    expect(issues(text(`{ file: ${SERIES} }`), "price\n1\n2\n")[0]!.message).toBe("dir/prices.csv: column price: Expected at least 3 prices to fit, got 2")
  })

  it("refuses a fitted parameter also set in params, and a model without a market", () => {
    expect(issues(text(`{ file: ${SERIES} }`, "params:\n  market: { volatility: 0.1 }\n"), changing)).toEqual([
      { path: "params.market.volatility", message: "fit.market estimates market.volatility from prices.csv; set it here or fit it, not both", line: 6, column: 25 }
    ])
    expect(issues(text(`{ file: ${SERIES} }`, "model: governance-capture\n"), changing)[0]!.message).toMatch(/the model has no market.drift, market.volatility, market.regimes to fit/)
    expect(issues(text(`{ file: ${SERIES}, use: first }`), changing)[0]!.path).toBe("fit.market.use")
  })

  it("the committed experiments/fit-market.yaml fits its shipped series", () => {
    const path = `${ROOT}experiments/fit-market.yaml`
    const yaml = readFileSync(path, "utf8")
    const exp = Either.getOrThrow(decodeExperiment("fit-market.yaml", yaml, {}, Number.POSITIVE_INFINITY, dataFilesOf(path, yaml)))
    expect(exp.fitted?.market?.fit.regimes.length).toBe(2)
  })
})
