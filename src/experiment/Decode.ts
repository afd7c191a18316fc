/**
 * Decode: from YAML text to a ResolvedExperiment, or to errors that name the field path and
 * its line in the file.
 *
 * Pure (no I/O) so every failure mode is unit-testable; the Loader service adds the file read.
 * Decoding is two-staged: the envelope first, then the model's own parameter schema, so a
 * parameter error reads `params.operators.count` whatever the model.
 */
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import { isMap, LineCounter, parseDocument } from "yaml"
import { isModelPath } from "./ModelRef.ts"
import { defaultModelName, modelFor, models } from "./ModelRegistry.ts"
import { hasPath, listIndexProblem, setPath } from "../engine/ParamPath.ts"
import { metricDefs } from "../engine/Model.ts"
import { applyDataInputs, type DataFiles } from "./DataInputs.ts"
import { applyFit } from "./FitInputs.ts"
import { compileGuardrail, compileObjective, type Guardrail } from "../analysis/Guardrails.ts"
import { ExperimentInvalid, ExperimentSyntaxError, type FieldIssue } from "./Errors.ts"
import { ExperimentEnvelope, type ResolvedExperiment, type Scenario } from "./Experiment.ts"
import { runsProblem } from "./Limits.ts"
import { didYouMean } from "./Suggest.ts"
import { countPoints, expandValues, sweepPoints, zipMismatch } from "./Sweep.ts"
import { decodeOptions, dedupe, formatPath, position, toIssues, type Segment } from "./DecodeIssues.ts"
import { applyPatch, isRecord, pointLabels } from "./Variants.ts"
import { structureProblem } from "./YamlStructure.ts"

export { formatPath } from "./DecodeIssues.ts"

export type { DataFiles } from "./DataInputs.ts"

/** Values given on the command line that replace the file's. */
export interface EnvelopeOverrides {
  readonly seed?: number | undefined
  readonly runs?: number | undefined
  readonly epochs?: number | undefined
  /** A replacement sweep (robustness and optimize run the experiment over their own points). */
  readonly sweep?: unknown
}

/** A model's parameters with every default, encoded (undefined when its schema needs a value). */
const modelDefaults = (model: { readonly params: Schema.Schema<unknown, unknown> }): unknown =>
  Either.getOrUndefined(Either.flatMap(Schema.decodeUnknownEither(model.params)({}), (p) => Schema.encodeEither(model.params)(p)))

/** Beyond this many scenarios an experiment is almost certainly a mistake (a range step too small). */
const MAX_SCENARIOS = 100_000

/**
 * Decode an experiment file's text. `file` is only used in messages.
 */
