/**
 * Slashing in the running network, with the library's rules (models/mechanisms/slashing):
 * - downtime: each epoch is a signing round; an operator online less than minSignedPerWindow of
 *   its window (after its first window) loses downtimeFraction of its stake and is jailed for
 *   jailEpochs (it earns nothing then: routing skips it);
 * - double signing: each validator equivocates with probability doubleSignRate per epoch, loses
 *   doubleSignFraction of its stake and is tombstoned: it leaves, its remaining stake unbonds;
 * - every slash is split by `splitSlash`: treasury, whistleblower (paid to the float, an outside
 *   reporter) and the rest burned (counted as slashed-and-burned in the ledger).
 */
import { system } from "../../../src/engine/Pipeline.ts"
import { handleSignature, SigningState, type CosmosSlashingParams } from "../../mechanisms/slashing/cosmos.ts"
import { splitSlash } from "../../mechanisms/slashing/destination.ts"
import { correlationPenalty, inactivityPenalty, nextInactivityScore } from "../../mechanisms/slashing/ethereum.ts"

const GWEI = 1e9
const gwei = (tokens: number): bigint => BigInt(Math.max(0, Math.round(tokens * GWEI)))
import type { GpuNetworkParams } from "../params.ts"
import type { GpuWorld } from "../world.ts"

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
  leakPenalties: 0
})

const cosmosParams = (p: GpuNetworkParams): CosmosSlashingParams => ({
  signedBlocksWindow: p.slashing.signedWindow,
  minSignedPerWindow: p.slashing.minSignedPerWindow,
  downtimeJailDuration: p.slashing.jailEpochs,
  slashFractionDowntime: p.slashing.downtimeFraction,
  slashFractionDoubleSign: p.slashing.doubleSignFraction
})

/** Apply a slash of `amount`: burn, treasury, whistleblower. */
export const settle = (w: GpuWorld, p: GpuNetworkParams, amount: number) => {
  const split = splitSlash(amount, { toTreasury: p.slashing.toTreasury, toWhistleblower: p.slashing.toWhistleblower })
  if (split.burned > 0) w.ledger.burn(split.burned, true)
  w.treasury += split.treasury
  w.float += split.whistleblower
  w.slashing.slashedTotal += amount
}

