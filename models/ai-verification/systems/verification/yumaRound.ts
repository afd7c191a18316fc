/**
 * Verification by Yuma consensus: every validator re-scores a share `rate` of contributors and
 * keeps its last score for the rest (lazy validators copy the newest consensus they can see,
 * colluders score poison 1); the weights go through the library's Yuma
 * (models/mechanisms/consensus/yuma.ts); miners under `rejectShare / n` incentive are rejected,
 * validators are paid by dividends.
 */
import type { Rng } from "../../../../src/kit/runtime.ts"
import { yumaEpochFlat } from "../../../mechanisms/consensus/yuma.ts"
import type { AiVerificationParams as P } from "../../params.ts"
import { LAZY, COLLUDING, type VerificationWorld } from "../../world.ts"
import { observe } from "./observe.ts"

/** One epoch of Yuma verification: fills accepted, minerWeight, validatorShare and trust. */
export const yumaRound = (w: VerificationWorld, p: P, rng: Rng) => {
  const c = w.contributors
  const vals = w.validators
  const n = c.size
  const v = vals.size
  const { scores, weights, published, scored } = w
  const threshold = p.verification.threshold
  // The ring row written `copyDelay` epochs ago: the newest consensus copiers can see.
  const visible = (w.epoch % w.copyDelay) * n
  for (let i = 0; i < v; i++) {
    const kind = vals.cols.kind[i]
    const row = i * n
    if (kind === LAZY) {
      // Copies the newest consensus it can see: no checks, no cost.
      for (let j = 0; j < n; j++) weights[row + j] = published[visible + j]!
      continue
    }
    for (let j = 0; j < n; j++) {
      if (kind === COLLUDING && c.cols.poisoned[j] === 1) {
        scores[row + j] = 1
        scored[row + j] = 1
      } else if (rng.next() < p.verification.rate) {
        scores[row + j] = Math.min(1, Math.max(0, observe(w, p, rng, i, j)))
        scored[row + j] = 1
      }
      const s = scores[row + j]!
      weights[row + j] = s < threshold ? 0 : s
    }
  }
  const y = p.yuma
  const out = yumaEpochFlat(
    vals.cols.stake.subarray(0, v),
    weights,
    v,
    n,
    {
      kappa: y.kappa,
      bondsPenalty: y.bondsPenalty,
      alpha: y.alpha,
      yuma3: y.yuma3,
      ...(y.yuma3 && y.liquidAlpha ? { liquidAlpha: { low: y.alphaLow, high: y.alphaHigh, steepness: y.steepness } } : {})
    },
    w.bonds,
    w.scratch
  )
  w.bonds = out.bonds
  published.set(out.consensus, visible)
  const floor = y.rejectShare / n
  for (let j = 0; j < n; j++) {
    const inc = out.incentive[j]!
    if (inc < floor) {
      w.accepted[j] = 0
      w.minerWeight[j] = 0
    } else w.minerWeight[j] = inc
  }
  let div = 0
  for (let i = 0; i < v; i++) div += out.dividends[i]!
  if (div > 0) w.validatorShare.set(out.dividends)
  for (let i = 0; i < v; i++) vals.cols.trust[i] = out.validatorTrust[i]!
}
