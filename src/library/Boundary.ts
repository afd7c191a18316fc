/**
 * Boundary: where the library's Effects become Promises and their tagged errors the library's
 * two error classes (a problem with an experiment or file: ExperimentError, with the file and
 * each field path; an argument refused: InvalidArgument), worded as the CLI words them; and the
 * limits check every function that runs a plan applies first.
 */
import * as NodeContext from "@effect/platform-node/NodeContext"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import type { FieldIssue } from "../experiment/Errors.ts"
import type { ResolvedExperiment } from "../experiment/Experiment.ts"
import type { Keeping } from "../experiment/Limits.ts"
import { ExperimentLoader } from "../experiment/Loader.ts"
import { checkPlan } from "../experiment/PlanCheck.ts"

/** An experiment that cannot be read or decoded: the file, and each field's problem with its line. */
export class ExperimentError extends Error {
  constructor(
    readonly file: string,
    readonly issues: ReadonlyArray<FieldIssue>
  ) {
    super(`${file}: ${issues.map((i) => `${i.line !== undefined ? `line ${i.line}: ` : ""}${i.path}: ${i.message}`).join("; ")}`)
    this.name = "ExperimentError"
  }
}

/** An argument a function refused (a results directory, `from`, `metrics`, a query DuckDB cannot run): which, and why. */
export class InvalidArgument extends Error {
  constructor(
    readonly argument: string,
    readonly reason: string
  ) {
    super(`${argument}: ${reason}`)
    this.name = "InvalidArgument"
  }
}

type TaggedProblem = { readonly _tag: string; readonly file?: string; readonly issues?: ReadonlyArray<FieldIssue>; readonly message?: string; readonly line?: number; readonly column?: number; readonly reason?: string; readonly what?: string }

/** A file that cannot be read says why, in the CLI's words (an error's own message is empty unless it has one). */
const problemText = (e: TaggedProblem): string => e.message || (e.reason !== undefined ? `cannot read ${e.what ?? "experiment file"}: ${e.reason}` : e._tag)

export const toError = (e: TaggedProblem, file: string): ExperimentError =>
  new ExperimentError(e.file ?? file, e.issues ?? [{ path: "(file)", message: problemText(e), ...(e.line !== undefined ? { line: e.line } : {}), ...(e.column !== undefined ? { column: e.column } : {}) }])

export const layer = ExperimentLoader.Default.pipe(Layer.provideMerge(NodeContext.layer))

/** Run an effect; a failure rejects with the error itself (not wrapped in a fiber failure). */
export const promise = async <A, E>(effect: Effect.Effect<A, E>): Promise<A> => {
  const r = await Effect.runPromise(Effect.either(effect))
  if (Either.isLeft(r)) throw r.left
  return r.right
}

/** A refused argument as InvalidArgument, a problem with the experiment as ExperimentError; anything else as it is. */
export const libraryError = (file: string) => (e: unknown): unknown => {
  if (typeof e !== "object" || e === null || !("_tag" in e)) return e
  const tagged = e as { readonly _tag: string; readonly option?: string; readonly message?: string; readonly file?: string }
  if (tagged._tag === "InvalidOption") return new InvalidArgument((tagged.option ?? "").replace(/^--/, ""), tagged.message ?? "")
  if (tagged.file !== undefined || tagged._tag === "ExperimentInvalid") return toError(e as never, file)
  return e
}

/** Options of every function that runs a plan. */
export interface PlanOptions {
  /**
   * Run a plan beyond the limits (docs/limits.md: epochs per run, runs, work, memory, threads).
   * By default such a plan is refused with ExperimentError before anything runs, as the commands
   * refuse it without --allow-large.
   */
  readonly allowLarge?: boolean
}

/** The plan of `exp` held against the limits, as the commands hold it; a refusal as ExperimentError. */
export const planChecked = (exp: ResolvedExperiment, workers: number | undefined, keeping: Keeping, allowLarge: boolean | undefined) =>
  checkPlan(exp, Math.max(1, workers ?? 1), keeping, allowLarge ?? false).pipe(Effect.mapError((e) => toError(e, exp.file)))
