/**
 * Bonded-ratio inflation controller: Cosmos SDK x/mint (`Minter.NextInflationRate`,
 * `NextAnnualProvisions`, `BlockProvision` in x/mint/types/minter.go). Inflation moves toward
 * the bonded-ratio goal by at most `inflationRateChange` a year, clamped to [min, max]; each
 * block mints truncate(annual provisions / blocks per year). Exact LegacyDec arithmetic, in the
 * same order of operations as the SDK, so results match it to the last unit.
 */
import { decInt, mul, quo, quoInt, truncateInt } from "./LegacyDec.ts"

export interface MintParams {
  /** All LegacyDec units (10^-18). */
  readonly inflationRateChange: bigint
  readonly inflationMax: bigint
  readonly inflationMin: bigint
  readonly goalBonded: bigint
  readonly blocksPerYear: bigint
}

const ONE = decInt(1)

/** The SDK's defaults: 0.13, 0.20, 0.07, 0.67, 6,311,520 blocks a year. */
export const defaultMintParams: MintParams = {
  inflationRateChange: 130_000_000_000_000_000n,
  inflationMax: 200_000_000_000_000_000n,
  inflationMin: 70_000_000_000_000_000n,
  goalBonded: 670_000_000_000_000_000n,
  blocksPerYear: 6_311_520n
}

/** Next block's annual inflation rate from the current one and the bonded ratio. */
export const nextInflationRate = (p: MintParams, inflation: bigint, bondedRatio: bigint): bigint => {
  const changePerYear = mul(ONE - quo(bondedRatio, p.goalBonded), p.inflationRateChange)
  const change = quo(changePerYear, decInt(p.blocksPerYear))
  const next = inflation + change
  if (next > p.inflationMax) return p.inflationMax
  if (next < p.inflationMin) return p.inflationMin
  return next
}

/** Annual provisions: inflation x total supply (supply as an integer amount). */
export const nextAnnualProvisions = (inflation: bigint, totalSupply: bigint): bigint => mul(inflation, decInt(totalSupply))

/** Tokens minted in one block: truncate(annual provisions / blocks per year). */
export const blockProvision = (p: MintParams, annualProvisions: bigint): bigint => truncateInt(quoInt(annualProvisions, p.blocksPerYear))
