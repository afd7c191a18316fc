/**
 * Cross-field checks of gpu-network's parameters: each names the field it blames and says what
 * was expected.
 */
import type * as Schema from "effect/Schema"
import { compileExpression, getPath } from "../../../src/kit/runtime.ts"
import { EMISSION_VARIABLES } from "./emissionVariables.ts"
import { RESERVED_ATTACK_NAMES } from "./governance.ts"
import type { ParamsStruct } from "./struct.ts"

/** token.operatorShare + token.validatorShare is at most 1. */
export const tokenShares = (p: ParamsStruct): Schema.FilterOutput =>
  p.token.operatorShare + p.token.validatorShare <= 1 + 1e-12
    ? undefined
    : {
        path: ["token", "validatorShare"],
        message: `Expected token.operatorShare + token.validatorShare <= 1, got ${p.token.operatorShare + p.token.validatorShare}`
      }

/** operators.capacityMin <= capacityMax. */
export const capacityRange = (p: ParamsStruct): Schema.FilterOutput =>
  p.operators.capacityMin <= p.operators.capacityMax
    ? undefined
    : { path: ["operators", "capacityMax"], message: "Expected operators.capacityMax >= operators.capacityMin" }

/** slashing.toTreasury + toWhistleblower is at most 1. */
export const slashSplit = (p: ParamsStruct): Schema.FilterOutput =>
  p.slashing.toTreasury + p.slashing.toWhistleblower <= 1 + 1e-12
    ? undefined
    : { path: ["slashing", "toWhistleblower"], message: "Expected slashing.toTreasury + slashing.toWhistleblower <= 1" }

/** An expression emission compiles with the allowed variables. */
export const emissionExpression = (p: ParamsStruct): Schema.FilterOutput => {
  if (p.token.emission.kind !== "expression") return undefined
  const c = compileExpression(p.token.emission.expression, { variables: EMISSION_VARIABLES, result: "number" })
  return c.ok ? undefined : { path: ["token", "emission", "expression"], message: c.error }
}

/** Regions: distinct names usable in metric names, one share and one latency row per region. */
export const regionsConsistent = (p: ParamsStruct): Schema.FilterOutput => {
  const n = p.regions.names.length
  if (n === 0) return { path: ["regions", "names"], message: "Expected at least one region" }
  if (new Set(p.regions.names).size !== n) return { path: ["regions", "names"], message: "Expected distinct region names" }
  const bad = p.regions.names.find((x) => !/^[A-Za-z][A-Za-z0-9_]*$/.test(x))
  if (bad !== undefined) return { path: ["regions", "names"], message: `Expected region names of letters, digits or _ (they become metric names), got ${JSON.stringify(bad)}` }
  for (const key of ["operatorShare", "demandShare"] as const) {
    const xs = p.regions[key]
    if (xs.length !== n) return { path: ["regions", key], message: `Expected ${n} values (one per region in regions.names), got ${xs.length}` }
    const sum = xs.reduce((a, b) => a + b, 0)
    // Shares that do not sum to 1 were silently renormalised: [0.5, 0.3] read as 62.5% / 37.5%.
    if (!(Math.abs(sum - 1) <= 1e-6)) return { path: ["regions", key], message: `Expected shares that sum to 1 (one per region in regions.names), got ${JSON.stringify(xs)} with sum ${sum}` }
  }
  const costs = p.regions.costMultiplier
  if (costs.length > 0 && costs.length !== n) return { path: ["regions", "costMultiplier"], message: `Expected ${n} values (one per region in regions.names), got ${costs.length}` }
  const table = p.regions.costs
  if (table.length > 0 && costs.length > 0) return { path: ["regions", "costs"], message: "Expected either regions.costMultiplier or regions.costs, not both (the table's costPerUnitUsd is the region's cost itself)" }
  const listed = new Set<string>()
  for (const [i, row] of table.entries()) {
    if (!p.regions.names.includes(row.region)) return { path: ["regions", "costs", i, "region"], message: `Expected a region of regions.names (${p.regions.names.join(", ")}), got ${JSON.stringify(row.region)}` }
    if (listed.has(row.region)) return { path: ["regions", "costs", i, "region"], message: `Expected each region once in the cost table, "${row.region}" repeats` }
    listed.add(row.region)
  }
  const lat = p.regions.latencyMs
  if (lat.length !== n || lat.some((row) => row.length !== n)) return { path: ["regions", "latencyMs"], message: `Expected a ${n} x ${n} matrix (one row and column per region)` }
  if (p.operators.smallBelow > p.operators.largeFrom) return { path: ["operators", "largeFrom"], message: "Expected operators.largeFrom >= operators.smallBelow" }
  return undefined
}

