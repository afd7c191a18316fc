/**
 * The variables an emission expression may use: a plain set with no schema, so the emission
 * system (run in worker threads) can import it without pulling in effect/Schema.
 */

/** Variables an emission expression may use. */
export const EMISSION_VARIABLES: ReadonlySet<string> = new Set(["epoch", "supply", "staked", "stakedRatio", "price", "issued", "initialSupply", "epochsPerYear"])
