/**
 * Distributed backend: runs travel as BullMQ jobs through Redis, so any number of machines
 * running `sandbox worker --queue redis://...` can work on one sweep.
 *
 * - One job per run; its id is `<experiment hash>-<code version>-<scenario>-<run>`, so enqueuing
 *   again (a restarted coordinator, `--resume`) never duplicates a run: BullMQ ignores a known id.
 * - A worker runs each job in one of its worker threads (the Runner's thread body), one job per
 *   thread at a time, so its main thread stays free to renew job locks: a run may take far longer
 *   than the lock. A worker killed mid-job stops renewing; once the lock expires BullMQ's
 *   stalled-job check hands the job to another worker. A job that throws is retried (3 attempts),
 *   then recorded as a failed run.
 * - The coordinator collects finished jobs by polling (restart-safe: results wait in Redis until
 *   some coordinator collects them) and removes each once collected; its store is keyed by run,
 *   so a run is stored exactly once.
 * - Jobs carry the coordinator's code version. A worker with other code hands the job back (it
 *   returns to the queue after a short delay) for a worker with the same code; a job refused
 *   MAX_REFUSALS times while no worker of its code announces itself on the queue fails with the
 *   reason, so a sweep nobody can run still ends.
 * Results are the same `runOne` as locally, its series sent as raw float64 bytes, so a
 * distributed sweep equals a local one bit for bit.
 */
/*
 * The code is split by side: Queue.ts (shared: names, job data, connection, errors),
 * Coordinator.ts (the sweep's side, reached only as the Runner's queue backend, QueueBackend.ts),
 * QueueWorker.ts (a worker's side), ThreadPool.ts (a worker's run threads). This module is the
 * entry point of what commands use directly: the queue's names and checks, and the worker.
 */
export * from "./Queue.ts"
export * from "./QueueWorker.ts"
