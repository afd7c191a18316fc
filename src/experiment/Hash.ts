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

/** sha256 hex of the experiment's computational content. */
export const experimentHash = (exp: ResolvedExperiment): string => {
  const { model, seed, epochs, runs, sweep, variants, guardrails } = exp.envelope
  const content = JSON.stringify(canonical({ model, seed, epochs, runs, params: exp.resolvedParams, sweep, variants, guardrails }))
  return createHash("sha256").update(content).digest("hex")
}
