/**
 * The network model: verification of AI work, governance with its treasury, operators, users
 * and the market in one world. Each effect against a control on the same seeds (issue 16's
 * test 4, and the links docs/network.md describes); the formulas of the links; the work layer's
 * metrics recorded where ai-verification's system writes them.
 */
import * as Schema from "effect/Schema"
import { describe, expect, it } from "vitest"
import { network } from "../../../models/network/index.ts"
import { workMetricName } from "../../../models/network/metrics.ts"
import { demandFactor } from "../../../models/network/systems/penalty.ts"
import { simulate, type RunResult } from "../../../src/engine/Simulation.ts"

const run = (raw: Record<string, unknown>, seed: number, epochs = 120): RunResult => simulate(network, Schema.decodeUnknownSync(network.params)(raw), { epochs, seed })
const series = (r: RunResult, name: string) => {
  const i = r.metrics.indexOf(name)
  if (i < 0) throw new Error(`no metric ${name}`)
  return r.series[i]!
}
/** Mean of a metric over epochs [from, end). */
const mean = (r: RunResult, name: string, from: number) => {
  const s = series(r, name)
  let sum = 0
  for (let i = from; i < s.length; i++) sum += s[i]!
  return sum / (s.length - from)
}
const SEEDS = [1, 2, 3, 4, 5, 6]
/** Sum over the seeds of a metric's mean over the second half of the run. */
const over = (raw: Record<string, unknown>, name: string) => SEEDS.reduce((a, seed) => a + mean(run(raw, seed), name, 60), 0)

const weak = { strategy: "spot-check", rate: 0.02 }
const strong = { strategy: "redundant", rate: 1 }
const world = (poisonedShare: number, verification: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ ...extra, work: { contributors: { poisonedShare }, verification } })

describe("network: poisoning reaches demand and fees (issue 16, test 4)", () => {
  const agents = { demand: { kind: "agents" } }
  const control = world(0, weak, agents)
  const passes = world(0.1, weak, agents)
  const caught = world(0.1, strong, agents)

  it("a campaign that passes verification lowers users, demand and fees against a control; one verification catches costs far less", () => {
    const fees = { control: over(control, "feesUsd"), passes: over(passes, "feesUsd"), caught: over(caught, "feesUsd") }
    const demand = { control: over(control, "demandWork"), passes: over(passes, "demandWork") }
    const users = { control: over(control, "demandUsers"), passes: over(passes, "demandUsers") }
    // Poison gets through the weak checks and is served; the strong checks reject nearly all of it.
    expect(over(passes, "servedPoisonShare") / SEEDS.length).toBeGreaterThan(0.05)
    expect(over(caught, "servedPoisonShare") / SEEDS.length).toBeLessThan(0.005)
    expect(over(control, "servedPoisonShare")).toBe(0)
    expect(fees.passes).toBeLessThan(0.6 * fees.control)
    expect(demand.passes).toBeLessThan(0.6 * demand.control)
    expect(users.passes).toBeLessThan(0.6 * users.control)
    // Caught, the campaign's loss of fees is a small fraction of the loss when it passes.
    expect(fees.control - fees.caught).toBeLessThan(0.25 * (fees.control - fees.passes))
  })

  it("each seed: the passing campaign's fees are below its control's", () => {
    for (const seed of SEEDS.slice(0, 3)) expect(mean(run(passes, seed), "feesUsd", 60)).toBeLessThan(mean(run(control, seed), "feesUsd", 60))
  })

  it("with exogenous demand the documented penalty does it: lower demand and fees when poison passes, not when it is caught", () => {
    const fees = { control: over(world(0, weak), "feesUsd"), passes: over(world(0.1, weak), "feesUsd"), caught: over(world(0.1, strong), "feesUsd") }
    expect(fees.passes).toBeLessThan(0.85 * fees.control)
    expect(Math.abs(fees.control - fees.caught)).toBeLessThan(0.25 * (fees.control - fees.passes))
    const r = run(world(0.1, weak), 1, 40)
    // The factor applied is the formula of the reputation recorded the epoch before.
    const factor = series(r, "demandPenaltyFactor")
    const rep = series(r, "poisonReputation")
    for (let t = 1; t < 40; t++) expect(factor[t]).toBeCloseTo(demandFactor(rep[t - 1]!, 3), 12)
  })
})

