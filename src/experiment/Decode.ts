/**
 * Decode: from YAML text to a ResolvedExperiment, or to errors that name the field path and
 * its line in the file.
 *
 * Pure (no I/O) so every failure mode is unit-testable; the Loader service adds the file read.
 * Decoding is two-staged: the envelope first, then the model's own parameter schema, so a
 * parameter error reads `params.operators.initial` whatever the model.
 */
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import { isMap, isScalar, LineCounter, parseDocument, visit, type Document, type Node as YamlNode } from "yaml"
import { isModelPath } from "./ModelRef.ts"
import { defaultModelName, modelFor, models } from "./ModelRegistry.ts"
import { hasPath, listIndexProblem, setPath } from "../engine/ParamPath.ts"
import { metricDefs } from "../engine/Model.ts"
import { readColumns } from "./DataFile.ts"
import { compileGuardrail, compileObjective, type Guardrail } from "../analysis/Guardrails.ts"
import { ExperimentInvalid, ExperimentSyntaxError, type FieldIssue } from "./Errors.ts"
import { ExperimentEnvelope, type ResolvedExperiment, type Scenario } from "./Experiment.ts"
import { runsProblem } from "./Limits.ts"
import { didYouMean } from "./Suggest.ts"
import { countPoints, expandValues, sweepPoints, zipMismatch } from "./Sweep.ts"

/** Values given on the command line that replace the file's. */
/** The text of each data file an experiment names (by the name it is written with); undefined when unreadable. */
export type DataFiles = ReadonlyMap<string, { readonly path: string; readonly text: string | undefined; readonly reason?: string }>

export interface EnvelopeOverrides {
  readonly seed?: number | undefined
  readonly runs?: number | undefined
  readonly epochs?: number | undefined
  /** A replacement sweep (robustness and optimize run the experiment over their own points). */
  readonly sweep?: unknown
}

type Segment = string | number

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/

