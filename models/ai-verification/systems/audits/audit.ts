/**
 * The audit system (`verification.auditRate` > 0): checks the checkers. Under spot-check and
 * redundant the verify system audits verdicts as they are given (./verdict.ts); under yuma this
 * system samples the weights set this epoch. Each proven fault is slashed
 * (../slashing/auditFaults.ts); audits draw from the world's own audit stream.
 */
import { system } from "../../../../src/kit/runtime.ts"
import type { AiVerificationParams as P } from "../../params.ts"
import { COLLUDING, HONEST, LAZY, type VerificationWorld } from "../../world.ts"
import { slashAuditFaults } from "../slashing/auditFaults.ts"
import { restake } from "../validatorStake.ts"
import { auditVerdict } from "./verdict.ts"

/**
 * yuma: audit a share auditRate of the (validator, contributor) weights set this epoch. A weight
 * is a verdict when it comes from a score the validator set (checked, or a colluder's full
 * weight on poison) or was copied (a lazy validator claims every weight it copies); a weight
 * from the untouched 0.5 prior of a contributor it never scored is none. A positive weight is
 * an accept. Cells are sampled by geometric skips, so the draws scale with the audits made.
 */
export const auditWeights = (w: VerificationWorld, p: P) => {
  const n = w.contributors.size
  const cells = w.validators.size * n
  const a = p.verification.auditRate
  const rng = w.auditRng
  // Gap to the next sampled cell: Geometric(a) failures before a success (0 at a = 1).
  const logMiss = Math.log1p(-a)
  const gap = () => (a >= 1 ? 0 : Math.floor(Math.log(1 - rng.next()) / logMiss))
  for (let k = gap(); k < cells; k += 1 + gap()) {
    const i = Math.floor(k / n)
    if (w.validators.cols.kind[i] !== LAZY && w.scored[k] !== 1) continue
    auditVerdict(w, p, i, k - i * n, w.weights[k]! > 0)
  }
}

/**
 * Audits: each fault proven this epoch slashes `validatorSlashFraction` of the validator's
 * stake, compounding (`verificationSlash`), burned; validators are drawn by the new stakes from
 * the next epoch. Runs after pay, so this epoch's rewards went by the stakes that verified it.
 */
export const audit = system<VerificationWorld, P>("audit", (w, p) => {
  const vp = p.verification
  if (!(vp.auditRate > 0)) return
  if (vp.strategy === "yuma") auditWeights(w, p)
  const vals = w.validators
  let changed = false
  for (let i = 0; i < vals.size; i++) {
    const faults = vals.cols.faults[i]!
    if (faults === 0) continue
    vals.cols.faults[i] = 0
    const kind = vals.cols.kind[i]!
    w.auditFaults += faults
    if (kind === HONEST) w.honestFaults += faults
    if (kind === COLLUDING && Number.isNaN(w.cartelDetectedAt)) w.cartelDetectedAt = w.epoch
    if (slashAuditFaults(w, p, i, faults) > 0) changed = true
  }
  if (changed) restake(w)
})
