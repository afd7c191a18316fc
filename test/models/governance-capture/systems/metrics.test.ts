/**
 * governance-capture's metrics system (systems/metrics.ts) on a hand-built world: the ballot,
 * the honest turnout (honest power cast / all honest power: a coalition's votes are not
 * turnout), and the attack's cost and profit (only what it paid until the grab executes).
 *
 * Holders 600, 300 and 100 (1,000 of honest power); 300 of it has voted, plus a coalition's 100.
 */
import { describe, expect, it } from "vitest"
import { metrics } from "../../../../models/governance-capture/systems/metrics.ts"
import { captureWorld } from "../../../support/captureWorld.ts"

const holders = [{ balance: 600 }, { balance: 300 }, { balance: 100 }]

describe("governance-capture: metrics", () => {
  it("a passed grab waiting out its timelock: the ballot, honest turnout 0.3, and a profit of minus what it cost", () => {
    const fx = captureWorld({
      params: { attack: { kind: "coalition" } },
      holders,
      epoch: 4,
      world: (w) => Object.assign(w, { proposedAt: 2, honestPowerCast: 300, passed: true, attackCost: 250, attackProfit: 9_000, treasury: 777 })
    })
    Object.assign(fx.world.ballot, { yes: 400, no: 0, total: 1_100 })
    fx.run(metrics)
    expect([fx.metric("yesVotes"), fx.metric("noVotes"), fx.metric("yesShare")]).toEqual([400, 0, 1])
    expect(fx.metric("turnout")).toBeCloseTo(0.3, 12)
    expect(fx.metric("treasury")).toBe(777)
    expect([fx.metric("proposalPassed"), fx.metric("attack.capture.success")]).toEqual([1, 0])
    expect(fx.metric("attack.capture.cost")).toBe(250)
    expect(fx.metric("attack.capture.profit")).toBe(-250)
    expect(fx.metric("attack.capture.detectedEpoch")).toBe(2)
  })

  it("once executed the profit is the attack's; before a proposal nothing is detected", () => {
    const done = captureWorld({ holders, epoch: 9, world: (w) => Object.assign(w, { proposedAt: 2, executedAt: 8, attackCost: 250, attackProfit: 9_000 }) }).run(metrics)
    expect([done.metric("attack.capture.success"), done.metric("attack.capture.profit")]).toEqual([1, 9_000])
    const quiet = captureWorld({ holders }).run(metrics)
    expect(quiet.metric("attack.capture.detectedEpoch")).toBeNaN()
    expect(quiet.metric("turnout")).toBe(0)
  })

  it("the flash-loan optimizer's pricing: a loan no amount carries is NaN, a finite shortfall kept", () => {
    const fx = captureWorld({
      params: { attack: { kind: "flash-loan", mode: "optimize" } },
      holders,
      world: (w) => void (w.plan = { expectedProfit: -4.5, needed: Number.POSITIVE_INFINITY, shortfall: 12 })
    }).run(metrics)
    expect(fx.metric("attack.capture.expectedProfit")).toBe(-4.5)
    expect(fx.metric("attack.capture.loanNeeded")).toBeNaN()
    expect(fx.metric("attack.capture.loanShortfall")).toBe(12)
  })
})
