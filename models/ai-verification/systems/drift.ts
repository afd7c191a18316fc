/**
 * Drift: honest contributors' quality changes over time (new models, decay), so a validator's
 * stale score misleads.
 */
import { system } from "../../../src/kit/runtime.ts"
import type { AiVerificationParams as P } from "../params.ts"
import type { VerificationWorld } from "../world.ts"

/** Honest contributors' quality drifts: a share is redrawn each epoch. */
export const drift = system<VerificationWorld, P>("drift", (w, p, rng) => {
  const c = w.contributors
  if (p.contributors.drift <= 0) return
  for (let j = 0; j < c.size; j++) {
    if (c.cols.poisoned[j] === 1 || !(rng.next() < p.contributors.drift)) continue
    c.cols.quality[j] = rng.uniform(p.contributors.qualityMin, p.contributors.qualityMax)
  }
})
