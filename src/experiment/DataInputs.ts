/**
 * DataInputs: an experiment's `data:` block put into its parameters before the model decodes
 * them. `{file, column}` gives a parameter a list of numbers (a price path, validator stakes);
 * `{file, columns}` gives it a table, one record per row (a per-region cost table). A file that
 * cannot be read, a missing column or a cell that is not a number is an issue at once; what the
 * model then refuses in a value from a file (a negative stake, an unknown region) is told by
 * `fromData` at that file's row (its line) and column, e.g.
 * `data["regions.costs"]: data/costs.csv:4:3: fixedCostUsd: Expected a number >= 0, got -5`.
 */
import * as Either from "effect/Either"
import { setPath } from "../engine/ParamPath.ts"
import { readColumns, readTable } from "./DataFile.ts"
import type { FieldIssue } from "./Errors.ts"
import { formatPath, type Segment } from "./DecodeIssues.ts"

/** The text of each data file an experiment names (by the name it is written with); undefined when unreadable. */
export type DataFiles = ReadonlyMap<string, { readonly path: string; readonly text: string | undefined; readonly reason?: string }>

/** One entry of `data:` as the envelope decoded it. */
export interface DataEntry {
  readonly file: string
  readonly column?: string | undefined
  readonly columns?: ReadonlyArray<string> | undefined
}

type Locate = (path: ReadonlyArray<Segment>) => { line?: number; column?: number }

/** Where a parameter's values came from: the file, its header and the line of each row. */
interface Source {
  readonly path: string
  readonly header: ReadonlyArray<string>
  readonly lines: ReadonlyArray<number>
  /** The one column of a list; undefined for a table. */
  readonly column: string | undefined
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")

/**
 * Put every data input into `params`. Returns the parameters with the files' values, the issues
 * found reading the files, and `fromData`, which retells a model's issue about a value from a file
 * at the file's row and column.
 */
export const applyDataInputs = (
  data: Readonly<Record<string, DataEntry>>,
  params: Record<string, unknown>,
  dataFiles: DataFiles,
  locate: Locate
): { readonly params: Record<string, unknown>; readonly issues: ReadonlyArray<FieldIssue>; readonly count: number; readonly fromData: (issue: FieldIssue) => FieldIssue } => {
  const issues: Array<FieldIssue> = []
  const sources = new Map<string, Source>()
  let out = params
  for (const [paramPath, entry] of Object.entries(data)) {
    const where: Array<Segment> = ["data", paramPath]
    const source = dataFiles.get(entry.file)
    if (source?.text === undefined) {
      issues.push({ path: formatPath([...where, "file"]), message: `cannot read data file ${source?.path ?? entry.file}: ${source?.reason ?? "no such file"}`, ...locate([...where, "file"]) })
      continue
    }
    const read =
      entry.columns !== undefined
        ? Either.map(readTable(source.path, source.text, entry.columns), (t) => ({ value: t.rows as ReadonlyArray<unknown>, lines: t.lines, header: t.header }))
        : Either.map(readColumns(source.path, source.text, [{ name: entry.column ?? "", values: "number" }]), (c) => ({ value: Array.from(c.values[entry.column ?? ""]!) as ReadonlyArray<unknown>, lines: c.lines, header: c.header }))
    if (Either.isLeft(read)) {
      for (const i of read.left.issues) issues.push({ path: formatPath(where), message: `${source.path}${i.line !== undefined ? `:${i.line}:${i.column}` : ""}: ${i.path}: ${i.message}`, ...locate(where) })
      continue
    }
    out = setPath(out, paramPath, read.right.value)
    sources.set(paramPath, { path: source.path, header: read.right.header, lines: read.right.lines, column: entry.column })
  }
  const fromData = (issue: FieldIssue): FieldIssue => {
    for (const [paramPath, d] of sources) {
      const at = { path: formatPath(["data", paramPath]), ...locate(["data", paramPath]) }
      // A list's value, or a table's row and (when the issue names one) its field.
      const m = new RegExp(`^params\\.${escape(paramPath)}\\[(\\d+)\\](?:\\.([A-Za-z_][A-Za-z0-9_]*))?`).exec(issue.path)
      if (m) {
        const name = d.column ?? m[2]
        const col = name !== undefined ? d.header.indexOf(name) + 1 : 0
        const line = d.lines[Number(m[1])] ?? "?"
        return { ...at, message: `${d.path}:${line}:${col > 0 ? col : 1}: ${name ?? `row ${Number(m[1]) + 1}`}: ${issue.message}` }
      }
      // A complaint about the whole list (its length, say) names the file and column.
      if (issue.path === `params.${paramPath}`) return { ...at, message: `${d.path}: ${d.column !== undefined ? `column ${d.column}` : "table"}: ${issue.message}` }
    }
    return issue
  }
  return { params: out, issues, count: sources.size, fromData }
}
