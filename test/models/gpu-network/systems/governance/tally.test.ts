/**
 * How a gpu-network vote is counted (systems/governance/tally.ts `count`), on a hand-built
 * world: each operator and validator with its own power (tokens, or their square root under
 * quadratic voting), live or as snapshotted when the proposal was raised, the outside holders
 * as an aggregate, delegated power always voting, sybil identities and borrowed tokens as
 * voters. The draws are chosen (every voter turns out; yes when its group supports the
 * proposal), so each count is the rule's arithmetic, worked out here.
 */
import { describe, expect, it } from "vitest"
import { holdingsOf } from "../../../../../models/gpu-network/systems/governance/power.ts"
import type { Proposal, Support } from "../../../../../models/gpu-network/systems/governance/state.ts"
import { count } from "../../../../../models/gpu-network/systems/governance/tally.ts"
import type { GpuWorld } from "../../../../../models/gpu-network/world.ts"
import { gpuWorld } from "../../../../support/gpuWorld.ts"

/** Every voter turns out and votes yes exactly when its group's support is above 0. */
const everyone = () => 0

/** A proposal raised now: its snapshot is the world's holdings at this moment. */
const raise = (w: GpuWorld, support: Support): Proposal => ({
  name: "p",
  raisedAt: w.epoch,
  changes: {},
  treasuryTransfer: 0,
  support,
  proposer: "holders",
  seed: 0,
  ...holdingsOf(w),
  effect: { operatorPoolDelta: 0, validatorPoolDelta: 0, transfer: 0 },
  state: "open",
  closedAt: -1
})

/** Operators holding 100 and 400 (stake + balance), validators 900; 10,000 tokens outside. */
const world = (governance: Record<string, unknown>) =>
  gpuWorld({
    params: { governance: { turnout: { operators: 1, validators: 1, holders: 0.2 }, ...governance } },
    operators: [{ stake: 60, balance: 40 }, { stake: 400 }],
    validators: [{ stake: 900 }],
    world: (w) => {
      w.treasury += w.outside - 10_000
      w.outside = 10_000
    }
  })

const split = { operators: 1, validators: 0, holders: 0.5 }

describe("tally: power and turnout", () => {
  it("token-weighted: operators yes, validators no, the outside holders' turnout split by their support", () => {
    const fx = world({ rule: "token-weighted", power: "live" })
    const c = count(fx.world, fx.params, raise(fx.world, split), everyone, 0)
    // Outside: 10,000 tokens, 20% turn out, half of them yes.
    expect(c.yes).toBeCloseTo(500 + 1_000, 9)
    expect(c.no).toBeCloseTo(900 + 1_000, 9)
    expect(c.total).toBeCloseTo(500 + 900 + 10_000, 9)
    expect(c.support).toEqual({ operators: 1, validators: 0, holders: 0.5 })
  })

  it("quadratic: each holder's square root; the outside as outsideHolders equal holders", () => {
    const fx = world({ rule: "quadratic", power: "live", outsideHolders: 100 })
    const c = count(fx.world, fx.params, raise(fx.world, split), everyone, 0)
    const outside = 100 * Math.sqrt(10_000 / 100)
    expect(c.yes).toBeCloseTo(Math.sqrt(100) + Math.sqrt(400) + outside * 0.2 * 0.5, 9)
    expect(c.no).toBeCloseTo(Math.sqrt(900) + outside * 0.2 * 0.5, 9)
    expect(c.total).toBeCloseTo(10 + 20 + 30 + outside, 9)
  })

  it("delegated power always votes as its group would, whatever the turnout", () => {
    const fx = world({ rule: "token-weighted", power: "live", delegation: 1, turnout: { operators: 0, validators: 0, holders: 0 } })
    const c = count(fx.world, fx.params, raise(fx.world, split), () => 0.99, 0)
    expect(c.yes).toBeCloseTo(500 + 5_000, 9)
    expect(c.no).toBeCloseTo(900 + 5_000, 9)
  })
})

describe("tally: snapshot against live power", () => {
  it("snapshot: tokens an operator gets after the proposal was raised do not count; live: they do", () => {
    for (const power of ["snapshot", "live"] as const) {
      const fx = world({ rule: "token-weighted", power })
      const prop = raise(fx.world, split)
      fx.world.operators.cols.balance[1] = 10_000
      fx.world.outside -= 10_000
      const c = count(fx.world, fx.params, prop, everyone, 0)
      // Live: the 10,000 moved from outside holders (half yes at 20% turnout) to a yes-voting operator.
      expect(c.yes).toBeCloseTo(power === "snapshot" ? 500 + 1_000 : 10_500, 9)
    }
  })

  it("snapshot: a newcomer in a slot whose owner left after the proposal was raised has no power", () => {
    const fx = world({ rule: "token-weighted", power: "snapshot" })
    const prop = raise(fx.world, split)
    fx.world.operators.cols.joinedEpoch[0] = 5
    const c = count(fx.world, fx.params, prop, everyone, 0)
    expect(c.yes).toBeCloseTo(400 + 1_000, 9)
  })
})

describe("tally: attackers as voters", () => {
  it("borrowed tokens vote yes under live power and leave the outside holders' vote", () => {
    const fx = world({ rule: "token-weighted", power: "live" })
    const c = count(fx.world, fx.params, raise(fx.world, split), everyone, 4_000)
    // The outside holders count 6,000 tokens; the 4,000 borrowed are all yes.
    expect(c.yes).toBeCloseTo(500 + 600 + 4_000, 9)
    expect(c.total).toBeCloseTo(500 + 900 + 10_000, 9)
  })

  it("sybil identities vote yes each with the square root of its share; caught ones are not counted", () => {
    // The sybil attack names a scheduled proposal (the schema checks it); the test counts it by hand.
    const sybil = { proposal: "p", identities: 4, tokens: 400 }
    const proposals = [{ name: "p", epoch: 50, changes: { "token.emission.perEpoch": 1 } }]
    const fx = world({ rule: "quadratic", power: "live", outsideHolders: 100, sybil, proposals })
    fx.world.governance.sybilTokens = 400
    const yesNone = count(fx.world, fx.params, raise(fx.world, { operators: 0, validators: 0, holders: 0 }), everyone, 0)
    expect(yesNone.yes).toBeCloseTo(4 * Math.sqrt(100), 9)
    const caughtAll = world({ rule: "quadratic", power: "live", outsideHolders: 100, sybil: { ...sybil, detection: 1 }, proposals })
    caughtAll.world.governance.sybilTokens = 400
    const c = count(caughtAll.world, caughtAll.params, raise(caughtAll.world, { operators: 0, validators: 0, holders: 0 }), everyone, 0)
    expect([c.yes, c.caught]).toEqual([0, 4])
    expect(c.total).toBeCloseTo(yesNone.total, 9)
  })
})
