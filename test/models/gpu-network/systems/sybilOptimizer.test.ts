/**
 * The optimizing sybil operator (attacks[] kind sybil, mode optimize;
 * systems/attacks/sybilOptimizer.ts) through attackMoves on a hand-built world: it prices every
 * count of identities from what it observes, joins the best one only at a positive expected
 * profit (stake bought at the pool's price), and leaves at the end with its stake back.
 *
 * The world: two honest operators, price 1, pool depth 10,000 / 1 = 10,000 tokens. The whole
 * operator pool of 60 tokens is per node (perOperatorShare 1: no work rewards, no fees), shared
 * by every online operator. An identity claims 1 unit, stakes 1 x 10 = 10 tokens, costs c USD an
 * epoch (fake work: no GPUs), for 10 epochs, never caught, no capital cost. n identities make
 *
 *   10 n (60 / (2 + n) - c) + sell(10 n) - buy(10 n),  sell(X) - buy(X) = 10,000 X (1 / (10,000 + X) - 1 / (10,000 - X)):
 *
 * at c = 5: n = 1: 150 - 0.02; n = 2: 200 - 0.08; n = 3: 210 - 0.18; n = 4: 200 - 0.32;
 * n = 5: 178.57 - 0.50. Dilution makes 3 the best.
 */
import { describe, expect, it } from "vitest"
import { attackMoves } from "../../../../models/gpu-network/systems/attacks/attackMoves.ts"
import { gpuWorld } from "../../../support/gpuWorld.ts"

const regions = { names: ["a", "b"], operatorShare: [0.5, 0.5], demandShare: [0.5, 0.5], latencyMs: [[10, 100], [100, 20]] }
const spread = (x: number) => 10_000 * x * (1 / (10_000 + x) - 1 / (10_000 - x))
const profit = (n: number, cost: number) => 10 * n * (60 / (2 + n) - cost) + spread(10 * n)

const world = (attack: Record<string, unknown>, operators: ReadonlyArray<Record<string, number>> = [{}, {}], epoch = 0) =>
  gpuWorld({
    params: {
      regions,
      market: { liquidityUsd: 10_000, initialPrice: 1 },
      token: { perOperatorShare: 1 },
      operators: { stakePerUnit: 10, minStake: 0 },
      attacks: [{ kind: "sybil", name: "s", mode: "optimize", region: "a", identities: 6, capacityPerIdentity: 1, fakeWork: true, durationEpochs: 10, detectionPerEpoch: 0, capitalCostPerEpoch: 0, ...attack }]
    },
    operators,
    price: 1,
    epoch,
    epochs: 12,
    world: (w) => {
      w.operatorPool = 60
      w.routing.usefulWork = 0
    }
  })

describe("sybil optimizer", () => {
  it("joins the count that earns most (3 of up to 6: more dilute each other), buying their stake at the pool's price", () => {
    const fx = world({ costPerIdentityUsd: 5 })
    const outside = fx.world.outside
    fx.run(attackMoves)
    const w = fx.world
    const s = w.attackStates[0]!
    expect(s.plannedCount).toBe(3)
    expect(s.expectedProfit).toBeCloseTo(profit(3, 5), 9)
    expect(s.expectedProfit).toBeCloseTo(209.82, 2)
    expect(s.started).toBe(0)
    // Three identities in a, 10 tokens each, tagged with the attack.
    expect(w.operators.count).toBe(5)
    const o = w.operators.cols
    expect([2, 3, 4].map((i) => [o.attacker[i], o.region[i], o.stake[i], o.capacity[i]])).toEqual([
      [1, 0, 10, 1],
      [1, 0, 10, 1],
      [1, 0, 10, 1]
    ])
    expect(outside - w.outside).toBe(30)
    // What the pool charges for 30 tokens: 10,000 x 30 / 9,970.
    expect(s.cost).toBeCloseTo((10_000 * 30) / 9_970, 9)
    expect(s.capital).toBeCloseTo(s.cost, 12)
  })

  it("does not join at a loss: at 25 USD an identity every count loses, the best (1) by 50.02", () => {
    const fx = world({ costPerIdentityUsd: 25 }).run(attackMoves)
    const s = fx.world.attackStates[0]!
    expect(s.plannedCount).toBe(1)
    expect(s.expectedProfit).toBeCloseTo(profit(1, 25), 9)
    expect(s.expectedProfit).toBeCloseTo(-50.02, 2)
    expect(s.started).toBe(-1)
    expect(fx.world.operators.count).toBe(2)
  })

  it("after epoch 0 it counts the operators online last epoch, not those alive", () => {
    // Six operators alive but only two were online last epoch: the same plan as two operators.
    const fx = world({ costPerIdentityUsd: 5 }, [{}, {}, {}, {}, {}, {}], 1)
    fx.world.regions.onlineCount.set([2, 0])
    fx.world.regions.onlineCapacity.set([20, 0])
    fx.run(attackMoves)
    expect(fx.world.attackStates[0]!.plannedCount).toBe(3)
    expect(fx.world.attackStates[0]!.expectedProfit).toBeCloseTo(profit(3, 5), 9)
  })

  it("its identities leave after durationEpochs with their stake back to the attacker", () => {
    const fx = world({ costPerIdentityUsd: 5 }).run(attackMoves)
    fx.at(9).run(attackMoves)
    expect(fx.world.operators.count).toBe(5)
    fx.at(10).run(attackMoves)
    expect(fx.world.attackStates[0]!.over).toBe(true)
    expect(fx.world.operators.count).toBe(2)
    expect(fx.world.attackStates[0]!.tokens).toBe(30)
  })
})
