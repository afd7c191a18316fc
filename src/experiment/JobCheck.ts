/**
 * JobCheck: a distributed worker's second look at a job before running it.
 *
 * The coordinator checked the experiment, but a job arrives from Redis, where anything with
 * access to the queue can write: a worker bounds what it computes by its own limits (a job of
 * 3,000,000 epochs would take gigabytes) and decodes the parameters with the model's schema, so
 * it never runs what `sandbox check` would have refused.
 */
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import { isAbsolute } from "node:path"
import { loadModelAt, models } from "./ModelRegistry.ts"
import { metricDefs, type AnyModel } from "../engine/Model.ts"
import type { JobData } from "./backends/Distributed.ts"
import { largestState, planProblem, type Limits } from "./Limits.ts"
import type { ScheduledChange } from "../engine/Simulation.ts"

/**
 * Why a worker with `threads` threads and `limits` must not run `job`, or undefined. `loaded`: the
 * model outside the repository the job names by path (`checkJob` loads it); a built-in is named.
 */
export const jobProblem = (job: JobData, threads: number, limits: Limits, loaded?: AnyModel): string | undefined => {
  const model = loaded ?? (typeof job.model === "string" && Object.hasOwn(models, job.model) ? models[job.model] : undefined)
  if (!model) return `unknown model ${JSON.stringify(job.model)}`
  if (!Number.isSafeInteger(job.epochs) || job.epochs < 1) return `epochs must be a whole number >= 1, got ${JSON.stringify(job.epochs)}`
  const spec = job.spec as Partial<typeof job.spec> | undefined
  if (!spec || !Number.isSafeInteger(spec.seed) || !Number.isSafeInteger(spec.run) || !Number.isSafeInteger(spec.scenario)) return "the job's run has no whole-number seed, run and scenario"
  const params = Schema.validateEither(model.params)(spec.params)
  if (Either.isLeft(params)) {
    const first = ParseResult.ArrayFormatter.formatErrorSync(params.left)[0]
    return `its parameters do not fit model ${model.name}: params.${first?.path.join(".") ?? ""}: ${first?.message ?? "invalid"}`
  }
  // One run per thread at a time, each holding its series and its world (operators.count: 1e9
  // is refused here too, before the world is built).
  const schedule: unknown = spec.schedule ?? []
  const isChange = (c: unknown): c is ScheduledChange =>
    typeof c === "object" && c !== null && Number.isSafeInteger((c as ScheduledChange).epoch) && typeof (c as ScheduledChange).set === "object" && (c as ScheduledChange).set !== null
  if (!Array.isArray(schedule) || !schedule.every(isChange)) return "the job's schedule is not a list of {epoch, set} changes"
  const state = largestState(model, params.right, schedule)
  return planProblem({ scenarios: 1, runsPerScenario: threads, epochs: job.epochs, metrics: metricDefs(model, params.right).length, workers: threads, keeping: "streamed", state }, limits)
}

/**
 * `jobProblem` for any job: a model named by an absolute path (a model outside the repository,
 * ModelRegistry's `source`) is loaded from that path first. The worker has already matched the
 * job's code version, which hashes that model's folder, so the path holds the coordinator's code.
 */
export const checkJob = async (job: JobData, threads: number, limits: Limits): Promise<string | undefined> => {
  if (typeof job.model !== "string" || !isAbsolute(job.model)) return jobProblem(job, threads, limits)
  let model: AnyModel
  try {
    model = await loadModelAt(job.model)
  } catch (e) {
    return `cannot load the model at ${job.model}: ${e instanceof Error ? e.message : String(e)}`
  }
  return jobProblem(job, threads, limits, model)
}
