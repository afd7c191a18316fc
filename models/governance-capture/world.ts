/**
 * governance-capture's world: honest holders (a table), the treasury, the attacker's tokens and
 * loan, the lenders outside the model, and the ballot on the attacker's proposal (counted with
 * the library's tally, models/mechanisms/governance/tally.ts). `initWorld` draws the holders'
 * balances and, for a coalition, buys its tokens on a constant-product pool.
 */
import { Ledger, Population, slotBytes, type Recorder, type Rng, type StateSize, type WorldBase } from "../../src/kit/runtime.ts"
import { emptyBallot, type Ballot } from "../mechanisms/governance/tally.ts"
import { votesFor } from "../mechanisms/governance/voting.ts"
import type { GovernanceCaptureParams as P } from "./params.ts"

export const HolderColumns = { balance: Float64Array, voteEpoch: Int32Array, support: Uint8Array } as const

export interface GovWorld extends WorldBase {
  readonly holders: Population<typeof HolderColumns>
  treasury: number
  /** Tokens the attacker holds (coalition) and has borrowed (flash loan, within one epoch). */
  attacker: number
  borrowed: number
  /** Tokens outside the model (lenders); borrowed tokens leave and come back here. */
  outside: number
  proposedAt: number
  /** Yes and no votes cast on the attacker's proposal; all power is set when it is decided. */
  readonly ballot: Ballot
  honestPowerCast: number
  succeededAt: number
  executedAt: number
  decided: boolean
  passed: boolean
  attackCost: number
  attackProfit: number
  /** The flash loan has been taken (it is taken once). */
  launched: boolean
  /** optimize: the attacker's last pricing of the loan (NaN before its first). */
  plan: FlashLoanPlan
}

/** A flash-loan attacker's pricing: expected profit (USD), the loan that carries the vote (tokens; Infinity: none does) and what the pools cannot lend of it. */
export interface FlashLoanPlan {
  readonly expectedProfit: number
  readonly needed: number
  readonly shortfall: number
}

/** All honest voting power now. */
export const totalHonest = (w: GovWorld, p: P): number => {
  let t = 0
  const h = w.holders
  for (let i = 0; i < h.size; i++) if (h.alive[i] === 1) t += votesFor(p.governance.rule, h.cols.balance[i]!)
  return t
}

/** Tokens honest holders hold: the holder distribution's sum when given, else holders.supply. */
const honestSupply = (p: P): number => (p.holders.balances.length > 0 ? p.holders.balances.reduce((a, b) => a + b, 0) : p.holders.supply)

/** The holders, the one population the parameters size (the memory estimate before a run, docs/limits.md). */
export const holderState = (p: P): ReadonlyArray<StateSize> => [
  { field: "holders.count", what: "holders", count: Math.max(64, p.holders.balances.length > 0 ? p.holders.balances.length : p.holders.count), bytesEach: slotBytes(HolderColumns) }
]

export const initWorld = (p: P, rng: Rng, recorder: Recorder): GovWorld => {
  // A holder distribution from data gives the holders as they are; else Pareto draws scaled to the supply.
  const given = p.holders.balances
  const count = given.length > 0 ? given.length : p.holders.count
  const supply = honestSupply(p)
  const holders = new Population(HolderColumns, Math.max(64, count))
  const raw = new Float64Array(count)
  let sum = 0
  if (given.length > 0) raw.set(given)
  else for (let i = 0; i < count; i++) sum += raw[i] = rng.pareto(1, p.holders.balanceAlpha)
  for (let i = 0; i < count; i++) {
    const slot = holders.add()
    holders.cols.balance[slot] = given.length > 0 ? raw[i]! : (raw[i]! / sum) * supply
    holders.cols.voteEpoch[slot] = -1
  }
  let attacker = p.attack.kind === "coalition" ? p.attack.coalitionShare * supply : 0
  // Accumulation: buy the coalition's tokens from a constant-product pool of liquidityUsd depth.
  // It can take at most 99% of the pool's tokens; the premium over spot (and the fee) is the cost.
  let accumulationCost = 0
  if (p.attack.kind === "coalition" && p.attack.liquidityUsd > 0) {
    const x = p.attack.liquidityUsd / p.price
    attacker = Math.min(attacker, 0.99 * x)
    const paid = ((p.attack.liquidityUsd * attacker) / (x - attacker)) * (1 + p.attack.swapFee)
    accumulationCost = paid - attacker * p.price
  }
  const lenders = p.attack.kind === "flash-loan" ? p.attack.lendable : 0
  return {
    epoch: 0,
    ledger: new Ledger(supply + p.treasury + attacker + lenders),
    recorder,
    holders,
    treasury: p.treasury,
    attacker,
    borrowed: 0,
    outside: lenders,
    proposedAt: -1,
    ballot: emptyBallot(),
    honestPowerCast: 0,
    succeededAt: -1,
    executedAt: -1,
    decided: false,
    passed: false,
    attackCost: accumulationCost,
    attackProfit: 0,
    launched: false,
    plan: { expectedProfit: Number.NaN, needed: Number.NaN, shortfall: Number.NaN }
  }
}

/** The treasury grab executes: the attacker takes `grabShare` of the treasury. */
export const execute = (w: GovWorld, p: P) => {
  const take = w.treasury * p.attack.grabShare
  w.treasury -= take
  w.attacker += take
  w.executedAt = w.epoch
  w.attackProfit = take * p.price - w.attackCost
}

/** Every token is held by someone: holders, the treasury, the attacker, the lenders (and the loan). */
export const invariants = (w: GovWorld): ReadonlyArray<string> => {
  let held = w.treasury + w.attacker + w.outside + w.borrowed
  const h = w.holders
  for (let i = 0; i < h.size; i++) if (h.alive[i] === 1) held += h.cols.balance[i]!
  const problems: Array<string> = []
  // Written as !(x <= bound) so a NaN fails the check instead of slipping through.
  if (!(Math.abs(held - w.ledger.supply) <= 1e-6 * w.ledger.supply)) problems.push(`holdings ${held} != supply ${w.ledger.supply}`)
  if (!(w.treasury >= 0)) problems.push(`negative or NaN treasury ${w.treasury}`)
  if (!(w.outside >= 0)) problems.push(`negative or NaN outside ${w.outside}`)
  return problems
}
