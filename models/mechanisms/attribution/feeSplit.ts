/**
 * Attribution-paid inference (OpenLedger's Proof of Attribution, as its public descriptions put
 * it): an inference fee is split between the model's developer, the data contributors (by
 * attribution score), the validators and the protocol; each contributor's part is its score over
 * the datanet's total. Where the public material names no figure (the split's shares, how much a
 * near-duplicate captures), the value is a documented parameter, not a claim (docs/networks.md).
 *
 * Attribution as measured, not as true: a contributor's measured score is its true influence
 * (the unique value of its data) plus `duplicateLeak` x the value its near-duplicates copy,
 * times reputation^`reputationWeight`, times log-normal noise. Exact duplicates are caught by
 * hashing (OpenLedger fingerprints each datapoint); near-duplicates evade it, which is what the
 * leak stands for.
 */

/** Shares of an inference fee; they must sum to 1 (the protocol takes the rest). */
export interface FeeSplit {
  readonly developer: number
  readonly data: number
  readonly validators: number
}

/** Split `fee` into developer, data, validators and protocol parts (the protocol's is the remainder). */
export const splitFee = (fee: number, split: FeeSplit): { developer: number; data: number; validators: number; protocol: number } => {
  const developer = fee * split.developer
  const data = fee * split.data
  const validators = fee * split.validators
  return { developer, data, validators, protocol: fee - developer - data - validators }
}

/** A contributor's measured attribution score (before normalization over its datanet). */
export const measuredScore = (
  uniqueValue: number,
  duplicateValue: number,
  duplicateLeak: number,
  reputation: number,
  reputationWeight: number,
  noiseFactor: number
): number => (uniqueValue + duplicateLeak * duplicateValue) * Math.pow(Math.max(0, reputation), reputationWeight) * noiseFactor

/**
 * A datanet's model quality from the useful data behind it and the share of poisoned data:
 * (1 - exp(-useful / scale)) x (1 - poisonImpact x poisonShare), in [0, 1]. Diminishing returns
 * to data and a linear loss to poison are assumptions (the public material gives no curve).
 */
export const modelQuality = (useful: number, scale: number, poisonShare: number, poisonImpact: number): number =>
  (1 - Math.exp(-Math.max(0, useful) / scale)) * Math.max(0, 1 - poisonImpact * Math.min(1, Math.max(0, poisonShare)))
