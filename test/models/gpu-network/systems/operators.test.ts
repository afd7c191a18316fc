/**
 * The operators system on a hand-built world (test/support/gpuWorld.ts): who is paid what for
 * the work routing gave them, what they sell, and who leaves. Expected values are the rule's
 * arithmetic (systems/operators.ts's header), worked out here from the inputs.
 */
import { describe, expect, it } from "vitest"
import { operators } from "../../../../models/gpu-network/systems/operators.ts"
import { totalHoldings } from "../../../../models/gpu-network/world.ts"
import { gpuWorld } from "../../../support/gpuWorld.ts"

/** Three operators that worked 10, 30 and 0 units (the third was offline). */
const threeOperators = (params: Record<string, unknown>, pool: number) =>
  gpuWorld({
    params,
    price: 2,
    operators: [
      { capacity: 10, served: 10, work: 10, costUsd: 50, stake: 100 },
      { capacity: 30, served: 30, work: 30, costUsd: 60, stake: 300 },
      { capacity: 20, served: 0, work: 0, costUsd: 40, stake: 200 }
    ],
    world: (w) => {
      w.ledger.mint(pool)
      w.operatorPool = pool
      w.routing.usefulWork = 40
      w.regions.onlineCapacity[0] = 40
    }
  })

describe("operators: pay for work", () => {
  it("pays the pool and the users' fees pro rata to work, burns the fee burn, sells sellFraction", () => {
    const fx = threeOperators({ token: { feeBurn: 0.25 }, operators: { sellFraction: 0.4 }, demand: { feeUsdPerUnit: 3 } }, 1_000)
    const w = fx.world
    const outsideBefore = w.outside
    fx.run(operators)
    // Users pay 40 units x $3 = $120 at $2: 60 tokens bought from outside; a quarter burned.
    const fees = (40 * 3) / 2
    const burned = fees * 0.25
    const perWork = (1_000 + fees - burned) / 40
    const rewards = [10 * perWork, 30 * perWork, 0]
    const o = w.operators.cols
    for (let i = 0; i < 3; i++) expect(o.balance[i]).toBeCloseTo(rewards[i]! * 0.6, 9)
    expect(o.profitUsd[0]).toBeCloseTo(rewards[0]! * 2 - 50, 9)
    expect(o.profitUsd[2]).toBe(-40)
    expect(w.ledger.burned).toBeCloseTo(burned, 9)
    expect(w.flows.boughtTokens).toBeCloseTo(fees, 9)
    expect(w.flows.feesUsd).toBeCloseTo(120, 9)
    expect(w.flows.soldTokens).toBeCloseTo((rewards[0]! + rewards[1]!) * 0.4, 9)
    expect(w.outside).toBeCloseTo(outsideBefore - fees + (rewards[0]! + rewards[1]!) * 0.4, 6)
    // Revenue per online capacity unit in the region: everything paid, at the price, over 40 units.
    expect(w.regions.revenuePerUnit[0]).toBeCloseTo(((rewards[0]! + rewards[1]!) * 2) / 40, 9)
    // Every minted token of the pool now has a holder.
    expect(totalHoldings(w)).toBeCloseTo(w.ledger.supply, 3)
  })

  it("with no work done, sends the operators' emission to the treasury and pays nobody", () => {
    const fx = gpuWorld({ price: 1, operators: [{ work: 0, served: 0, costUsd: 5 }], world: (w) => (w.operatorPool = 700) })
    const treasury = fx.world.treasury
    fx.run(operators)
    expect(fx.world.treasury).toBe(treasury + 700)
    expect(fx.world.operators.cols.balance[0]).toBe(0)
    expect(fx.world.flows.boughtTokens).toBe(0)
    expect(fx.world.operators.cols.lossStreak[0]).toBe(1)
  })

  it("pays token.perOperatorShare of the pool in equal parts to every online operator, the rest by work", () => {
    const fx = gpuWorld({
      params: { token: { perOperatorShare: 0.5 }, operators: { sellFraction: 0 }, demand: { feeUsdPerUnit: 1e-9 } },
      price: 1,
      operators: [
        { served: 10, work: 10 },
        { served: 10, work: 0 },
        { served: 0, work: 0 }
      ],
      world: (w) => {
        w.operatorPool = 800
        w.routing.usefulWork = 10
      }
    })
    fx.run(operators)
    const b = fx.world.operators.cols.balance
    const fees = (10 * 1e-9) / 1
    // 400 to the two online nodes alike, 400 (plus the tiny fees) to the one that worked.
    expect(b[0]).toBeCloseTo(200 + 400 + fees, 9)
    expect(b[1]).toBeCloseTo(200, 9)
    expect(b[2]).toBe(0)
  })
})

