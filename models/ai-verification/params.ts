/**
 * Parameters of the ai-verification model: contributors submit AI work (honest, or poisoned),
 * validators verify it with noisy accuracy under a selectable strategy, and emission pays the
 * accepted work and the validators. One epoch is one verification round (a Bittensor tempo).
 */
import * as Schema from "effect/Schema"
import { field, NonNegative, Positive, PositiveInt, Probability, section } from "../../src/kit/index.ts"

export const VerificationStrategy = Schema.Literal("none", "spot-check", "redundant", "yuma").annotations({
  description: "none; spot-check (a share `rate` of contributions checked by one validator); redundant (checked by `redundancy` validators, stake-weighted majority); yuma (every validator scores a share `rate` of contributors, Yuma consensus turns scores into rewards)"
})

export const AiVerificationParams = Schema.Struct({
  contributors: section(
    {
      count: field(PositiveInt, 200, "Contributors (miners, data contributors), each submitting one unit of work per epoch."),
      poisonedShare: field(Probability, 0.1, "Share of contributors that poison: their work has `poisonQuality` but costs them only `poisonCost`."),
      qualityMin: field(Probability, 0.5, "Honest contributors' true quality is uniform in [qualityMin, qualityMax]."),
      qualityMax: field(Probability, 0.95, "Upper end of honest quality."),
      poisonQuality: field(Probability, 0.05, "True quality of poisoned work."),
      drift: field(Probability, 0.02, "Per epoch, the probability an honest contributor's quality is redrawn (new models, decay): stale scores mislead."),
      cost: field(NonNegative, 1, "Honest contributor's cost per unit of work, USD."),
      poisonCost: field(NonNegative, 0.2, "Poisoner's cost per unit of work, USD (poison is cheap to make)."),
      bond: field(NonNegative, 100, "Tokens a contributor bonds to take part; slashed when its work is rejected, topped back up (bought) when under half.")
    },
    "Contributors of AI work."
  ),
  validators: section(
    {
      count: field(PositiveInt, 32, "Validators."),
      stakeAlpha: field(Positive, 1.5, "Pareto shape of validator stake (smaller: more concentrated)."),
      totalStake: field(Positive, 1_000_000, "Tokens staked by all validators together."),
      noise: field(NonNegative, 0.1, "Standard deviation of a validator's error when it checks quality (accuracy)."),
      checkCost: field(NonNegative, 0.05, "Validator's cost of checking one contribution, USD."),
      lazyShare: field(Probability, 0, "Share of validators (by count, the smallest first) that never verify: they accept what they are asked to check, and under yuma copy the consensus `copyDelay` epochs old."),
      copyDelay: field(PositiveInt, 1, "Epochs before a consensus is visible to copiers: 1 copies last epoch's; more models commit-reveal, which hides weights for that long."),
      colludingShare: field(Probability, 0, "Share of validators (by count, the largest first) colluding with poisoners: they accept poison and, under yuma, give it full weight; they check honest work honestly."),
      cartelCut: field(Probability, 0.3, "Share of the poisoners' rewards paid to the colluding validators (by stake) for passing their work.")
    },
    "Validators."
  ),
  verification: section(
    {
      strategy: field(VerificationStrategy, "spot-check", "How work is verified."),
      rate: field(Probability, 0.1, "spot-check / redundant: share of contributions checked; yuma: share of contributors each validator re-scores per epoch."),
      redundancy: field(PositiveInt, 3, "redundant: validators checking each selected contribution."),
      threshold: field(Probability, 0.4, "A check rejects work whose observed quality is below this."),
      slashFraction: field(Probability, 0.5, "Share of a contributor's bond slashed (burned) when its work is rejected."),
      auditRate: field(
        Probability,
        0,
        "Share of validators' verdicts audited each epoch (0: no audits): an audit reveals the true quality exactly, and a validator that accepted work under `threshold` is slashed `validatorSlashFraction` of its stake per proven fault. spot-check / redundant: a verdict is a validator's accept or reject of a checked contribution (a lazy validator's accept included); yuma: a validator's weight on a contributor (from a score it set, or copied), positive weight being an accept."
      ),
      validatorSlashFraction: field(Probability, 0.1, "Share of a validator's stake slashed (burned) per fault an audit proves, compounding (`verificationSlash`)."),
      auditCost: field(NonNegative, 0.25, "Cost of auditing one verdict, USD (revealing the truth exactly costs more than a noisy check); paid by the network, counted in verificationCost.")
    },
    "Verification of AI work."
  ),
  yuma: section(
    {
      kappa: field(Probability, 0.5, "Majority share of stake for the weighted median (subtensor default 32767/65535)."),
      bondsPenalty: field(Probability, 1, "0: bonds follow raw weights; 1: bonds follow consensus-clipped weights."),
      alpha: field(Probability, 0.1, "Bonds EMA alpha."),
      yuma3: field(Schema.Boolean, false, "Yuma 3 per-cell bonds instead of Yuma 2 column-normalized bonds."),
      liquidAlpha: field(Schema.Boolean, false, "Yuma 3 liquid alpha (per-cell alpha between alphaLow and alphaHigh)."),
      alphaLow: field(Probability, 0.7, "Liquid alpha lower bound."),
      alphaHigh: field(Probability, 0.9, "Liquid alpha upper bound."),
      steepness: field(NonNegative, 1000, "Liquid alpha sigmoid steepness (subtensor's AlphaSigmoidSteepness)."),
      rejectShare: field(Probability, 0.25, "A contributor whose incentive is under this share of an equal share (1/count) is rejected and slashed (pruned).")
    },
    "Yuma consensus (strategy yuma)."
  ),
  token: section(
    {
      emissionPerEpoch: field(NonNegative, 1000, "Tokens minted per epoch."),
      minerShare: field(Probability, 0.5, "Share of emission paid to accepted work (the rest to validators: by dividends under yuma, by stake otherwise). Subtensor's epoch splits 50/50."),
      price: field(Positive, 1, "Token price, USD (fixed in this model)."),
      initialSupply: field(Positive, 10_000_000, "Tokens in existence at epoch 0.")
    },
    "Token."
  ),
})
export type AiVerificationParams = typeof AiVerificationParams.Type
