/**
 * Slashing in the running network, with the library's rules (models/mechanisms/slashing):
 * - downtime: each epoch is a signing round; an operator online less than minSignedPerWindow of
 *   its window (after its first window) loses downtimeFraction of its stake and is jailed for
 *   jailEpochs (it earns nothing then: routing skips it);
 * - double signing: each validator equivocates with probability doubleSignRate per epoch and is
 *   tombstoned: it leaves, its remaining stake unbonds. It loses, by `doubleSignRule`:
 *   fraction: doubleSignFraction of its stake; electra: Ethereum's slash_validator
 *   (`initialSlash`): effective balance // 4096, while a whistleblower reward of effective
 *   balance // 4096 is minted (the spec's increase_balance: new tokens, not a share of the
 *   penalty), 8/64 of it to a proposer (another validator, drawn by stake) and the rest to the
 *   reporter (the float). `correlated` adds the correlation penalty under either rule;
 * - every slash is split by `splitSlash`: treasury, whistleblower (paid to the float, an outside
 *   reporter) and the rest burned (counted as slashed-and-burned in the ledger).
 */
import { system } from "../../../src/engine/Pipeline.ts"
import { handleSignature, SigningState, type CosmosSlashingParams } from "../../mechanisms/slashing/cosmos.ts"
import { splitSlash } from "../../mechanisms/slashing/destination.ts"
import { correlationPenalty, EFFECTIVE_BALANCE_INCREMENT, inactivityPenalty, initialSlash, nextInactivityScore } from "../../mechanisms/slashing/ethereum.ts"
import type { Rng } from "../../../src/engine/Rng.ts"
import type { GpuNetworkParams } from "../params.ts"
import type { GpuWorld } from "../world.ts"

const GWEI = 1e9
const gwei = (tokens: number): bigint => BigInt(Math.max(0, Math.round(tokens * GWEI)))
const tokensOf = (g: bigint): number => Number(g) / GWEI

/**
 * Ethereum effective balance of a stake, in gwei: whole increments (1 token = 1 ETH = 1e9 gwei),
 * rounded down as process_effective_balance_updates does. No 32 / 2,048 ETH cap: a model
 * validator stands for a staking pool.
 */
export const effectiveBalanceGwei = (stakeTokens: number): bigint =>
  BigInt(Math.max(0, Math.floor(stakeTokens))) * EFFECTIVE_BALANCE_INCREMENT

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
    const electra = sp.doubleSignRule === "electra"
    for (let i = 0; i < vals.size; i++) {
      if (vals.alive[i] !== 1 || !(rng.next() < sp.doubleSignRate)) continue
      let amount = electra ? electraSlash(w, rng, i) : stake[i]! * sp.doubleSignFraction
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
 * Ethereum's slash_validator (Electra) for validator i: mints the whistleblower reward (8/64 to
 * a proposer drawn by stake among the other live validators, the rest to the reporter, the
 * float; all of it to the reporter when no other validator is left) and returns the initial
 * penalty in tokens, which the caller takes from the stake and settles like every slash.
 * Amounts are the library's, in gwei, converted to tokens once.
 */
const electraSlash = (w: GpuWorld, rng: Rng, i: number): number => {
  const vals = w.validators
  const { stake, balance } = vals.cols
  const slash = initialSlash(effectiveBalanceGwei(stake[i]!))
  let others = 0
  for (let k = 0; k < vals.size; k++) if (k !== i && vals.alive[k] === 1) others += stake[k]!
  let proposer = -1
  if (others > 0) {
    // Proposer selection weighted by stake (compute_proposer_index weighs by effective balance).
    let target = rng.next() * others
    for (let k = 0; k < vals.size; k++) {
      if (k === i || vals.alive[k] !== 1 || !(stake[k]! > 0)) continue
      proposer = k
      target -= stake[k]!
      if (target < 0) break
    }
  }
  const toProposer = proposer >= 0 ? tokensOf(slash.proposerReward) : 0
  const toReporter = tokensOf(proposer >= 0 ? slash.whistleblowerReward - slash.proposerReward : slash.whistleblowerReward)
  if (proposer >= 0) balance[proposer] = balance[proposer]! + toProposer
  w.float += toReporter
  w.ledger.mint(toProposer + toReporter)
  w.flows.emission += toProposer + toReporter
  w.slashing.whistleblowerRewards += toProposer + toReporter
  w.slashing.proposerRewards += toProposer
  return tokensOf(slash.penalty)
}

/**
 * Inactivity leak (Ethereum, Altair+ rules): while less than 2/3 of the operators' capacity is
 * online the chain cannot finalize, so offline operators' scores grow and their stake bleeds
 * until the online share recovers. An epoch is `leakRoundsPerEpoch` Ethereum epochs, each with
 * the epoch's participation and leak state (Ethereum: 225 a day); an offline operator pays each
 * round's penalty on its stake after the previous round's.
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
  const rounds = p.slashing.leakRoundsPerEpoch
  for (let i = 0; i < ops.size; i++) {
    if (ops.alive[i] !== 1) {
      s.inactivity[i] = 0
      continue
    }
    const participated = served[i]! > 0
    let score = BigInt(s.inactivity[i]!)
    if (score === 0n && (participated || !inLeak)) continue // stays 0 all epoch, no penalty
    let left = stake[i]!
    for (let r = 0; r < rounds; r++) {
      score = nextInactivityScore(score, participated, inLeak)
      // Only a validator that missed the round pays (get_inactivity_penalty_deltas skips the
      // timely-target participants), on the score just updated.
      if (!participated && score > 0n && left > 0) left -= Math.min(left, tokensOf(inactivityPenalty(gwei(left), score)))
      else if (score === 0n && (participated || !inLeak)) break
    }
    s.inactivity[i] = Number(score)
    const penalty = stake[i]! - left
    if (!(penalty > 0)) continue
    w.operatorStakes.remove(stake[i]!)
    stake[i] = left
    w.operatorStakes.insert(left)
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
