/**
 * ResultCheck: the coordinator's look at a result that came back through the queue.
 *
 * Anything with access to Redis can write a job's return value, so a result is data from the
 * network, like a job is to a worker (JobCheck.ts): it is decoded against the result schema and
 * compared with what the run must produce (the model's metric list for the run's parameters, the
 * run's epochs, metrics x epochs float64 values, none infinite) before it is stored. A result that
 * fails is refused: the run is recorded as failed with the reason, never half-read or stored.
 */
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import type { RunSpec } from "./Plan.ts"
import type { RunOutcome } from "./RunOne.ts"

/** The result a worker returns for a job (backends/Distributed.ts): series as base64 float64 bytes. */
export const JobResultSchema = Schema.Union(
  Schema.Struct({ _tag: Schema.Literal("Completed"), metrics: Schema.Array(Schema.String), epochs: Schema.Number, series: Schema.String }),
  Schema.Struct({ _tag: Schema.Literal("Failed"), error: Schema.String })
)

export type JobResult = typeof JobResultSchema.Type

/** What a result for one run must match. */
export interface ExpectedResult {
  readonly epochs: number
  /** The model's metrics for the run's parameters, in order (undefined: names are not checked). */
  readonly metrics?: ReadonlyArray<string> | undefined
}

/** A value quoted for a message, cut short: a rogue result must not flood the terminal. */
const quote = (v: unknown): string => {
  const s = JSON.stringify(v) ?? String(v)
  return s.length > 60 ? `${s.slice(0, 57)}...` : s
}

/** Longest error text kept from a worker's failed result. */
const MAX_ERROR = 2_000

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/

/**
 * The result decoded to an outcome for `spec`, or why it is refused (a message naming what is
 * wrong and what was expected).
 */
export const checkResult = (spec: RunSpec, raw: unknown, expected: ExpectedResult): Either.Either<RunOutcome, string> => {
  const tag = typeof raw === "object" && raw !== null ? (raw as { _tag?: unknown })._tag : undefined
  if (tag !== "Completed" && tag !== "Failed") return Either.left(`not a run result (expected an object with _tag "Completed" or "Failed", got ${quote(raw)})`)
  const decoded = Schema.decodeUnknownEither(JobResultSchema)(raw)
  if (Either.isLeft(decoded)) {
    const first = ParseResult.ArrayFormatter.formatErrorSync(decoded.left)[0]
    const where = first && first.path.length > 0 ? `result.${first.path.join(".")}: ` : ""
    return Either.left(`not a run result (${where}${first?.message ?? "invalid"})`)
  }
  const r = decoded.right
  if (r._tag === "Failed") return Either.right({ _tag: "Failed", spec, error: r.error.length > MAX_ERROR ? `${r.error.slice(0, MAX_ERROR)}... (cut)` : r.error })
  if (r.epochs !== expected.epochs) return Either.left(`it has ${quote(r.epochs)} epochs, the run has ${expected.epochs}`)
  if (expected.metrics !== undefined) {
    if (r.metrics.length !== expected.metrics.length) return Either.left(`it has ${r.metrics.length} metrics, the model records ${expected.metrics.length} for these parameters`)
    const at = r.metrics.findIndex((m, i) => m !== expected.metrics![i])
    if (at >= 0) return Either.left(`metric ${at} is named ${quote(r.metrics[at])}, the model's is ${quote(expected.metrics[at])}`)
  }
  if (!BASE64.test(r.series)) return Either.left("its series are not base64 text")
  const bytes = Buffer.from(r.series, "base64")
  const want = r.metrics.length * r.epochs * 8
  if (bytes.byteLength !== want) return Either.left(`its series hold ${bytes.byteLength} bytes, ${r.metrics.length} metrics x ${r.epochs} epochs need ${want}`)
  const all = new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength))
  const series = Array.from({ length: r.metrics.length }, (_, m) => all.slice(m * r.epochs, (m + 1) * r.epochs))
  for (let m = 0; m < series.length; m++) {
    const e = series[m]!.findIndex((v) => v === Number.POSITIVE_INFINITY || v === Number.NEGATIVE_INFINITY)
    // runOne fails a run that overflows, so an honest worker never sends Infinity (NaN is "no data").
    if (e >= 0) return Either.left(`metric ${quote(r.metrics[m])} is infinite at epoch ${e}, which no run reports`)
  }
  return Either.right({ _tag: "Completed", spec, result: { metrics: r.metrics, series } })
}
