/**
 * What governance-capture reports: the treasury, the ballot on the attacker's proposal, and the
 * attack's outcomes under the common names `attack.capture.{cost,profit,success,detectedEpoch}`.
 */
import { type MetricDef, system } from "../../../src/kit/runtime.ts"
import { yesShareOf } from "../../mechanisms/governance/tally.ts"
import type { GovernanceCaptureParams as P } from "../params.ts"
import { type GovWorld, totalHonest } from "../world.ts"

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
/** The flash-loan optimizer's pricing, declared only when it runs (runs of the other kinds keep their columns). */
export const planMetrics = (p: P): ReadonlyArray<MetricDef> =>
  p.attack.kind === "flash-loan" && p.attack.mode === "optimize"
    ? [
        { name: "attack.capture.expectedProfit", description: "The attacker's expected profit (USD) at its last pricing: the take less the fee on the loan that carries the emergency vote, or, when the pools cannot lend that loan, minus the fee on all they hold (it does not launch). NaN before the emergency path opens." },
        { name: "attack.capture.loanNeeded", description: "Tokens the attacker must borrow to carry the emergency vote at its last pricing; NaN when no loan can (snapshot power, a timelock)." },
        { name: "attack.capture.loanShortfall", description: "Tokens of that loan the pools cannot lend (attack.lendable short of it): why a flash loan did not launch; NaN when no loan can carry the vote." }
      ]
    : []

const finite = (x: number): number => (Number.isFinite(x) ? x : Number.NaN)

const M = Object.fromEntries(governanceMetrics.map((m, i) => [m.name, i])) as Record<(typeof governanceMetrics)[number]["name"], number>

export const metrics = system<GovWorld, P>("metrics", (w, p) => {
  const r = w.recorder
  r.set(M.treasury, w.treasury)
  r.set(M.yesVotes, w.ballot.yes)
  r.set(M.noVotes, w.ballot.no)
  const honest = totalHonest(w, p)
  r.set(M.turnout, honest > 0 ? w.honestPowerCast / honest : 0)
  r.set(M.yesShare, yesShareOf(w.ballot))
  r.set(M.proposalPassed, w.passed ? 1 : 0)
  r.set(M["attack.capture.success"], w.executedAt >= 0 ? 1 : 0)
  r.set(M["attack.capture.cost"], w.attackCost)
  // Until the grab executes (also while a passed proposal waits out its timelock) the attacker
  // has only paid.
  r.set(M["attack.capture.profit"], w.executedAt >= 0 ? w.attackProfit : -w.attackCost)
  r.set(M["attack.capture.detectedEpoch"], w.proposedAt >= 0 ? w.proposedAt : Number.NaN)
  if (p.attack.kind === "flash-loan" && p.attack.mode === "optimize") {
    r.record("attack.capture.expectedProfit", w.plan.expectedProfit)
    r.record("attack.capture.loanNeeded", finite(w.plan.needed))
    r.record("attack.capture.loanShortfall", finite(w.plan.shortfall))
  }
})
