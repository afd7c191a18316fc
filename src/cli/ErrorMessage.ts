/**
 * ErrorMessage: every error the CLI can end with, turned into the one message a user reads.
 * Input errors (bad file, bad option, existing output) exit with code 2.
 */
import type { ExperimentInvalid, ExperimentNotFound, ExperimentSyntaxError, InvalidOption } from "../experiment/Errors.ts"
import type { OutputExists, OutputWriteError } from "../experiment/Output.ts"
import type { UnsafeOutput } from "../experiment/OutputGuard.ts"
import type { LimitExceeded } from "../experiment/Limits.ts"
import type { StoreMismatch } from "../experiment/Store.ts"
import { missingText, type StoreDamaged, type StoreIncomplete } from "../experiment/StoreCheck.ts"
import type { StoreLocked } from "../experiment/StoreLock.ts"
import type { QueueConflict, QueueUnreachable } from "../experiment/backends/Distributed.ts"

export type CliError = ExperimentNotFound | ExperimentSyntaxError | ExperimentInvalid | InvalidOption | OutputExists | OutputWriteError | StoreMismatch | QueueUnreachable | UnsafeOutput | LimitExceeded | QueueConflict | StoreLocked | StoreDamaged | StoreIncomplete

/** Tags of every CliError (bin.ts catches these and prints their message). */
export const CLI_ERROR_TAGS: ReadonlySet<string> = new Set(["ExperimentNotFound", "ExperimentSyntaxError", "ExperimentInvalid", "InvalidOption", "OutputExists", "OutputWriteError", "StoreMismatch", "QueueUnreachable", "UnsafeOutput", "LimitExceeded", "QueueConflict", "StoreLocked", "StoreDamaged", "StoreIncomplete"])

/**
 * At most this many problems are printed: ten thousand lines help nobody, and a pipe cut them
 * off mid-line at 64 KiB when the process exited.
 */
export const MAX_PRINTED_ISSUES = 30

/** Exit code for bad input. */
export const EXIT_INPUT = 2

/** The message for `error`, one or more lines. */
export const errorMessage = (error: CliError): string => {
  switch (error._tag) {
    case "ExperimentNotFound":
      return `error: ${error.file}: cannot read ${error.what ?? "experiment file"}: ${error.reason}`
    case "ExperimentSyntaxError":
      return `error: ${error.file}:${error.line}:${error.column}: invalid ${error.language ?? "YAML"}: ${error.message}`
    case "ExperimentInvalid": {
      const where = (i: (typeof error.issues)[number]) => (i.line !== undefined ? `${error.file}:${i.line}:${i.column}` : error.file)
      if (error.issues.length === 1) {
        const i = error.issues[0]!
        return `error: ${where(i)}: ${i.path}: ${i.message}`
      }
      const shown = error.issues.slice(0, MAX_PRINTED_ISSUES)
      const more = error.issues.length - shown.length
      return [
        `error: ${error.file}: ${error.issues.length} problems${more > 0 ? ` (the first ${shown.length} shown)` : ""}:`,
        ...shown.map((i) => `  ${where(i)}: ${i.path}: ${i.message}`),
        ...(more > 0 ? [`  ... and ${more} more`] : [])
      ].join("\n")
    }
    case "InvalidOption":
      return `error: ${error.option}: ${error.message}`
    case "OutputExists":
      return `error: output directory ${error.dir} already exists; choose another --out or pass --force to replace it (sweeps: --resume to continue)`
    case "QueueConflict":
      return `error: another coordinator (${error.holder}) is running this experiment with this code on the queue at ${error.url}; the two would take each other's results. Wait for it to finish, or use another database (redis://host:port/1); nothing stored here is lost, continue later with --resume`
    case "LimitExceeded":
      return `error: ${error.file}: ${error.message}`
    case "UnsafeOutput":
      return `error: --force will not replace ${error.dir}: ${error.reason}; --force only replaces an output directory this tool wrote (nothing was changed)`
    case "QueueUnreachable":
      if (error.reached) return `error: cannot use the queue at ${error.url}: ${error.message}; Redis has databases 0-15 unless configured otherwise (nothing was written)`
      return `error: cannot reach the queue at ${error.url}: ${error.message}; is redis-server running there? (nothing was written)`
    case "StoreMismatch":
      switch (error.reason) {
        case "notASweep":
          return `error: cannot resume in ${error.dir}: ${error.found}, so it is not a sweep's output directory; choose another --out (nothing was changed)`
        case "code":
          return `error: cannot resume in ${error.dir}: its runs were computed by code version ${error.found}, this is ${error.expected}; results of different model code must not mix: use another --out, or --force to start over`
        case "experiment":
          return `error: cannot resume in ${error.dir}: it holds results of experiment ${error.found.slice(0, 12)}, not of this one (${error.expected.slice(0, 12)}); use another --out, or --force to start over`
        case "search":
          return `error: cannot resume in ${error.dir}: it holds a search over another optimize block (${error.found}), not this one (${error.expected}); a search resumes only with the same parameters, objectives, budget and population: use another --out, or --force to start over`
      }
    case "StoreLocked":
      return `error: ${error.dir} is in use by ${error.holder}; wait for it to finish (a second sweep, resume or --force there would mix or delete its runs). If that process is gone, delete ${error.lockFile} (nothing was changed)`
    case "StoreDamaged":
      return `error: ${error.file} is damaged: ${error.reason}; no summary was written. Continue with --resume, which computes that run again`
    case "StoreIncomplete":
      return `error: ${error.dir}: ${missingText(error)}; the directory was changed while this sweep ran, so no summary was written. Continue with --resume, which computes the missing runs`
    case "OutputWriteError":
      return `error: cannot write ${error.path}: ${error.message}`
  }
}
