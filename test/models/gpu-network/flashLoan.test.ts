/**
 * The flash-loan attacker as an optimizer inside gpu-network (experiments/flash-loan-network.yaml,
 * issue 16 test 2): it launches when lenders hold the loan that carries the emergency vote and
 * does not when they hold less, and says why; it borrows exactly what the tally says carries it.
 */
import { describe, expect, it } from "vitest"
import type { RunResult } from "../../../src/engine/Simulation.ts"
import { runExperimentFile } from "../../support/experiments.ts"

const last = (run: RunResult, m: string) => {
  const i = run.metrics.indexOf(m)
  if (i < 0) throw new Error(`no metric ${m}`)
  return run.series[i]!.at(-1)!
}

describe("flash loan against live power sized against the lenders' liquidity (experiments/flash-loan-network.yaml)", () => {
  const results = runExperimentFile("flash-loan-network", { runs: 4 })

  it("launches when lenders hold the loan that carries 2/3 of all power, and borrows just that", () => {
    for (const run of results.get("lenders-100")!) {
      expect(last(run, "attack.flashLoan.success")).toBe(1)
      expect(last(run, "attack.flashLoan.loanShortfall")).toBe(0)
      expect(last(run, "attack.flashLoan.borrowed")).toBe(last(run, "attack.flashLoan.loanNeeded"))
      expect(last(run, "attack.flashLoan.profit")).toBeGreaterThan(0)
      expect(last(run, "gov.proposalsEmergency")).toBe(1)
    }
  })

  it("fails to launch when the loan liquidity is below what the supermajority needs, and says why", () => {
    for (const variant of ["lenders-80", "lenders-40"]) {
      for (const run of results.get(variant)!) {
        expect(last(run, "attack.flashLoan.success")).toBe(0)
        expect(last(run, "attack.flashLoan.borrowed")).toBe(0)
        expect(last(run, "attack.flashLoan.cost")).toBe(0)
        expect(last(run, "attack.flashLoan.loanShortfall")).toBeGreaterThan(0)
        expect(last(run, "attack.flashLoan.expectedProfit")).toBeLessThan(0)
        expect(last(run, "gov.proposalsExecuted")).toBe(0)
      }
    }
  })

  it("finds no loan that carries the vote at a snapshot", () => {
    for (const run of results.get("snapshot-power")!) {
      expect(last(run, "attack.flashLoan.success")).toBe(0)
      expect(last(run, "attack.flashLoan.loanNeeded")).toBeNaN()
      expect(last(run, "attack.flashLoan.cost")).toBe(0)
    }
  })

  it("prices the same loan in every scenario until the lenders differ (same seeds, same ballot)", () => {
    const a = results.get("lenders-80")!
    const b = results.get("lenders-40")!
    a.forEach((run, i) => expect(last(run, "attack.flashLoan.loanNeeded")).toBe(last(b[i]!, "attack.flashLoan.loanNeeded")))
  })
})
