/**
 * Entry: prospective operators and validators arrive (Poisson) and join only when their
 * expected profit, judged from last epoch's rewards per unit (tokens valued at the reference
 * price, a moving average, so one tick's spike does not trigger a rush) less the cost of the capital its
 * stake ties up, is positive. Joining buys the
 * stake from outside holders (the market), which is buy pressure on the price; a candidate who cannot
 * buy enough stake because outside holders have none left stays out.
 */
import { system } from "../../../src/kit/runtime.ts"
import type { GpuNetworkParams } from "../params/params.ts"
import { drawOperator, drawValidator } from "../draw.ts"
import type { GpuWorld } from "../world.ts"
import { bandwidthCostUsd, hardwareCostAt } from "../participation/participation.ts"

export const entry = system<GpuWorld, GpuNetworkParams>("entry", (w, p, rng) => {
  // Entrants value tokens at the reference (averaged) price, not at the last tick.
  const price = w.referencePrice
  const capitalCost = (p.market.capitalCostPerYear / p.token.epochsPerYear) * price
  const ops = w.operators
  const hardware = hardwareCostAt(p.operators.hardware, w.epoch)
  const extraCosts = hardware > 0 || w.protocol !== undefined
  const usdPerMessage = w.protocol !== undefined ? bandwidthCostUsd(1, p.coordination.protocol.messageBytes, p.coordination.protocol.bandwidthUsdPerGB) : 0
  const candidates = rng.poisson(p.operators.arrivalsPerEpoch)
  for (let c = 0; c < candidates; c++) {
    const slot = ops.add()
    // Read the columns after add(): a growing population re-allocates them.
    const o = ops.cols
    const stake = drawOperator(w, p, rng, slot)
    const cap = o.capacity[slot]!
    const r = o.region[slot]!
    // Revenue per online unit in the candidate's region last epoch, diluted by its own capacity.
    const online = w.regions.onlineCapacity[r]!
    const revenuePerUnit = (w.regions.revenuePerUnit[r]! * (online > 0 ? online : cap)) / (online + cap)
    let expected = revenuePerUnit * (price / w.price) * cap * o.uptime[slot]! - o.costUsd[slot]! - stake * capitalCost
    // Participation costs the candidate can see: the hardware requirement and its region's bandwidth.
    if (extraCosts) expected -= hardware + (w.protocol !== undefined ? w.protocol.messagesPerNode[r]! * usdPerMessage : 0)
    if (expected > 0 && stake <= w.outside) {
      w.outside -= stake
      w.flows.boughtTokens += stake
      w.flows.operatorJoins++
      w.operatorStakes.insert(stake)
    } else {
      // Not joining after all: undo the class tally drawOperator made.
      w.totals.classEntered[o.sizeClass[slot]!]! -= 1
      o.stake[slot] = 0
      ops.remove(slot)
    }
  }

  const vals = w.validators
  const vCandidates = rng.poisson(p.validators.arrivalsPerEpoch)
  if (vCandidates === 0) return
  let totalStake = 0
  for (let i = 0; i < vals.size; i++) if (vals.alive[i] === 1) totalStake += vals.cols.stake[i]!
  for (let c = 0; c < vCandidates; c++) {
    const slot = vals.add()
    const v = vals.cols
    const stake = drawValidator(w, p, rng, slot)
    let expected = ((w.lastValidatorEmission * stake) / (totalStake + stake)) * price - v.costUsd[slot]! - stake * capitalCost
    // Under the protocol model a validator also pays for the results its committee receives.
    if (w.protocol !== undefined) expected -= bandwidthCostUsd(w.protocol.messagesPerValidator, p.coordination.protocol.messageBytes, p.coordination.protocol.bandwidthUsdPerGB)
    if (expected > 0 && stake <= w.outside) {
      w.outside -= stake
      w.flows.boughtTokens += stake
      w.flows.validatorJoins++
      totalStake += stake
    } else {
      v.stake[slot] = 0
      vals.remove(slot)
    }
  }
})
