/**
 * Cosmos x/slashing (keeper/infractions.go HandleValidatorSignature, keeper/slash):
 * - downtime: over a sliding window of `signedBlocksWindow` blocks, a validator that missed more
 *   than window - minSignedPerWindow * window blocks (after the first `window` blocks of its
 *   life) is slashed `slashFractionDowntime` of its stake and jailed for `downtimeJailDuration`;
 *   its missed-block record is reset. It may unjail after the jail time.
 * - double signing (equivocation) is slashed `slashFractionDoubleSign` and tombstoned (jailed
 *   forever, can never unjail): the simulation runs it in gpu-network's slashing/doubleSign.ts
 *   (rule `fraction`, with Electra's rule beside it); here a tombstoned validator is only
 *   skipped by `handleSignature` and refused by `canUnjail`.
 * Defaults as the SDK: window 100, min signed 0.5, downtime 0.01, double sign 0.05.
 * State lives in typed arrays, one ring-buffer row per validator, so many validators are
 * processed per epoch without allocation.
 */

import { decOfNumber, roundInt } from "../emission/LegacyDec.ts"

export interface CosmosSlashingParams {
  readonly signedBlocksWindow: number
  readonly minSignedPerWindow: number
  readonly downtimeJailDuration: number
  readonly slashFractionDowntime: number
  readonly slashFractionDoubleSign: number
}

export const defaultCosmosSlashing: CosmosSlashingParams = {
  signedBlocksWindow: 100,
  minSignedPerWindow: 0.5,
  downtimeJailDuration: 600,
  slashFractionDowntime: 0.01,
  slashFractionDoubleSign: 0.05
}

/** Signing state of n validators. */
export class SigningState {
  readonly window: number
  /** n x window ring buffer: 1 where the block was missed. */
  readonly missed: Uint8Array
  readonly missedCount: Uint32Array
  /** Blocks seen since the validator started (for the grace of the first window). */
  readonly seen: Float64Array
  readonly jailedUntil: Float64Array
  readonly tombstoned: Uint8Array

  constructor(n: number, window: number) {
    this.window = window
    this.missed = new Uint8Array(n * window)
    this.missedCount = new Uint32Array(n)
    this.seen = new Float64Array(n)
    this.jailedUntil = new Float64Array(n)
    this.tombstoned = new Uint8Array(n)
  }

  /** Reset validator i's record (new validator in a reused slot, or after a downtime jail). */
  reset(i: number): void {
    this.missed.fill(0, i * this.window, (i + 1) * this.window)
    this.missedCount[i] = 0
    this.seen[i] = 0
  }
}

/**
 * Largest number of missed blocks in a window that is still tolerated: window - the SDK's
 * MinSignedPerWindowInt, `MinSignedPerWindow.MulInt64(window).RoundInt64()` in exact decimals
 * (ties to even): 0.29 x 100 = 29 signed, 0.5 x 3 = 1.5 -> 2, 0.555 x 100 = 55.5 -> 56.
 */
export const maxMissed = (p: CosmosSlashingParams): number => {
  // Called per validator per block: the exact decimal work is done once per parameter pair.
  if (p.signedBlocksWindow !== cached.window || p.minSignedPerWindow !== cached.minSigned) {
    cached.window = p.signedBlocksWindow
    cached.minSigned = p.minSignedPerWindow
    cached.maxMissed = p.signedBlocksWindow - Number(roundInt(decOfNumber(p.minSignedPerWindow) * BigInt(p.signedBlocksWindow)))
  }
  return cached.maxMissed
}
const cached = { window: Number.NaN, minSigned: Number.NaN, maxMissed: 0 }

/**
 * Record validator i's signature at `height`; returns the fraction of stake to slash now
 * (0 when none). Jailed and tombstoned validators are skipped (they are not in the active set).
 */
export const handleSignature = (s: SigningState, p: CosmosSlashingParams, i: number, height: number, signed: boolean): number => {
  if (s.tombstoned[i] === 1 || height < s.jailedUntil[i]!) return 0
  const idx = i * s.window + (s.seen[i]! % s.window)
  const was = s.missed[idx]!
  const now = signed ? 0 : 1
  if (was !== now) {
    s.missed[idx] = now
    s.missedCount[i] = s.missedCount[i]! + (now ? 1 : -1)
  }
  s.seen[i] = s.seen[i]! + 1
  if (s.seen[i]! > p.signedBlocksWindow && s.missedCount[i]! > maxMissed(p)) {
    s.jailedUntil[i] = height + p.downtimeJailDuration
    s.reset(i)
    return p.slashFractionDowntime
  }
  return 0
}

/** Whether validator i may unjail at `height`: its jail time is over and it is not tombstoned. */
export const canUnjail = (s: SigningState, i: number, height: number): boolean => s.tombstoned[i] !== 1 && height >= s.jailedUntil[i]!
