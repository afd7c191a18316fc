/**
 * ai-verification: verifying AI work is probabilistic, and that is where it is attacked.
 *
 * Contributors submit one unit of work per epoch: honest work has a true quality in [0, 1];
 * poisoned work has a low quality but costs little to make. Validators check work with noisy
 * accuracy (observed = quality + noise) at a cost, under one of four strategies:
 *   none        everything is accepted and paid alike;
 *   spot-check  a share `rate` of contributions is checked by one validator (drawn by stake);
 *   redundant   a share `rate` is checked by `redundancy` validators, stake-weighted majority;
 *   yuma        every validator re-scores a share `rate` of contributors, keeps its last score
 *               for the rest, and sets weights; Yuma consensus (models/mechanisms/consensus)
 *               pays miners by incentive and validators by dividends.
 * Rejected work is not paid and its contributor's bond is slashed (burned): a false positive
 * when the work was honest. Lazy validators never verify (accept what they are given; under
 * yuma they copy the last published consensus); colluding validators pass poison.
 *
 * Audits (`verification.auditRate` > 0) check the checkers: a share of the validators' verdicts
 * has its truth revealed exactly, and each accept of work under the threshold is a proven fault
 * slashing `validatorSlashFraction` of the validator's stake (burned, compounding per fault).
 * Audits draw from a stream of their own, so with audits off the run is bit-identical to a model
 * without them, and with audits on the other draws stay those of the same seed until stakes move.
 *
 * Poisoners are one attacker: `attack.poisoning.*` metrics give its cumulative cost, profit,
 * success (profit > 0) and the epoch one of its contributions was first rejected; the colluding
 * validators are another (`attack.cartel.*`), detected when an audit first catches one of them.
 *
 * This file is the model's runtime (systems in order, metrics, invariants): world.ts builds
 * the world, systems/ holds one file per rule, index.ts adds the parameter schema.
 */
import { defineRuntime } from "../../src/kit/runtime.ts"
import { verificationInvariants } from "./invariants.ts"
import type { AiVerificationParams as P } from "./params.ts"
import { audit } from "./systems/audits/audit.ts"
import { drift } from "./systems/drift.ts"
import { auditMetrics, metrics, verificationMetrics } from "./systems/metrics.ts"
import { pay } from "./systems/pay.ts"
import { verify } from "./systems/verification/verify.ts"
import { initWorld, type VerificationWorld } from "./world.ts"
import { verificationState } from "./state.ts"

export const aiVerificationRuntime = defineRuntime<P, VerificationWorld>({
  name: "ai-verification",
  metrics: verificationMetrics,
  paramMetrics: (p) => (p.verification.auditRate > 0 ? auditMetrics : []),
  tunables: ["verification.rate", "verification.slashFraction", "verification.threshold", "token.emissionPerEpoch", "yuma.bondsPenalty", "validators.noise"],
  headline: ["poisonAcceptanceRate", "honestRejectedShare", "verificationCostPerWork", "outputQuality", "attack.poisoning.profit"],
  reportMetrics: ["poisonAcceptanceRate", "honestRejectedShare", "verificationCostPerWork", "outputQuality", "attack.poisoning.profit", "lazyReturnRatio"],
  attacks: () => [
    { name: "poisoning", kind: "data poisoning" },
    { name: "cartel", kind: "colluding validators" }
  ],
  state: (p) => verificationState(p),
  init: initWorld,
  systems: [drift, verify, pay, audit, metrics],
  invariants: verificationInvariants
})

export default aiVerificationRuntime
