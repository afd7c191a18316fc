/**
 * The attribution model's world: datanets (struct-of-arrays over datanet index), contributors in
 * a Population (honest, poisoned, or the farmer's sybil identities), validators as counts and
 * stake, and the token books. Tokens are held at 1 USD (no token market is modelled).
 *
 * Token holders: `outside` (users paying fees, sellers of stake), contributors' balances and
 * stakes, datanets' developers, validators, the treasury; slashed stake is burned. USD costs
 * (making data, running validators, curation) are paid off-chain: they appear in profits, and
 * curation's is paid by the treasury selling tokens to `outside`.
 */
import { Ledger, Population, slotBytes, type Recorder, type Rng, type StateSize, type WorldBase } from "../../src/kit/runtime.ts"
import { modelQuality } from "../mechanisms/attribution/feeSplit.ts"
import type { AttributionParams as P } from "./params.ts"

/** kind: 0 honest, 1 poisoned, 2 the farmer's sybil identity. */
export const HONEST = 0
export const POISONED = 1
export const SYBIL = 2

export const ContributorColumns = {
  datanet: Uint32Array,
  kind: Uint8Array,
  /** True value (influence) of the contributor's live items. */
  value: Float64Array,
  /** Value its near-duplicates copy (what attribution may leak to them). */
  dupValue: Float64Array,
  /** Value per item it adds. */
  itemValue: Float64Array,
  /** Live items and those added this epoch. */
  items: Float64Array,
  newItems: Float64Array,
  stake: Float64Array,
  reputation: Float64Array,
  balance: Float64Array,
  earnedEma: Float64Array,
  earnedEpoch: Float64Array,
  lossStreak: Uint32Array
} as const

export interface AttributionWorld extends WorldBase {
  readonly n: number
  readonly contributors: Population<typeof ContributorColumns>
  // Datanets.
  readonly quality: Float64Array
  readonly useful: Float64Array
  readonly poisonValue: Float64Array
  readonly fees: Float64Array
  readonly share: Float64Array
  readonly lastShare: Float64Array
  readonly developer: Float64Array
  /** Mean earnings per honest contributor last epoch, per datanet (what entrants look at). */
  readonly honestPay: Float64Array
  /** Data fees per unit of measured attribution score last epoch, per datanet (what a contributor's data earns). */
  readonly payPerScore: Float64Array
  readonly scoreSum: Float64Array
  // Validators.
  validators: number
  validatorBalance: number
  validatorPayEma: number
  validatorMoves: number
  // Books.
  outside: number
  treasury: number
  queriesLevel: number
  /** Fees paid this epoch, USD. */
  feesTotal: number
  // Counters (per epoch).
  contributorMoves: number
  honestEarnedEpoch: number
  honestCostEpoch: number
  curationCostEpoch: number
  // The farmer.
  farmTarget: number
  farmItems: number
  farmCost: number
  farmRevenue: number
  farmRevenueEpoch: number
  farmCaughtEpoch: number
  farmDetectedAt: number
  farmLiveItems: number
  /** Datanets the farmer has targeted. */
  farmMoves: number
  readonly rng: Rng
  metricIds?: Record<string, number>
  /** Running sums for the comparison metrics (cmp.*). */
  readonly cmp: { readonly sum: Float64Array; readonly count: Float64Array; profit: number; cost: number }
}

/** Add a contributor of `kind` to datanet d. */
export const addContributor = (w: AttributionWorld, p: P, d: number, kind: number, itemValue: number): number => {
  const c = w.contributors
  const i = c.add()
  c.cols.datanet[i] = d
  c.cols.kind[i] = kind
  c.cols.itemValue[i] = itemValue
  c.cols.reputation[i] = p.defences.reputationStart
  return i
}

