/**
 * An audit of one verdict: the truth of the work is revealed exactly; a validator that accepted
 * work under the threshold has a proven fault (slashed by the audit system, see
 * ../slashing/auditFaults.ts).
 */
import type { AiVerificationParams as P } from "../../params.ts"
import type { VerificationWorld } from "../../world.ts"

/** An audit of validator i's verdict on contribution j: the truth is revealed; accepting work under the threshold is a fault. */
export const auditVerdict = (w: VerificationWorld, p: P, i: number, j: number, accepted: boolean) => {
  w.audits++
  w.auditCost += p.verification.auditCost
  w.verificationCost += p.verification.auditCost
  if (accepted && w.contributors.cols.quality[j]! < p.verification.threshold) w.validators.cols.faults[i] = w.validators.cols.faults[i]! + 1
}