describe("operators: losses and exits", () => {
  it("counts a loss-making epoch, resets the streak on a profitable one", () => {
    const fx = threeOperators({ operators: { sellFraction: 0 } }, 100)
    const o = fx.world.operators.cols
    o.lossStreak[0] = 3
    o.lossStreak[1] = 3
    fx.run(operators)
    // perWork = (100 + fees) / 40 with fees = 40 x $100 / $2 = 2,000 tokens: 52.5 tokens per unit.
    const perWork = (100 + (40 * 100) / 2) / 40
    expect(perWork * 10 * 2 - 50).toBeGreaterThan(0)
    expect([o.lossStreak[0], o.lossStreak[1], o.lossStreak[2]]).toEqual([0, 0, 1])
  })

  it("leaves after more loss-making epochs than its patience: unbonds and sells stake and balance", () => {
    const fx = gpuWorld({
      params: { operators: { sellFraction: 0 } },
      price: 1,
      operators: [
        { costUsd: 10, patience: 2, lossStreak: 2, stake: 500, balance: 70, region: 1, capacity: 5 },
        { costUsd: 10, patience: 2, lossStreak: 1, stake: 400 }
      ]
    })
    const w = fx.world
    const outside = w.outside
    const sizeClass = w.operators.cols.sizeClass[0]!
    fx.run(operators)
    expect(w.operators.alive[0]).toBe(0)
    expect(w.operators.alive[1]).toBe(1)
    expect(w.operators.cols.lossStreak[1]).toBe(2)
    expect(w.outside).toBe(outside + 570)
    expect(w.flows.soldTokens).toBe(570)
    expect(w.flows.operatorExits).toBe(1)
    expect(w.totals.regionExits[1]).toBe(1)
    expect(w.totals.classExits[sizeClass]).toBe(1)
    // The sorted stake index holds only the one left.
    expect(Array.from(w.operatorStakes.values.subarray(0, w.operatorStakes.size))).toEqual([400])
  })

  it("under operators.decision expected, one good epoch does not reset the streak of a long loss", () => {
    const fx = gpuWorld({
      params: { operators: { decision: "expected", marginHalfLife: 10, sellFraction: 0 } },
      price: 1,
      operators: [{ costUsd: 10, served: 1, work: 1, lossStreak: 4, expectedMargin: -0.9 }],
      world: (w) => {
        w.operatorPool = 11
        w.routing.usefulWork = 1
      }
    })
    fx.run(operators)
    // This epoch's margin: (11 + fees - 10) / 10 > 0, but the average keeps most of -0.9.
    const o = fx.world.operators.cols
    const fees = (1 * 100) / 1
    const margin = (11 + fees - 10) / 10
    const keep = Math.pow(0.5, 1 / 10)
    expect(o.expectedMargin[0]).toBeCloseTo(keep * -0.9 + (1 - keep) * margin, 9)
    // 0.933 x -0.9 + 0.067 x 10.1 = -0.163: still a loss on average, so the streak goes on.
    expect(o.expectedMargin[0]).toBeLessThan(0)
    expect(o.lossStreak[0]).toBe(5)
  })
})

describe("operators: what attacks wrote into the world", () => {
  it("withholds the cartel's cut of every reward for cartelCollect to hand over", () => {
    const fx = threeOperators({ operators: { sellFraction: 0 }, attacks: [{ kind: "cartel", name: "c", startEpoch: 0 }] }, 1_000)
    fx.world.attackEffects.cartelCut = 0.1
    fx.run(operators)
    const fees = (40 * 100) / 2
    const perWork = (1_000 + fees) / 40
    expect(fx.world.operators.cols.balance[0]).toBeCloseTo(10 * perWork * 0.9, 9)
    expect(fx.world.attackEffects.withheld).toBeCloseTo(40 * perWork * 0.1, 9)
  })

  it("lets a sybil identity keep its whole reward, pay no costs and never leave", () => {
    const fx = gpuWorld({
      params: { operators: { sellFraction: 0.5 } },
      price: 1,
      operators: [{ attacker: 1, costUsd: 1e9, patience: 0, lossStreak: 5, served: 1, work: 1 }],
      world: (w) => {
        w.operatorPool = 10
        w.routing.usefulWork = 1
      }
    })
    fx.run(operators)
    const fees = (1 * 100) / 1
    expect(fx.world.operators.alive[0]).toBe(1)
    expect(fx.world.operators.cols.balance[0]).toBeCloseTo(10 + fees, 9)
    expect(fx.world.flows.soldTokens).toBe(0)
  })
})
