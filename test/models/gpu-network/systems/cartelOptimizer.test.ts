/**
 * The optimizing validator cartel (attacks[] kind cartel, mode optimize;
 * systems/attacks/cartelOptimizer.ts) through attackMoves on a hand-built world: what it
 * observes, that it launches only at a positive expected profit, what launching does (it buys
 * its stake on the market into one validator it runs) and how it ends (the stake back to it).
 *
 * The world: four validators of 250 (1,000 of stake), price 2, a pool of 10,000 USD / 2 = 5,000
 * tokens deep. A budget of 1,200 USD lets it buy only the smallest size it considers, 0.34 of
 * validator stake: X = 0.34 x 1,000 / 0.66 = 515.15 tokens cost 2 x 5,000 x X / (5,000 - X) =
 * 1,148.65 USD (0.35 would need 538.46 tokens for 1,206.90). No detection and no running costs,
 * for 10 epochs; resale of X: 2 x 5,000 x X / (5,000 + X) = 934.07.
 */
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { attackMoves } from "../../../../models/gpu-network/systems/attacks/attackMoves.ts"
import { totalHoldings } from "../../../../models/gpu-network/world.ts"
import { gpuWorld } from "../../../support/gpuWorld.ts"

const X = (0.34 * 1_000) / 0.66
const BUY = (2 * 5_000 * X) / (5_000 - X)
const RESALE = (2 * 5_000 * X) / (5_000 + X)
const validators = [{ stake: 250 }, { stake: 250 }, { stake: 250 }, { stake: 250 }]

const world = (attack: Record<string, unknown>, rows: ReadonlyArray<Record<string, number>> = validators) =>
  gpuWorld({
    params: {
      market: { liquidityUsd: 10_000, initialPrice: 2 },
      demand: { feeUsdPerUnit: 50 },
      attacks: [{ kind: "cartel", name: "c", mode: "optimize", startEpoch: 0, durationEpochs: 10, detectionPerEpoch: 0, costPerEpochUsd: 0, capitalCostPerEpoch: 0, budgetUsd: 1_200, ...attack }]
    },
    validators: rows,
    price: 2,
    epochs: 12,
    world: (w) => {
      // Operators' rewards it could withhold: 100 of emission + 4 units served x 50 USD / 2 = 200 tokens.
      w.operatorPool = 100
      w.routing.usefulWork = 4
      w.validatorPool = 30
    }
  })

