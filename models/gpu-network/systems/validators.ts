/**
 * Validators: paid the validator pool pro rata to stake, pay a flat cost, sell part of their
 * income and leave after more loss-making epochs than their patience. Under
 * validators.decision expected the loss is the exponential average of their realised margin,
 * as for operators, so one good epoch does not reset a month of losses. Under
 * coordination.model protocol they also pay for the bandwidth of the results their committee
 * receives (coordination/protocolRouting.ts counts them), a cost that grows with the work.
 */
import { system } from "../../../src/kit/runtime.ts"
import type { GpuNetworkParams } from "../params/params.ts"
import type { GpuWorld } from "../world.ts"
import { bandwidthCostUsd, ewmaKeep, ewmaStep } from "../participation/participation.ts"

export const validators = system<GpuWorld, GpuNetworkParams>("validators", (w, p) => {
  const pop = w.validators
  const { stake, balance, costUsd, lossStreak, patience, cartel, owner, expectedMargin } = pop.cols
  const alive = pop.alive
  const n = pop.size
  let totalStake = 0
  for (let i = 0; i < n; i++) if (alive[i] === 1) totalStake += stake[i]!
  const pool = w.validatorPool
  if (totalStake <= 0) {
    w.treasury += pool
    w.lastValidatorEmission = 0
    return
  }
  const perToken = pool / totalStake
  const price = w.price
  const sellFraction = p.validators.sellFraction
  let sold = 0
  let exits = 0
  const expected = p.validators.decision === "expected"
  const keep = ewmaKeep(p.validators.marginHalfLife)
  const pp = p.coordination.protocol
  const bandwidth = w.protocol !== undefined ? bandwidthCostUsd(w.protocol.messagesPerValidator, pp.messageBytes, pp.bandwidthUsdPerGB) : 0
  for (let i = 0; i < n; i++) {
    if (alive[i] !== 1) continue
    const reward = stake[i]! * perToken
    if (owner[i] !== 0) {
      // The attacker's own validator keeps its rewards and stays until its attack ends.
      balance[i] = balance[i]! + reward
      continue
    }
    const sell = reward * sellFraction
    balance[i] = balance[i]! + reward - sell
    sold += sell
    const cost = costUsd[i]! + bandwidth
    const profit = reward * price - cost
    // streak: this epoch's profit; expected: the average realised margin.
    let signal = profit
    if (expected) signal = expectedMargin[i] = ewmaStep(expectedMargin[i]!, cost > 0 ? profit / cost : Math.sign(profit), keep)
    if (signal < 0) {
      lossStreak[i] = lossStreak[i]! + 1
      // A member of a cartel that is collecting stays: it is paid from what the cartel withholds.
      if (lossStreak[i]! > patience[i]! && (cartel[i] === 0 || w.attackStates[cartel[i]! - 1]?.credible !== true)) {
        sold += stake[i]! + balance[i]!
        stake[i] = 0
        balance[i] = 0
        pop.remove(i)
        exits++
      }
    } else {
      lossStreak[i] = 0
    }
  }
  w.outside += sold
  w.flows.soldTokens += sold
  w.flows.validatorExits += exits
  w.lastValidatorEmission = pool
})