export const slashing = system<GpuWorld, GpuNetworkParams>("slashing", (w, p, rng) => {
  const sp = p.slashing
  if (sp.downtime) {
    const ops = w.operators
    const s = w.slashing
    if (s.signing.window !== sp.signedWindow) {
      // A proposal changed the window: every record starts over (with the first window's grace),
      // jails stand.
      const next = new SigningState(s.signing.seen.length, sp.signedWindow)
      next.jailedUntil.set(s.signing.jailedUntil)
      next.tombstoned.set(s.signing.tombstoned)
      s.signing = next
    }
    if (s.signing.seen.length < ops.size) {
      // The population grew: a larger record, keeping the existing rows.
      const bigger = new SigningState(ops.size * 2, s.signing.window)
      bigger.missed.set(s.signing.missed)
      bigger.missedCount.set(s.signing.missedCount)
      bigger.seen.set(s.signing.seen)
      bigger.jailedUntil.set(s.signing.jailedUntil)
      s.signing = bigger
      const owner = new Float64Array(ops.size * 2)
      owner.set(s.owner)
      s.owner = owner
    }
    const cp = cosmosParams(p)
    const { served, stake, joinedEpoch } = ops.cols
    for (let i = 0; i < ops.size; i++) {
      if (ops.alive[i] !== 1) continue
      // A slot taken over by a newcomer starts a clean record.
      if (s.owner[i] !== joinedEpoch[i]! + 1) {
        s.signing.reset(i)
        s.signing.jailedUntil[i] = 0
        s.owner[i] = joinedEpoch[i]! + 1
      }
      const fraction = handleSignature(s.signing, cp, i, w.epoch, served[i]! > 0)
      if (fraction > 0) {
        const amount = stake[i]! * fraction
        w.operatorStakes.remove(stake[i]!)
        stake[i] = stake[i]! - amount
        w.operatorStakes.insert(stake[i]!)
        settle(w, p, amount)
        s.jailings++
        s.regionJailings[ops.cols.region[i]!]! += 1
      }
    }
  }
  if (sp.inactivityLeak) leak(w, p)
  const window = w.slashing.recentSlashes
  const slot = w.epoch % window.length
  window[slot] = 0
  if (sp.doubleSignRate > 0) {
    const vals = w.validators
    const { stake, balance } = vals.cols
    let totalStake = 0
    if (sp.correlated) for (let i = 0; i < vals.size; i++) if (vals.alive[i] === 1) totalStake += stake[i]!
    for (let i = 0; i < vals.size; i++) {
      if (vals.alive[i] !== 1 || !(rng.next() < sp.doubleSignRate)) continue
      let amount = stake[i]! * sp.doubleSignFraction
      window[slot]! += stake[i]!
      if (sp.correlated && totalStake > 0) {
        // Electra process_slashings, in gwei: the more stake slashed together, the more each pays.
        let recent = 0
        for (let k = 0; k < window.length; k++) recent += window[k]!
        const penalty = Number(correlationPenalty(gwei(stake[i]!), gwei(recent), gwei(totalStake))) / GWEI
        amount = Math.min(stake[i]!, amount + penalty)
      }
      settle(w, p, amount)
      // Tombstoned: out for good; what is left unbonds and is sold.
      const rest = stake[i]! - amount + balance[i]!
      w.float += rest
      w.flows.soldTokens += rest
      stake[i] = 0
      balance[i] = 0
      vals.remove(i)
      w.flows.validatorExits++
      w.slashing.tombstoned++
    }
  }
})

/**
 * Inactivity leak (Ethereum, Altair+ rules, one epoch = one round): while less than 2/3 of the
 * operators' capacity is online the chain cannot finalize, so offline operators' scores grow and
 * their stake bleeds until the online share recovers.
 */
const leak = (w: GpuWorld, p: GpuNetworkParams) => {
  const ops = w.operators
  const s = w.slashing
  if (s.inactivity.length < ops.size) {
    const grown = new Float64Array(ops.size * 2)
    grown.set(s.inactivity)
    s.inactivity = grown
  }
  let online = 0
  let total = 0
  const { served, capacity, stake } = ops.cols
  for (let i = 0; i < ops.size; i++) {
    if (ops.alive[i] !== 1) continue
    total += capacity[i]!
    online += served[i]!
  }
  const inLeak = total > 0 && online < (2 / 3) * total
  for (let i = 0; i < ops.size; i++) {
    if (ops.alive[i] !== 1) {
      s.inactivity[i] = 0
      continue
    }
    const score = nextInactivityScore(BigInt(s.inactivity[i]!), served[i]! > 0, inLeak)
    s.inactivity[i] = Number(score)
    if (score === 0n || stake[i]! <= 0) continue
    const penalty = Math.min(stake[i]!, Number(inactivityPenalty(gwei(stake[i]!), score)) / GWEI)
    if (!(penalty > 0)) continue
    w.operatorStakes.remove(stake[i]!)
    stake[i] = stake[i]! - penalty
    w.operatorStakes.insert(stake[i]!)
    w.ledger.burn(penalty, true)
    s.leakPenalties += penalty
  }
}

/** Whether operator i is jailed at the world's epoch (routing gives it no work). */
export const isJailed = (w: GpuWorld, i: number): boolean => {
  const s = w.slashing.signing
  // A jail belongs to the operator who earned it, not to a newcomer in the same slot.
  return i < s.jailedUntil.length && w.epoch < s.jailedUntil[i]! && w.slashing.owner[i] === w.operators.cols.joinedEpoch[i]! + 1
}
