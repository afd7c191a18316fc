/**
 * Demand agents (demand.kind agents, demand/demandAgents.ts) through the demand system on a
 * hand-built world of users: the logit choice between the network and the alternative, inertia
 * (review rate, switching cost), word of mouth (Bass hazard p + q x share on the network) and
 * what users learn from last epoch's service (reputation, volatility).
 *
 * One region, no cycle or shocks, so the network's demand is the work of its users. Users value
 * latency at 0 unless a test says otherwise, so costs are prices. Counts drawn from many users
 * are checked against the rule's expectation within 5 standard deviations (the seed is fixed:
 * the bound is about the rule, not luck).
 */
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { deriveSeed } from "../../../../src/engine/Rng.ts"
import { metrics } from "../../../../models/gpu-network/systems/metrics.ts"
import { demand } from "../../../../models/gpu-network/systems/demand.ts"
import { gpuWorld, type UserRow } from "../../../support/gpuWorld.ts"

const regions = { names: ["a"], operatorShare: [1], demandShare: [1], latencyMs: [[10]] }
const LN3 = Math.log(3)
/** Agents' parameters with every cost but the two prices switched off, nobody looking unless told. */
const agents = { reviewRate: 1, bassP: 0, bassQ: 0, choiceScale: 10, switchingCostUsd: 0, failureCostUsd: 0, altReliability: 1, altLatencyP50Ms: 0, altLatencyP99Ms: 0, riskAversion: 0 }

const world = (users: ReadonlyArray<UserRow>, over: Record<string, unknown>, feeUsdPerUnit = 100, epoch = 0) =>
  gpuWorld({
    params: { regions, routing: { serviceMs: 50 }, demand: { cycleAmplitude: 0, shockRate: 0, feeUsdPerUnit, agents: { ...agents, ...over } } },
    users,
    epoch
  })
const many = (n: number, row: UserRow = {}): Array<UserRow> => Array.from({ length: n }, () => row)
/** Within 5 standard deviations of a binomial(n, q) count. */
const binomial = (count: number, n: number, q: number) => {
  const sd = Math.sqrt(n * q * (1 - q))
  expect(Math.abs(count - n * q)).toBeLessThan(5 * sd)
}

describe("demand agents: the users' discrete choice", () => {
  it("a reviewing user stays with the logit probability 1 / (1 + exp((net - alt) / scale))", () => {
    // Network 100 USD a unit, alternative 100 - 10 ln 3: the network dearer by scale x ln 3, so a
    // user stays with 1 / (1 + 3) = 1/4; every one of 4,000 reviews (reviewRate 1): 3,000 leave
    // in expectation (sd 27.4).
    const fx = world(many(4_000), { altPriceUsd: 100 - 10 * LN3 }).run(demand, deriveSeed(14, 1))
    const u = fx.world.users!
    binomial(u.churned, 4_000, 3 / 4)
    expect(u.adopted).toBe(0)
    expect(u.onNetwork).toBe(4_000 - u.churned)
    // Demand is the work (1 a user) of those who stayed.
    expect(fx.world.regions.demand[0]).toBe(u.onNetwork)
    fx.run(metrics)
    expect(fx.metric("churnedUsers")).toBe(u.churned)
    expect(fx.metric("demandUsers")).toBe(u.onNetwork)
  })

  it("the value of latency counts: users who value it leave a network slower than the alternative", () => {
    // Same prices; the network's users saw 60 ms (10 ms round trip + 50 service: its starting
    // reputation), mean of p50 and p99 60 (ln 2 + ln 100) / 2 ms; the alternative 0. A user
    // valuing latency at 1,000 USD per second adds 1,000 x 0.06 x 2.65 = 159 USD to the network:
    // with prices equal it stays with 1 / (1 + exp(159 / 10)), about 1e-7: all 500 leave.
    const slow = 1_000 * (60 * (Math.LN2 + Math.log(100))) / 2_000
    expect(slow).toBeCloseTo(159.0, 0)
    const fx = world(many(500, { latencyValue: 1_000 }), { altPriceUsd: 100 }).run(demand, deriveSeed(14, 2))
    expect(fx.world.users!.churned).toBe(500)
    // Control: the same users valuing latency at 0 split evenly (prices equal: 1/2).
    const control = world(many(500), { altPriceUsd: 100 }).run(demand, deriveSeed(14, 2))
    binomial(control.world.users!.churned, 500, 1 / 2)
  })
})

describe("demand agents: inertia", () => {
  it("a switching cost of scale x ln 3 on top of the alternative turns 1/4 staying into 1/2", () => {
    const fx = world(many(4_000), { altPriceUsd: 100 - 10 * LN3, switchingCostUsd: 10 * LN3 }).run(demand, deriveSeed(14, 3))
    binomial(fx.world.users!.churned, 4_000, 1 / 2)
  })

  it("only reviewRate of the users reconsider: 0.2 x 3/4 leave; none at reviewRate 0 however dear the network", () => {
    const fx = world(many(4_000), { altPriceUsd: 100 - 10 * LN3, reviewRate: 0.2 }).run(demand, deriveSeed(14, 4))
    binomial(fx.world.users!.churned, 4_000, 0.2 * (3 / 4))
    const stuck = world(many(1_000), { altPriceUsd: 0, reviewRate: 0 }).run(demand, deriveSeed(14, 5))
    expect(stuck.world.users!.churned).toBe(0)
    expect(stuck.world.users!.onNetwork).toBe(1_000)
  })
})

