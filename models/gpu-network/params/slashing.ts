/**
 * gpu-network's `slashing`: downtime, double signing, correlation penalty, inactivity leak, where slashes go.
 */
import * as Schema from "effect/Schema"
import { Count, field, PositiveInt, Probability, section } from "../../../src/kit/index.ts"

/** The `slashing` section. */
export const Slashing = section(
  {
    downtime: field(Schema.Boolean, false, "Slash and jail operators that are offline too often (Cosmos x/slashing rules, one epoch = one signing round)."),
    signedWindow: field(PositiveInt, 100, "Signing window in epochs."),
    minSignedPerWindow: field(Probability, 0.5, "Share of the window an operator must be online."),
    downtimeFraction: field(Probability, 0.01, "Stake slashed for downtime."),
    jailEpochs: field(Count, 10, "Epochs a jailed operator earns nothing (it still pays its costs)."),
    doubleSignRate: field(Probability, 0, "Probability per epoch that a validator double-signs (equivocates)."),
    doubleSignRule: field(
      Schema.Literal("fraction", "electra"),
      "fraction",
      "What a double-signing validator pays (it is tombstoned either way: removed for good). fraction: doubleSignFraction of its stake, split by toTreasury / toWhistleblower like every slash. electra: Ethereum's slash_validator, in gwei (1 token = 1e9 gwei): an initial penalty of effective balance // 4096 (effective balance: its stake in whole tokens; split like every slash, Ethereum burns it) and a whistleblower reward of effective balance // 4096, newly minted as in the spec (counted in the emission metric), of which a proposer (another validator, drawn by stake) gets 8/64 and the reporter (outside holders) the rest; doubleSignFraction is unused."
    ),
    doubleSignFraction: field(Probability, 0.05, "Stake slashed for double signing under doubleSignRule fraction; the validator is tombstoned (removed for good)."),
    correlated: field(Schema.Boolean, false, "Ethereum (Electra): a double-signing validator also pays the correlation penalty, min(3 x stake slashed in the window, total stake) per unit of total stake, times its stake (on top of either doubleSignRule, at once rather than 18 days later)."),
    correlationWindow: field(PositiveInt, 36, "Epochs over which slashings are summed for the correlation penalty (Ethereum: 8,192 epochs, about 36 days)."),
    inactivityLeak: field(Schema.Boolean, false, "Ethereum inactivity leak: while less than 2/3 of operator capacity is online, offline operators gain 4 score points per round (online: -1; -16 more outside a leak) and each round an offline operator loses stake x score / 2^26 (burned; online operators pay nothing, as in the spec)."),
    leakRoundsPerEpoch: field(PositiveInt, 1, "Inactivity-leak rounds (Ethereum epochs) per epoch, each with the epoch's participation and leak state; Ethereum has 225 a day, so a day-long epoch with 225 leaks at Ethereum's pace (an operator offline through a whole leak keeps about exp(-t^2 / 2^25) of its stake after t rounds: 61% after 4,096 rounds, about 18 days)."),
    toTreasury: field(Probability, 0, "Share of slashed stake sent to the treasury."),
    toWhistleblower: field(Probability, 0, "Share of slashed stake paid to the reporter (outside: the reporter is an outside party).")
  },
  "Slashing. The rest of a slash (1 - toTreasury - toWhistleblower) is burned."
)
