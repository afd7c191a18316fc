/**
 * governance-capture: token holders, a treasury and one attacker trying to take it through
 * governance. Reproduces the two classic failures: flash-loan capture when voting power is
 * live and an emergency path executes without delay (Beanstalk, April 2022), and a whale
 * coalition passing a treasury grab while most holders do not vote (Compound proposal 289,
 * July 2024). Attack outcomes are metrics: cost, profit, success, epoch detected.
 */
import { defineRuntime, Ledger, type MetricDef, Population, type Recorder, type Rng, system, type WorldBase } from "../../src/kit/runtime.ts"
import { emergencyPasses, passes, powerOf, votesFor } from "../mechanisms/governance/voting.ts"
import type { GovernanceCaptureParams as P } from "./params.ts"

const HolderColumns = { balance: Float64Array, voteEpoch: Int32Array, support: Uint8Array } as const

export interface GovWorld extends WorldBase {
  readonly holders: Population<typeof HolderColumns>
  treasury: number
  /** Tokens the attacker holds (coalition) and has borrowed (flash loan, within one epoch). */
  attacker: number
  borrowed: number
  /** Tokens outside the model (lenders); borrowed tokens leave and come back here. */
  outside: number
  proposedAt: number
  yes: number
  no: number
  honestPowerCast: number
  succeededAt: number
  executedAt: number
  decided: boolean
  passed: boolean
  attackCost: number
  attackProfit: number
}

export const governanceMetrics = [
  { name: "treasury", description: "Tokens in the treasury." },
  { name: "yesVotes", description: "Yes votes on the attacker's proposal." },
  { name: "noVotes", description: "No votes on the attacker's proposal." },
  { name: "turnout", description: "Share of honest voting power that has voted." },
  { name: "yesShare", description: "Yes / (yes + no)." },
  { name: "proposalPassed", description: "1 once the attacker's proposal has passed (by vote or emergency)." },
  { name: "attack.capture.success", description: "1 once the treasury grab has executed." },
  { name: "attack.capture.cost", description: "What the attack cost the attacker so far, USD (loan fees)." },
  { name: "attack.capture.profit", description: "Value taken minus cost, USD." },
  { name: "attack.capture.detectedEpoch", description: "Epoch the attack became visible on chain (its proposal); NaN before." }
] as const satisfies ReadonlyArray<MetricDef>
const M = Object.fromEntries(governanceMetrics.map((m, i) => [m.name, i])) as Record<(typeof governanceMetrics)[number]["name"], number>

const totalHonest = (w: GovWorld, p: P): number => {
  let t = 0
  const h = w.holders
  for (let i = 0; i < h.size; i++) if (h.alive[i] === 1) t += votesFor(p.governance.rule, h.cols.balance[i]!)
  return t
}

const init = (p: P, rng: Rng, recorder: Recorder): GovWorld => {
  const holders = new Population(HolderColumns, Math.max(64, p.holders.count))
  const raw = new Float64Array(p.holders.count)
  let sum = 0
  for (let i = 0; i < p.holders.count; i++) sum += raw[i] = rng.pareto(1, p.holders.balanceAlpha)
  for (let i = 0; i < p.holders.count; i++) {
    const slot = holders.add()
    holders.cols.balance[slot] = (raw[i]! / sum) * p.holders.supply
    holders.cols.voteEpoch[slot] = -1
  }
  let attacker = p.attack.kind === "coalition" ? p.attack.coalitionShare * p.holders.supply : 0
  // Accumulation: buy the coalition's tokens from a constant-product pool of liquidityUsd depth.
  // It can take at most 99% of the pool's tokens; the premium over spot (and the fee) is the cost.
  let accumulationCost = 0
  if (p.attack.kind === "coalition" && p.attack.liquidityUsd > 0) {
    const x = p.attack.liquidityUsd / p.price
    attacker = Math.min(attacker, 0.99 * x)
    const paid = ((p.attack.liquidityUsd * attacker) / (x - attacker)) * (1 + p.attack.swapFee)
    accumulationCost = paid - attacker * p.price
  }
  const lenders = p.attack.kind === "flash-loan" ? 100 * p.holders.supply : 0
  return {
    epoch: 0,
    ledger: new Ledger(p.holders.supply + p.treasury + attacker + lenders),
    recorder,
    holders,
    treasury: p.treasury,
    attacker,
    borrowed: 0,
    outside: lenders,
    proposedAt: -1,
    yes: 0,
    no: 0,
    honestPowerCast: 0,
    succeededAt: -1,
    executedAt: -1,
    decided: false,
    passed: false,
    attackCost: accumulationCost,
    attackProfit: 0
  }
}

