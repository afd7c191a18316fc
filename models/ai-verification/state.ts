/**
 * What an ai-verification run's world holds at epoch 0, by the parameters that size it (the
 * memory estimate made before a run: Model.state, docs/limits.md). The validator x contributor
 * matrices dominate: scores, weights, the Yuma scratch (three of them), which pairs were scored
 * and, under yuma, the bonds.
 */
import { slotBytes, type StateSize } from "../../src/kit/runtime.ts"
import type { AiVerificationParams } from "./params.ts"
import { ContributorColumns, ValidatorColumns } from "./world.ts"

const F64 = Float64Array.BYTES_PER_ELEMENT

/** The work layer's state; `prefix` is where its parameters sit in the experiment (`work.` in models/network). */
export const verificationState = (p: Pick<AiVerificationParams, "contributors" | "validators" | "verification">, prefix = ""): ReadonlyArray<StateSize> => {
  const n = p.contributors.count
  const v = p.validators.count
  return [
    // Columns, plus its accepted flag, weight and published consensus (copyDelay epochs of it).
    { field: `${prefix}contributors.count`, what: "contributors", count: n, bytesEach: slotBytes(ContributorColumns) + 1 + F64 + p.validators.copyDelay * F64 },
    { field: `${prefix}validators.count`, what: "validators", count: v, bytesEach: slotBytes(ValidatorColumns) + 5 * F64 },
    { field: `${prefix}validators.count x ${prefix}contributors.count`, what: "validator x contributor scores", count: v * n, bytesEach: 5 * F64 + 1 + (p.verification.strategy === "yuma" ? F64 : 0) }
  ]
}
