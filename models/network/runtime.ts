/**
 * network: one world where the verification of AI work, governance with its treasury, the
 * operators, the users and the market meet (docs/network.md).
 *
 * gpu-network's systems run unchanged on its world (operators, validators, demand, routing,
 * market, slashing, attacks, governance); ai-verification's systems run inside it on the work
 * layer (contributors and verifiers; ./systems/work.ts), on the same ledger and `outside`. What
 * links them:
 * - poisoned work that verification accepts is served; the share users find counts as failed
 *   work in their reputation (demand.kind agents) or cuts exogenous demand (./systems/penalty.ts),
 *   and so demand and fees;
 * - contributors and verifiers sell their rewards, slashed bonds are bought back, and what leaves
 *   the treasury is sold (./systems/sales.ts, ./systems/work.ts, ./systems/treasury.ts): the
 *   market's sold and bought supply, so the price.
 * gpu-network and ai-verification stay the focused presets, bit-identical to before.
 *
 * This file is the model's runtime (no schema); index.ts adds the parameters.
 */
import { defineRuntime } from "../../src/kit/runtime.ts"
import { gpuNetworkRuntime } from "../gpu-network/runtime.ts"
import { attacks } from "../gpu-network/systems/attacks/attackBooks.ts"
import { attackMoves } from "../gpu-network/systems/attacks/attackMoves.ts"
import { cartelCollect } from "../gpu-network/systems/attacks/cartel.ts"
import { demand } from "../gpu-network/systems/demand.ts"
import { emission } from "../gpu-network/systems/emission/emission.ts"
import { entry } from "../gpu-network/systems/entry.ts"
import { market } from "../gpu-network/systems/market.ts"
import { metrics } from "../gpu-network/systems/metrics.ts"
import { operators } from "../gpu-network/systems/operators.ts"
import { routing } from "../gpu-network/systems/routing.ts"
import { slashing } from "../gpu-network/systems/slashing/slashing.ts"
import { uptime } from "../gpu-network/systems/uptime.ts"
import { validators } from "../gpu-network/systems/validators.ts"
import { vesting } from "../gpu-network/systems/vesting.ts"
import { relocation } from "../gpu-network/participation/relocation.ts"
import { governanceMetrics } from "../gpu-network/systems/governance/metrics.ts"
import { gpuAttacks } from "../gpu-network/tui.ts"
import { networkInvariants } from "./invariants.ts"
import { networkParamMetrics } from "./metrics.ts"
import type { NetworkParams } from "./params.ts"
import { recordLink } from "./systems/linkMetrics.ts"
import { poisonPenalty } from "./systems/penalty.ts"
import { workSales } from "./systems/sales.ts"
import { governanceOnMarket } from "./systems/treasury.ts"
import { work } from "./systems/work.ts"
import { poisoner } from "./systems/attacks/poisoner.ts"
import { initNetwork, type NetworkWorld } from "./world.ts"
import { gpuState } from "../gpu-network/state.ts"
import { verificationState } from "../ai-verification/state.ts"

export const networkRuntime = defineRuntime<NetworkParams, NetworkWorld>({
  ...gpuNetworkRuntime,
  name: "network",
  paramMetrics: networkParamMetrics,
  tunables: [...(gpuNetworkRuntime.tunables ?? []), "work.verification.rate", "work.verification.strategy", "link.foundShare", "link.drainSoldShare"],
  headline: ["activeOperators", "demandWork", "feesUsd", "price", "servedPoisonShare"],
  reportMetrics: ["activeOperators", "demandWork", "feesUsd", "price", "servedPoisonShare", "work.poisonAcceptanceRate", "treasury", "supply"],
  attacks: (p) => [
    ...gpuAttacks(p),
    // Governance's vote attackers (bribery, sybil, flash loan) when the parameters set one up.
    ...governanceMetrics(p).flatMap((m) => /^attack\.(.+)\.success$/.exec(m.name)?.slice(1, 2) ?? []).map((name) => ({ name, kind: "governance vote" })),
    { name: "poisoning", kind: "data poisoning" },
    { name: "verifierCartel", kind: "colluding verifiers" }
  ],
  // The work layer's populations are drawn once (ai-verification's init): their sizes, types and stakes.
  fixedAtStart: [
    ...(gpuNetworkRuntime.fixedAtStart ?? []),
    "work.contributors.count",
    "work.contributors.poisonedShare",
    "work.poisoning.mode",
    "work.validators.count",
    "work.validators.totalStake",
    "work.validators.stakeAlpha",
    "work.validators.lazyShare",
    "work.validators.colludingShare",
    "work.validators.copyDelay"
  ],
  // gpu-network's world and, inside it, the work layer's.
  state: (p) => [...gpuState(p), ...verificationState(p.work, "work.")],
  init: initNetwork,
  systems: [market, demand, poisonPenalty, emission, vesting, attackMoves, uptime, routing, operators, cartelCollect, relocation, validators, slashing, entry, poisoner, work, workSales, metrics, attacks, governanceOnMarket, recordLink],
  invariants: networkInvariants
})

export default networkRuntime
