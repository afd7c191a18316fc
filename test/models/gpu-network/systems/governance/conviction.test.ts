/**
 * Conviction voting in gpu-network (systems/governance/convictionVoting.ts) on a hand-built
 * world: each open request's conviction grows y = alpha y + staked (the tokens its supporters
 * staked since the last epoch) and it is paid from the treasury to outside holders once y
 * exceeds rho S / (1 - alpha) / (beta - amount / treasury)^2, S = max(staked, minStakeShare x
 * supply). Thresholds are worked out here from that formula.
 */
import { describe, expect, it } from "vitest"
import { convictionVoting } from "../../../../../models/gpu-network/systems/governance/convictionVoting.ts"
import type { FundingRequest } from "../../../../../models/gpu-network/systems/governance/state.ts"
import type { GpuWorld } from "../../../../../models/gpu-network/world.ts"
import { gpuWorld } from "../../../../support/gpuWorld.ts"

const supply = 1_000_000
const conviction = { decay: 0.5, maxRatio: 0.2, weight: 0.01, minStakeShare: 0.1 }
const request = { name: "grant", epoch: 0, amount: 1_000, support: { operators: 1, validators: 0, holders: 0 } }

/** An operator holding 50,000 tokens backs the request; treasury 100,000. */
const world = () =>
  gpuWorld({
    params: { token: { initialSupply: supply, initialTreasury: 100_000 }, governance: { conviction: { ...conviction, requests: [request] } } },
    operators: [{ stake: 50_000 }],
    epochs: 10
  })

const open = (w: GpuWorld, fx: ReturnType<typeof world>): FundingRequest => {
  const req: FundingRequest = { spec: fx.params.governance.conviction.requests[0]!, raisedAt: 0, conviction: 0, staked: 0, progress: 0, fundedAt: Number.NaN, state: "open" }
  w.governance.requests.push(req)
  return req
}

describe("conviction voting", () => {
  it("conviction grows y = alpha y + last epoch's stake; paid once it passes the threshold", () => {
    const fx = world()
    const w = fx.world
    const req = open(w, fx)
    // S = max(50,000 staked, 0.1 x 1,000,000) = 100,000; threshold = 0.01 x 100,000 / 0.5 / (0.2 - 0.01)^2.
    const need = (0.01 * 100_000) / 0.5 / (0.2 - 1_000 / 100_000) ** 2
    const outside = w.outside
    let y = 0
    let funded = -1
    for (let e = 0; e < 10 && funded < 0; e++) {
      fx.at(e)
      convictionVoting(w, fx.params)
      if (e > 0) y = 0.5 * y + 50_000
      expect(req.conviction).toBeCloseTo(y, 6)
      if (y > need) funded = e
    }
    // 50,000, 75,000, 87,500 ... passes 55,402 at epoch 2 (75,000).
    expect(funded).toBe(2)
    expect(req.state).toBe("funded")
    expect(req.fundedAt).toBe(2)
    expect(w.treasury).toBe(100_000 - 1_000)
    expect(w.outside).toBe(outside + 1_000)
  })

  it("a request of maxRatio x treasury or more never passes", () => {
    const fx = world()
    const w = fx.world
    const req = open(w, fx)
    w.treasury = 4_000
    for (let e = 0; e < 10; e++) {
      fx.at(e)
      convictionVoting(w, fx.params)
    }
    expect(req.state).toBe("open")
    expect(req.progress).toBe(0)
  })
})
