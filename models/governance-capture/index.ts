/**
 * governance-capture: the model as experiments see it (runtime.ts + the parameter schema).
 */
import { defineModel } from "../../src/kit/index.ts"
import { GovernanceCaptureParams } from "./params.ts"
import { governanceCaptureRuntime } from "./runtime.ts"

export const governanceCapture = defineModel({
  ...governanceCaptureRuntime,
  description: "Token holders, a treasury and an attacker capturing governance by flash loan or whale coalition.",
  params: GovernanceCaptureParams
})

export default governanceCapture
