/**
 * What governance reports: the metrics it declares from the parameters (`gov.*`, and
 * `attack.<bribery|sybil|flashLoan>.*` for the vote attacks) and their recording each epoch.
 */
import type { MetricDef } from "../../../../src/kit/runtime.ts"
import type { GpuNetworkParams } from "../../params/params.ts"
import type { GpuWorld } from "../../world.ts"

/** Whether governance is on at all: a scheduled proposal, agent proposals or a funding request. */
export const governanceOn = (p: GpuNetworkParams): boolean =>
  p.governance.proposals.length > 0 || p.governance.agentProposals.enabled || p.governance.conviction.requests.length > 0

export const governanceMetrics = (p: GpuNetworkParams): ReadonlyArray<MetricDef> =>
  governanceOn(p)
    ? [
        { name: "gov.proposalsRaised", description: "Proposals raised so far (not counting rejected ones)." },
        { name: "gov.proposalsOpen", description: "Proposals raised and not decided yet." },
        { name: "gov.proposalsPassed", description: "Proposals passed so far." },
        { name: "gov.proposalsExecuted", description: "Proposals executed (parameters changed) so far." },
        { name: "gov.turnout", description: "Share of all voting power cast in the last vote." },
        { name: "gov.yesShare", description: "Yes / votes cast in the last vote." },
        ...(p.governance.voters === "economic"
          ? [
              { name: "gov.support.operators", description: "Economic voters: share of the operators' voting power better off under the last counted proposal (its change in rewards beats the dilution of its holdings)." },
              { name: "gov.support.validators", description: "Economic voters: share of the validators' voting power better off under the last counted proposal." },
              { name: "gov.support.holders", description: "Economic voters: 1 when the outside holders (pure holders) are better off under the last counted proposal (less dilution), else 0." }
            ]
          : []),
        ...(p.governance.proposalThreshold > 0 ? [{ name: "gov.proposalsRejected", description: "Proposals rejected so far: their proposer held less than the proposal threshold." }] : []),
        ...(p.governance.emergency.enabled ? [{ name: "gov.proposalsEmergency", description: "Proposals executed early by the emergency path so far." }] : []),
        ...(p.governance.guardian.enabled ? [{ name: "gov.proposalsCanceled", description: "Proposals and funding requests the guardian canceled so far." }] : []),
        ...(p.governance.conviction.requests.length > 0
          ? [
              { name: "gov.requestsFunded", description: "Conviction-voting funding requests paid out so far." },
              ...p.governance.conviction.requests.flatMap((r) => [
                { name: `gov.request.${r.name}.conviction`, description: `Conviction of funding request ${r.name} (tokens, decayed sum of the tokens staked).` },
                { name: `gov.request.${r.name}.progress`, description: `Conviction / threshold of ${r.name} (1: it passes; 0 while it can never pass).` },
                { name: `gov.request.${r.name}.funded`, description: `1 once ${r.name} has been paid.` },
                { name: `gov.request.${r.name}.fundedEpoch`, description: `Epoch ${r.name} was paid; NaN before.` }
              ])
            ]
          : []),
        ...(p.governance.bribery.proposal !== ""
          ? [
              { name: "attack.bribery.cost", description: "Bribes paid so far, USD." },
              { name: "attack.bribery.profit", description: "Treasury taken (USD at the price then) minus bribes." },
              { name: "attack.bribery.success", description: "1 once the bribed proposal has executed." },
              { name: "attack.bribery.detectedEpoch", description: "Bribes are paid off-chain: never detected in this model (NaN)." },
              ...(p.governance.bribery.mode === "optimize"
                ? [
                    { name: "attack.bribery.expectedProfit", description: "The briber's expected profit (USD) at its last pricing (each epoch its proposal is open to votes): the treasury transfer less the cheapest bribes that carry the vote; NaN before its first pricing or when no bribes can carry it." },
                    { name: "attack.bribery.bribesNeeded", description: "USD those bribes cost at its last pricing (each voter's loss from the proposal plus the premium per vote); NaN when no bribes carry the vote." },
                    { name: "attack.bribery.votesBought", description: "Votes those bribes buy; NaN when no bribes carry the vote." }
                  ]
                : [])
            ]
          : []),
        ...(p.governance.sybil.proposal !== ""
          ? [
              { name: "attack.sybil.cost", description: "Identities' cost so far, USD." },
              { name: "attack.sybil.profit", description: "Treasury taken (USD at the price then) minus the identities' cost." },
              { name: "attack.sybil.success", description: "1 once the sybils' proposal has executed." },
              { name: "attack.sybil.detectedEpoch", description: "Epoch the identity check first caught a sybil identity; NaN before." },
              { name: "attack.sybil.caught", description: "Sybil identities caught so far." },
              ...(p.governance.sybil.mode === "optimize"
                ? [
                    { name: "attack.sybil.expectedProfit", description: "The sybil voter's expected profit (USD) when its proposal was raised: the treasury transfer less the cheapest plan that carries the vote (tokens bought and sold back, identities until the vote); NaN before, or when no plan can." },
                    { name: "attack.sybil.tokensNeeded", description: "Tokens that plan buys; when it can buy no plan (the outside holders' tokens, the market's depth or its budget), the fewest tokens any identity count needs; NaN when none carries the vote." },
                    { name: "attack.sybil.plannedIdentities", description: "Identities of that plan." }
                  ]
                : [])
            ]
          : []),
        ...(p.governance.flashLoan.proposal !== ""
          ? [
              { name: "attack.flashLoan.cost", description: "Loan fees paid so far, USD." },
              { name: "attack.flashLoan.profit", description: "Treasury taken (USD at the price then) minus the loan fee." },
              { name: "attack.flashLoan.success", description: "1 once the attacker's proposal has executed." },
              { name: "attack.flashLoan.detectedEpoch", description: "Epoch of the loan (visible on chain); NaN before." },
              { name: "attack.flashLoan.borrowed", description: "Tokens borrowed for the vote (0 before the loan)." },
              ...(p.governance.flashLoan.mode === "optimize"
                ? [
                    { name: "attack.flashLoan.expectedProfit", description: "The attacker's expected profit (USD) at its last pricing: the treasury transfer less the fee on the loan that carries the vote, or, when lenders cannot lend it, minus the fee on all they hold (it does not launch). NaN before its first pricing." },
                    { name: "attack.flashLoan.loanNeeded", description: "Tokens the attacker must borrow to carry the vote at its last pricing; NaN when no loan can (snapshot power)." },
                    { name: "attack.flashLoan.loanShortfall", description: "Tokens of that loan lenders cannot lend (governance.flashLoan.lendable of the outside tokens): why the loan did not launch; NaN when no loan can carry the vote." }
                  ]
                : [])
            ]
          : [])
      ]
    : []

