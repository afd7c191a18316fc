/**
 * The governance system over a proposal's life, on a hand-built world: raised at its epoch,
 * voted from votingDelay epochs later for votingPeriod epochs, counted at the last one, executed
 * timelock epochs after it passed (its changes handed to the engine as `nextParams`, its
 * treasury transfer paid to outside holders); the guardian cancels what it vetoes. Every voter
 * turns out (turnout 1), so the outcome follows from the support alone.
 */
import { describe, expect, it } from "vitest"
import type { GpuNetworkParams } from "../../../../../models/gpu-network/params/params.ts"
import { governance } from "../../../../../models/gpu-network/systems/governance/governance.ts"
import { gpuWorld } from "../../../../support/gpuWorld.ts"

const all = { operators: 1, validators: 1, holders: 1 }
const none = { operators: 0, validators: 0, holders: 0 }

const run = (support: typeof all, extra: Record<string, unknown> = {}) => {
  const fx = gpuWorld({
    params: {
      token: { initialTreasury: 1_000 },
      governance: {
        votingDelay: 1,
        votingPeriod: 2,
        timelock: 2,
        quorum: 0.1,
        approval: 0.5,
        turnout: all,
        proposals: [{ name: "cut", epoch: 3, changes: { "token.emission.perEpoch": 7 }, treasuryTransfer: 100, support }],
        ...extra
      }
    },
    operators: [{ stake: 1_000 }],
    validators: [{ stake: 1_000 }],
    epochs: 12
  })
  const outside = fx.world.outside
  const states: Array<string> = []
  let changedAt = -1
  for (let e = 0; e < 12; e++) {
    fx.at(e).run(governance, e + 1)
    states.push(fx.world.governance.proposals[0]?.state ?? "-")
    if (changedAt < 0 && fx.world.nextParams !== undefined) changedAt = e
  }
  return { fx, states, changedAt, paidOut: fx.world.outside - outside }
}

describe("governance: a proposal's life", () => {
  it("raised at 3, voted 4-5, passed at 5, executed at 5 + timelock 2 = 7: changes and transfer then", () => {
    const { fx, states, changedAt, paidOut } = run(all)
    expect(states).toEqual(["-", "-", "-", "open", "open", "passed", "passed", "executed", "executed", "executed", "executed", "executed"])
    expect(changedAt).toBe(7)
    expect((fx.world.nextParams as GpuNetworkParams).token.emission).toMatchObject({ perEpoch: 7 })
    expect(fx.world.treasury).toBe(900)
    expect(paidOut).toBe(100)
    expect([fx.world.governance.passed, fx.world.governance.executed]).toEqual([1, 1])
    expect(fx.metric("gov.proposalsExecuted")).toBe(1)
  })

  it("defeated when nobody supports it: nothing changes", () => {
    const { fx, states, changedAt } = run(none)
    expect(states[5]).toBe("defeated")
    expect(states[11]).toBe("defeated")
    expect(changedAt).toBe(-1)
    expect(fx.world.treasury).toBe(1_000)
  })

  it("the guardian cancels a vetoed proposal in its timelock, before it executes", () => {
    const { fx, states, changedAt } = run(all, { guardian: { enabled: true, vetoes: ["cut"], reactionEpochs: 3 } })
    // It can act from 3 + 3 = 6: the proposal passed at 5 and waits for 7.
    expect(states.slice(3, 8)).toEqual(["open", "open", "passed", "canceled", "canceled"])
    expect(changedAt).toBe(-1)
    expect(fx.world.governance.canceled).toBe(1)
  })

  it("the guardian cancels a transfer of more than maxTreasuryShare of the treasury", () => {
    const { states } = run(all, { guardian: { enabled: true, maxTreasuryShare: 0.05 } })
    expect(states[3]).toBe("canceled")
  })
})