/** The attacker proposes; every honest holder draws whether, when and how it will vote. */
const propose = system<GovWorld, P>("propose", (w, p, rng) => {
  if (p.attack.kind === "none" || w.epoch !== p.attack.proposeAt) return
  w.proposedAt = w.epoch
  const g = p.governance
  const h = w.holders
  for (let i = 0; i < h.size; i++) {
    if (h.alive[i] !== 1) continue
    const votes = rng.next() < p.voters.turnout
    h.cols.voteEpoch[i] = votes ? w.epoch + g.votingDelay + rng.int(Math.max(1, g.votingPeriod)) : -1
    h.cols.support[i] = rng.next() < p.voters.opposition ? 0 : 1
  }
})

/** Honest holders vote when their time comes; the coalition votes as soon as voting opens. */
const vote = system<GovWorld, P>("vote", (w, p) => {
  if (w.proposedAt < 0 || w.decided) return
  const g = p.governance
  const h = w.holders
  for (let i = 0; i < h.size; i++) {
    if (h.alive[i] !== 1 || h.cols.voteEpoch[i] !== w.epoch) continue
    const v = votesFor(g.rule, h.cols.balance[i]!)
    if (h.cols.support[i] === 1) w.yes += v
    else w.no += v
    w.honestPowerCast += v
  }
  if (p.attack.kind === "coalition" && w.epoch === w.proposedAt + g.votingDelay) {
    // Tokens held before the proposal count under snapshot and live power alike.
    w.yes += votesFor(g.rule, powerOf(g.power, w.attacker, w.attacker))
  }
})

/**
 * Flash loan: once the emergency path is open, borrow enough for `voteShare` of all voting
 * power, vote, commit, repay, all in one epoch (one transaction). Borrowed tokens have live
 * power but none at the snapshot; a timelock means the execution comes after the loan is repaid.
 */
const flashLoan = system<GovWorld, P>("flashLoan", (w, p) => {
  const g = p.governance
  if (p.attack.kind !== "flash-loan" || w.proposedAt < 0 || w.decided) return
  const age = w.epoch - w.proposedAt
  if (!g.emergencyEnabled || age !== g.emergencyAfter) return
  const honest = totalHonest(w, p)
  // Votes needed for voteShare of all votes; under quadratic voting they cost their square in tokens.
  const votesNeeded = (p.attack.voteShare / (1 - p.attack.voteShare)) * honest
  const borrow = g.rule === "quadratic" ? votesNeeded * votesNeeded : votesNeeded
  w.outside -= borrow
  w.borrowed = borrow
  const power = votesFor(g.rule, powerOf(g.power, 0, borrow))
  const total = honest + power
  const fee = borrow * p.attack.loanFee
  w.attackCost += fee * p.price
  w.yes += power
  if (g.timelock === 0 && emergencyPasses(w.yes, total, age, g.emergencySupermajority, g.emergencyAfter)) {
    w.passed = true
    w.decided = true
    w.succeededAt = w.epoch
    execute(w, p)
  }
  // Repay the loan within the same transaction; the fee is paid from the attacker's own capital
  // (USD, outside the token ledger) and counted in attackCost.
  w.outside += borrow
  w.borrowed = 0
  // Repaid: the borrowed tokens' votes go with them unless the proposal already executed (with
  // a timelock, the close would otherwise count votes backed by tokens the attacker gave back).
  if (w.executedAt < 0) w.yes -= power
})