describe("demand agents: word of mouth", () => {
  // 1,000 users on the network (F = 1/4 of 4,000), 3,000 on the alternative; the network is so
  // much cheaper (1 vs 1,000 USD, scale 1) that whoever looks adopts; nobody on it reconsiders.
  const split = [...many(1_000), ...many(3_000, { onNetwork: 0 })]
  const cheap = { altPriceUsd: 1_000, choiceScale: 1, reviewRate: 0 }

  it("users off the network look with the Bass hazard p + q F: 0.01 + 0.2 x 1/4 = 0.06", () => {
    const fx = world(split, { ...cheap, bassP: 0.01, bassQ: 0.2 }, 1).run(demand, deriveSeed(14, 6))
    binomial(fx.world.users!.adopted, 3_000, 0.06)
    expect(fx.world.users!.onNetwork).toBe(1_000 + fx.world.users!.adopted)
    // Control: outside news alone (q = 0), 0.01: 30 in expectation, far fewer.
    const news = world(split, { ...cheap, bassP: 0.01, bassQ: 0 }, 1).run(demand, deriveSeed(14, 6))
    binomial(news.world.users!.adopted, 3_000, 0.01)
    expect(news.world.users!.adopted).toBeLessThan(fx.world.users!.adopted)
  })

  it("no news, no word of mouth: nobody looks; q x F at 1 or more: everybody does", () => {
    expect(world(split, { ...cheap }, 1).run(demand, deriveSeed(14, 7)).world.users!.adopted).toBe(0)
    // q = 4, F = 1/4: hazard min(1, 4 x 1/4) = 1.
    expect(world(split, { ...cheap, bassQ: 4 }, 1).run(demand, deriveSeed(14, 7)).world.users!.adopted).toBe(3_000)
  })
})

describe("demand agents: what users learn from last epoch", () => {
  it("reputation and volatility are exponential averages with the given half-lives", () => {
    // Epoch 1, half-lives 1 (keep 1/2 of the old). The region demanded 100 and 40 was dropped:
    // failed share 0.4, reputation 0.5 x 0 + 0.5 x 0.4 = 0.2; latency 0.5 x 60 (its start: 10 ms
    // round trip + 50 service) + 0.5 x 500 = 280. The price doubled from 1 to 2: variance
    // 0.5 x 0 + 0.5 x ln(2)^2; the premium (aversion 1, horizon 4): sqrt(variance) x sqrt(4).
    const fx = gpuWorld({
      params: { regions, routing: { serviceMs: 50 }, demand: { cycleAmplitude: 0, shockRate: 0, agents: { ...agents, reviewRate: 0, memoryHalfLife: 1, volatilityHalfLife: 1, riskAversion: 1, budgetHorizon: 4 } } },
      users: many(10),
      epoch: 1,
      price: 2,
      world: (w) => {
        w.users!.lastPrice = 1
        w.regions.demand[0] = 100
        w.regions.dropped[0] = 40
        w.regions.latency[0] = 500
      }
    }).run(demand, deriveSeed(14, 8))
    const u = fx.world.users!
    expect(u.failed[0]).toBeCloseTo(0.2, 12)
    expect(u.latencyMs[0]).toBeCloseTo(280, 9)
    expect(u.variance).toBeCloseTo(0.5 * Math.LN2 ** 2, 12)
    expect(u.lastPrice).toBe(2)
    fx.run(metrics)
    expect(fx.metric("volatilityPremium")).toBeCloseTo(Math.sqrt(0.5) * Math.LN2 * 2, 12)
  })

  it("a bad reputation tips the choice: 0.2 failed x 300 USD makes the network dearer than the alternative", () => {
    // As above (reputation 0.2 failed after a 40% drop), riskAversion 0, scale 0.01 (cheapest
    // wins): network 100 + 300 x 0.2 = 160 against the alternative's 150: all 200 leave.
    // Control: nothing dropped, network 100 < 150: all stay.
    const run = (dropped: number) =>
      gpuWorld({
        params: { regions, routing: { serviceMs: 50 }, demand: { cycleAmplitude: 0, shockRate: 0, feeUsdPerUnit: 100, agents: { ...agents, altPriceUsd: 150, failureCostUsd: 300, memoryHalfLife: 1, choiceScale: 0.01 } } },
        users: many(200),
        epoch: 1,
        world: (w) => {
          w.users!.lastPrice = w.price
          w.regions.demand[0] = 100
          w.regions.dropped[0] = dropped
          w.regions.latency[0] = 60
        }
      }).run(demand, deriveSeed(14, 9)).world.users!
    expect(run(40).churned).toBe(200)
    expect(run(0).churned).toBe(0)
  })
})

describe("demand agents: book-keeping (property)", () => {
  it("users move, never appear or vanish: on the network after = before - churned + adopted, and demand is their work", () => {
    const user = fc.record({ work: fc.double({ min: 0, max: 100, noNaN: true }), latencyValue: fc.double({ min: 0, max: 100, noNaN: true }), onNetwork: fc.integer({ min: 0, max: 1 }) })
    const prob = fc.double({ min: 0, max: 1, noNaN: true })
    fc.assert(
      fc.property(fc.array(user, { maxLength: 80 }), prob, prob, prob, fc.double({ min: 0, max: 300, noNaN: true }), fc.nat(), (users, reviewRate, bassP, bassQ, altPriceUsd, seed) => {
        const fx = world(users, { reviewRate, bassP, bassQ: bassQ * 2, altPriceUsd })
        const u = fx.world.users!
        const before = u.onNetwork
        fx.run(demand, seed)
        expect(u.pop.count).toBe(users.length)
        expect(u.onNetwork).toBe(before - u.churned + u.adopted)
        let work = 0
        for (let i = 0; i < u.pop.size; i++) if (u.pop.cols.onNetwork[i] === 1) work += u.pop.cols.work[i]!
        expect(fx.world.regions.demand[0]).toBeCloseTo(work, 9)
      }),
      { numRuns: 100 }
    )
  })
})
