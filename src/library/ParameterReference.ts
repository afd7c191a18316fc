/**
 * ParameterReference: every experiment field and model parameter with its default and
 * description, and each model's metrics, read from the schemas themselves (ParamDocs.ts) so the
 * reference cannot drift from the code. As data (`modelReference`) for scripts, and as the
 * Markdown `sandbox params` prints and docs/parameters.md holds (`parameterReference`).
 */
import * as Schema from "effect/Schema"
import { metricDefs, type AnyModel } from "../engine/Model.ts"
import { ExperimentEnvelope } from "../experiment/Experiment.ts"
import { models } from "../experiment/ModelRegistry.ts"
import { paramDocs, paramsMarkdown, type ParamDoc } from "../experiment/ParamDocs.ts"

/** A model's metric: what `report.metrics`, `--metrics` and guardrails may name. */
export interface MetricDoc {
  readonly name: string
  readonly description: string
  readonly unit?: string
  /** One of the report's default metrics. */
  readonly key: boolean
  /** Declared from the parameters (one per region, per attack): listed for the default parameters. */
  readonly fromParams: boolean
}

/** A model as the reference describes it: its parameters (under `params.`) and metrics. */
export interface ModelReference {
  readonly name: string
  readonly description: string
  readonly parameters: ReadonlyArray<ParamDoc>
  readonly metrics: ReadonlyArray<MetricDoc>
}

/** The reference of `m`; metrics a model derives from its parameters are those of its defaults. */
export const modelReference = (m: AnyModel): ModelReference => {
  const defaults = Schema.decodeUnknownSync(m.params)({})
  const fixed = new Set(m.metrics.map((d) => d.name))
  return {
    name: m.name,
    description: m.description,
    parameters: paramDocs(m.params, ["params"]),
    metrics: metricDefs(m, defaults).map((d) => ({ ...d, key: m.reportMetrics.includes(d.name), fromParams: !fixed.has(d.name) }))
  }
}

/** The experiment file's own fields (name, seed, runs, sweep, ...). */
export const experimentFields = (): ReadonlyArray<ParamDoc> => paramDocs(ExperimentEnvelope, [], { name: "example" })

const cellText = (s: string) => s.replace(/\|/g, "\\|").replace(/\r?\n/g, " ")

const metricsMarkdown = (r: ModelReference): ReadonlyArray<string> => [
  `### Metrics of \`${r.name}\``,
  "",
  "Recorded every epoch; reports, summaries and guardrails use the value at the final epoch. Key metrics (the report's default) are marked *key*.",
  "",
  "| metric | definition |",
  "| --- | --- |",
  ...r.metrics.map((d) => `| \`${d.name}\`${d.key ? " *key*" : ""}${d.fromParams ? " (from params)" : ""} | ${cellText(d.description)} |`)
]

/** The whole reference document (Markdown): what `sandbox params` prints, docs/parameters.md. */
export const parameterReference = (): string =>
  [
    "# Parameter reference",
    "",
    "Generated from the schemas by `sandbox params` (`npm run docs`); do not edit by hand.",
    "See [experiments.md](experiments.md) for how an experiment file is laid out.",
    "",
    "## Experiment fields",
    "",
    paramsMarkdown(experimentFields()),
    ...Object.values(models).flatMap((m) => {
      const r = modelReference(m)
      return ["", `## Model \`${r.name}\``, "", r.description, "", paramsMarkdown(r.parameters), "", ...metricsMarkdown(r)]
    }),
    ""
  ].join("\n")
