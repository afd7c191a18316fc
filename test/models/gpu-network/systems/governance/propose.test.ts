/**
 * Raising a proposal (systems/governance/propose.ts) on a hand-built world: it snapshots every
 * holding; with a proposal threshold the proposing group must hold that share of all voting
 * power (counted as the tally counts it), else the proposal is recorded as rejected.
 */
import { describe, expect, it } from "vitest"
import { propose } from "../../../../../models/gpu-network/systems/governance/propose.ts"
import { gpuWorld } from "../../../../support/gpuWorld.ts"

const support = { operators: 1, validators: 1, holders: 1 }

/** Operators hold 300 + 100, validators 600; 9,000 tokens outside. */
const world = (governance: Record<string, unknown>) =>
  gpuWorld({
    params: { governance },
    operators: [{ stake: 300 }, { stake: 100 }],
    validators: [{ stake: 600 }],
    world: (w) => {
      w.treasury += w.outside - 9_000
      w.outside = 9_000
    }
  })

describe("propose", () => {
  it("raises the proposal with a snapshot of every holding", () => {
    const fx = world({})
    expect(propose(fx.world, fx.params, "x", { "token.feeBurn": 0.5 }, 0, support, "operators")).toBe(true)
    const prop = fx.world.governance.proposals[0]!
    expect([prop.state, prop.raisedAt]).toEqual(["open", 0])
    expect(Array.from(prop.opHoldings.subarray(0, 2))).toEqual([300, 100])
    expect(prop.valHoldings[0]).toBe(600)
    expect(prop.outside).toBe(9_000)
    expect(fx.world.governance.raised).toBe(1)
  })

  it("token-weighted threshold 5%: operators (400 of 10,000 = 4%) are rejected, validators (6%) raise it", () => {
    const fx = world({ proposalThreshold: 0.05 })
    expect(propose(fx.world, fx.params, "ops", {}, 10, support, "operators")).toBe(false)
    expect(propose(fx.world, fx.params, "vals", {}, 10, support, "validators")).toBe(true)
    expect(fx.world.governance.proposals.map((p) => [p.name, p.state])).toEqual([["ops", "rejected"], ["vals", "open"]])
    expect([fx.world.governance.rejected, fx.world.governance.raised]).toEqual([1, 1])
  })

  it("quadratic threshold: power is counted as square roots, so the same holdings weigh differently", () => {
    // Operators sqrt(300) + sqrt(100) = 27.3; validators sqrt(600) = 24.5; outside 10,000 holders of 0.9 each: 10,000 x sqrt(0.9) = 9,487.
    const fx = world({ proposalThreshold: 0.0028, rule: "quadratic", outsideHolders: 10_000 })
    const total = Math.sqrt(300) + Math.sqrt(100) + Math.sqrt(600) + 10_000 * Math.sqrt(0.9)
    expect((Math.sqrt(300) + Math.sqrt(100)) / total).toBeGreaterThan(0.0028)
    expect(Math.sqrt(600) / total).toBeLessThan(0.0028)
    expect(propose(fx.world, fx.params, "ops", {}, 10, support, "operators")).toBe(true)
    expect(propose(fx.world, fx.params, "vals", {}, 10, support, "validators")).toBe(false)
  })
})
