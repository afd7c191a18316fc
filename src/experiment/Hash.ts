/**
 * Hash: a stable fingerprint of what an experiment computes (model, seed, epochs, runs, resolved
 * parameters, sweep, variants, guardrails), independent of key order and of cosmetic fields (name, description).
 */
import { createHash } from "node:crypto"
import type { ResolvedExperiment } from "./Experiment.ts"

const canonical = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(canonical)
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])])
    )
  }
  return value
}

/**
 * sha256 hex of the experiment's computational content. Maps are hashed without regard to key
 * order, but the order of the scenarios (which variants and grid keys decide, and which results
 * are stored under) is hashed as it is: two files whose scenarios are numbered differently never
 * share a hash, so `--resume` cannot give one's stored runs to the other's scenarios.
 */
export const experimentHash = (exp: ResolvedExperiment): string => {
  const { model, seed, epochs, runs, sweep, variants, guardrails, firstRun, schedule } = exp.envelope
  const scenarios = exp.scenarios.map((s) => s.label)
  // firstRun and schedule only when given, so experiments without them keep their hashes.
  const optional = { ...(firstRun !== undefined && firstRun !== 0 ? { firstRun } : {}), ...(schedule !== undefined && schedule.length > 0 ? { schedule } : {}) }
  const content = JSON.stringify(canonical({ model, seed, epochs, runs, params: exp.resolvedParams, sweep, variants, guardrails, scenarios, ...optional }))
  return createHash("sha256").update(content).digest("hex")
}
