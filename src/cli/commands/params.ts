/**
 * `sandbox params`: the reference of every experiment field and model parameter, with defaults
 * and descriptions, as Markdown (docs/parameters.md is this output). The reference is the
 * library's (src/library/ParameterReference.ts).
 */
import * as Command from "@effect/cli/Command"
import * as Console from "effect/Console"
import { parameterReference } from "../../library/ParameterReference.ts"

export const paramsCommand = Command.make("params", {}, () => Console.log(parameterReference().trimEnd())).pipe(
  Command.withDescription("Print every experiment field and model parameter with its default and description (Markdown).")
)
