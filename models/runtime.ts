/**
 * The runtime registry: what worker threads load to run a model by name, without any schema
 * (and so without Effect). Must list the same models as models/index.ts (a test checks it).
 */
import type { AnyModelRuntime } from "../src/kit/index.ts"
import { aiVerificationRuntime } from "./ai-verification/runtime.ts"
import { attributionRuntime } from "./attribution/runtime.ts"
import { gpuNetworkRuntime } from "./gpu-network/runtime.ts"
import { governanceCaptureRuntime } from "./governance-capture/runtime.ts"
import { subnetsRuntime } from "./subnets/runtime.ts"

export const runtimes: Readonly<Record<string, AnyModelRuntime>> = {
  "gpu-network": gpuNetworkRuntime as AnyModelRuntime,
  "governance-capture": governanceCaptureRuntime as AnyModelRuntime,
  "ai-verification": aiVerificationRuntime as AnyModelRuntime,
  subnets: subnetsRuntime as AnyModelRuntime,
  attribution: attributionRuntime as AnyModelRuntime
}