/** The datanets and their contributors' slots (the memory estimate before a run, docs/limits.md); the attribution system's scores add 8 bytes a slot. */
export const attributionState = (p: P): ReadonlyArray<StateSize> => [
  { field: "datanets.count", what: "datanets", count: p.datanets.count, bytesEach: 10 * Float64Array.BYTES_PER_ELEMENT },
  { field: "datanets.count x datanets.contributors", what: "contributor slots", count: p.datanets.count * p.datanets.contributors + 64, bytesEach: slotBytes(ContributorColumns) + Float64Array.BYTES_PER_ELEMENT }
]

export const initWorld = (p: P, rng: Rng, recorder: Recorder): AttributionWorld => {
  const n = p.datanets.count
  const supply = 1e12
  const w: AttributionWorld = {
    epoch: 0,
    ledger: new Ledger(supply),
    recorder,
    n,
    contributors: new Population(ContributorColumns, n * p.datanets.contributors + 64),
    quality: new Float64Array(n),
    useful: new Float64Array(n),
    poisonValue: new Float64Array(n),
    fees: new Float64Array(n),
    share: new Float64Array(n),
    lastShare: new Float64Array(n),
    developer: new Float64Array(n),
    honestPay: new Float64Array(n),
    payPerScore: new Float64Array(n),
    scoreSum: new Float64Array(n),
    validators: p.validators.count,
    validatorBalance: 0,
    validatorPayEma: 0,
    validatorMoves: 0,
    outside: supply,
    treasury: 0,
    queriesLevel: p.demand.queries,
    feesTotal: 0,
    contributorMoves: 0,
    honestEarnedEpoch: 0,
    honestCostEpoch: 0,
    curationCostEpoch: 0,
    farmTarget: -1,
    farmItems: 0,
    farmCost: 0,
    farmRevenue: 0,
    farmRevenueEpoch: 0,
    farmCaughtEpoch: 0,
    farmDetectedAt: Number.NaN,
    farmLiveItems: 0,
    farmMoves: 0,
    rng,
    cmp: { sum: new Float64Array(8), count: new Float64Array(8), profit: 0, cost: 0 }
  }
  for (let d = 0; d < n; d++) {
    for (let k = 0; k < p.datanets.contributors; k++) {
      const kind = rng.next() < p.datanets.poisonShare ? POISONED : HONEST
      const i = addContributor(w, p, d, kind, p.datanets.itemValue * Math.exp(0.8 * rng.normal() - 0.32))
      // Established contributors: some data already in, full reputation.
      const items = p.datanets.itemsPerEpoch * 30
      w.contributors.cols.items[i] = items
      w.contributors.cols.value[i] = items * w.contributors.cols.itemValue[i]!
      w.contributors.cols.reputation[i] = 1
      const stake = items * p.defences.stakePerItem
      w.contributors.cols.stake[i] = stake
      w.outside -= stake
    }
  }
  // The models start trained on that data.
  const col = w.contributors.cols
  for (let i = 0; i < w.contributors.size; i++) {
    const d = col.datanet[i]!
    if (col.kind[i] === HONEST) w.useful[d] = w.useful[d]! + col.value[i]!
    else w.poisonValue[d] = w.poisonValue[d]! + col.value[i]!
  }
  for (let d = 0; d < n; d++) {
    const total = w.useful[d]! + w.poisonValue[d]!
    w.quality[d] = modelQuality(w.useful[d]!, p.datanets.qualityScale, total > 0 ? w.poisonValue[d]! / total : 0, p.datanets.poisonImpact)
  }
  return w
}

/** Tokens held by every holder (the invariant compares this with the ledger's supply). */
export const tokensHeld = (w: AttributionWorld): number => {
  let t = w.outside + w.treasury + w.validatorBalance
  for (let d = 0; d < w.n; d++) t += w.developer[d]!
  const c = w.contributors
  for (let i = 0; i < c.size; i++) if (c.alive[i]) t += c.cols.balance[i]! + c.cols.stake[i]!
  return t
}
