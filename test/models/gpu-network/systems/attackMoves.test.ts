/**
 * attackMoves on a hand-built world: the attacks act by writing world data the systems read
 * (no system imports an attack). A griefing DoS writes its region's offline share while it runs;
 * a validator cartel forms from validators in slot order until it holds its stake share, writes
 * its cut while that share is above 1/3, and disbands when detected (members slashed) or over.
 */
import { describe, expect, it } from "vitest"
import { attackMoves } from "../../../../models/gpu-network/systems/attacks/attackMoves.ts"
import { gpuWorld } from "../../../support/gpuWorld.ts"

const regions = { names: ["a", "b"], operatorShare: [0.5, 0.5], demandShare: [0.5, 0.5], latencyMs: [[10, 100], [100, 20]] }

describe("attackMoves: griefing", () => {
  it("writes the attacked region's offline share from startEpoch for durationEpochs, and 0 elsewhere and after", () => {
    const fx = gpuWorld({ params: { regions, attacks: [{ kind: "griefing", name: "dos", region: "b", startEpoch: 2, durationEpochs: 3, offlineShare: 0.6 }] }, operators: [{ region: 1 }], epochs: 7 })
    const shares: Array<Array<number>> = []
    for (let e = 0; e < 7; e++) shares.push(Array.from(fx.at(e).run(attackMoves).world.attackEffects.offlineShare))
    expect(shares).toEqual([[0, 0], [0, 0], [0, 0.6], [0, 0.6], [0, 0.6], [0, 0], [0, 0]])
    expect(fx.world.attackStates[0]!.over).toBe(true)
  })
})

describe("attackMoves: validator cartel", () => {
  // Validator stakes 100, 200, 300, 400 (1,000 in all).
  const validators = [{ stake: 100 }, { stake: 200 }, { stake: 300 }, { stake: 400 }]
  const cartel = (extra: Record<string, unknown>) => ({ attacks: [{ kind: "cartel", name: "c", startEpoch: 0, durationEpochs: 5, cut: 0.2, detectionPerEpoch: 0, ...extra }] })

  it("takes validators in slot order until it holds stakeShare: 0.4 takes the first three (60%), a credible threat", () => {
    const fx = gpuWorld({ params: cartel({ stakeShare: 0.4 }), validators }).run(attackMoves)
    expect(Array.from(fx.world.validators.cols.cartel.subarray(0, 4))).toEqual([1, 1, 1, 0])
    expect(fx.world.attackStates[0]!.share).toBeCloseTo(0.6, 12)
    expect(fx.world.attackEffects.cartelCut).toBe(0.2)
  })

  it("stops as soon as it holds stakeShare (0.3: the first two); at or under 1/3 it has no veto and withholds nothing", () => {
    const fx = gpuWorld({ params: cartel({ stakeShare: 0.3 }), validators }).run(attackMoves)
    expect(Array.from(fx.world.validators.cols.cartel.subarray(0, 4))).toEqual([1, 1, 0, 0])
    expect(fx.world.attackStates[0]!.credible).toBe(false)
    expect(fx.world.attackEffects.cartelCut).toBe(0)
  })

  it("detected (share at most 2/3): its members lose slashOnDetection of their stake and it disbands", () => {
    const fx = gpuWorld({ params: cartel({ stakeShare: 0.4, detectionPerEpoch: 1, slashOnDetection: 0.1 }), validators })
    const supply = fx.world.ledger.supply
    fx.run(attackMoves)
    const v = fx.world.validators.cols
    expect(Array.from(v.stake.subarray(0, 4))).toEqual([90, 180, 270, 400])
    expect(Array.from(v.cartel.subarray(0, 4))).toEqual([0, 0, 0, 0])
    expect(supply - fx.world.ledger.supply).toBeCloseTo(60, 9)
    expect(fx.world.attackStates[0]!.detected).toBe(0)
    expect(fx.world.attackEffects.cartelCut).toBe(0)
  })

  it("above 2/3 its vetoes need not show: never detected", () => {
    const fx = gpuWorld({ params: cartel({ stakeShare: 0.7, detectionPerEpoch: 1 }), validators }).run(attackMoves)
    expect(fx.world.attackStates[0]!.share).toBe(1)
    expect(fx.world.attackStates[0]!.detected).toBe(-1)
    expect(fx.world.attackEffects.cartelCut).toBe(0.2)
  })

  it("ends after durationEpochs: members go back to being honest, nothing withheld", () => {
    const fx = gpuWorld({ params: cartel({ stakeShare: 0.4, durationEpochs: 2 }), validators, epochs: 3 })
    fx.at(0).run(attackMoves)
    fx.at(1).run(attackMoves)
    expect(fx.world.attackEffects.cartelCut).toBe(0.2)
    fx.at(2).run(attackMoves)
    expect(Array.from(fx.world.validators.cols.cartel.subarray(0, 4))).toEqual([0, 0, 0, 0])
    expect(fx.world.attackEffects.cartelCut).toBe(0)
  })
})