/** Governance: distinct names, numeric change paths, attackers targeting existing proposals (one each), conviction requests backed at most once. */
export const governanceConsistent = (p: ParamsStruct): Schema.FilterOutput => {
  const names = new Set<string>()
  for (const [i, prop] of p.governance.proposals.entries()) {
    if (names.has(prop.name)) return { path: ["governance", "proposals", i, "name"], message: `Expected distinct proposal names, "${prop.name}" repeats` }
    names.add(prop.name)
    // A number of tokens, not a share of the treasury: 0.4 (meant as 40%) would move 0.4 tokens.
    if (prop.treasuryTransfer > 0 && prop.treasuryTransfer < 1) return { path: ["governance", "proposals", i, "treasuryTransfer"], message: `Expected a number of tokens (0 for none, else at least 1), got ${prop.treasuryTransfer}; it is not a share of the treasury` }
    for (const path of Object.keys(prop.changes)) {
      if (/^(attacks|governance\.(proposals|bribery|sybil|agentProposals|flashLoan|conviction\.requests|guardian\.vetoes))\b/.test(path)) return { path: ["governance", "proposals", i, "changes", path], message: "Expected a model parameter (governance settings such as governance.quorum are allowed; proposals, attackers and attacks are not)" }
      if (typeof getPath(p, path) !== "number") return { path: ["governance", "proposals", i, "changes", path], message: `Expected the path of a numeric parameter, got "${path}"` }
    }
  }
  const b = p.governance.bribery.proposal
  if (b !== "" && !names.has(b)) return { path: ["governance", "bribery", "proposal"], message: `Expected the name of a proposal in governance.proposals, got ${JSON.stringify(b)}` }
  const sy = p.governance.sybil.proposal
  if (sy !== "" && !names.has(sy)) return { path: ["governance", "sybil", "proposal"], message: `Expected the name of a proposal in governance.proposals, got ${JSON.stringify(sy)}` }
  const fl = p.governance.flashLoan.proposal
  if (fl !== "" && !names.has(fl)) return { path: ["governance", "flashLoan", "proposal"], message: `Expected the name of a proposal in governance.proposals, got ${JSON.stringify(fl)}` }
  // One attacker per proposal: its treasury transfer is that attacker's take.
  const targets: Array<readonly [string, string]> = [["bribery", b], ["sybil", sy], ["flashLoan", fl]]
  for (const [i, [who, target]] of targets.entries()) {
    const other = targets.slice(0, i).find(([, t]) => t !== "" && t === target)
    if (other) return { path: ["governance", who, "proposal"], message: `Expected a proposal no other attacker targets (governance.${other[0]} already targets ${JSON.stringify(target)}; its treasury transfer is one attacker's take)` }
  }
  const c = p.governance.conviction
  if (!(c.decay < 1)) return { path: ["governance", "conviction", "decay"], message: `Expected a decay below 1, got ${c.decay}` }
  const staked = { operators: 0, validators: 0, holders: 0 }
  for (const [i, r] of c.requests.entries()) {
    if (names.has(r.name)) return { path: ["governance", "conviction", "requests", i, "name"], message: `Expected distinct names for proposals and funding requests, "${r.name}" repeats` }
    names.add(r.name)
    for (const g of ["operators", "validators", "holders"] as const) {
      staked[g] += r.support[g]
      if (staked[g] > 1 + 1e-12) return { path: ["governance", "conviction", "requests", i, "support", g], message: `Expected the ${g}' support over all requests to sum to at most 1 (a token backs one request), got ${staked[g]}` }
    }
  }
  for (const [i, v] of p.governance.guardian.vetoes.entries()) {
    if (!names.has(v)) return { path: ["governance", "guardian", "vetoes", i], message: `Expected the name of a proposal in governance.proposals or a request in governance.conviction.requests, got ${JSON.stringify(v)}` }
  }
  return undefined
}

/** Attacks: distinct names not reserved by governance, regions that exist. */
export const attacksConsistent = (p: ParamsStruct): Schema.FilterOutput => {
  const seen = new Set<string>()
  for (const [i, a] of p.attacks.entries()) {
    if (seen.has(a.name)) return { path: ["attacks", i, "name"], message: `Expected distinct attack names, "${a.name}" repeats` }
    if (RESERVED_ATTACK_NAMES.includes(a.name)) return { path: ["attacks", i, "name"], message: `Expected a name other than ${RESERVED_ATTACK_NAMES.join(", ")} (governance's attackers report as attack.<that>.*), got "${a.name}"` }
    seen.add(a.name)
    if (a.kind !== "cartel" && (a.kind === "griefing" || a.region !== "") && !p.regions.names.includes(a.region)) return { path: ["attacks", i, "region"], message: `Expected one of regions.names (${p.regions.names.join(", ")}), got ${JSON.stringify(a.region)}` }
    if (a.kind === "griefing" && a.ownOperators > 0 && (!p.regions.names.includes(a.ownRegion) || a.ownRegion === a.region)) {
      return { path: ["attacks", i, "ownRegion"], message: `Expected one of regions.names other than the attacked ${JSON.stringify(a.region)} (the attacker's operators must be elsewhere), got ${JSON.stringify(a.ownRegion)}` }
    }
  }
  return undefined
}

/** Every [min, max] range has min <= max. */
export const rangesOrdered = (p: ParamsStruct): Schema.FilterOutput => {
  for (const [group, r] of [["operators", p.operators.uptime], ["operators", p.operators.patience], ["validators", p.validators.patience]] as const) {
    if (r.min > r.max) return { path: [group, r === p.operators.uptime ? "uptime" : "patience", "max"], message: `Expected max >= min, got min ${r.min} and max ${r.max}` }
  }
  return undefined
}

/** Under demand agents, a demand series sizes the users' market from its first value: it must be > 0. */
export const demandSeries = (p: ParamsStruct): Schema.FilterOutput =>
  p.demand.kind === "agents" && p.demand.series.length > 0 && !(p.demand.series[0]! > 0)
    ? { path: ["demand", "series"], message: `Expected a first value > 0 under demand.kind agents (it sizes the users' market), got ${p.demand.series[0]}` }
    : undefined
