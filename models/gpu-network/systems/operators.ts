/**
 * Operators: paid for the work they did this epoch (routing decided how much), in fees and
 * emission; they pay their USD costs, sell part of their token income (sellFraction, or from
 * need: participation/selling.ts), and leave once they have
 * made a loss for longer than their patience. A leaving operator unbonds and sells its stake
 * and balance.
 *
 * Fees are paid in tokens: users buy `served work x fee per unit / price` tokens from outside holders
 * (usage demand on the market) and pay them to the operators who did the work. Emission is
 * shared the same way, pro rata to work done, so an idle node earns nothing, except the per-node
 * part (token.perOperatorShare) every online operator gets alike. A validator cartel may withhold
 * a cut of every reward (systems/attacks/cartel.ts, through world.attackEffects); sybil identities keep theirs and never exit here.
 * Costs include what participation/participation.ts adds (bandwidth of protocol messages,
 * hardware schedule, USD stake top-ups, relocation); under operators.decision expected the
 * exit rule reads the average realised margin instead of this epoch's profit.
 */
import { system } from "../../../src/kit/runtime.ts"
import { quantileInPlace } from "../../common/select.ts"
import type { GpuNetworkParams } from "../params/params.ts"
import type { GpuWorld } from "../world.ts"
import { bandwidthCostUsd, ewmaKeep, ewmaStep, hardwareCostAt } from "../participation/participation.ts"
import { surplusShareAt, tokensSold } from "../participation/selling.ts"

/** Work (capacity units) below which nothing counts as done. */
const MIN_WORK = 1e-9

