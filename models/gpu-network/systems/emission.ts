/**
 * Emission: mint this epoch's tokens and split them into the operator pool, the validator pool
 * and the treasury. The rules themselves are pure functions of the epoch.
 */
import { system } from "../../../src/engine/Pipeline.ts"
import type { Emission, GpuNetworkParams } from "../params.ts"
import type { GpuWorld } from "../world.ts"

/** Tokens minted in `epoch` under `rule`. */
export const emissionAt = (rule: Emission, epoch: number): number => {
  switch (rule.kind) {
    case "fixed":
      return rule.perEpoch
    case "exponential-decay":
      return rule.perEpoch * Math.pow(2, -epoch / rule.halfLife)
  }
}

export const emission = system<GpuWorld, GpuNetworkParams>("emission", (w, p) => {
  const e = emissionAt(p.token.emission, w.epoch)
  w.ledger.mint(e)
  w.flows.emission = e
  w.operatorPool = e * p.token.operatorShare
  w.validatorPool = e * p.token.validatorShare
  w.treasury += e - w.operatorPool - w.validatorPool
})