export const decodeExperiment = (
  file: string,
  text: string,
  overrides: EnvelopeOverrides = {},
  /** Most runs (scenarios x runs) to expand; beyond, the plan is refused before it is built (Limits.ts). */
  maxRuns: number = Number.POSITIVE_INFINITY,
  dataFiles: DataFiles = new Map()
): Either.Either<ResolvedExperiment, ExperimentSyntaxError | ExperimentInvalid> => {
  const lines = new LineCounter()
  // Duplicate keys are found by structureProblem: yaml's own check compares every key with every
  // earlier one (40,000 keys: 7 s).
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: false, prettyErrors: false })
  const syntax = doc.errors[0]
  if (syntax) {
    const pos = lines.linePos(syntax.pos[0])
    const first = syntax.message.split("\n")[0] ?? syntax.message
    // The reader recurses per level: a file nested a few thousand levels deep exhausts its stack.
    const message = /Maximum call stack size exceeded/.test(first) ? "nested too deeply to read (the reader ran out of stack at this level)" : first
    return Either.left(new ExperimentSyntaxError({ file, line: pos.line, column: pos.col, message }))
  }
  const structural = structureProblem(doc, text)
  if (structural) {
    const pos = lines.linePos(structural.at)
    return Either.left(new ExperimentSyntaxError({ file, line: pos.line, column: pos.col, message: structural.message }))
  }
  const locate = (path: ReadonlyArray<Segment>) => position(doc, lines, path)
  const invalid = (issues: ReadonlyArray<FieldIssue>) => Either.left(new ExperimentInvalid({ file, issues }))
  if (!isMap(doc.contents)) {
    return invalid([{ path: "(top level)", message: "Expected a mapping of experiment fields (name, model, seed, epochs, runs, params, sweep)", ...locate([]) }])
  }

  let raw: Record<string, unknown>
  try {
    raw = doc.toJS() as Record<string, unknown>
  } catch (e) {
    // e.g. "Excessive alias count" for a YAML alias bomb.
    return Either.left(new ExperimentSyntaxError({ file, line: 1, column: 1, message: e instanceof Error ? e.message : String(e) }))
  }
  for (const [k, v] of Object.entries(overrides)) if (v !== undefined) raw[k] = v

  const envelope = Schema.decodeUnknownEither(ExperimentEnvelope, decodeOptions)(raw)
  const modelName = typeof raw["model"] === "string" ? raw["model"] : defaultModelName
  const model = modelFor(modelName, file)
  const modelIssue: Array<FieldIssue> = model
    ? []
    : isModelPath(modelName)
      ? [{ path: "model", message: `Expected a model at ${JSON.stringify(modelName)} (relative to the experiment file), but it was not loaded (load the experiment with ExperimentLoader or loadExperiment)`, ...locate(["model"]) }]
      : [{ path: "model", message: `Expected one of: ${Object.keys(models).join(", ")}, or a path to a model folder (./my-model), got ${JSON.stringify(modelName)}`, ...locate(["model"]) }]
  // Data files: each named column becomes its parameter's list (or table), before the model checks it.
  const data =
    Either.isRight(envelope) && isRecord(raw["params"] ?? {})
      ? applyDataInputs(envelope.right.data, isRecord(raw["params"]) ? raw["params"] : {}, dataFiles, locate)
      : undefined
  if (data && data.count > 0) raw["params"] = data.params
  const fromData = data?.fromData ?? ((i: FieldIssue) => i)
  // Fits: parameters estimated from a data file (FitInputs.ts), also before the model checks them.
  const fit =
    Either.isRight(envelope) && model && isRecord(raw["params"] ?? {}) && envelope.right.fit.market !== undefined
      ? applyFit(envelope.right.fit, isRecord(raw["params"]) ? raw["params"] : {}, modelDefaults(model), dataFiles, locate)
      : undefined
  if (fit && fit.issues.length === 0) raw["params"] = fit.params
  const dataIssues = [...(data?.issues ?? []), ...(fit?.issues ?? [])]
  // Decode the parameters even when the envelope is wrong, so every problem is reported at once.
  const decodeParams = model ? Schema.decodeUnknownEither(model.params, decodeOptions) : undefined
  const base = decodeParams && isRecord(raw["params"] ?? {}) ? decodeParams(raw["params"] ?? {}) : undefined
  const paramIssues = base && Either.isLeft(base) ? toIssues(base.left, ["params"], locate).map(fromData) : []
  if (Either.isLeft(envelope) || !model || !decodeParams || !base || Either.isLeft(base) || dataIssues.length > 0) {
    const envelopeIssues = Either.isLeft(envelope) ? toIssues(envelope.left, [], locate) : []
    return invalid([...envelopeIssues, ...modelIssue, ...dataIssues, ...paramIssues])
  }
  // With the data files' columns in params, as every scenario is built from them.
  // A fit's intervals as assumptions, under those written by hand.
  const env =
    (data && data.count > 0) || fit
      ? { ...envelope.right, params: raw["params"] as Record<string, unknown>, assumptions: { ...fit?.assumptions, ...envelope.right.assumptions } }
      : envelope.right
  const resolvedParams = Schema.encodeSync(model.params)(base.right)

  // Sweep: check every path and every value on its own first, so an error names the exact value.
  const issues: Array<FieldIssue> = []
  const sweep = env.sweep
  const variantCount = Math.max(1, Object.keys(env.variants).length)
  const pointCount = countPoints(sweep)
  // Counted before anything is expanded: a range with a tiny step must not cost minutes.
  if (pointCount * variantCount > MAX_SCENARIOS) {
    return invalid([{ path: "sweep", message: `Expected at most ${MAX_SCENARIOS} scenarios, got ${pointCount * variantCount} (${variantCount} variants x ${pointCount} points)`, ...locate(["sweep"]) }])
  }
  // Before any value is checked: 99,999 points x 100,000 runs must be refused in milliseconds.
  const tooMany = runsProblem(pointCount * variantCount, env.runs, maxRuns)
  if (tooMany) return invalid([{ path: "runs", message: tooMany, ...locate(["runs"]) }])
  const checkPath = (where: ReadonlyArray<Segment>, path: string): boolean => {
    if (hasPath(resolvedParams, path)) return true
    issues.push({ path: formatPath(where), message: `unknown parameter path "${path}" in model ${model.name}`, ...locate(where) })
    return false
  }
  const checkValue = (where: ReadonlyArray<Segment>, path: string, value: unknown) => {
    const one = decodeParams(setPath(env.params, path, value, resolvedParams))
    // The value is what is wrong: report it at its place in the sweep, with the model's message.
    if (Either.isLeft(one)) for (const issue of toIssues(one.left, ["params"], locate)) issues.push({ path: formatPath(where), message: issue.message, ...locate(where) })
  }
  for (const block of ["grid", "zip"] as const) {
    for (const [path, spec] of Object.entries(sweep[block])) {
      if (!checkPath(["sweep", block, path], path)) continue
      const listed = Array.isArray(spec)
      expandValues(spec).forEach((value, i) => checkValue(listed ? ["sweep", block, path, i] : ["sweep", block, path], path, value))
    }
  }
  // A path in two blocks would have one block's values silently replace the other's.
  const blockOf = new Map<string, string>()
  for (const [block, paths] of [["grid", Object.keys(sweep.grid)], ["zip", Object.keys(sweep.zip)], ["sample", Object.keys(sweep.sample?.ranges ?? {})]] as const) {
    for (const path of paths) {
      const first = blockOf.get(path)
      const where: Array<Segment> = block === "sample" ? ["sweep", "sample", "ranges", path] : ["sweep", block, path]
      if (first) issues.push({ path: formatPath(where), message: `"${path}" is also swept in sweep.${first}; sweep each parameter in one block`, ...locate(where) })
      else blockOf.set(path, block)
    }
  }
  const mismatch = zipMismatch(sweep.zip)
  if (mismatch) issues.push({ path: "sweep.zip", message: mismatch, ...locate(["sweep", "zip"]) })
  for (const [path, range] of Object.entries(env.optimize?.parameters ?? {})) {
    if (!checkPath(["optimize", "parameters", path], path)) continue
    checkValue(["optimize", "parameters", path, "from"], path, range.from)
    checkValue(["optimize", "parameters", path, "to"], path, range.to)
  }
  for (const [path, range] of Object.entries(env.assumptions)) {
    if (!checkPath(["assumptions", path], path)) continue
    checkValue(["assumptions", path, "from"], path, range.from)
    checkValue(["assumptions", path, "to"], path, range.to)
  }
  for (const [path, range] of Object.entries(sweep.sample?.ranges ?? {})) {
    if (!checkPath(["sweep", "sample", "ranges", path], path)) continue
    checkValue(["sweep", "sample", "ranges", path, "from"], path, range.from)
    checkValue(["sweep", "sample", "ranges", path, "to"], path, range.to)
  }
  const variantEntries = Object.entries(env.variants)
  for (const [name, patch] of variantEntries) {
    const beyond = Object.keys(patch).flatMap((key) => {
      const problem = key.includes(".") ? listIndexProblem(resolvedParams, key) : undefined
      return problem ? [{ path: formatPath(["variants", name, key]), message: problem, ...locate(["variants", name, key]) }] : []
    })
    if (beyond.length > 0) {
      issues.push(...beyond)
      continue
    }
    const decoded = decodeParams(applyPatch(env.params, patch, resolvedParams))
    if (Either.isLeft(decoded)) {
      for (const issue of toIssues(decoded.left, ["params"], locate)) issues.push({ path: `variants.${name}`, message: `${issue.path}: ${issue.message}`, ...locate(["variants", name]) })
    }
  }
  // Schedule: known paths, epochs inside the run; values are checked per scenario below.
  const schedule = env.schedule ?? []
  schedule.forEach((entry, i) => {
    if (entry.epoch >= env.epochs) issues.push({ path: formatPath(["schedule", i, "epoch"]), message: `Expected an epoch below epochs (${env.epochs}), got ${entry.epoch}`, ...locate(["schedule", i, "epoch"]) })
    for (const path of Object.keys(entry.set)) checkPath(["schedule", i, "set", path], path)
  })
  const metricNames = new Set(metricDefs(model, base.right).map((m) => m.name))
  const guardrails: Array<Guardrail> = []
  env.guardrails.forEach((source, i) => {
    const g = compileGuardrail(source, metricNames)
    if (g.ok) guardrails.push(g.guardrail)
    else issues.push({ path: formatPath(["guardrails", i]), message: g.error, ...locate(["guardrails", i]) })
  })
  const objectives: Array<{ direction: "maximize" | "minimize"; source: string; compiled: Guardrail }> = []
  env.optimize?.objectives.forEach((o, i) => {
    const direction = "maximize" in o ? "maximize" : "minimize"
    const source = "maximize" in o ? o.maximize : o.minimize
    const c = compileObjective(source, metricNames)
    if (c.ok) objectives.push({ direction, source, compiled: c.guardrail })
    else issues.push({ path: formatPath(["optimize", "objectives", i, direction]), message: c.error, ...locate(["optimize", "objectives", i, direction]) })
  })
  env.report.metrics.forEach((metric, i) => {
    if (!metricNames.has(metric)) issues.push({ path: formatPath(["report", "metrics", i]), message: `Expected a metric of model ${env.model}, got ${JSON.stringify(metric)}${didYouMean(metric, metricNames)}; \`sandbox params\` lists every model's metrics`, ...locate(["report", "metrics", i]) })
  })
  if (issues.length > 0) return invalid(dedupe(issues))

  const points = sweepPoints(sweep, env.seed)
  const labels = pointLabels(points)
  const variants: ReadonlyArray<readonly [string | undefined, Record<string, unknown>]> = variantEntries.length > 0 ? variantEntries : [[undefined, {}]]
  const scenarios: Array<Scenario> = []
  for (const [variant, patch] of variants) {
    for (const [pointIndex, point] of points.entries()) {
      let params: Record<string, unknown> = applyPatch(env.params, patch, resolvedParams)
      for (const [path, value] of Object.entries(point)) params = setPath(params, path, value, resolvedParams)
      const label = [variant, Object.keys(point).length > 0 ? labels[pointIndex] : undefined].filter((x) => x !== undefined).join(" · ") || "base"
      const decoded = decodeParams(params)
      if (Either.isLeft(decoded)) {
        // Each value was valid alone; a combination can still break a cross-field rule.
        for (const issue of toIssues(decoded.left, ["params"], locate)) issues.push({ ...issue, path: `sweep (scenario ${label}): ${issue.path}`, ...locate(["sweep"]) })
        continue
      }
      scenarios.push({ index: scenarios.length, label, variant, point: pointIndex, overrides: point, params: decoded.right })
    }
  }
  // Each scheduled change must leave valid parameters: apply them in epoch order, decoding after each.
  const order = schedule.map((entry, i) => ({ entry, i })).sort((a, b) => a.entry.epoch - b.entry.epoch || a.i - b.i)
  for (const scenario of order.length > 0 ? scenarios : []) {
    let params = Schema.encodeSync(model.params)(scenario.params) as Record<string, unknown>
    for (const { entry, i } of order) {
      for (const [path, value] of Object.entries(entry.set)) params = setPath(params, path, value, resolvedParams)
      const decoded = decodeParams(params)
      if (Either.isLeft(decoded)) {
        const where = scenarios.length > 1 ? ` (scenario ${scenario.label})` : ""
        for (const issue of toIssues(decoded.left, ["params"], locate)) issues.push({ path: formatPath(["schedule", i, "set"]), message: `${issue.path}${where}: ${issue.message}`, ...locate(["schedule", i, "set"]) })
        break
      }
    }
  }
  if (issues.length > 0) return invalid(dedupe(issues))
  return Either.right({ file, envelope: env, resolvedParams, scenarios, guardrails, objectives, ...(fit ? { fitted: fit.fitted } : {}) })
}
