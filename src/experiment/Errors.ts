/**
 * Errors raised while loading an experiment and writing its outputs. Each carries what the CLI
 * needs to say, once, what went wrong and where (file, field path, line).
 */
import * as Data from "effect/Data"

/** The experiment file (or another input file, named by `what`) does not exist or cannot be read. */
export class ExperimentNotFound extends Data.TaggedError("ExperimentNotFound")<{
  readonly file: string
  readonly reason: string
  readonly what?: string
}> {}

/** The error for a file that could not be read: "no such file" rather than the system's wording. */
export const unreadable = (file: string, e: { readonly _tag: string; readonly message: string; readonly reason?: unknown }, what?: string): ExperimentNotFound =>
  new ExperimentNotFound({ file, reason: e._tag === "SystemError" && e.reason === "NotFound" ? "no such file" : e.message, ...(what === undefined ? {} : { what }) })

/** The file is not valid YAML. */
export class ExperimentSyntaxError extends Data.TaggedError("ExperimentSyntaxError")<{
  readonly file: string
  readonly line: number
  readonly column: number
  readonly message: string
  /** The file's language when it is not YAML (the JSON input of `sandbox mechanism`). */
  readonly language?: "JSON"
}> {}

/** One problem with one field of an experiment. */
export interface FieldIssue {
  /** Dotted field path, e.g. `params.operators.count` or `sweep.grid["market.volatility"][1]`. */
  readonly path: string
  readonly message: string
  /** 1-based position in the file, when the field is present in it. */
  readonly line?: number
  readonly column?: number
}

/** The YAML parsed but its content does not fit the experiment schema. */
export class ExperimentInvalid extends Data.TaggedError("ExperimentInvalid")<{
  readonly file: string
  readonly issues: ReadonlyArray<FieldIssue>
}> {}

/** A command-line option has a value out of its range. */
export class InvalidOption extends Data.TaggedError("InvalidOption")<{
  readonly option: string
  readonly message: string
}> {}
