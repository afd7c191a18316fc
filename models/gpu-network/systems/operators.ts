/**
 * Operators: each is online with its uptime probability, serves its capacity when online, earns
 * fees and emission pro rata to capacity served, pays its USD costs, sells part of its token
 * income, and leaves once it has made a loss for longer than its patience. A leaving operator
 * unbonds and sells its stake and balance.
 *
 * Fees are paid in tokens: users buy `feesUsd / price` tokens from the float (usage demand on
 * the market) and pay them to the operators who served the work.
 */
import { system } from "../../../src/engine/Pipeline.ts"
import type { GpuNetworkParams } from "../params.ts"
import type { GpuWorld } from "../world.ts"

export const operators = system<GpuWorld, GpuNetworkParams>("operators", (w, p, rng) => {
  const pop = w.operators
  const o = pop.cols
  const { capacity, uptime, served } = o
  const alive = pop.alive
  const n = pop.size
  let totalServed = 0
  for (let i = 0; i < n; i++) {
    if (alive[i] !== 1) continue
    const s = rng.next() < uptime[i]! ? capacity[i]! : 0
    served[i] = s
    totalServed += s
  }
  const pool = w.operatorPool
  if (totalServed <= 0) {
    // Nobody served work: the operators' emission is not earned and goes to the treasury.
    w.treasury += pool
    w.lastServedCapacity = 0
    w.lastOperatorEmission = 0
    return
  }
  const price = w.price
  const feeTokens = Math.min(w.feesUsd / price, w.float)
  w.float -= feeTokens
  w.flows.boughtTokens += feeTokens
  const tokensPerUnit = (pool + feeTokens) / totalServed
  const sellFraction = p.operators.sellFraction
  const { costUsd, stake, balance, lossStreak, patience, profitUsd } = o
  let sold = 0
  let profitSum = 0
  let exits = 0
  for (let i = 0; i < n; i++) {
    if (alive[i] !== 1) continue
    const reward = served[i]! * tokensPerUnit
    const profit = reward * price - costUsd[i]!
    profitUsd[i] = profit
    profitSum += profit
    const sell = reward * sellFraction
    balance[i] = balance[i]! + reward - sell
    sold += sell
    if (profit < 0) {
      lossStreak[i] = lossStreak[i]! + 1
      if (lossStreak[i]! > patience[i]!) {
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
  w.float += sold
  w.flows.soldTokens += sold
  w.flows.operatorExits += exits
  w.flows.operatorProfitUsd = profitSum
  w.lastServedCapacity = totalServed
  w.lastOperatorEmission = pool
})
