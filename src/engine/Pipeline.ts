/**
 * Pipeline: the ordered systems that make up one epoch.
 *
 * A system is a plain function over the world; the pipeline runs them in order. No Effect here:
 * this is the hot path, and the Runner (Effect) calls it once per epoch at most.
 */
import type { Rng } from "./Rng.ts"

/** One step of an epoch: mutates the world in place. */
export type System<W, P> = (world: W, params: P, rng: Rng) => void

/** A named system, so errors and profiles can say which step failed. */
export interface NamedSystem<W, P> {
  readonly name: string
  readonly run: System<W, P>
}

/** Build a named system. */
export const system = <W, P>(name: string, run: System<W, P>): NamedSystem<W, P> => ({ name, run })

/** Error thrown when a system fails, carrying the epoch and the system's name. */
export class SystemError extends Error {
  constructor(
    readonly system: string,
    readonly epoch: number,
    override readonly cause: unknown
  ) {
    super(`system "${system}" failed at epoch ${epoch}: ${cause instanceof Error ? cause.message : String(cause)}`)
    this.name = "SystemError"
  }
}

/** Run every system once, in order. */
export const runEpoch = <W, P>(
  systems: ReadonlyArray<NamedSystem<W, P>>,
  world: W,
  params: P,
  rng: Rng,
  epoch: number
): void => {
  for (let s = 0; s < systems.length; s++) {
    const sys = systems[s]!
    try {
      sys.run(world, params, rng)
    } catch (cause) {
      if (cause instanceof SystemError) throw cause
      throw new SystemError(sys.name, epoch, cause)
    }
  }
}
