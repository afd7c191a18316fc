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
import { isMap, LineCounter, parseDocument, type Document } from "yaml"
import { defaultModelName, models } from "../../models/index.ts"
import { ExperimentInvalid, ExperimentSyntaxError, type FieldIssue } from "./Errors.ts"
import { ExperimentEnvelope, type ResolvedExperiment, type Scenario } from "./Experiment.ts"

/** Values given on the command line that replace the file's. */
export interface EnvelopeOverrides {
  readonly seed?: number | undefined
  readonly runs?: number | undefined
  readonly epochs?: number | undefined
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
    case "Unexpected":
      return `unknown field "${String(issue.path[issue.path.length - 1])}"; ${issue.message.replace(/^is unexpected, /, "")}`
    case "Missing":
      return "required field is missing"
    default:
      return issue.message
  }
}

const toIssues = (
  error: ParseResult.ParseError,
  prefix: ReadonlyArray<Segment>,
  locate: (path: ReadonlyArray<Segment>) => { line?: number; column?: number }
): Array<FieldIssue> =>
  ParseResult.ArrayFormatter.formatErrorSync(error).map((issue) => {
    const path = [...prefix, ...(issue.path as ReadonlyArray<Segment>)]
    return { path: formatPath(path), message: issueMessage(issue), ...locate(path) }
  })

const decodeOptions = { errors: "all", onExcessProperty: "error" } as const

const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === "object" && u !== null && !Array.isArray(u)

/** Set `value` at dotted `path` in a deep copy of `obj`. */
const setPath = (obj: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> => {
  const keys = path.split(".")
  const root: Record<string, unknown> = structuredClone(obj)
  let cur = root
  for (let i = 0; i < keys.length - 1; i++) {
    const k = keys[i]!
    const next = cur[k]
    cur[k] = isRecord(next) ? next : {}
    cur = cur[k] as Record<string, unknown>
  }
  cur[keys[keys.length - 1]!] = value
  return root
}

const hasPath = (obj: unknown, path: string): boolean => {
  let cur = obj
  for (const k of path.split(".")) {
    if (!isRecord(cur) || !(k in cur)) return false
    cur = cur[k]
  }
  return true
}

const label = (overrides: Record<string, unknown>): string => {
  const parts = Object.entries(overrides).map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`)
  return parts.length === 0 ? "base" : parts.join(",")
}

/** Cartesian product of the grid, last key varying fastest. */
const cartesian = (grid: ReadonlyArray<readonly [string, ReadonlyArray<unknown>]>): Array<Record<string, unknown>> => {
  let points: Array<Record<string, unknown>> = [{}]
  for (const [key, values] of grid) {
    const next: Array<Record<string, unknown>> = []
    for (const p of points) for (const v of values) next.push({ ...p, [key]: v })
    points = next
  }
  return points
}

/**
 * Decode an experiment file's text. `file` is only used in messages.
 */
export const decodeExperiment = (
  file: string,
  text: string,
  overrides: EnvelopeOverrides = {}
): Either.Either<ResolvedExperiment, ExperimentSyntaxError | ExperimentInvalid> => {
  const lines = new LineCounter()
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false })
  const syntax = doc.errors[0]
  if (syntax) {
    const pos = lines.linePos(syntax.pos[0])
    const message = syntax.message.split("\n")[0] ?? syntax.message
    return Either.left(new ExperimentSyntaxError({ file, line: pos.line, column: pos.col, message }))
  }
  const locate = (path: ReadonlyArray<Segment>) => position(doc, lines, path)
  const invalid = (issues: ReadonlyArray<FieldIssue>) => Either.left(new ExperimentInvalid({ file, issues }))
  if (!isMap(doc.contents)) {
    return invalid([{ path: "(top level)", message: "Expected a mapping of experiment fields (name, model, seed, epochs, runs, params, sweep)", ...locate([]) }])
  }

  const raw = doc.toJS() as Record<string, unknown>
  for (const [k, v] of Object.entries(overrides)) if (v !== undefined) raw[k] = v

  const envelope = Schema.decodeUnknownEither(ExperimentEnvelope, decodeOptions)(raw)
  const modelName = typeof raw["model"] === "string" ? raw["model"] : defaultModelName
  const model = models[modelName]
  const modelIssue: Array<FieldIssue> = model
    ? []
    : [{ path: "model", message: `Expected one of: ${Object.keys(models).join(", ")}, got ${JSON.stringify(modelName)}`, ...locate(["model"]) }]
  // Decode the parameters even when the envelope is wrong, so every problem is reported at once.
  const decodeParams = model ? Schema.decodeUnknownEither(model.params, decodeOptions) : undefined
  const base = decodeParams && isRecord(raw["params"] ?? {}) ? decodeParams(raw["params"] ?? {}) : undefined
  const paramIssues = base && Either.isLeft(base) ? toIssues(base.left, ["params"], locate) : []
  if (Either.isLeft(envelope) || !model || !decodeParams || !base || Either.isLeft(base)) {
    const envelopeIssues = Either.isLeft(envelope) ? toIssues(envelope.left, [], locate) : []
    return invalid([...envelopeIssues, ...modelIssue, ...paramIssues])
  }
  const env = envelope.right
  const resolvedParams = Schema.encodeSync(model.params)(base.right)

  // Sweep: check every path and every value on its own first, so an error names the exact value.
  const grid = Object.entries(env.sweep.grid) as Array<[string, ReadonlyArray<unknown>]>
  const issues: Array<FieldIssue> = []
  for (const [path, values] of grid) {
    if (!hasPath(resolvedParams, path)) {
      issues.push({ path: formatPath(["sweep", "grid", path]), message: `unknown parameter path "${path}" in model ${model.name}`, ...locate(["sweep", "grid", path]) })
      continue
    }
    values.forEach((value, i) => {
      const one = decodeParams(setPath(env.params, path, value))
      if (Either.isLeft(one)) {
        // The value is what is wrong: report it at its place in the sweep, with the model's message.
        const where = ["sweep", "grid", path, i]
        for (const issue of toIssues(one.left, ["params"], locate)) issues.push({ path: formatPath(where), message: issue.message, ...locate(where) })
      }
    })
  }
  if (issues.length > 0) return invalid(issues)

  const scenarios: Array<Scenario> = []
  for (const point of cartesian(grid)) {
    let params: Record<string, unknown> = env.params
    for (const [path, value] of Object.entries(point)) params = setPath(params, path, value)
    const decoded = decodeParams(params)
    if (Either.isLeft(decoded)) {
      for (const issue of toIssues(decoded.left, ["params"], locate)) {
        issues.push({ ...issue, path: `sweep.grid (scenario ${label(point)}): ${issue.path}`, ...locate(["sweep", "grid"]) })
      }
      continue
    }
    scenarios.push({ index: scenarios.length, label: label(point), overrides: point, params: decoded.right })
  }
  if (issues.length > 0) return invalid(issues)
  return Either.right({ file, envelope: env, resolvedParams, scenarios })
}
