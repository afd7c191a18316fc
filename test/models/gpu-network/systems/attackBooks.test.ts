/**
 * The attacks system (attacks/attackBooks.ts), the end-of-epoch books of each attack, on a
 * hand-built world after attackMoves started it: attack.<name>.cost, .profit, .success and
 * .detectedEpoch, worked out here from the attack's rule.
 */
import { describe, expect, it } from "vitest"
import { attacks } from "../../../../models/gpu-network/systems/attacks/attackBooks.ts"
import { attackMoves } from "../../../../models/gpu-network/systems/attacks/attackMoves.ts"
import { gpuWorld } from "../../../support/gpuWorld.ts"

const regions = { names: ["a", "b"], operatorShare: [0.5, 0.5], demandShare: [0.5, 0.5], latencyMs: [[10, 100], [100, 20]] }

describe("attack books", () => {
  it("griefing: costs costPerEpochUsd each epoch it runs, profit -cost; succeeds once the region lost targetDrop of its operators", () => {
    const fx = gpuWorld({
      params: { regions, attacks: [{ kind: "griefing", name: "dos", region: "b", startEpoch: 0, durationEpochs: 5, costPerEpochUsd: 1_000, targetDrop: 0.5 }] },
      operators: [{ region: 1 }, { region: 1 }, { region: 1 }, { region: 1 }],
      epochs: 3
    })
    // attackMoves measures the region (4 operators, as uptime counts them) when it starts.
    fx.world.regions.active[1] = 4
    fx.at(0).run(attackMoves).run(attacks)
    expect([fx.metric("attack.dos.cost"), fx.metric("attack.dos.profit"), fx.metric("attack.dos.success"), fx.metric("attack.dos.detectedEpoch")]).toEqual([1_000, -1_000, 0, 0])
    fx.world.regions.active[1] = 3
    fx.at(1).run(attackMoves).run(attacks)
    expect(fx.metric("attack.dos.success")).toBe(0)
    fx.world.regions.active[1] = 2
    fx.at(2).run(attackMoves).run(attacks)
    expect([fx.metric("attack.dos.cost"), fx.metric("attack.dos.success")]).toEqual([3_000, 1])
  })

  it("sybil: its cost is the stake bought (USD) plus its identities' costs; profit what they hold at the price less cost", () => {
    const fx = gpuWorld({
      params: { regions, operators: { stakePerUnit: 100, minStake: 50 }, attacks: [{ kind: "sybil", name: "s", region: "a", startEpoch: 0, durationEpochs: 9, identities: 3, capacityPerIdentity: 1, costPerIdentityUsd: 4 }] },
      price: 2,
      epochs: 2
    })
    fx.at(0).run(attackMoves)
    // Their rewards this epoch: 10 tokens each.
    const o = fx.world.operators.cols
    for (let i = 0; i < fx.world.operators.size; i++) if (fx.world.operators.alive[i] === 1) o.balance[i] = 10
    fx.run(attacks)
    expect(fx.metric("attack.s.identities")).toBe(3)
    // 300 tokens of stake bought at $2, and 3 identities at $4 this epoch.
    expect(fx.metric("attack.s.cost")).toBe(600 + 12)
    expect(fx.metric("attack.s.rewards")).toBe(30)
    // It holds 300 staked + 30 earned: 330 x $2 - $612.
    expect(fx.metric("attack.s.profit")).toBe(330 * 2 - 612)
    expect(fx.metric("attack.s.success")).toBe(1)
    expect(fx.metric("attack.s.detectedEpoch")).toBeNaN()
  })

  it("an attack that has not started yet books nothing", () => {
    const fx = gpuWorld({ params: { attacks: [{ kind: "cartel", name: "c", startEpoch: 5 }] }, validators: [{}] }).run(attackMoves).run(attacks)
    expect([fx.metric("attack.c.cost"), fx.metric("attack.c.profit"), fx.metric("attack.c.success")]).toEqual([0, 0, 0])
  })
})