const execute = (w: GovWorld, p: P) => {
  const take = w.treasury * p.attack.grabShare
  w.treasury -= take
  w.attacker += take
  w.executedAt = w.epoch
  w.attackProfit = take * p.price - w.attackCost
}

/** The vote closes; a passed proposal executes after the timelock. */
const close = system<GovWorld, P>("close", (w, p) => {
  const g = p.governance
  if (w.proposedAt < 0) return
  if (!w.decided && w.epoch === w.proposedAt + g.votingDelay + g.votingPeriod) {
    const total = totalHonest(w, p) + (p.attack.kind === "coalition" ? votesFor(g.rule, w.attacker) : 0)
    w.passed = passes({ yes: w.yes, no: w.no, abstain: 0 }, total, { quorum: g.quorum, approval: g.approval })
    w.decided = true
    if (w.passed) w.succeededAt = w.epoch
  }
  if (w.passed && w.executedAt < 0 && w.epoch === w.succeededAt + g.timelock) execute(w, p)
  if (w.decided && !w.passed && w.attackProfit === 0) w.attackProfit = -w.attackCost
})

const metrics = system<GovWorld, P>("metrics", (w, p) => {
  const r = w.recorder
  r.set(M.treasury, w.treasury)
  r.set(M.yesVotes, w.yes)
  r.set(M.noVotes, w.no)
  const honest = totalHonest(w, p)
  r.set(M.turnout, honest > 0 ? w.honestPowerCast / honest : 0)
  r.set(M.yesShare, w.yes + w.no > 0 ? w.yes / (w.yes + w.no) : Number.NaN)
  r.set(M.proposalPassed, w.passed ? 1 : 0)
  r.set(M["attack.capture.success"], w.executedAt >= 0 ? 1 : 0)
  r.set(M["attack.capture.cost"], w.attackCost)
  // Until the grab executes (also while a passed proposal waits out its timelock) the attacker
  // has only paid.
  r.set(M["attack.capture.profit"], w.executedAt >= 0 ? w.attackProfit : -w.attackCost)
  r.set(M["attack.capture.detectedEpoch"], w.proposedAt >= 0 ? w.proposedAt : Number.NaN)
})

const invariants = (w: GovWorld): ReadonlyArray<string> => {
  let held = w.treasury + w.attacker + w.outside + w.borrowed
  const h = w.holders
  for (let i = 0; i < h.size; i++) if (h.alive[i] === 1) held += h.cols.balance[i]!
  const problems: Array<string> = []
  // Written as !(x <= bound) so a NaN fails the check instead of slipping through.
  if (!(Math.abs(held - w.ledger.supply) <= 1e-6 * w.ledger.supply)) problems.push(`holdings ${held} != supply ${w.ledger.supply}`)
  if (!(w.treasury >= 0)) problems.push(`negative or NaN treasury ${w.treasury}`)
  if (!(w.outside >= 0)) problems.push(`negative or NaN outside float ${w.outside}`)
  return problems
}

export const governanceCaptureRuntime = defineRuntime<P, GovWorld>({
  name: "governance-capture",
  metrics: governanceMetrics,
  headline: ["attack.capture.success", "attack.capture.profit", "yesShare", "turnout", "treasury"],
  reportMetrics: ["treasury", "yesShare", "turnout", "attack.capture.profit"],
  attacks: (p) => (p.attack.kind === "none" ? [] : [{ name: "capture", kind: p.attack.kind === "flash-loan" ? "flash-loan vote" : "whale coalition" }]),
  init,
  systems: [propose, vote, flashLoan, close, metrics],
  invariants
})

export default governanceCaptureRuntime
