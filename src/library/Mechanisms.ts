/**
 * Mechanisms: one step of one rule from the mechanism library (models/mechanisms: emission,
 * slashing, conviction, Yuma consensus, dTAO), each with its JSON input schema, so a designer
 * can check a single formula by hand. Input formats (and examples) are in docs/mechanisms.md.
 * The one table behind `sandbox mechanism` (which adds reading the input file and printing)
 * and the library's `mechanism`.
 */
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import { compileExpression } from "../analysis/SafeExpression.ts"
import { ExperimentInvalid, InvalidOption } from "../experiment/Errors.ts"
import { Count, NonNegative, Num, Positive, PositiveInt, Probability } from "../experiment/Fields.ts"
import { formatPath } from "../experiment/Decode.ts"
import { blockProvision, defaultMintParams, nextAnnualProvisions, nextInflationRate } from "../../models/mechanisms/emission/bondedRatio.ts"
import { dec, decOfNumber, PRECISION, toText } from "../../models/mechanisms/emission/LegacyDec.ts"
import { baseReward, baseRewardPerIncrement, eraPayout, exponentialDecay, halvingByIssuance, idealStakingAdjustment } from "../../models/mechanisms/emission/otherRules.ts"
import { convictionFixed, thresholdFixed } from "../../models/mechanisms/governance/conviction.ts"
import { canUnjail, defaultCosmosSlashing, handleSignature, SigningState } from "../../models/mechanisms/slashing/cosmos.ts"
import { correlationPenalty, EFFECTIVE_BALANCE_INCREMENT, inactivityPenalty, initialSlash, nextInactivityScore } from "../../models/mechanisms/slashing/ethereum.ts"
import { splitSlash } from "../../models/mechanisms/slashing/destination.ts"
import { unlockedInEpoch, vestedAmount } from "../../models/mechanisms/emission/vesting.ts"
import type { YumaConfig } from "../../models/mechanisms/consensus/yuma.ts"
import { yumaEpochs, type YumaResult } from "../../models/mechanisms/consensus/yumaArrays.ts"
import { buyAlpha, DEFAULT_FEE_RATE, poolPrice, sellAlpha } from "../../models/mechanisms/dtao/balancerPool.ts"
import { emitToSubnet, OWNER_CUT } from "../../models/mechanisms/dtao/coinbase.ts"
import { flowShares, priceShares } from "../../models/mechanisms/dtao/subnetShares.ts"

/** A non-negative integer given as a JSON number or a decimal string (for values beyond 2^53). */
const BigIntText = Schema.Union(Schema.NonNegativeInt, Schema.String.pipe(Schema.pattern(/^\d+$/))).pipe(
  Schema.transform(Schema.BigIntFromSelf, { strict: true, decode: (x) => BigInt(x), encode: (b) => b.toString() })
)
/**
 * A decimal in [0, 1] as the chain holds it (18 places), given as a JSON number (0.13: its
 * shortest text, so exactly 0.13) or a string ("0.0700000001").
 */
const DecimalText = Schema.Unknown.pipe(
  Schema.transformOrFail(Schema.BigIntFromSelf, {
    strict: true,
    decode: (u, _, ast) =>
      typeof u === "number" && Number.isFinite(u)
        ? ParseResult.succeed(decOfNumber(u))
        : typeof u === "string" && /^\d+(\.\d{1,18})?$/.test(u)
          ? ParseResult.succeed(dec(u))
          : ParseResult.fail(new ParseResult.Type(ast, u, `Expected a decimal (a number, or a string with at most 18 places such as "0.13"), got ${JSON.stringify(u)}`)),
    encode: (b) => ParseResult.succeed(toText(b))
  }),
  Schema.filter((d) => (d >= 0n && d <= PRECISION) || "Expected a decimal between 0 and 1")
)
/** A positive integer, as BigIntText. */
const PositiveBigIntText = BigIntText.pipe(Schema.filter((n) => n > 0n || "Expected an integer > 0"))

export interface Mechanism {
  readonly description: string
  readonly input: Schema.Schema<any, any>
  readonly run: (input: any) => unknown
}

