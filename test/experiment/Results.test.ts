/**
 * Results: the tidy attack table holds, per scenario, run, epoch and attack, the same numbers
 * as the attack metrics in metrics.csv.
 */
import { readFileSync } from "node:fs"
import * as Either from "effect/Either"
import { describe, expect, it } from "vitest"
import { models as runtimes } from "../../src/experiment/ModelRegistry.ts"
import { decodeExperiment } from "../../src/experiment/Decode.ts"
import { planRuns } from "../../src/experiment/Plan.ts"
import { ATTACKS_HEADER, attackColumns, attacksCsv, metricsCsv } from "../../src/experiment/Results.ts"
import { runOne } from "../../src/experiment/RunOne.ts"
import { ROOT } from "../support/cli.ts"

const outcomesOf = (name: string, epochs: number) => {
  const r = decodeExperiment(`${name}.yaml`, readFileSync(`${ROOT}experiments/${name}.yaml`, "utf8"), { epochs, runs: 1 })
  if (Either.isLeft(r)) throw new Error(JSON.stringify(r.left))
  return planRuns(r.right).map((spec) => runOne(runtimes[r.right.envelope.model]!, epochs, spec))
}

/** metrics.csv rows as scenario/run/epoch/metric -> value text. */
const metricValues = (csv: string) => new Map(csv.trim().split("\n").slice(1).map((l) => {
  const [scenario, run, epoch, metric, value] = l.split(",")
  return [`${scenario}/${run}/${epoch}/${metric}`, value!] as const
}))

describe("attack outcomes as a tidy table", () => {
  it("finds the attacks of each model and none where there are none", () => {
    expect(attackColumns(["price", "attack.dos-eu.cost", "attack.dos-eu.profit", "attack.dos-eu.success", "attack.dos-eu.detectedEpoch"]).map((c) => c.attack)).toEqual(["dos-eu"])
    expect(attackColumns(["attack.capture.cost", "attack.capture.profit", "attack.capture.success"]).map((c) => [c.attack, c.detectedEpoch])).toEqual([["capture", -1]])
    expect(attackColumns(["price", "attack.half.cost"])).toEqual([])
    expect(attacksCsv([], ["price"])).toBeUndefined()
  })

  it.each([
    ["regional-griefing", 120],
    ["beanstalk-capture", 30],
    ["spot-check-rate", 15]
  ] as const)("%s: one row per scenario, run, epoch and attack, equal to the attack metrics", (name, epochs) => {
    const outcomes = outcomesOf(name, epochs)
    const csv = attacksCsv(outcomes, [...new Set(outcomes.flatMap((o) => (o._tag === "Completed" ? o.result.metrics : [])))])!
    expect(csv.startsWith(ATTACKS_HEADER)).toBe(true)
    const rows = csv.trim().split("\n").slice(1).map((l) => l.split(","))
    const metrics = metricValues(metricsCsv(outcomes))
    const expected = outcomes.reduce((n, o) => n + (o._tag === "Completed" ? attackColumns(o.result.metrics).length * epochs : 0), 0)
    expect(rows.length).toBe(expected)
    expect(rows.length).toBeGreaterThan(0)
    for (const [scenario, run, epoch, attack, cost, profit, success, detected] of rows) {
      const m = (f: string) => metrics.get(`${scenario}/${run}/${epoch}/attack.${attack}.${f}`)
      expect([cost, profit, success, detected]).toEqual([m("cost"), m("profit"), m("success"), m("detectedEpoch") ?? ""])
    }
    // Someone succeeds somewhere in each of these scenarios: the table is not all zeros.
    expect(rows.some((r) => r[6] === "1")).toBe(true)
  })
})
