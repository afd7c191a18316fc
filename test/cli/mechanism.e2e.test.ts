/** `sandbox mechanism` as a user runs it: one rule step from a JSON file, and a bad input. */
import { mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { sandbox } from "../support/cli.ts"

describe.concurrent("sandbox mechanism", () => {
  const dir = mkdtempSync(join(tmpdir(), "sandbox-mech-"))
  const input = (name: string, value: unknown) => {
    const file = join(dir, name)
    writeFileSync(file, JSON.stringify(value))
    return file
  }

  it("prints the Ethereum base reward for 1,000,000 validators of 32 ETH", async () => {
    const r = await sandbox(["mechanism", "sqrt-stake", "--input", input("eth.json", { totalActiveBalanceGwei: "32000000000000000" })])
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout)).toEqual({ baseRewardPerIncrement: "357", baseReward: "11424" })
  })

  it("swaps in a Bittensor subnet pool, splits a subnet's emission and shares emission by flow", async () => {
    const [swap, emission, shares, bad] = await Promise.all([
      sandbox(["mechanism", "dtao-swap", "--input", input("swap.json", { tao: 1000, alpha: 1000, buyWithTao: 100, feeRate: 0 })]),
      sandbox(["mechanism", "dtao-emission", "--input", input("emit.json", { taoEmission: 1, alphaEmission: 1, pool: { tao: 500, alpha: 1000 }, rootProportion: 0.1 })]),
      sandbox(["mechanism", "subnet-shares", "--input", input("shares.json", { rule: "flow", emaFlows: [-100, -300, -400], cutoff: -1000 })]),
      sandbox(["mechanism", "dtao-swap", "--input", input("both.json", { tao: 1000, alpha: 1000 })])
    ])
    // Constant product: 1000 - 1000 * 1000 / 1100 alpha out, the price from 1 to 1.21.
    const s = JSON.parse(swap.stdout)
    expect(s.out).toBeCloseTo(90.909090909, 6)
    expect(s.priceAfter).toBeCloseTo(1.21, 9)
    // 1 TAO at price 0.5 asks 2 alpha, the cap 0.1 x 1 allows 0.1: 0.05 TAO injected, 0.95 buys alpha.
    const e = JSON.parse(emission.stdout)
    expect(e.alphaInjected).toBeCloseTo(0.1, 12)
    expect(e.taoMinted).toBeCloseTo(1, 12)
    expect(e.split.owner + e.split.miners + e.split.validators + e.split.root).toBeCloseTo(1, 12)
    expect(JSON.parse(shares.stdout).shares.map((x: number) => Math.round(x * 1e9) / 1e9)).toEqual([0.75, 0.25, 0])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/both\.json: buyWithTao: Expected exactly one of buyWithTao or sellAlpha/)
  })

  it("names the file and field of a bad input, exit code 2", async () => {
    const r = await sandbox(["mechanism", "halving-by-issuance", "--input", input("bad.json", { base: 1, issued: -3, cap: 10 })])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/bad\.json.*issued: Expected a number >= 0, got -3/)
    const missing = await sandbox(["mechanism", "yuma", "--input", "no-such-input.json"])
    expect(missing.code).toBe(2)
    expect(missing.stderr.trim()).toBe("error: no-such-input.json: cannot read input file: no such file")
  })

  it("keeps a JSON number's decimal exact, and checks the Cosmos, Polkadot and Ethereum inputs' ranges", async () => {
    const [num, str, range, stake, zero, json] = await Promise.all([
      sandbox(["mechanism", "bonded-ratio-controller", "--input", input("num.json", { inflation: 0.07, bondedRatio: 0 })]),
      sandbox(["mechanism", "bonded-ratio-controller", "--input", input("str.json", { inflation: "0.07", bondedRatio: "0" })]),
      sandbox(["mechanism", "bonded-ratio-controller", "--input", input("range.json", { inflation: "abc", bondedRatio: 2 })]),
      sandbox(["mechanism", "ideal-staking-curve", "--input", input("stake.json", { staked: 120, stakable: 100, maxInflation: 0.1 })]),
      sandbox(["mechanism", "sqrt-stake", "--input", input("zero.json", { totalActiveBalanceGwei: "0" })]),
      sandbox(["mechanism", "sqrt-stake", "--input", (writeFileSync(join(dir, "broken.json"), "{ bad"), join(dir, "broken.json"))])
    ])
    // 0.07 as a number is the decimal 0.07 (not 0.070000000000000007 from its binary expansion).
    expect(JSON.parse(num.stdout).nextInflation).toBe("0.070000020597257079")
    expect(num.stdout).toBe(str.stdout)
    expect([range.code, stake.code, zero.code, json.code]).toEqual([2, 2, 2, 2])
    expect(range.stderr).toMatch(/range\.json: inflation: Expected a decimal \(a number, or a string with at most 18 places such as "0\.13"\), got "abc"\n/)
    expect(range.stderr).toMatch(/range\.json: bondedRatio: Expected a decimal between 0 and 1/)
    expect(range.stderr).toMatch(/2 problems/)
    expect(stake.stderr).toMatch(/stake\.json: staked: Expected at most stakable \(100\), got 120/)
    expect(zero.stderr).toMatch(/zero\.json: totalActiveBalanceGwei: Expected an integer > 0/)
    expect(json.stderr).toMatch(/broken\.json:1:1: invalid JSON: /)
  })

  it("prints exponential decay, the inactivity leak, vesting and a slash's destinations", async () => {
    const [decay, leak, vesting, split] = await Promise.all([
      sandbox(["mechanism", "exponential-decay", "--input", input("decay.json", { perEpoch: 1000, halfLife: 10, epoch: 20 })]),
      sandbox(["mechanism", "inactivity-leak", "--input", input("leak.json", { effectiveBalanceGwei: "32000000000", participated: [false, false, true], inLeak: [true, true, false] })]),
      sandbox(["mechanism", "vesting", "--input", input("vest.json", { tokens: 1200, cliffEpochs: 3, vestingEpochs: 12, epoch: 2 })]),
      sandbox(["mechanism", "slash-destination", "--input", input("split.json", { amount: 100, toTreasury: 0.5, toWhistleblower: 0.1 })])
    ])
    expect(JSON.parse(decay.stdout)).toEqual({ emission: 250 })
    // +4 per missed epoch in a leak (32 ETH at score 4: 1,907 gwei); participating outside a leak: -1, then -16.
    expect(JSON.parse(leak.stdout)).toEqual({ epochs: [{ score: "4", penalty: "1907" }, { score: "8", penalty: "3814" }, { score: "0", penalty: "0" }] })
    // The cliff ends with epoch 2: a quarter of 12 epochs' vesting unlocks at once.
    expect(JSON.parse(vesting.stdout)).toEqual({ vested: 300, unlocked: 300 })
    expect(JSON.parse(split.stdout)).toEqual({ burned: 40, treasury: 50, whistleblower: 10 })
  })

  it("runs Yuma consensus for one epoch and for several with bonds carried over", async () => {
    const base = { stake: [0.5, 0.3, 0.2], kappa: 0.5, bondsPenalty: 1, alpha: 0.1 }
    const weights = [[0.4, 0.3, 0.2, 0.1], [0.4, 0.3, 0.2, 0.1], [0, 0, 0.5, 0.5]]
    const one = await sandbox(["mechanism", "yuma", "--input", input("yuma.json", { ...base, weights })])
    expect(one.code).toBe(0)
    const out = JSON.parse(one.stdout)
    expect(Object.keys(out)).toEqual(["consensus", "incentive", "dividends", "bonds", "validatorTrust"])
    expect(out.dividends.map((d: number) => d.toFixed(4))).toEqual(["0.5814", "0.3488", "0.0698"])
    const many = await sandbox(["mechanism", "yuma", "--input", input("yuma3.json", { ...base, yuma3: true, epochs: [{ weights }, { weights }] })])
    expect(many.code).toBe(0)
    const epochs = JSON.parse(many.stdout).epochs
    expect(epochs).toHaveLength(2)
    expect(epochs[1].bonds[0][0]).toBeCloseTo(0.4 * (1 - 0.9 ** 2), 12)
    const ragged = await sandbox(["mechanism", "yuma", "--input", input("ragged.json", { ...base, weights: [[1, 0], [1], [0, 1]] })])
    expect(ragged.code).toBe(2)
    expect(ragged.stderr, ragged.stderr).toMatch(/ragged\.json: weights row 1 has 1 columns/)
  })
})
