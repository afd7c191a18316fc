/**
 * Emission: mint this epoch's tokens by the experiment's rule and split them into the operator
 * pool, the validator pool and the treasury. The rules are the library's pure functions
 * (models/mechanisms/emission); this system only feeds them the world's state:
 * - fixed, exponential-decay: a function of the epoch;
 * - halving-by-issuance: of what this rule has issued so far, against its cap;
 * - bonded-ratio-controller: Cosmos x/mint, one epoch = blocksPerYear / epochsPerYear blocks at
 *   the epoch's bonded ratio: the per-block inflation step and the truncated block provision are
 *   exact LegacyDec; the provision is that of the epoch's final inflation for every block of the
 *   epoch (the SDK recomputes it each block: a difference of at most one step per epoch);
 * - ideal-staking-curve: Polkadot era payout with period = one epoch; the part of the maximum
 *   the stakers do not get goes to the treasury;
 * - sqrt-stake: Ethereum base rewards on the total stake, every reward period of the epoch;
 * - expression: the designer's formula (a safe expression; negative results mint nothing, NaN or
 *   Infinity fails the run with the epoch and the variables).
 */
import { system } from "../../../../src/kit/runtime.ts"
import { blockProvision, nextAnnualProvisions, nextInflationRate } from "../../../mechanisms/emission/bondedRatio.ts"
import { decOfNumber, toNumber } from "../../../mechanisms/emission/LegacyDec.ts"
import { baseRewardPerIncrement, exponentialDecay, halvingByIssuance, idealStakingAdjustment } from "../../../mechanisms/emission/otherRules.ts"
import type { Emission, GpuNetworkParams } from "../../params/params.ts"
import type { GpuWorld } from "../../world.ts"
import type { EmissionState } from "./state.ts"

/** Tokens minted in `epoch` under the time-only rules (fixed, exponential-decay). */
export const emissionAt = (rule: Emission, epoch: number): number => {
  switch (rule.kind) {
    case "fixed":
      return rule.perEpoch
    case "exponential-decay":
      return exponentialDecay(rule.perEpoch, rule.halfLife, epoch)
    default:
      return 0
  }
}

interface Minted {
  /** To stakers (split between operators and validators). */
  readonly stakers: number
  /** Straight to the treasury (Polkadot's remainder). */
  readonly treasury: number
}

const stakedTotal = (w: GpuWorld): number => {
  let staked = 0
  const o = w.operators
  for (let i = 0; i < o.size; i++) if (o.alive[i] === 1) staked += o.cols.stake[i]!
  const v = w.validators
  for (let i = 0; i < v.size; i++) if (v.alive[i] === 1) staked += v.cols.stake[i]!
  return staked
}

const mintBy = (w: GpuWorld, p: GpuNetworkParams, s: EmissionState): Minted => {
  const rule = p.token.emission
  const supply = w.ledger.supply
  switch (rule.kind) {
    case "fixed":
    case "exponential-decay":
      return { stakers: emissionAt(rule, w.epoch), treasury: 0 }
    case "halving-by-issuance":
      return { stakers: halvingByIssuance(rule.perEpoch, s.issued, rule.cap), treasury: 0 }
    case "bonded-ratio-controller": {
      const mint = s.mint!
      const blocks = Math.max(1, Math.round(rule.blocksPerYear / p.token.epochsPerYear))
      const bonded = decOfNumber(supply > 0 ? Math.min(1, stakedTotal(w) / supply) : 0)
      // Inflation moves once per block by the same exact step (the bonded ratio is the
      // epoch's), clamped to [min, max]: `blocks` clamped steps = one clamp of `blocks` steps.
      const step = nextInflationRate(mint, s.inflation, bonded) - s.inflation
      const moved = s.inflation + step * BigInt(blocks)
      s.inflation = moved > mint.inflationMax ? mint.inflationMax : moved < mint.inflationMin ? mint.inflationMin : moved
      const perBlock = blockProvision(mint, nextAnnualProvisions(s.inflation, BigInt(Math.floor(supply))))
      return { stakers: Number(perBlock) * blocks, treasury: 0 }
    }
    case "ideal-staking-curve": {
      const x = supply > 0 ? stakedTotal(w) / supply : 0
      const adjustment = idealStakingAdjustment(x, rule.idealStake, rule.falloff)
      const stakersRate = rule.minInflation + (rule.maxInflation - rule.minInflation) * adjustment
      const period = 1 / p.token.epochsPerYear
      const total = rule.maxInflation * period * supply
      const stakers = Math.min(total, stakersRate * period * supply)
      return { stakers, treasury: total - stakers }
    }
    case "sqrt-stake": {
      const increments = Math.floor(stakedTotal(w) / rule.incrementTokens)
      if (increments <= 0) return { stakers: 0, treasury: 0 }
      const perIncrementGwei = Number(baseRewardPerIncrement(BigInt(increments) * 1_000_000_000n))
      return { stakers: (rule.periodsPerEpoch * increments * perIncrementGwei * rule.incrementTokens) / 1e9, treasury: 0 }
    }
    case "expression": {
      const staked = stakedTotal(w)
      const value = Number(
        s.compiled!.evaluate({
          variables: { epoch: w.epoch, supply, staked, stakedRatio: supply > 0 ? staked / supply : 0, price: w.price, issued: s.issued, initialSupply: w.ledger.initial, epochsPerYear: p.token.epochsPerYear }
        })
      )
      // NaN or Infinity is the formula's fault, not "nothing to mint": fail the run and say so.
      if (!Number.isFinite(value)) throw new Error(`token.emission.expression ${JSON.stringify(rule.expression)} gives ${value} at epoch ${w.epoch} (supply ${supply}, staked ${staked}, price ${w.price}, issued ${s.issued})`)
      return { stakers: value > 0 ? value : 0, treasury: 0 }
    }
  }
}

export const emission = system<GpuWorld, GpuNetworkParams>("emission", (w, p) => {
  const m = mintBy(w, p, w.emissionState)
  const e = m.stakers + m.treasury
  w.ledger.mint(e)
  w.emissionState.issued += e
  w.flows.emission = e
  w.operatorPool = m.stakers * p.token.operatorShare
  w.validatorPool = m.stakers * p.token.validatorShare
  w.treasury += e - w.operatorPool - w.validatorPool
})

/** Exposed for tests: the inflation a Cosmos-rule run has reached. */
export const cosmosInflation = (w: GpuWorld): number => toNumber(w.emissionState.inflation)
