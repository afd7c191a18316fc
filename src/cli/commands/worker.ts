/**
 * `sandbox worker --queue redis://host:port`: process runs from a distributed sweep until
 * stopped (Ctrl-C / SIGTERM finish the jobs in hand, then exit). Runs execute in `--concurrency`
 * worker threads, one run each at a time.
 */
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import { checkRedis, QUEUE_NAME, startWorker } from "../../experiment/backends/Distributed.ts"
import { codeVersion } from "../../experiment/CodeVersion.ts"
import { InvalidOption } from "../../experiment/Errors.ts"
import { checkJob } from "../../experiment/JobCheck.ts"
import { limitsFor } from "../../experiment/Limits.ts"
import { allowLargeOption, validQueueUrl, workerCount } from "./options.ts"

const queue = Options.text("queue").pipe(Options.withDescription("Redis URL of the queue, e.g. redis://10.0.0.5:6379"))
const concurrency = Options.integer("concurrency").pipe(
  Options.optional,
  Options.withDescription("Worker threads, each running one run at a time (default: one per core).")
)

const lockMs = Options.integer("lock-ms").pipe(
  Options.withDefault(10_000),
  Options.withDescription("Job lock in ms (at least 1000), renewed while a run computes, so runs may take longer: if this worker dies, its jobs go to another worker after about this long.")
)

export const workerCommand = Command.make("worker", { queue, concurrency, lockMs, allowLarge: allowLargeOption }, (args) =>
  Effect.gen(function* () {
    const url = yield* validQueueUrl(args.queue)
    // The shared check names --workers; here the option is --concurrency.
    const n = yield* workerCount(args.concurrency).pipe(Effect.mapError((e) => new InvalidOption({ option: "--concurrency", message: e.message })))
    // Refused before the queue is reached: a bad option needs no Redis to be told.
    const limits = limitsFor(args.allowLarge)
    if (n > limits.workers) return yield* new InvalidOption({ option: "--concurrency", message: `${n} is above the limit of ${limits.workers} (4 per core on this machine); pass --allow-large if this machine can take it` })
    yield* checkRedis(url)
    const version = codeVersion()
    yield* Effect.acquireRelease(
      Effect.promise(() => startWorker({ url, version, concurrency: n, lockMs: Math.max(1000, args.lockMs), validate: (job) => checkJob(job, n, limits), log: (line) => process.stderr.write(`worker: ${line}\n`) })),
      (w) => Effect.promise(() => w.close()).pipe(Effect.zipRight(Console.error("worker: stopped")))
    )
    yield* Console.error(`worker: processing ${QUEUE_NAME} on ${url} (code version ${version}, concurrency ${n}); Ctrl-C to stop`)
    return yield* Effect.never
  }).pipe(Effect.scoped)
).pipe(Command.withDescription("Process runs of distributed sweeps from a Redis queue."))
