/**
 * ai-verification: the model as experiments see it (runtime.ts + the parameter schema).
 */
import { defineModel } from "../../src/kit/index.ts"
import { AiVerificationParams } from "./params.ts"
import { aiVerificationRuntime } from "./runtime.ts"

export const aiVerification = defineModel({
  ...aiVerificationRuntime,
  description: "Contributors of AI work (honest or poisoned), validators verifying it with noisy accuracy (none, spot-check, redundant, Yuma consensus), lazy and colluding validators.",
  params: AiVerificationParams
})

export default aiVerification
