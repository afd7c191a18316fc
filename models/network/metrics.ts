/**
 * The network's metrics: gpu-network's (fixed, then per region, attack, governance, demand
 * agents, protocol, relocation), then the work layer's (ai-verification's list and, with audits,
 * its audit list, in the same order, renamed: `work.<name>`, its poisoners as
 * `attack.poisoning.*`, its colluding verifiers as `attack.verifierCartel.*`), then the link's,
 * then (work.poisoning.mode optimize) the optimizing poisoner's.
 * The work layer writes its metrics by index from the first work metric's id (world.ts).
 */
import type { MetricDef } from "../../src/kit/runtime.ts"
import { auditMetrics, verificationMetrics } from "../ai-verification/systems/metrics.ts"
import type { GpuNetworkParams } from "../gpu-network/params/params.ts"
import { gpuNetworkRuntime } from "../gpu-network/runtime.ts"
import type { NetworkParams } from "./params.ts"
import { poisonerMetrics } from "./systems/attacks/state.ts"

/** The work layer's name for one of ai-verification's metrics. */
export const workMetricName = (name: string): string =>
  name.startsWith("attack.poisoning.") ? name : name.startsWith("attack.cartel.") ? `attack.verifierCartel.${name.slice("attack.cartel.".length)}` : `work.${name}`

const rename = (defs: ReadonlyArray<MetricDef>): ReadonlyArray<MetricDef> => defs.map((d) => ({ ...d, name: workMetricName(d.name), description: `Work layer: ${d.description}` }))

export const workMetrics = rename(verificationMetrics)
export const workAuditMetrics = rename(auditMetrics)
/** Id of the first work metric: where the work layer's recorder starts. */
export const FIRST_WORK_METRIC = workMetrics[0]!.name

export const linkMetrics: ReadonlyArray<MetricDef> = [
  { name: "servedPoisonShare", description: "Reward-weighted share of the work accepted this epoch that was poisoned: the poisoned share of the work the network served." },
  { name: "poisonFoundShare", description: "Share of served work its users found poisoned this epoch (servedPoisonShare x link.foundShare); counts as failed work for users." },
  { name: "poisonReputation", description: "Exponential average of poisonFoundShare (half-life link.reputationHalfLife): what the exogenous penalty reads." },
  { name: "demandPenaltyFactor", description: "Exogenous demand only: the multiplier found poison put on demand this epoch (1: none); 1 under demand.kind agents, whose users weigh found poison themselves." },
  { name: "workSoldTokens", description: "Tokens the work layer's contributors and verifiers sold on the market this epoch." },
  { name: "rebondBoughtTokens", description: "Tokens contributors bought on the market this epoch to top up bonds slashed for rejected work." },
  { name: "treasuryOutflow", description: "Tokens that left the treasury this epoch (executed transfers, funded requests)." },
  { name: "treasuryDrainSold", description: "Of the treasury outflow, tokens its recipients sold on the market this epoch (link.drainSoldShare)." }
]

/** Every per-parameter metric, in recording order. */
export const networkParamMetrics = (p: NetworkParams): ReadonlyArray<MetricDef> => [
  ...(gpuNetworkRuntime.paramMetrics?.(p as GpuNetworkParams) ?? []),
  ...workMetrics,
  ...(p.work.verification.auditRate > 0 ? workAuditMetrics : []),
  ...linkMetrics,
  ...(p.work.poisoning.mode === "optimize" ? poisonerMetrics : [])
]
