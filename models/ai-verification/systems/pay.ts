/**
 * The pay system: emission pays accepted work by its miner weight and validators by their share
 * of the validator pool; rejected work is slashed (./slashing/rejectedWork.ts); a poisoner whose
 * work passed pays the colluding validators their cut; the attackers' books are kept in USD.
 */
import { system } from "../../../src/kit/runtime.ts"
import type { AiVerificationParams as P } from "../params.ts"
import { COLLUDING, type VerificationWorld } from "../world.ts"
import { slashRejectedWork } from "./slashing/rejectedWork.ts"

/** Emission pays accepted work and validators; rejected work's bond is slashed and re-bought. */
export const pay = system<VerificationWorld, P>("pay", (w, p) => {
  const c = w.contributors
  const vals = w.validators
  const price = p.token.price
  let weightSum = 0
  for (let j = 0; j < c.size; j++) if (w.accepted[j] === 1) weightSum += w.minerWeight[j]!
  const minerPool = weightSum > 0 ? p.token.emissionPerEpoch * p.token.minerShare : 0
  let colludingStake = 0
  for (let i = 0; i < vals.size; i++) if (vals.cols.kind[i] === COLLUDING) colludingStake += vals.cols.stake[i]!
  const validatorPool = p.token.emissionPerEpoch * (1 - p.token.minerShare)
  w.ledger.mint(minerPool + validatorPool)
  let accepted = 0
  let honestProfit = 0
  let honest = 0
  for (let j = 0; j < c.size; j++) {
    const poisoned = c.cols.poisoned[j] === 1
    let reward = 0
    let slashed = 0
    if (w.accepted[j] === 1) {
      accepted++
      // Accepted with zero weight (Yuma with rejectShare 0): nothing to share, nothing paid.
      reward = weightSum > 0 ? (minerPool * w.minerWeight[j]!) / weightSum : 0
      c.cols.balance[j] = c.cols.balance[j]! + reward
    } else {
      slashed = slashRejectedWork(w, p, j)
      if (poisoned && Number.isNaN(w.poisonDetectedAt)) w.poisonDetectedAt = w.epoch
    }
    const cost = poisoned ? p.contributors.poisonCost : p.contributors.cost
    if (poisoned && reward > 0 && colludingStake > 0 && p.validators.cartelCut > 0) {
      // The poisoner pays the cartel its cut for passing the work (a token transfer).
      const cut = reward * p.validators.cartelCut
      c.cols.balance[j] = c.cols.balance[j]! - cut
      for (let i = 0; i < vals.size; i++) {
        if (vals.cols.kind[i] !== COLLUDING) continue
        const share = (cut * vals.cols.stake[i]!) / colludingStake
        vals.cols.balance[i] = vals.cols.balance[i]! + share
        vals.cols.reward[i] = vals.cols.reward[i]! + share
      }
      w.cartelTake += cut
      reward -= cut
    }
    if (poisoned) {
      // Re-bonding turns the attacker's dollars into tokens it still holds: not a cost; the
      // slashed tokens are.
      w.poisonCost += cost + slashed * price
      w.poisonRevenue += reward * price
    } else {
      honest++
      honestProfit += reward * price - cost - slashed * price
    }
  }
  w.honestProfitEpoch = honest > 0 ? honestProfit / honest : Number.NaN
  w.rewardPerAccepted = accepted > 0 ? minerPool / accepted : 0
  for (let i = 0; i < vals.size; i++) {
    const r = validatorPool * w.validatorShare[i]!
    vals.cols.balance[i] = vals.cols.balance[i]! + r
    vals.cols.reward[i] = vals.cols.reward[i]! + r
  }
})
