/**
 * Ethereum's slash_validator under Electra (models/mechanisms/slashing/ethereum.ts
 * `initialSlash`): the initial penalty, and the whistleblower reward minted for a proposer and
 * the reporter.
 */
import type { Rng } from "../../../../src/kit/runtime.ts"
import { initialSlash } from "../../../mechanisms/slashing/ethereum.ts"
import type { GpuWorld } from "../../world.ts"
import { effectiveBalanceGwei, tokensOf } from "./units.ts"

/**
 * Ethereum's slash_validator (Electra) for validator i: mints the whistleblower reward (8/64 to
 * a proposer drawn by stake among the other live validators, the rest to the reporter, an
 * outside holder; all of it to the reporter when no other validator is left) and returns the initial
 * penalty in tokens, which the caller takes from the stake and settles like every slash.
 * Amounts are the library's, in gwei, converted to tokens once.
 */
export const electraSlash = (w: GpuWorld, rng: Rng, i: number): number => {
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
  w.outside += toReporter
  w.ledger.mint(toProposer + toReporter)
  w.flows.emission += toProposer + toReporter
  w.slashing.whistleblowerRewards += toProposer + toReporter
  w.slashing.proposerRewards += toProposer
  return tokensOf(slash.penalty)
}
