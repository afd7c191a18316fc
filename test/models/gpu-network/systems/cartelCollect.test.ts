/**
 * cartelCollect on a hand-built world: the operator rewards the operators system withheld this
 * epoch go to the credible cartels in proportion to their cuts, or back to outside holders when
 * none is credible any more.
 */
import { describe, expect, it } from "vitest"
import { cartelCollect } from "../../../../models/gpu-network/systems/attacks/cartel.ts"
import { freshAttack } from "../../../../models/gpu-network/systems/attacks/state.ts"
import { gpuWorld } from "../../../support/gpuWorld.ts"

const two = { attacks: [{ kind: "cartel", name: "big", cut: 0.3 }, { kind: "cartel", name: "small", cut: 0.1 }] }

describe("cartelCollect", () => {
  it("splits what was withheld between the credible cartels by their cuts", () => {
    const fx = gpuWorld({
      params: two,
      world: (w) => {
        w.attackStates.push(freshAttack(0), freshAttack(5))
        w.attackStates[0]!.credible = true
        w.attackStates[1]!.credible = true
        w.attackEffects.withheld = 400
      }
    })
    fx.run(cartelCollect)
    const [a, b] = fx.world.attackStates
    expect([a!.tokens, a!.withheld]).toEqual([300, 300])
    expect([b!.tokens, b!.withheld]).toEqual([105, 100])
    expect(fx.world.attackEffects.withheld).toBe(0)
  })

  it("hands it back to outside holders when no cartel is credible", () => {
    const fx = gpuWorld({
      params: two,
      world: (w) => {
        w.attackStates.push(freshAttack(0), freshAttack(0))
        w.attackEffects.withheld = 400
      }
    })
    const outside = fx.world.outside
    fx.run(cartelCollect)
    expect(fx.world.outside).toBe(outside + 400)
    expect(fx.world.attackStates.map((s) => s.tokens)).toEqual([0, 0])
  })
})