/** Record a metric that may not be declared (declared from the parameters at the start; a proposal may change them). */
export const recordIf = (w: GpuWorld, name: string, value: number) => {
  if (w.recorder.names.includes(name)) w.recorder.record(name, value)
}


/** Record this epoch's governance metrics (after the epoch's proposals, votes and payouts). */
export const recordGovernance = (w: GpuWorld, p: GpuNetworkParams) => {
  const g = p.governance
  const s = w.governance
  const em = g.emergency
  const r = w.recorder
  r.record("gov.proposalsRaised", s.raised)
  r.record("gov.proposalsOpen", s.proposals.filter((x) => x.state === "open").length)
  r.record("gov.proposalsPassed", s.passed)
  r.record("gov.proposalsExecuted", s.executed)
  r.record("gov.turnout", s.lastTurnout)
  r.record("gov.yesShare", s.lastYesShare)
  recordIf(w, "gov.proposalsRejected", s.rejected)
  if (g.voters === "economic") {
    r.record("gov.support.operators", s.lastSupport.operators)
    r.record("gov.support.validators", s.lastSupport.validators)
    r.record("gov.support.holders", s.lastSupport.holders)
  }
  if (em.enabled) r.record("gov.proposalsEmergency", s.emergency)
  if (g.guardian.enabled) r.record("gov.proposalsCanceled", s.canceled)
  if (g.conviction.requests.length > 0) {
    r.record("gov.requestsFunded", s.funded)
    for (const spec of g.conviction.requests) {
      const req = s.requests.find((x) => x.spec.name === spec.name)
      r.record(`gov.request.${spec.name}.conviction`, req?.conviction ?? 0)
      r.record(`gov.request.${spec.name}.progress`, req?.progress ?? 0)
      r.record(`gov.request.${spec.name}.funded`, req?.state === "funded" ? 1 : 0)
      r.record(`gov.request.${spec.name}.fundedEpoch`, req?.fundedAt ?? Number.NaN)
    }
  }
  if (g.bribery.proposal !== "") {
    r.record("attack.bribery.cost", s.bribeCost)
    r.record("attack.bribery.profit", s.bribeTake - s.bribeCost)
    r.record("attack.bribery.success", s.bribeSucceeded ? 1 : 0)
    r.record("attack.bribery.detectedEpoch", Number.NaN)
    if (g.bribery.mode === "optimize") {
      r.record("attack.bribery.expectedProfit", s.bribePlan.expectedProfit)
      r.record("attack.bribery.bribesNeeded", s.bribePlan.needed)
      r.record("attack.bribery.votesBought", s.bribePlan.votes)
    }
  }
  if (g.sybil.proposal !== "") {
    r.record("attack.sybil.cost", s.sybilCost)
    r.record("attack.sybil.profit", s.sybilTake - s.sybilCost)
    r.record("attack.sybil.success", s.sybilSucceeded ? 1 : 0)
    r.record("attack.sybil.detectedEpoch", s.sybilDetectedAt)
    r.record("attack.sybil.caught", s.sybilCaught)
    if (g.sybil.mode === "optimize") {
      r.record("attack.sybil.expectedProfit", s.sybilPlan.expectedProfit)
      r.record("attack.sybil.tokensNeeded", s.sybilPlan.tokens)
      r.record("attack.sybil.plannedIdentities", s.sybilPlan.identities)
    }
  }
  if (g.flashLoan.proposal !== "") {
    r.record("attack.flashLoan.cost", s.flashCost)
    r.record("attack.flashLoan.profit", s.flashTake - s.flashCost)
    r.record("attack.flashLoan.success", s.flashSucceeded ? 1 : 0)
    r.record("attack.flashLoan.detectedEpoch", s.flashAt)
    r.record("attack.flashLoan.borrowed", s.flashBorrowed)
    if (g.flashLoan.mode === "optimize") {
      const finite = (x: number) => (Number.isFinite(x) ? x : Number.NaN)
      r.record("attack.flashLoan.expectedProfit", s.flashPlan.expectedProfit)
      r.record("attack.flashLoan.loanNeeded", finite(s.flashPlan.needed))
      r.record("attack.flashLoan.loanShortfall", finite(s.flashPlan.shortfall))
    }
  }
}
