/**
 * Parameters of the attribution model (OpenLedger-style Proof of Attribution): datanets of data
 * contributors, a model trained on each, inference demand paying fees split by attribution, and
 * the defences (stake, reputation, slashing, curation votes) each a parameter. One epoch is a day;
 * amounts are USD (the token's price is held at 1 USD: no token market is modelled).
 */
import * as Schema from "effect/Schema"
import { Count, field, NonNegative, Positive, PositiveInt, Probability, section } from "../../src/kit/index.ts"

export const AttributionParams = Schema.Struct({
  datanets: section(
    {
      count: field(PositiveInt, 16, "Datanets (each with one model trained on it)."),
      contributors: field(PositiveInt, 25, "Honest data contributors per datanet at epoch 0."),
      poisonShare: field(Probability, 0.05, "Share of contributors whose data is poisoned (it earns attribution like honest data and lowers the model's quality)."),
      itemsPerEpoch: field(Positive, 5, "Data items an honest contributor adds per epoch."),
      itemValue: field(Positive, 1, "Median true value (influence) of an honest item (log-normal, sigma 0.8 across contributors)."),
      itemCost: field(NonNegative, 0.6, "USD to produce one honest item (collection, labelling)."),
      qualityScale: field(Positive, 5_000, "Useful data at which a model reaches 63% of its best quality (diminishing returns)."),
      poisonImpact: field(Probability, 1, "Quality lost per unit share of poisoned value in a datanet."),
      entrants: field(NonNegative, 1, "Would-be contributors per datanet per epoch; each joins the datanet paying contributors most when that beats its cost."),
      patience: field(PositiveInt, 10, "Epochs in a row an honest contributor expects a loss before leaving."),
      horizon: field(Positive, 30, "Epochs ahead a contributor looks when it weighs its pay (its data stock grows, so pay grows) against its cost."),
      memory: field(Probability, 0.2, "EMA weight of the newest epoch in a contributor's observed earnings.")
    },
    "Datanets and their contributors."
  ),
  demand: section(
    {
      queries: field(NonNegative, 500_000, "Inference queries per epoch across the network at full model quality (shared by model quality x noise)."),
      noise: field(NonNegative, 0.3, "Log-normal sigma of each datanet's queries per epoch."),
      fee: field(NonNegative, 0.01, "Fee per query, USD."),
      dropAt: field(Count, 0, "Epoch of a demand drop (0: none)."),
      drop: field(Probability, 0.6, "Share of queries lost at the drop.")
    },
    "Inference demand."
  ),
  split: section(
    {
      developer: field(Probability, 0.3, "Share of a fee to the model's developer (assumed: the public material gives no figure)."),
      data: field(Probability, 0.5, "Share to data contributors, by attribution score (assumed)."),
      validators: field(Probability, 0.1, "Share to validators (attribution and curation nodes) by stake (assumed); the protocol (treasury) takes the rest.")
    },
    "How an inference fee is split."
  ),
  attribution: section(
    {
      noise: field(NonNegative, 0.3, "Log-normal sigma of a contributor's measured attribution per epoch (influence estimates are noisy)."),
      duplicateLeak: field(Probability, 0.6, "Share of an original's attribution a near-duplicate captures (0: perfect deduplication; exact duplicates are always caught by hashing)."),
      poisonLeak: field(Probability, 1, "Share of attribution poisoned data earns relative to honest data of the same apparent value.")
    },
    "Proof of Attribution as measured."
  ),
  defences: section(
    {
      stakePerItem: field(NonNegative, 0, "Tokens (USD) a contributor stakes per live item."),
      capitalCost: field(NonNegative, 0.0002, "Opportunity cost of staked capital per epoch."),
      reputationWeight: field(NonNegative, 0, "Exponent of reputation on attribution (0: reputation ignored)."),
      reputationStart: field(Probability, 0.2, "Reputation of a new identity."),
      reputationGain: field(Probability, 0.02, "Reputation gained per epoch without a caught item (up to 1)."),
      curationRate: field(Probability, 0, "Share of each epoch's new items reviewed by curation votes (0: no curation)."),
      curationAccuracy: field(Probability, 0.8, "Chance a reviewed near-duplicate or poisoned item is voted out."),
      falsePositive: field(Probability, 0.02, "Chance a reviewed honest item is voted out by mistake."),
      curationCost: field(NonNegative, 0.05, "USD per reviewed item, paid from the protocol's share."),
      slashFraction: field(Probability, 1, "Share of a caught contributor's stake slashed (burned) when an item is voted out; its reputation resets.")
    },
    "Defences: stake, reputation, slashing, curation votes."
  ),
  validators: section(
    {
      count: field(PositiveInt, 12, "Validators (attribution and curation nodes)."),
      costUsd: field(NonNegative, 100, "Validator cost per epoch, USD."),
      entrants: field(NonNegative, 0.2, "Would-be validators per epoch (join when recent pay per validator beats the cost)."),
      reviewRate: field(Probability, 0.2, "Chance per epoch that one validator reviews its pay and leaves when recent pay per validator is under its cost.")
    },
    "Validators."
  ),
  attack: section(
    {
      budget: field(NonNegative, 0, "Attribution farmer's budget, USD (0: no attack): it floods one datanet with near-duplicates of its best data under sybil identities."),
      start: field(Count, 20, "Epoch the farmer starts."),
      sybils: field(PositiveInt, 20, "Identities the farmer spreads its items over (a caught identity is replaced by a new one)."),
      itemCost: field(NonNegative, 0.02, "USD to make one near-duplicate (paraphrase, perturbation)."),
      initialItems: field(Positive, 500, "Items the farmer submits in its first epoch on a target; after that it scales by what the last epoch paid per item against what an item cost it."),
      moveOn: field(Probability, 0.5, "The farmer moves to another datanet when its target pays per unit of attribution less than this share of the best other datanet's pay.")
    },
    "Attribution farming with duplicated data."
  )
})
export type AttributionParams = typeof AttributionParams.Type