describe("network: the market", () => {
  const grab = {
    governance: {
      power: "live",
      quorum: 0.1,
      votingDelay: 1,
      votingPeriod: 7,
      timelock: 2,
      proposals: [{ name: "grab", epoch: 5, treasuryTransfer: 50_000_000, proposer: "attacker", support: { operators: 0.05, validators: 0.05, holders: 0.05 } }],
      flashLoan: { proposal: "grab", voteShare: 0.7, loanFee: 0.0009 },
      emergency: { enabled: true, supermajority: 0.6667, minEpochs: 1 }
    }
  }
  const base = world(0, weak)

  it("a treasury drain that is sold moves the price; kept in `outside`, the run is the control's to the bit", () => {
    for (const seed of [1, 2, 3]) {
      const control = run(base, seed, 40)
      const sold = run({ ...base, ...grab }, seed, 40)
      const kept = run({ ...base, ...grab, link: { drainSoldShare: 0 } }, seed, 40)
      expect(series(sold, "attack.flashLoan.success").at(-1)).toBe(1)
      expect(series(sold, "treasuryOutflow").reduce((a, b) => a + b, 0)).toBe(50_000_000)
      expect(series(sold, "treasuryDrainSold").reduce((a, b) => a + b, 0)).toBe(50_000_000)
      expect(series(kept, "price")).toEqual(series(control, "price"))
      expect(series(sold, "price").at(-1)!).toBeLessThan(0.6 * series(kept, "price").at(-1)!)
    }
  })

  it("slashing caught poisoners moves the market: the bonds they buy back raise the price", () => {
    const campaign = (slashFraction: number) => ({ work: { contributors: { poisonedShare: 0.1, bond: 50_000 }, verification: { ...strong, slashFraction } } })
    // Geometric mean of the price over epochs 30-90 and the seeds.
    const logPrice = (raw: Record<string, unknown>) => SEEDS.reduce((a, seed) => a + series(run(raw, seed, 90), "price").slice(30).reduce((b, x) => b + Math.log(x), 0), 0)
    expect(over(campaign(0.5), "rebondBoughtTokens")).toBeGreaterThan(0)
    expect(over(campaign(0), "rebondBoughtTokens")).toBe(0)
    expect(logPrice(campaign(0.5))).toBeGreaterThan(logPrice(campaign(0)))
  })

  it("the work layer's sales are sold supply: rewards sold each epoch are workSellFraction of the balances", () => {
    const none = run({ ...base, link: { workSellFraction: 0 } }, 1, 20)
    const all = run({ ...base, link: { workSellFraction: 1 } }, 1, 20)
    expect(series(none, "workSoldTokens").every((x) => x === 0)).toBe(true)
    // Selling everything sells each epoch's pay: the work layer's emission (the pool is paid whole).
    for (const x of series(all, "workSoldTokens")) expect(x).toBeCloseTo(1_000, 6)
  })
})

describe("network: links and books", () => {
  it("found poison is the served poisoned share times link.foundShare", () => {
    const r = run({ ...world(0.2, weak), link: { foundShare: 0.4 } }, 2, 30)
    const served = series(r, "servedPoisonShare")
    const found = series(r, "poisonFoundShare")
    for (let t = 0; t < 30; t++) expect(found[t]).toBeCloseTo(served[t]! * 0.4, 12)
    expect(Math.max(...served)).toBeGreaterThan(0)
  })

  it("the exogenous penalty is max(0, 1 - penalty x reputation)", () => {
    expect(demandFactor(0, 3)).toBe(1)
    expect(demandFactor(0.1, 3)).toBeCloseTo(0.7, 12)
    expect(demandFactor(0.5, 3)).toBe(0)
  })

  it("records ai-verification's metrics under the work layer's names, at the ids its system writes", () => {
    expect(workMetricName("outputQuality")).toBe("work.outputQuality")
    expect(workMetricName("attack.poisoning.profit")).toBe("attack.poisoning.profit")
    expect(workMetricName("attack.cartel.cost")).toBe("attack.verifierCartel.cost")
    const r = run({ work: { verification: { auditRate: 0.1 }, validators: { colludingShare: 0.2 } } }, 3, 10)
    // Checks happen every epoch under spot-check; the supply the work layer sees is the network's.
    expect(series(r, "work.checks").every((x) => x > 0)).toBe(true)
    expect(series(r, "work.supply")).toEqual(series(r, "supply"))
    expect(series(r, "work.audits").some((x) => x > 0)).toBe(true)
    expect(series(r, "attack.verifierCartel.cost").every((x) => x >= 0)).toBe(true)
  })

  it("refuses an attack named like the work layer's attackers, naming the field", () => {
    const r = Schema.decodeUnknownEither(network.params)({ attacks: [{ kind: "griefing", name: "poisoning", region: "us" }] })
    expect(r._tag).toBe("Left")
    expect(String(r._tag === "Left" ? r.left.message : "")).toMatch(/attacks.*0.*name|other than poisoning/s)
  })

  it("refuses work-layer bonds larger than `outside`, saying which parameters", () => {
    expect(() => run({ work: { contributors: { bond: 1e12 } } }, 1, 1)).toThrow(/work\.contributors\.count x bond/)
  })
})
