/**
 * `sandbox params`: the reference of every experiment field and model parameter, with defaults
 * and descriptions, as Markdown (docs/parameters.md is this output).
 */
import * as Command from "@effect/cli/Command"
import * as Console from "effect/Console"
import * as Schema from "effect/Schema"
import { models } from "../../experiment/ModelRegistry.ts"
import { metricDefs, type AnyModel } from "../../engine/Model.ts"
import { ExperimentEnvelope } from "../../experiment/Experiment.ts"
import { paramDocs, paramsMarkdown } from "../../experiment/ParamDocs.ts"

const cellText = (s: string) => s.replace(/\|/g, "\\|").replace(/\r?\n/g, " ")

/**
 * A model's metrics with their definitions: what `report.metrics`, `--metrics` and guardrails
 * may name. Metrics a model derives from its parameters (one per region, per attack) are
 * described by the model's `paramMetrics` and listed for the default parameters.
 */
const metricsMarkdown = (m: AnyModel): ReadonlyArray<string> => {
  const defaults = Schema.decodeUnknownSync(m.params)({})
  const fixed = new Set(m.metrics.map((d) => d.name))
  const defs = metricDefs(m, defaults)
  return [
    `### Metrics of \`${m.name}\``,
    "",
    "Recorded every epoch; reports, summaries and guardrails use the value at the final epoch. Key metrics (the report's default) are marked *key*.",
    "",
    "| metric | definition |",
    "| --- | --- |",
    ...defs.map((d) => `| \`${d.name}\`${m.reportMetrics.includes(d.name) ? " *key*" : ""}${fixed.has(d.name) ? "" : " (from params)"} | ${cellText(d.description)} |`)
  ]
}

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
    ...Object.values(models).flatMap((m) => ["", `## Model \`${m.name}\``, "", m.description, "", paramsMarkdown(paramDocs(m.params, ["params"])), "", ...metricsMarkdown(m)]),
    ""
  ].join("\n")

export const paramsCommand = Command.make("params", {}, () => Console.log(parameterReference().trimEnd())).pipe(
  Command.withDescription("Print every experiment field and model parameter with its default and description (Markdown).")
)
