/**
 * Voters from their economics (`governance.voters: economic`): what a proposal does to the
 * network's flows, priced when it is raised (`proposalEffect`), and each voter's support from
 * its own position when the votes are counted (`economicSupport`), by the library's
 * models/mechanisms/governance/economicVote.ts. Operators gain their part of a change in the
 * operators' emission (their share of the capacity served this epoch) and, like every holder,
 * lose to dilution; validators gain their stake share of the validators' emission; the outside holders
 * only lose to dilution. Nothing here is a preference: a proposal's `support` is used only when it
 * changes nothing voters can price (a governance setting, for instance).
 */
import { setPath } from "../../../../src/kit/runtime.ts"
import { netGain, type ProposalEffect, supportFrom } from "../../../mechanisms/governance/economicVote.ts"
import type { GpuNetworkParams } from "../../params/params.ts"
import type { GpuWorld } from "../../world.ts"
import { emissionAt } from "../emission/emission.ts"

const timeOnly = (p: GpuNetworkParams): boolean => p.token.emission.kind === "fixed" || p.token.emission.kind === "exponential-decay"

/**
 * The effect of applying `changes` (and moving `transfer` tokens out of the treasury) now: the
 * change in the operators' and validators' emission per epoch at this epoch. Emission rules
 * that depend on the world (Cosmos, Polkadot, Ethereum, expressions) are priced at this epoch's
 * emission: only a change of the split between operators and validators moves their pools.
 */
export const proposalEffect = (w: GpuWorld, p: GpuNetworkParams, changes: Readonly<Record<string, number>>, transfer: number): ProposalEffect => {
  let next = p
  for (const [path, value] of Object.entries(changes)) next = setPath(next, path, value)
  const t = p.token
  const stakersNow = timeOnly(p) ? emissionAt(t.emission, w.epoch) : t.operatorShare > 0 ? w.operatorPool / t.operatorShare : t.validatorShare > 0 ? w.validatorPool / t.validatorShare : 0
  const stakersNext = timeOnly(p) && timeOnly(next) ? emissionAt(next.token.emission, w.epoch) : stakersNow
  return {
    operatorPoolDelta: stakersNext * next.token.operatorShare - stakersNow * t.operatorShare,
    validatorPoolDelta: stakersNext * next.token.validatorShare - stakersNow * t.validatorShare,
    transfer: Math.min(transfer, w.treasury)
  }
}

/** Each voter's support (1 or 0) for a proposal of effect `e`: operators and validators by slot, and the outside holders. */
export interface EconomicSupport {
  readonly operators: Float64Array
  readonly validators: Float64Array
  readonly holders: number
  /** Each voter's net gain in tokens (what a briber must make up when it is negative). */
  readonly operatorsNet: Float64Array
  readonly validatorsNet: Float64Array
}

export const economicSupport = (w: GpuWorld, p: GpuNetworkParams, e: ProposalEffect): EconomicSupport => {
  const h = p.governance.voterHorizon
  const supply = w.ledger.supply
  const ops = w.operators
  const { served, stake, balance } = ops.cols
  let servedTotal = 0
  for (let i = 0; i < ops.size; i++) if (ops.alive[i] === 1) servedTotal += served[i]!
  const operators = new Float64Array(ops.size)
  const operatorsNet = new Float64Array(ops.size)
  for (let i = 0; i < ops.size; i++) {
    if (ops.alive[i] !== 1) continue
    const share = servedTotal > 0 ? served[i]! / servedTotal : 0
    operatorsNet[i] = netGain(e, e.operatorPoolDelta * share, stake[i]! + balance[i]!, supply, h)
    operators[i] = supportFrom(operatorsNet[i]!)
  }
  const vals = w.validators
  let staked = 0
  for (let i = 0; i < vals.size; i++) if (vals.alive[i] === 1) staked += vals.cols.stake[i]!
  const validators = new Float64Array(vals.size)
  const validatorsNet = new Float64Array(vals.size)
  for (let i = 0; i < vals.size; i++) {
    if (vals.alive[i] !== 1) continue
    const share = staked > 0 ? vals.cols.stake[i]! / staked : 0
    validatorsNet[i] = netGain(e, e.validatorPoolDelta * share, vals.cols.stake[i]! + vals.cols.balance[i]!, supply, h)
    validators[i] = supportFrom(validatorsNet[i]!)
  }
  // Every outside token is in the same position: no rewards, only dilution.
  return { operators, validators, holders: supportFrom(netGain(e, 0, w.outside, supply, h)), operatorsNet, validatorsNet }
}
