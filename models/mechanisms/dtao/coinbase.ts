/**
 * Dynamic TAO's coinbase: how a block's TAO emission reaches the subnets and how each subnet's
 * alpha emission is split (opentensor/subtensor, pallets/subtensor/src/coinbase/run_coinbase.rs
 * `get_subnet_terms`, `emit_to_subnets`; block_emission.rs; block_step.rs `root_proportion`).
 *
 * - Emission halves by issuance: 1 TAO per block / 2^floor(log2(1 / (1 - issuance / 21M)))
 *   (`get_block_emission_for_issuance`); the same function gives each subnet's alpha emission
 *   from that subnet's alpha issuance (alpha in pool + alpha outstanding).
 * - A subnet's TAO emission is injected into its pool as TAO with alpha at the pool price
 *   (alpha_in = tao / price), the alpha capped at root_proportion x alpha_emission; TAO above
 *   the cap ("excess TAO") buys alpha from the pool (a chain buy) for the protocol.
 * - Alpha out (the subnet's alpha emission) is minted for participants: the owner cut (18%,
 *   `SubtensorInitialSubnetOwnerCut` 11796/65535 in runtime/src/lib.rs), then half of the rest
 *   to miners and half to validators, of which root_proportion x 1/2 goes to root stakers.
 *
 * Amounts are float64 TAO and alpha (subtensor: u64 rao, U96F32).
 */
import { buyAlpha, injectLiquidity, type PoolState } from "./balancerPool.ts"

/** Total supply of TAO (and the cap of each alpha), whole tokens: 21,000,000. */
export const TOTAL_SUPPLY = 21_000_000
/** Emission per block before any halving, whole tokens (`DefaultBlockEmission`: 1e9 rao). */
export const BLOCK_EMISSION = 1
/** Owner cut of alpha out: 11796 / 65535 (~18%). */
export const OWNER_CUT = 11796 / 65535
/** Default tao weight of root stake in root proportion (`SubtensorInitialTaoWeight` / u64::MAX, ~5.3%). */
export const DEFAULT_TAO_WEIGHT = 971_718_665_099_567_868 / 18_446_744_073_709_551_615

/**
 * Block emission for an issuance, exactly as subtensor rounds it: rao in, rao out
 * (`get_block_emission_for_issuance`); halves each time half of what remains is issued.
 */
export const blockEmissionRao = (issuanceRao: bigint): bigint => {
  const supply = 21_000_000_000_000_000n
  if (issuanceRao >= supply) return 0n
  // floor(log2(S / (S - I))): the largest k with 2^k <= S / (S - I), integer-exact.
  const remaining = supply - issuanceRao
  let k = 0n
  while ((remaining << (k + 1n)) <= supply) k++
  return 1_000_000_000n >> k
}

/** Block emission in whole tokens for an issuance in whole tokens (TAO or a subnet's alpha). */
export const blockEmission = (issuance: number): number =>
  // Unlike models/mechanisms/emission/otherRules.ts `halvingByIssuance`, subtensor does not clip
  // the last block at the cap: it emits the full rate while under it.
  issuance < TOTAL_SUPPLY ? BLOCK_EMISSION / Math.pow(2, Math.floor(Math.log2(TOTAL_SUPPLY / (TOTAL_SUPPLY - issuance)))) : 0

/** root_proportion = w R / (w R + alpha issuance): the root stake's claim on a subnet's validator alpha. */
export const rootProportion = (rootTao: number, taoWeight: number, alphaIssuance: number): number => {
  const w = rootTao * taoWeight
  return w + alphaIssuance > 0 ? w / (w + alphaIssuance) : 0
}

/** How one subnet's TAO emission enters its pool this block. */
export interface SubnetTerms {
  /** TAO injected as liquidity. */
  readonly taoIn: number
  /** Alpha injected as liquidity (alpha_in). */
  readonly alphaIn: number
  /** TAO that buys alpha from the pool for the protocol (excess over the injection cap). */
  readonly excessTao: number
}

/** `get_subnet_terms` for one subnet: injection at the pool price, alpha capped by root proportion. */
export const subnetTerms = (taoEmission: number, price: number, alphaEmission: number, rootProp: number): SubnetTerms => {
  let taoIn = taoEmission
  let alphaIn = price > 0 ? taoEmission / price : 0
  const cap = rootProp * alphaEmission
  if (alphaIn > cap) {
    alphaIn = cap
    taoIn = alphaIn * price
  }
  return { taoIn, alphaIn, excessTao: Math.max(0, taoEmission - taoIn) }
}

/** One subnet's alpha out, split between owner, miners, validators and root stakers. */
export interface AlphaSplit {
  readonly owner: number
  readonly miners: number
  readonly validators: number
  readonly root: number
}

/** `emit_to_subnets` step 3: owner cut first, then miners 1/2, validators 1/2 less root_proportion x 1/2. */
export const splitAlphaOut = (alphaOut: number, rootProp: number, ownerCut: number = OWNER_CUT): AlphaSplit => {
  const owner = alphaOut * ownerCut
  const rest = alphaOut - owner
  const root = rootProp * rest * 0.5
  const miners = rest * 0.5
  return { owner, miners, validators: rest - miners - root, root }
}

/** What one subnet's emission did this block (or epoch of blocks). */
export interface SubnetEmission {
  /** TAO minted for the subnet: injected + chain buy (+ the chain buy's fee). */
  readonly taoMinted: number
  /** Alpha minted into the pool as liquidity. */
  readonly alphaInjected: number
  /** Alpha the chain buy took out of the pool for the protocol. */
  readonly protocolAlpha: number
  /** Fee of the chain buy, TAO (to the block author). */
  readonly fee: number
  /** Alpha minted for participants (alpha out), split. */
  readonly split: AlphaSplit
}

/**
 * One subnet's share of a block (`emit_to_subnets` for one subnet): inject TAO and alpha at the
 * price (capped), buy alpha with the excess TAO, mint alpha out and split it. Mutates the pool.
 * `feeRate` applies to the chain buy (subtensor runs it through the ordinary swap).
 */
export const emitToSubnet = (
  pool: PoolState,
  taoEmission: number,
  alphaEmission: number,
  rootProp: number,
  ownerCut: number = OWNER_CUT,
  feeRate: number = 33 / 65535
): SubnetEmission => {
  const price = pool.alpha > 0 ? ((1 - pool.quoteWeight) / pool.quoteWeight) * (pool.tao / pool.alpha) : 0
  const terms = subnetTerms(taoEmission, price, alphaEmission, rootProp)
  const injected = injectLiquidity(pool, terms.taoIn, terms.alphaIn)
  // An injection refused (weights out of range) leaves its TAO unminted, as subtensor recycles the credit.
  const bought = terms.excessTao > 0 ? buyAlpha(pool, terms.excessTao, feeRate) : { out: 0, fee: 0 }
  const chainTao = bought.out > 0 ? terms.excessTao : 0
  return {
    taoMinted: injected.tao + chainTao,
    alphaInjected: injected.alpha,
    protocolAlpha: bought.out,
    fee: bought.out > 0 ? bought.fee : 0,
    split: splitAlphaOut(alphaEmission, rootProp, ownerCut)
  }
}
