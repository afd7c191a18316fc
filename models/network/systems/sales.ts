/**
 * The work layer's participants on the market: contributors and verifiers sell
 * `link.workSellFraction` of their liquid tokens each epoch into `outside` (what the market
 * reads as sold supply next epoch), as operators sell theirs. Poisoners sell what verification
 * let them earn; a slashed contributor's bond top-up was bought (./work.ts).
 */
import { system } from "../../../src/kit/runtime.ts"
import type { NetworkParams } from "../params.ts"
import type { NetworkWorld } from "../world.ts"

export const workSales = system<NetworkWorld, NetworkParams>("workSales", (w, p) => {
  const share = p.link.workSellFraction
  let sold = 0
  for (const pop of [w.work.contributors, w.work.validators]) {
    const balance = pop.cols.balance
    for (let i = 0; i < pop.size; i++) {
      const b = balance[i]!
      if (!(b > 0)) continue
      const sell = b * share
      balance[i] = b - sell
      sold += sell
    }
  }
  w.outside += sold
  w.flows.soldTokens += sold
  w.link.workSold = sold
})
