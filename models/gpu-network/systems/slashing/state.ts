/**
 * The state of slashing in a gpu-network run: operators' signing records (downtime), totals,
 * the recent-slashes window (correlation penalty) and inactivity scores. A leaf module: the
 * world holds it and the slashing files change it.
 */
import { SigningState } from "../../../mechanisms/slashing/cosmos.ts"
import type { GpuNetworkParams } from "../../params/params.ts"


/** Per-run slashing state: the operators' signing records, grown with the population. */
export interface SlashingState {
  signing: SigningState
  /** Join epoch + 1 of the operator whose record each slot holds (0: none): a reused slot starts fresh. */
  owner: Float64Array
  slashedTotal: number
  jailings: number
  /** Jailings by region (index into params.regions.names). */
  regionJailings: Float64Array
  tombstoned: number
  /** Stake slashed in each of the last correlationWindow epochs (ring buffer). */
  readonly recentSlashes: Float64Array
  /** Inactivity score per operator slot. */
  inactivity: Float64Array
  leakPenalties: number
  /** doubleSignRule electra: whistleblower rewards minted since epoch 0, and the proposers' part of them. */
  whistleblowerRewards: number
  proposerRewards: number
}

export const initSlashing = (p: GpuNetworkParams, capacity: number): SlashingState => ({
  signing: new SigningState(p.slashing.downtime ? capacity : 0, p.slashing.signedWindow),
  owner: new Float64Array(p.slashing.downtime ? capacity : 0),
  slashedTotal: 0,
  jailings: 0,
  regionJailings: new Float64Array(p.regions.names.length),
  tombstoned: 0,
  recentSlashes: new Float64Array(p.slashing.correlationWindow),
  inactivity: new Float64Array(p.slashing.inactivityLeak ? capacity : 0),
  leakPenalties: 0,
  whistleblowerRewards: 0,
  proposerRewards: 0
})
