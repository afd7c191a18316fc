/**
 * Decode's issues (src/experiment/Decode.ts): a field path as users write it, its line in the
 * file, and effect/Schema's parse errors turned into one message per field.
 */
import * as ParseResult from "effect/ParseResult"
import type { Document, LineCounter } from "yaml"
import type { FieldIssue } from "./Errors.ts"
import { didYouMean } from "./Suggest.ts"

export type Segment = string | number

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/

/** Render a path as users write it: `params.operators.count`, `sweep.grid["a.b"][1]`. */
export const formatPath = (path: ReadonlyArray<Segment>): string => {
  let out = ""
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`
    else if (IDENT.test(seg)) out += out === "" ? seg : `.${seg}`
    else out += `[${JSON.stringify(seg)}]`
  }
  return out === "" ? "(top level)" : out
}

export const position = (doc: Document, lines: LineCounter, path: ReadonlyArray<Segment>): { line?: number; column?: number } => {
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

export const toIssues = (
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

export const decodeOptions = { errors: "all", onExcessProperty: "error" } as const

/** Drop repeated identical issues (one per swept value of a broken path). */
export const dedupe = (issues: ReadonlyArray<FieldIssue>): Array<FieldIssue> => {
  const seen = new Set<string>()
  return issues.filter((i) => {
    const key = `${i.path}\u0000${i.message}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}