/** Render a path as users write it: `params.operators.initial`, `sweep.grid["a.b"][1]`. */
export const formatPath = (path: ReadonlyArray<Segment>): string => {
  let out = ""
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`
    else if (IDENT.test(seg)) out += out === "" ? seg : `.${seg}`
    else out += `[${JSON.stringify(seg)}]`
  }
  return out === "" ? "(top level)" : out
}

const position = (doc: Document, lines: LineCounter, path: ReadonlyArray<Segment>): { line?: number; column?: number } => {
  // The deepest node present in the file: a missing field is reported at its parent.
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true)
    const range = (node as { range?: [number, number, number] } | null | undefined)?.range
    if (range) {
      const pos = lines.linePos(range[0])
      return { line: pos.line, column: pos.col }
    }
  }
  return {}
}

const issueMessage = (issue: ParseResult.ArrayFormatterIssue): string => {
  switch (issue._tag) {
    case "Unexpected": {
      const name = String(issue.path[issue.path.length - 1])
      // The schema's message lists the fields expected: `expected: "a" | "b"`; the closest is the likely typo.
      const expected = [...issue.message.matchAll(/"([^"]+)"/g)].map((m) => m[1]!)
      return `unknown field "${name}"${didYouMean(name, expected)}; ${issue.message.replace(/^is unexpected, /, "")}`
    }
    case "Missing":
      return "required field is missing"
    default:
      return issue.message
  }
}

const LITERAL = /^Expected ("(?:[^"\\]|\\.)*"), actual (.*)$/

/**
 * A choice of literals (`policy: nope`) fails once per alternative; say it once: `Expected one
 * of "largest-first", "light-split", "region-local", got "nope"`.
 */
const mergeLiterals = (issues: ReadonlyArray<FieldIssue>): Array<FieldIssue> => {
  const out: Array<FieldIssue> = []
  for (let k = 0; k < issues.length; ) {
    const first = LITERAL.exec(issues[k]!.message)
    let end = k + 1
    const choices = first ? [first[1]!] : []
    while (first && end < issues.length && issues[end]!.path === issues[k]!.path) {
      const next = LITERAL.exec(issues[end]!.message)
      if (!next || next[2] !== first[2]) break
      choices.push(next[1]!)
      end++
    }
    out.push(choices.length > 1 ? { ...issues[k]!, message: `Expected one of ${choices.join(", ")}, got ${first![2]}` } : issues[k]!)
    k = end
  }
  return out
}

/**
 * Issues past this many are kept without their line: finding a line walks the document, and with
 * 40,000 unknown keys that walk, once per issue, took most of a minute. Only the first few dozen
 * are printed anyway (ErrorMessage.ts).
 */
const MAX_LOCATED = 200

const toIssues = (
  error: ParseResult.ParseError,
  prefix: ReadonlyArray<Segment>,
  locate: (path: ReadonlyArray<Segment>) => { line?: number; column?: number }
): Array<FieldIssue> =>
  mergeLiterals(
    ParseResult.ArrayFormatter.formatErrorSync(error).map((issue, i) => {
      const path = [...prefix, ...(issue.path as ReadonlyArray<Segment>)]
      return { path: formatPath(path), message: issueMessage(issue), ...(i < MAX_LOCATED ? locate(path) : {}) }
    })
  )

const decodeOptions = { errors: "all", onExcessProperty: "error" } as const

const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === "object" && u !== null && !Array.isArray(u)

/** A point's label with numbers to `digits` significant digits (17: exact). */
const pointLabel = (point: Readonly<Record<string, unknown>>, digits = 6): string =>
  Object.entries(point)
    .map(([k, v]) => `${k}=${typeof v === "string" ? v : typeof v === "number" ? String(Number(v.toPrecision(digits))) : JSON.stringify(v)}`)
    .join(",")

/** Labels for the points: 6 significant digits, more when that would make two labels equal. */
const pointLabels = (points: ReadonlyArray<Readonly<Record<string, unknown>>>): ReadonlyArray<string> => {
  for (const digits of [6, 10, 17]) {
    const labels = points.map((pt) => pointLabel(pt, digits))
    if (new Set(labels).size === labels.length || digits === 17) return labels
  }
  return []
}

/** Apply a variant's patch: nested objects merge, other values replace; dotted keys are paths. */
const applyPatch = (base: Record<string, unknown>, patch: Record<string, unknown>, defaults: unknown): Record<string, unknown> => {
  let out = structuredClone(base)
  for (const [key, value] of Object.entries(patch)) {
    if (key.includes(".")) out = setPath(out, key, value, defaults)
    else if (isRecord(value) && isRecord(out[key])) out[key] = applyPatch(out[key] as Record<string, unknown>, value, isRecord(defaults) ? defaults[key] : undefined)
    else out[key] = structuredClone(value)
  }
  return out
}

/** Drop repeated identical issues (one per swept value of a broken path). */
const dedupe = (issues: ReadonlyArray<FieldIssue>): Array<FieldIssue> => {
  const seen = new Set<string>()
  return issues.filter((i) => {
    const key = `${i.path}\u0000${i.message}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

/** The tags of YAML's core schema: all an experiment needs. */
const CORE_TAGS = new Set(["str", "int", "float", "bool", "null", "map", "seq"].map((t) => `tag:yaml.org,2002:${t}`))

/**
 * The first structural problem in document order, and where: a key repeated in one mapping, or a
 * tag outside the core schema (as written). `!!omap` and `!!set` read as empty mappings (their
 * content silently dropped: a parameter inside one would never be checked) and unknown tags
 * (`!!js/function`) as strings, so both are refused. One pass, a set per mapping.
 */
const structureProblem = (doc: Document, text: string): { readonly message: string; readonly at: number } | undefined => {
  let found: { message: string; at: number } | undefined
  visit(doc, {
    Map(_key, map) {
      const seen = new Set<string>()
      for (const pair of map.items) {
        const k = pair.key
        const id = isScalar(k) ? `${typeof k.value}:${String(k.value)}` : String(k)
        if (seen.has(id)) {
          found = { message: `Map keys must be unique: ${isScalar(k) ? JSON.stringify(String(k.value)) : id} appears twice`, at: (k as YamlNode | null)?.range?.[0] ?? map.range?.[0] ?? 0 }
          return visit.BREAK
        }
        seen.add(id)
      }
      return checkTag(map)
    },
    Node(_key, node: YamlNode) {
      return checkTag(node)
    }
  })
  function checkTag(node: YamlNode) {
    if (node.tag === undefined || CORE_TAGS.has(node.tag)) return undefined
    const written = node.tag.startsWith("tag:yaml.org,2002:") ? `!!${node.tag.slice("tag:yaml.org,2002:".length)}` : node.tag
    const start = node.range?.[0] ?? 0
    const at = text.lastIndexOf(written, start)
    found = { message: `unsupported tag ${written}: only plain YAML is read (mappings, lists, strings, numbers, booleans, null); write the value without the tag`, at: at >= 0 ? at : start }
    return visit.BREAK
  }
  return found
}

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
    const message = syntax.message.split("\n")[0] ?? syntax.message
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
  // Data files: each named column becomes its parameter's list, before the model checks it.
  const dataIssues: Array<FieldIssue> = []
  const dataRows = new Map<string, { path: string; column: string; lines: ReadonlyArray<number>; index: number }>()
  if (Either.isRight(envelope) && isRecord(raw["params"] ?? {})) {
    for (const [paramPath, entry] of Object.entries(envelope.right.data)) {
      const where: Array<Segment> = ["data", paramPath]
      const source = dataFiles.get(entry.file)
      if (source?.text === undefined) {
        dataIssues.push({ path: formatPath([...where, "file"]), message: `cannot read data file ${source?.path ?? entry.file}: ${source?.reason ?? "no such file"}`, ...locate([...where, "file"]) })
        continue
      }
      const read = readColumns(source.path, source.text, [{ name: entry.column, values: "number" }])
      if (Either.isLeft(read)) {
        for (const i of read.left.issues) dataIssues.push({ path: formatPath(where), message: `${source.path}${i.line !== undefined ? `:${i.line}:${i.column}` : ""}: ${i.path}: ${i.message}`, ...locate(where) })
        continue
      }
      raw["params"] = setPath(isRecord(raw["params"]) ? raw["params"] : {}, paramPath, Array.from(read.right.values[entry.column]!))
      dataRows.set(paramPath, { path: source.path, column: entry.column, lines: read.right.lines, index: read.right.header.indexOf(entry.column) + 1 })
    }
  }
  /** A model's complaint about a value that came from a data file, told at its row and column. */
  const fromData = (issue: FieldIssue): FieldIssue => {
    for (const [paramPath, d] of dataRows) {
      const m = new RegExp(`^params\\.${paramPath.replace(/\./g, "\\.")}\\[(\\d+)\\]`).exec(issue.path)
      if (m) return { path: formatPath(["data", paramPath]), message: `${d.path}:${d.lines[Number(m[1])] ?? "?"}:${d.index}: ${d.column}: ${issue.message}`, ...locate(["data", paramPath]) }
      // A complaint about the whole list (its length, say) names the file and column.
      if (issue.path === `params.${paramPath}`) return { path: formatPath(["data", paramPath]), message: `${d.path}: column ${d.column}: ${issue.message}`, ...locate(["data", paramPath]) }
    }
    return issue
  }
  // Decode the parameters even when the envelope is wrong, so every problem is reported at once.
  const decodeParams = model ? Schema.decodeUnknownEither(model.params, decodeOptions) : undefined
  const base = decodeParams && isRecord(raw["params"] ?? {}) ? decodeParams(raw["params"] ?? {}) : undefined
  const paramIssues = base && Either.isLeft(base) ? toIssues(base.left, ["params"], locate).map(fromData) : []
  if (Either.isLeft(envelope) || !model || !decodeParams || !base || Either.isLeft(base) || dataIssues.length > 0) {
    const envelopeIssues = Either.isLeft(envelope) ? toIssues(envelope.left, [], locate) : []
    return invalid([...envelopeIssues, ...modelIssue, ...dataIssues, ...paramIssues])
  }
  // With the data files' columns in params, as every scenario is built from them.
  const env = dataRows.size > 0 ? { ...envelope.right, params: raw["params"] as Record<string, unknown> } : envelope.right
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
  return Either.right({ file, envelope: env, resolvedParams, scenarios, guardrails, objectives })
}