const Matrix = Schema.Array(Schema.Array(NonNegative))
const YumaInput = Schema.Struct({
  stake: Schema.Array(NonNegative).annotations({ description: "stake per validator (rows)" }),
  weights: Schema.optional(Matrix),
  epochs: Schema.optional(Schema.Array(Schema.Struct({ weights: Matrix }))),
  kappa: Probability,
  bondsPenalty: Probability,
  alpha: Probability,
  yuma3: Schema.optional(Schema.Boolean),
  liquidAlpha: Schema.optional(Schema.Struct({ low: Probability, high: Probability, steepness: NonNegative })),
  bonds: Schema.optional(Matrix)
})
type YumaInput = typeof YumaInput.Type
const yumaView = (r: YumaResult) => ({ consensus: r.consensus, incentive: r.incentive, dividends: r.dividends, bonds: r.bonds, validatorTrust: r.validatorTrust })

export const mechanisms: Readonly<Record<string, Mechanism>> = {
  yuma: {
    description: "Bittensor Yuma consensus: { stake, weights (rows validators, columns neurons) | epochs: [{ weights }], kappa, bondsPenalty, alpha, yuma3?, liquidAlpha?, bonds? } -> { consensus, incentive, dividends, bonds, validatorTrust } (per epoch with `epochs`, bonds carried over).",
    input: YumaInput,
    run: (i: YumaInput) => {
      if ((i.weights === undefined) === (i.epochs === undefined)) throw new InvalidOption({ option: "input", message: "give exactly one of `weights` (one epoch) or `epochs: [{ weights }, ...]` (several, bonds carried over)" })
      const config: YumaConfig = { kappa: i.kappa, bondsPenalty: i.bondsPenalty, alpha: i.alpha, yuma3: i.yuma3 ?? false, ...(i.liquidAlpha ? { liquidAlpha: i.liquidAlpha } : {}) }
      const epochs = i.weights ? [i.weights] : i.epochs!.map((e) => e.weights)
      const results = yumaEpochs(i.stake, epochs, config, i.bonds)
      return i.weights ? yumaView(results[0]!) : { epochs: results.map(yumaView) }
    }
  },
  "bonded-ratio-controller": {
    description: "Cosmos x/mint: next inflation from { inflation, bondedRatio }, and block provision of { totalSupply } (exact LegacyDec).",
    input: Schema.Struct({ inflation: DecimalText, bondedRatio: DecimalText, totalSupply: Schema.optional(BigIntText) }),
    run: (i: { inflation: bigint; bondedRatio: bigint; totalSupply?: bigint }) => {
      const next = nextInflationRate(defaultMintParams, i.inflation, i.bondedRatio)
      const out: Record<string, string> = { nextInflation: toText(next), change: toText(next - i.inflation) }
      if (i.totalSupply !== undefined) {
        const annual = nextAnnualProvisions(next, i.totalSupply)
        out["annualProvisions"] = toText(annual)
        out["blockProvision"] = blockProvision(defaultMintParams, annual).toString()
      }
      return out
    }
  },
  "ideal-staking-curve": {
    description: "Polkadot era payout: { staked, stakable, maxInflation, minInflation?, idealStake?, falloff? } -> adjustment, (stakers, treasury).",
    input: Schema.Struct({ staked: BigIntText, stakable: PositiveBigIntText, maxInflation: Probability, minInflation: Schema.optional(Probability), idealStake: Schema.optional(Probability), falloff: Schema.optional(Positive) }).pipe(
      Schema.filter((i) => i.staked <= i.stakable || { path: ["staked"], message: `Expected at most stakable (${i.stakable}), got ${i.staked}` })
    ),
    run: (i: { staked: bigint; stakable: bigint; maxInflation: number; minInflation?: number; idealStake?: number; falloff?: number }) => {
      const [stakers, treasury] = eraPayout(i.staked, i.stakable, i.maxInflation, 1, i.minInflation ?? 0.025, i.idealStake ?? 0.75, i.falloff ?? 0.05)
      return { adjustment: idealStakingAdjustment(Number(i.staked) / Number(i.stakable), i.idealStake ?? 0.75, i.falloff ?? 0.05), stakers: stakers.toString(), treasury: treasury.toString() }
    }
  },
  "sqrt-stake": {
    description: "Ethereum base reward: { totalActiveBalanceGwei, effectiveBalanceGwei? (default 32 ETH) } -> gwei.",
    input: Schema.Struct({ totalActiveBalanceGwei: PositiveBigIntText, effectiveBalanceGwei: Schema.optional(BigIntText) }),
    run: (i: { totalActiveBalanceGwei: bigint; effectiveBalanceGwei?: bigint }) => ({
      baseRewardPerIncrement: baseRewardPerIncrement(i.totalActiveBalanceGwei).toString(),
      baseReward: baseReward(i.effectiveBalanceGwei ?? 32_000_000_000n, i.totalActiveBalanceGwei).toString()
    })
  },
  "halving-by-issuance": {
    description: "Bittensor: { base, issued, cap } -> emission this step.",
    input: Schema.Struct({ base: NonNegative, issued: NonNegative, cap: Positive }),
    run: (i: { base: number; issued: number; cap: number }) => ({ emission: halvingByIssuance(i.base, i.issued, i.cap) })
  },
  expression: {
    description: "A designer's emission formula: { expression, variables: { name: number } } -> value (same safe evaluator as experiments).",
    input: Schema.Struct({ expression: Schema.String, variables: Schema.Record({ key: Schema.String, value: Num }) }),
    run: (i: { expression: string; variables: Record<string, number> }) => {
      const c = compileExpression(i.expression, { variables: new Set(Object.keys(i.variables)), result: "number" })
      if (!c.ok) throw new InvalidOption({ option: "expression", message: c.error })
      const value = Number(c.compiled.evaluate({ variables: i.variables }))
      // JSON has no NaN or Infinity (they would print as null): say what happened instead.
      if (!Number.isFinite(value)) throw new InvalidOption({ option: "expression", message: `${JSON.stringify(i.expression)} gives ${value} for these variables (a division by zero, a logarithm of a number <= 0, an overflow, or min()/max() of nothing?)` })
      return { value }
    }
  },
  conviction: {
    description: "1Hive conviction voting (D = 1e7): { timePassed, lastConviction, amount, decay } and optionally the threshold { requested, funds, totalStaked, weight, maxRatio }.",
    input: Schema.Struct({ timePassed: BigIntText, lastConviction: BigIntText, amount: BigIntText, decay: BigIntText, requested: Schema.optional(BigIntText), funds: Schema.optional(BigIntText), totalStaked: Schema.optional(BigIntText), weight: Schema.optional(BigIntText), maxRatio: Schema.optional(BigIntText) }),
    run: (i: Record<string, bigint | undefined>) => {
      const out: Record<string, string | null> = { conviction: convictionFixed(i["timePassed"]!, i["lastConviction"]!, i["amount"]!, i["decay"]!).toString() }
      if (i["requested"] !== undefined && i["funds"] !== undefined && i["totalStaked"] !== undefined && i["weight"] !== undefined && i["maxRatio"] !== undefined) {
        out["threshold"] = thresholdFixed(i["requested"], i["funds"], i["totalStaked"], i["weight"], i["maxRatio"], i["decay"]!)?.toString() ?? null
      }
      return out
    }
  },
  "cosmos-downtime": {
    description: "Cosmos x/slashing: { signed: boolean[] (one per block), window?, minSignedPerWindow? } -> when it was slashed and jailed.",
    input: Schema.Struct({ signed: Schema.Array(Schema.Boolean), window: Schema.optional(PositiveInt), minSignedPerWindow: Schema.optional(Probability) }),
    run: (i: { signed: ReadonlyArray<boolean>; window?: number; minSignedPerWindow?: number }) => {
      const p = { ...defaultCosmosSlashing, signedBlocksWindow: i.window ?? 100, minSignedPerWindow: i.minSignedPerWindow ?? 0.5 }
      const s = new SigningState(1, p.signedBlocksWindow)
      const slashes: Array<{ height: number; fraction: number; jailedUntil: number }> = []
      i.signed.forEach((b, h) => {
        const f = handleSignature(s, p, 0, h, b)
        if (f > 0) slashes.push({ height: h, fraction: f, jailedUntil: s.jailedUntil[0]! })
      })
      return { slashes, canUnjailAtEnd: canUnjail(s, 0, i.signed.length) }
    }
  },
  "ethereum-slashing": {
    description: "Ethereum Electra slashing of one validator: { effectiveBalanceGwei, slashingsSumGwei, totalBalanceGwei } -> penalties and rewards, gwei.",
    input: Schema.Struct({ effectiveBalanceGwei: BigIntText, slashingsSumGwei: BigIntText, totalBalanceGwei: PositiveBigIntText.pipe(Schema.filter((n) => n >= EFFECTIVE_BALANCE_INCREMENT || "Expected at least one increment, 1000000000 gwei")) }),
    run: (i: { effectiveBalanceGwei: bigint; slashingsSumGwei: bigint; totalBalanceGwei: bigint }) => {
      const s = initialSlash(i.effectiveBalanceGwei)
      return { initialPenalty: s.penalty.toString(), whistleblowerReward: s.whistleblowerReward.toString(), proposerReward: s.proposerReward.toString(), correlationPenalty: correlationPenalty(i.effectiveBalanceGwei, i.slashingsSumGwei, i.totalBalanceGwei).toString() }
    }
  },
  "exponential-decay": {
    description: "Emission halving every halfLife epochs: { perEpoch, halfLife, epoch } -> emission in that epoch.",
    input: Schema.Struct({ perEpoch: NonNegative, halfLife: Positive, epoch: Count }),
    run: (i: { perEpoch: number; halfLife: number; epoch: number }) => ({ emission: exponentialDecay(i.perEpoch, i.halfLife, i.epoch) })
  },
  "inactivity-leak": {
    description: "Ethereum inactivity leak (Bellatrix+): { effectiveBalanceGwei, participated: boolean[] (one per epoch), inLeak: boolean | boolean[], score? } -> score and penalty (gwei) per epoch; only an epoch that missed the target is charged.",
    input: Schema.Struct({ effectiveBalanceGwei: BigIntText, participated: Schema.Array(Schema.Boolean), inLeak: Schema.Union(Schema.Boolean, Schema.Array(Schema.Boolean)), score: Schema.optional(BigIntText) }).pipe(
      Schema.filter((i) => typeof i.inLeak === "boolean" || i.inLeak.length === i.participated.length || { path: ["inLeak"], message: `Expected one entry per epoch (${i.participated.length}, like participated), got ${i.inLeak.length}` })
    ),
    run: (i: { effectiveBalanceGwei: bigint; participated: ReadonlyArray<boolean>; inLeak: boolean | ReadonlyArray<boolean>; score?: bigint }) => {
      let score = i.score ?? 0n
      return {
        epochs: i.participated.map((participated, e) => {
          score = nextInactivityScore(score, participated, typeof i.inLeak === "boolean" ? i.inLeak : i.inLeak[e]!)
          // get_inactivity_penalty_deltas charges only validators outside the matching target set.
          return { score: score.toString(), penalty: participated ? "0" : inactivityPenalty(i.effectiveBalanceGwei, score).toString() }
        })
      }
    }
  },
  vesting: {
    description: "Cliff + linear vesting: { tokens, cliffEpochs, vestingEpochs, epoch } -> vested by the end of the epoch and unlocked in it.",
    input: Schema.Struct({ tokens: NonNegative, cliffEpochs: Count, vestingEpochs: PositiveInt, epoch: Count }),
    run: (i: { tokens: number; cliffEpochs: number; vestingEpochs: number; epoch: number }) => ({
      vested: vestedAmount(i.tokens, i.cliffEpochs, i.vestingEpochs, i.epoch + 1),
      unlocked: unlockedInEpoch(i.tokens, i.cliffEpochs, i.vestingEpochs, i.epoch)
    })
  },
  "dtao-swap": {
    description: "Bittensor subnet pool (Balancer, pallets/swap): { tao, alpha, quoteWeight? (0.5), feeRate? (33/65535), buyWithTao | sellAlpha } -> out, fee, averagePrice, slippage, priceBefore, priceAfter, pool after.",
    input: Schema.Struct({
      tao: Positive,
      alpha: Positive,
      quoteWeight: Schema.optional(Probability.pipe(Schema.filter((w) => (w >= 0.01 && w <= 0.99) || "Expected a weight in [0.01, 0.99]"))),
      feeRate: Schema.optional(Probability),
      buyWithTao: Schema.optional(NonNegative),
      sellAlpha: Schema.optional(NonNegative)
    }).pipe(
      Schema.filter((i) => (i.buyWithTao === undefined) !== (i.sellAlpha === undefined) || { path: ["buyWithTao"], message: "Expected exactly one of buyWithTao or sellAlpha" })
    ),
    run: (i: { tao: number; alpha: number; quoteWeight?: number; feeRate?: number; buyWithTao?: number; sellAlpha?: number }) => {
      const pool = { tao: i.tao, alpha: i.alpha, quoteWeight: i.quoteWeight ?? 0.5 }
      const priceBefore = poolPrice(pool.tao, pool.alpha, pool.quoteWeight)
      const r = i.buyWithTao !== undefined ? buyAlpha(pool, i.buyWithTao, i.feeRate ?? DEFAULT_FEE_RATE) : sellAlpha(pool, i.sellAlpha!, i.feeRate ?? DEFAULT_FEE_RATE)
      return { ...r, priceBefore, priceAfter: poolPrice(pool.tao, pool.alpha, pool.quoteWeight), pool }
    }
  },
  "dtao-emission": {
    description: "Bittensor subnet emission (run_coinbase.rs): { taoEmission, alphaEmission, pool: { tao, alpha, quoteWeight? }, rootProportion, ownerCut? } -> TAO injected or chain-bought, alpha injected, split of alpha out (owner, miners, validators, root), pool after.",
    input: Schema.Struct({
      taoEmission: NonNegative,
      alphaEmission: NonNegative,
      pool: Schema.Struct({ tao: Positive, alpha: Positive, quoteWeight: Schema.optional(Probability) }),
      rootProportion: Probability,
      ownerCut: Schema.optional(Probability)
    }),
    run: (i: { taoEmission: number; alphaEmission: number; pool: { tao: number; alpha: number; quoteWeight?: number }; rootProportion: number; ownerCut?: number }) => {
      const pool = { tao: i.pool.tao, alpha: i.pool.alpha, quoteWeight: i.pool.quoteWeight ?? 0.5 }
      const e = emitToSubnet(pool, i.taoEmission, i.alphaEmission, i.rootProportion, i.ownerCut ?? OWNER_CUT)
      return { ...e, pool, price: poolPrice(pool.tao, pool.alpha, pool.quoteWeight) }
    }
  },
  "subnet-shares": {
    description: "Bittensor TAO emission shares between subnets (subnet_emissions.rs): { rule: price, movingPrices } or { rule: flow, emaFlows, exponent? (1), cutoff? (0) } -> shares.",
    input: Schema.Union(
      Schema.Struct({ rule: Schema.Literal("price"), movingPrices: Schema.Array(NonNegative) }),
      Schema.Struct({ rule: Schema.Literal("flow"), emaFlows: Schema.Array(Num), exponent: Schema.optional(Positive), cutoff: Schema.optional(Num) })
    ),
    run: (i: { rule: "price"; movingPrices: ReadonlyArray<number> } | { rule: "flow"; emaFlows: ReadonlyArray<number>; exponent?: number; cutoff?: number }) => ({
      shares: [...(i.rule === "price" ? priceShares(i.movingPrices) : flowShares(i.emaFlows, i.exponent ?? 1, i.cutoff ?? 0))]
    })
  },
  "slash-destination": {
    description: "Where a slash goes: { amount, toTreasury, toWhistleblower } -> burned, treasury, whistleblower (the burn takes the rest).",
    input: Schema.Struct({ amount: NonNegative, toTreasury: Probability, toWhistleblower: Probability }).pipe(
      Schema.filter((i) => i.toTreasury + i.toWhistleblower <= 1 || { path: ["toWhistleblower"], message: `Expected toTreasury + toWhistleblower <= 1, got ${i.toTreasury + i.toWhistleblower}` })
    ),
    run: (i: { amount: number; toTreasury: number; toWhistleblower: number }) => splitSlash(i.amount, i)
  }
}

