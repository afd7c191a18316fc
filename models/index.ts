/**
 * The model registry: every model an experiment can name in its `model` field.
 */
import type { AnyModel } from "../src/kit/index.ts"
import { aiVerification } from "./ai-verification/index.ts"
import { attribution } from "./attribution/index.ts"
import { gpuNetwork } from "./gpu-network/index.ts"
import { governanceCapture } from "./governance-capture/index.ts"
import { subnets } from "./subnets/index.ts"

export const models: Readonly<Record<string, AnyModel>> = {
  "gpu-network": gpuNetwork as AnyModel,
  "governance-capture": governanceCapture as AnyModel,
  "ai-verification": aiVerification as AnyModel,
  subnets: subnets as AnyModel,
  attribution: attribution as AnyModel
}

/** The model used when an experiment does not name one. */
export const defaultModelName = "gpu-network"
