/**
 * The verify system: which work is accepted and how the miner and validator pools are shared,
 * under the strategy of `verification.strategy`: none accepts all; spot-check and redundant
 * (here) send a share `rate` of contributions to 1 or `redundancy` validators drawn by stake and
 * reject on a stake-weighted majority; yuma is ./yumaRound.ts.
 */
import { system } from "../../../../src/kit/runtime.ts"
import type { AiVerificationParams as P } from "../../params.ts"
import type { VerificationWorld } from "../../world.ts"
import { auditVerdict } from "../audits/verdict.ts"
import { drawValidator, stakeShares } from "../validatorStake.ts"
import { rejects } from "./observe.ts"
import { yumaRound } from "./yumaRound.ts"

/** Verification: which work is accepted, how the miner and validator pools are shared. */
export const verify = system<VerificationWorld, P>("verify", (w, p, rng) => {
  const c = w.contributors
  const n = c.size
  const vp = p.verification
  w.checks = 0
  w.verificationCost = 0
  w.audits = 0
  w.auditFaults = 0
  w.auditCost = 0
  w.accepted.fill(1)
  w.minerWeight.fill(1)
  stakeShares(w)
  if (vp.strategy === "spot-check" || vp.strategy === "redundant") {
    const k = vp.strategy === "spot-check" ? 1 : vp.redundancy
    const audited = vp.auditRate > 0
    for (let j = 0; j < n; j++) {
      if (!(rng.next() < vp.rate)) continue
      let against = 0
      let total = 0
      for (let r = 0; r < k; r++) {
        const i = drawValidator(w, rng)
        const s = w.validators.cols.stake[i]!
        total += s
        const no = rejects(w, p, rng, i, j)
        if (no) against += s
        // Each verdict (a lazy validator's unexamined accept too) is audited with chance auditRate.
        if (audited && w.auditRng.next() < vp.auditRate) auditVerdict(w, p, i, j, !no)
      }
      if (against > total / 2) {
        w.accepted[j] = 0
        w.minerWeight[j] = 0
      }
    }
  } else if (vp.strategy === "yuma") {
    yumaRound(w, p, rng)
  }
})