/** The mechanism called `name` (own keys only: "toString", "__proto__" or "constructor" are not mechanisms). */
export const mechanismNamed = (name: string): Mechanism | undefined => (Object.hasOwn(mechanisms, name) ? mechanisms[name] : undefined)

/** The refusal of a name that is no mechanism, with the known ones. */
export const unknownMechanism = (name: string): InvalidOption => new InvalidOption({ option: "name", message: `unknown mechanism "${name}"; known: ${Object.keys(mechanisms).join(", ")}` })

/**
 * One step of mechanism `name` on `json` (the input as parsed JSON; `file` names it in
 * messages): the input decoded (every problem with its field path; unknown fields refused),
 * then the rule run. An unknown name or a rule that refuses its input fails with InvalidOption.
 */
export const mechanismStep = (name: string, json: unknown, file: string): Effect.Effect<unknown, InvalidOption | ExperimentInvalid> =>
  Effect.gen(function* () {
    const m = mechanismNamed(name)
    if (!m) return yield* unknownMechanism(name)
    const decoded = Schema.decodeUnknownEither(m.input, { errors: "all", onExcessProperty: "error" })(json)
    if (Either.isLeft(decoded)) {
      const issues = ParseResult.ArrayFormatter.formatErrorSync(decoded.left).map((i) => ({ path: formatPath(i.path as Array<string | number>), message: i._tag === "Missing" ? "required field is missing" : i._tag === "Unexpected" ? `unknown field; ${i.message.replace(/^is unexpected, /, "")}` : i.message }))
      return yield* new ExperimentInvalid({ file, issues })
    }
    return yield* Effect.try({ try: () => m.run(decoded.right), catch: (e) => (e instanceof InvalidOption ? e : new InvalidOption({ option: "input", message: `${file}: ${e instanceof Error ? e.message : String(e)}` })) })
  })