describe("cartel optimizer", () => {
  it("does not launch at a loss, and prices again each epoch from what it observes then", () => {
    // cut 0: nothing withheld; its validators' rewards 30 x 0.34 x 2 x 10 = 204 do not cover the
    // pool's spread, resale - buy = 934.07 - 1,148.65 = -214.58: -10.58 USD.
    const fx = world({ cut: 0 }).run(attackMoves)
    const s = fx.world.attackStates[0]!
    expect(s.expectedProfit).toBeCloseTo(30 * 0.34 * 2 * 10 + RESALE - BUY, 6)
    expect(s.expectedProfit).toBeLessThan(0)
    expect(s.plannedShare).toBe(0.34)
    expect(s.started).toBe(-1)
    expect(fx.world.validators.count).toBe(4)
    // The next epoch there are no validator rewards: -214.58.
    fx.world.validatorPool = 0
    fx.at(1).run(attackMoves)
    expect(s.expectedProfit).toBeCloseTo(RESALE - BUY, 6)
    expect(s.started).toBe(-1)
  })

  it("launches at a positive expected profit: buys X tokens of stake into a validator it runs", () => {
    const fx = world({ cut: 0.2 })
    const outside = fx.world.outside
    fx.run(attackMoves)
    const w = fx.world
    const s = w.attackStates[0]!
    // Withheld 0.2 x 200 x 2 x 10 = 800, own rewards 30 x 0.34 x 2 x 10 = 204, resale - buy
    // = -214.58: 789.42 USD.
    expect(s.expectedProfit).toBeCloseTo(800 + 204 + RESALE - BUY, 6)
    expect(s.started).toBe(0)
    expect(w.validators.count).toBe(5)
    const v = w.validators.cols
    expect(v.stake[4]).toBeCloseTo(X, 9)
    expect([v.owner[4], v.cartel[4]]).toEqual([1, 1])
    expect(outside - w.outside).toBeCloseTo(X, 6)
    expect(w.flows.boughtTokens).toBeCloseTo(X, 9)
    expect(s.cost).toBeCloseTo(BUY, 6)
    expect(s.capital).toBeCloseTo(BUY, 6)
    // It holds 0.34 of the stake now (above 1/3): its cut is written for operators to pay.
    expect(s.share).toBeCloseTo(0.34, 12)
    expect(w.attackEffects.cartelCut).toBe(0.2)
  })

  it("ends after durationEpochs: its validator leaves and the stake returns to its holdings", () => {
    const fx = world({ cut: 0.2 }).run(attackMoves)
    for (let e = 1; e < 10; e++) fx.at(e).run(attackMoves)
    expect(fx.world.validators.count).toBe(5)
    // Its validator earned 5 tokens of rewards meanwhile (as the validators system would pay them).
    fx.world.validators.cols.balance[4] = 5
    fx.world.outside -= 5
    fx.at(10).run(attackMoves)
    const s = fx.world.attackStates[0]!
    expect(s.over).toBe(true)
    expect(fx.world.validators.count).toBe(4)
    expect(s.tokens).toBeCloseTo(X + 5, 9)
    expect(totalHoldings(fx.world)).toBeCloseTo(fx.world.ledger.supply, 3)
    expect(fx.world.attackEffects.cartelCut).toBe(0)
  })

  it("waits for startEpoch, and counts only stake outside any cartel as the stake it must outweigh", () => {
    const waiting = world({ cut: 0.2, startEpoch: 3 }).run(attackMoves)
    expect(waiting.world.attackStates[0]!.expectedProfit).toBeNaN()
    expect(waiting.world.validators.count).toBe(4)
    // A fifth validator of 400 already in another cartel (tag 9): the plan is the same as above.
    const fx = world({ cut: 0.2 }, [...validators, { stake: 400, cartel: 9 }]).run(attackMoves)
    expect(fx.world.attackStates[0]!.plannedShare).toBe(0.34)
    expect(fx.world.validators.cols.stake[5]).toBeCloseTo(X, 9)
  })

  it("cannot buy any size within its budget: no plan (NaN), no launch", () => {
    const fx = world({ cut: 0.2, budgetUsd: 1_100 }).run(attackMoves)
    expect(fx.world.attackStates[0]!.expectedProfit).toBeNaN()
    expect(fx.world.attackStates[0]!.started).toBe(-1)
  })
})

describe("cartel optimizer: its decision and its books (property)", () => {
  it("launches exactly when its plan's expected profit is positive; every token stays accounted for through launch and end", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 1, max: 5_000, noNaN: true }), { minLength: 1, maxLength: 5 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 5_000, noNaN: true }),
        fc.double({ min: 0, max: 20_000, noNaN: true }),
        (stakes, cut, validatorPool, budgetUsd) => {
          const fx = world({ cut, budgetUsd }, stakes.map((stake) => ({ stake })))
          fx.world.validatorPool = validatorPool
          fx.run(attackMoves)
          const s = fx.world.attackStates[0]!
          expect(s.started === 0).toBe(s.expectedProfit > 0)
          expect(fx.world.validators.count).toBe(stakes.length + (s.started === 0 ? 1 : 0))
          expect(totalHoldings(fx.world)).toBeCloseTo(fx.world.ledger.supply, 3)
          fx.at(10).run(attackMoves)
          expect(fx.world.validators.count).toBe(stakes.length)
          expect(totalHoldings(fx.world)).toBeCloseTo(fx.world.ledger.supply, 3)
        }
      ),
      { numRuns: 100 }
    )
  })
})