export const operators = system<GpuWorld, GpuNetworkParams>("operators", (w, p) => {
  const pop = w.operators
  const o = pop.cols
  const { work, costUsd, stake, balance, lossStreak, patience, profitUsd, region, sizeClass, served, attacker, capacity, expectedMargin, pendingCostUsd } = o
  const alive = pop.alive
  const n = pop.size
  const reg = w.regions
  const R = reg.count
  // Below a billionth of a capacity unit, work is noise: dividing the pool by it would overflow
  // (a property test found subnormal demand turning the price into NaN).
  const W = w.routing.usefulWork > MIN_WORK ? w.routing.usefulWork : 0
  const pool = w.operatorPool
  // Per-node reward: token.perOperatorShare of the pool in equal parts to every online operator.
  let online = 0
  if (p.token.perOperatorShare > 0) for (let i = 0; i < n; i++) if (alive[i] === 1 && served[i]! > 0) online++
  const nodePool = online > 0 ? pool * p.token.perOperatorShare : 0
  const perNode = online > 0 ? nodePool / online : 0
  const workPool = pool - nodePool
  reg.revenuePerUnit.fill(0)
  if (!(W > 0)) {
    // No work was done: the operators' emission is not earned and goes to the treasury.
    w.treasury += workPool
  }
  const price = w.price
  const feeTokens = W > 0 ? Math.min((W * p.demand.feeUsdPerUnit) / price, w.outside) : 0
  w.outside -= feeTokens
  w.flows.boughtTokens += feeTokens
  w.flows.feesUsd = feeTokens * price
  // Fee burn: that share of what users paid leaves the supply; operators get the rest.
  const burned = feeTokens * p.token.feeBurn
  if (burned > 0) w.ledger.burn(burned)
  const tokensPerWork = W > 0 ? (workPool + feeTokens - burned) / W : 0
  // A validator cartel with a veto withholds this share of every operator's rewards.
  const cut = p.attacks.length > 0 ? w.attackEffects.cartelCut : 0
  let withheld = 0
  const sellFraction = p.operators.sellFraction
  // Selling from need (participation/selling.ts): the share of surplus sold follows the price trend.
  const fromNeed = p.operators.selling === "need"
  const surplusShare = fromNeed ? surplusShareAt(p.operators.surplusShare, p.operators.expectation, Math.log(w.price / w.referencePrice)) : 0
  if (w.scratch.length < n) w.scratch = new Float64Array(n * 2)
  const margins = w.scratch
  let m = 0
  let sold = 0
  let profitSum = 0
  let exits = 0
  // Participation costs that rise with the network's state (participation/participation.ts).
  const op = p.operators
  const protocol = w.protocol
  const hardware = hardwareCostAt(op.hardware, w.epoch)
  const extras = protocol !== undefined || hardware > 0 || op.stakeUsdPerUnit > 0 || w.relocation !== undefined
  const usdPerMessage = protocol !== undefined ? bandwidthCostUsd(1, p.coordination.protocol.messageBytes, p.coordination.protocol.bandwidthUsdPerGB) : 0
  const expected = op.decision === "expected"
  const keep = ewmaKeep(op.marginHalfLife)
  const moveInstalment = op.relocation.moveCostUsd / op.relocation.horizonEpochs
  for (let i = 0; i < n; i++) {
    if (alive[i] !== 1) continue
    let reward = work[i]! * tokensPerWork
    if (perNode > 0 && served[i]! > 0) reward += perNode
    if (cut > 0) {
      withheld += reward * cut
      reward -= reward * cut
    }
    if (attacker[i] !== 0) {
      // A sybil identity: the attacker keeps its rewards and stays until the attack ends.
      balance[i] = balance[i]! + reward
      continue
    }
    let cost = costUsd[i]!
    if (extras) {
      // A move is paid off over the horizon it was weighed on, not in one epoch.
      const instalment = Math.min(pendingCostUsd[i]!, moveInstalment)
      cost += hardware + instalment
      pendingCostUsd[i] = pendingCostUsd[i]! - instalment
      // Bandwidth: the protocol messages its node handled while online this epoch.
      if (protocol !== undefined && served[i]! > 0) cost += protocol.messagesPerNode[region[i]!]! * usdPerMessage
      if (op.stakeUsdPerUnit > 0) {
        // A stake required in USD: after a price fall the operator buys the shortfall (a cash outlay).
        const short = Math.min((capacity[i]! * op.stakeUsdPerUnit) / price - stake[i]!, w.outside)
        if (short > 0) {
          w.operatorStakes.remove(stake[i]!)
          stake[i] = stake[i]! + short
          w.operatorStakes.insert(stake[i]!)
          w.outside -= short
          w.flows.boughtTokens += short
          cost += short * price
        }
      }
    }
    const profit = reward * price - cost
    profitUsd[i] = profit
    profitSum += profit
    reg.revenuePerUnit[region[i]!]! += reward * price
    if (cost > 0) margins[m++] = profit / cost
    const sell = fromNeed ? tokensSold(reward, balance[i]!, cost, price, surplusShare) : reward * sellFraction
    balance[i] = balance[i]! + reward - sell
    sold += sell
    // streak: this epoch's profit; expected: the average realised margin, which one good epoch barely moves.
    let signal = profit
    if (expected) signal = expectedMargin[i] = ewmaStep(expectedMargin[i]!, cost > 0 ? profit / cost : Math.sign(profit), keep)
    if (signal < 0) {
      lossStreak[i] = lossStreak[i]! + 1
      if (lossStreak[i]! > patience[i]!) {
        sold += stake[i]! + balance[i]!
        w.operatorStakes.remove(stake[i]!)
        stake[i] = 0
        balance[i] = 0
        w.totals.classExits[sizeClass[i]!]! += 1
        w.totals.regionExits[region[i]!]! += 1
        pop.remove(i)
        exits++
      }
    } else {
      lossStreak[i] = 0
    }
  }
  for (let r = 0; r < R; r++) reg.revenuePerUnit[r] = reg.onlineCapacity[r]! > 0 ? reg.revenuePerUnit[r]! / reg.onlineCapacity[r]! : 0
  w.marginP10 = quantileInPlace(margins, m, 0.1)
  w.marginP50 = quantileInPlace(margins, m, 0.5)
  // The cartel's take waits in the world until cartelCollect (systems/attacks/cartel.ts) hands it over.
  w.attackEffects.withheld = withheld
  w.outside += sold
  w.flows.soldTokens += sold
  w.flows.operatorExits += exits
  w.flows.operatorProfitUsd = profitSum
})
