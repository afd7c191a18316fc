/**
 * One validator's look at one contribution: a noisy observation that costs `checkCost`, and the
 * verdict it gives (lazy validators accept unseen, colluding ones pass poison).
 */
import type { Rng } from "../../../../src/kit/runtime.ts"
import type { AiVerificationParams as P } from "../../params.ts"
import { COLLUDING, LAZY, type VerificationWorld } from "../../world.ts"

/** What validator i observes of contributor j's work, paying for the check. */
export const observe = (w: VerificationWorld, p: P, rng: Rng, i: number, j: number): number => {
  w.checks++
  w.verificationCost += p.validators.checkCost
  w.validators.cols.cost[i] = w.validators.cols.cost[i]! + p.validators.checkCost
  return w.contributors.cols.quality[j]! + p.validators.noise * rng.normal()
}

/** One validator's verdict on one contribution: true to reject. */
export const rejects = (w: VerificationWorld, p: P, rng: Rng, i: number, j: number): boolean => {
  const kind = w.validators.cols.kind[i]
  if (kind === LAZY) return false
  if (kind === COLLUDING && w.contributors.cols.poisoned[j] === 1) return false
  return observe(w, p, rng, i, j) < p.verification.threshold
}
