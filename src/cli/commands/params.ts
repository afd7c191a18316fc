/**
 * `sandbox params`: the reference of every experiment field and model parameter, with defaults
 * and descriptions, as Markdown (docs/parameters.md is this output).
 */
import * as Command from "@effect/cli/Command"
import * as Console from "effect/Console"
import { models } from "../../experiment/ModelRegistry.ts"
import { ExperimentEnvelope } from "../../experiment/Experiment.ts"
import { paramDocs, paramsMarkdown } from "../../experiment/ParamDocs.ts"

/** The whole reference document. */
export const parameterReference = (): string =>
  [
    "# Parameter reference",
    "",
    "Generated from the schemas by `sandbox params` (`npm run docs`); do not edit by hand.",
    "See [experiments.md](experiments.md) for how an experiment file is laid out.",
    "",
    "## Experiment fields",
    "",
    paramsMarkdown(paramDocs(ExperimentEnvelope, [], { name: "example" })),
    ...Object.values(models).flatMap((m) => ["", `## Model \`${m.name}\``, "", m.description, "", paramsMarkdown(paramDocs(m.params, ["params"]))]),
    ""
  ].join("\n")

export const paramsCommand = Command.make("params", {}, () => Console.log(parameterReference().trimEnd())).pipe(
  Command.withDescription("Print every experiment field and model parameter with its default and description (Markdown).")
)
