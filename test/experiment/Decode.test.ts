import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import { describe, expect, it } from "vitest"
import { gpuNetwork } from "../../models/gpu-network/index.ts"
import { decodeExperiment, formatPath } from "../../src/experiment/Decode.ts"
import type { ExperimentInvalid, ExperimentSyntaxError } from "../../src/experiment/Errors.ts"
import { experimentHash } from "../../src/experiment/Hash.ts"

const ok = (text: string, overrides = {}) => {
  const r = decodeExperiment("x.yaml", text, overrides)
  if (Either.isLeft(r)) throw new Error(JSON.stringify(r.left))
  return r.right
}
const invalid = (text: string) => {
  const r = decodeExperiment("x.yaml", text)
  if (Either.isRight(r) || r.left._tag !== "ExperimentInvalid") throw new Error(`expected ExperimentInvalid, got ${JSON.stringify(r)}`)
  return (r.left as ExperimentInvalid).issues
}

describe("decodeExperiment", () => {
  it("fills every default of the envelope and of the model", () => {
    const exp = ok("name: t\n")
    expect(exp.envelope).toMatchObject({ name: "t", model: "gpu-network", seed: 1, epochs: 365, runs: 10 })
    expect(exp.resolvedParams).toEqual(Schema.encodeSync(gpuNetwork.params)(Schema.decodeUnknownSync(gpuNetwork.params)({})))
    expect(exp.scenarios.map((s) => s.label)).toEqual(["base"])
  })

  it("applies command-line overrides before validation", () => {
    const exp = ok("name: t\nseed: 5\nruns: 3\n", { seed: 9, epochs: 12 })
    expect(exp.envelope).toMatchObject({ seed: 9, runs: 3, epochs: 12 })
  })

  it("expands a grid sweep into the cartesian product, last key fastest", () => {
    const exp = ok("name: t\nsweep:\n  grid:\n    market.volatility: [0.01, 0.02]\n    operators.count: [10, 20, 30]\n")
    expect(exp.scenarios.map((s) => s.label)).toEqual([
      "market.volatility=0.01,operators.count=10",
      "market.volatility=0.01,operators.count=20",
      "market.volatility=0.01,operators.count=30",
      "market.volatility=0.02,operators.count=10",
      "market.volatility=0.02,operators.count=20",
      "market.volatility=0.02,operators.count=30"
    ])
    const p = exp.scenarios[4]!.params as { market: { volatility: number }; operators: { count: number } }
    expect([p.market.volatility, p.operators.count]).toEqual([0.02, 20])
  })

  it.each([
    ["negative count", "name: t\nparams:\n  operators:\n    count: -5\n", "params.operators.count", /whole number >= 0, got -5/, 4],
    ["probability above 1", "name: t\nparams:\n  operators:\n    sellFraction: 1.5\n", "params.operators.sellFraction", /probability between 0 and 1, got 1.5/, 4],
    ["zero epochs", "name: t\nepochs: 0\n", "epochs", /whole number >= 1, got 0/, 2],
    ["wrong type", "name: t\nseed: abc\n", "seed", /Expected number, actual "abc"/, 2],
    ["unknown top-level field", "name: t\nrunz: 3\n", "runz", /unknown field "runz" \(did you mean "runs"\?\); expected: "name"/, 2],
    ["unknown nested field", "name: t\nparams:\n  market:\n    volatilty: 0.1\n", "params.market.volatilty", /unknown field "volatilty"/, 4],
    ["missing name", "runs: 2\n", "name", /required field is missing/, 1],
    ["unknown model", "name: t\nmodel: nope\n", "model", /Expected one of: ai-verification, attribution, governance-capture, gpu-network, network, subnets, or a path to a model folder \(.\/my-model\), got "nope"/, 2],
    ["bad emission kind", "name: t\nparams:\n  token:\n    emission:\n      kind: decay\n", "params.token.emission.kind", /"fixed" \| "exponential-decay" \| .* \| "expression", actual "decay"/, 5],
    ["shares above 1", "name: t\nparams:\n  token:\n    operatorShare: 0.9\n    validatorShare: 0.2\n", "params.token.validatorShare", /operatorShare \+ token.validatorShare <= 1/, 5],
    ["bad sweep value", "name: t\nsweep:\n  grid:\n    market.volatility: [0.01, -1]\n", 'sweep.grid["market.volatility"][1]', /number >= 0, got -1/, 4],
    ["unknown sweep path", "name: t\nsweep:\n  grid:\n    market.nope: [1]\n", 'sweep.grid["market.nope"]', /unknown parameter path "market.nope"/, 4]
  ])("rejects %s with the field path, its line and what was expected", (_, text, path, message, line) => {
    const issues = invalid(text)
    expect(issues).toHaveLength(1)
    expect(issues[0]!.path).toBe(path)
    expect(issues[0]!.message).toMatch(message)
    expect(issues[0]!.line).toBe(line)
  })

  it("takes report.metrics the model records, and refuses others with the closest suggested", () => {
    expect(ok("name: t\nreport: { metrics: [price, activeSmall] }\n").envelope.report.metrics).toEqual(["price", "activeSmall"])
    expect(ok("name: t\n").envelope.report.metrics).toEqual([])
    const issues = invalid("name: t\nreport:\n  metrics: [price, activeOperator]\n")
    expect(issues.map((i) => [i.path, i.line])).toEqual([["report.metrics[1]", 3]])
    expect(issues[0]!.message).toMatch(/^Expected a metric of model gpu-network, got "activeOperator" \(did you mean "activeOperators"\?\)/)
  })

  it("refuses region shares that do not sum to 1 and a treasury transfer below one token, with their paths", () => {
    const shares = invalid("name: t\nparams:\n  regions: { operatorShare: [0.5, 0.3, 0.1, 0.05] }\n")
    expect(shares.map((i) => i.path)).toEqual(["params.regions.operatorShare"])
    expect(shares[0]!.message).toMatch(/^Expected shares that sum to 1 \(one per region in regions.names\), got \[0.5,0.3,0.1,0.05\] with sum 0.95/)
    expect(ok("name: t\nparams:\n  regions: { demandShare: [0.7, 0.1, 0.1, 0.1] }\n").envelope.name).toBe("t")
    const transfer = invalid("name: t\nparams:\n  governance:\n    proposals:\n      - { name: grant, epoch: 3, treasuryTransfer: 0.4 }\n")
    expect(transfer.map((i) => [i.path, i.message])).toEqual([["params.governance.proposals[0].treasuryTransfer", "Expected a number of tokens (0 for none, else at least 1), got 0.4; it is not a share of the treasury"]])
  })

  it("suggests the closest field for an unknown one", () => {
    const issues = invalid("name: t\nepoch: 3\nparams:\n  operators: { cout: 3, zzzzzz: 1 }\n")
    const message = (path: string) => issues.find((i) => i.path === path)!.message
    expect(message("epoch")).toMatch(/^unknown field "epoch" \(did you mean "epochs"\?\); expected: "name"/)
    expect(message("params.operators.cout")).toMatch(/^unknown field "cout" \(did you mean "count"\?\)/)
    expect(message("params.operators.zzzzzz")).toMatch(/^unknown field "zzzzzz"; expected:/)
  })

  it("names a choice's alternatives once, not one problem per alternative", () => {
    const issues = invalid("name: t\nparams:\n  routing: { policy: nope }\n  slashing: { doubleSignRule: electrum }\n")
    expect(issues.map((i) => [i.path, i.message])).toEqual([
      ["params.routing.policy", 'Expected one of "largest-first", "light-split", "region-local", got "nope"'],
      ["params.slashing.doubleSignRule", 'Expected one of "fraction", "electra", got "electrum"']
    ])
  })

  it("refuses the new slashing and audit fields out of range, with their paths", () => {
    expect(invalid("name: t\nparams:\n  slashing: { leakRoundsPerEpoch: 0 }\n").map((i) => [i.path, i.message])).toEqual([["params.slashing.leakRoundsPerEpoch", "Expected a whole number >= 1, got 0"]])
    const audit = invalid("name: t\nmodel: ai-verification\nparams:\n  verification: { auditRate: 1.5, auditCost: -1, validatorSlashFraction: 2 }\n")
    expect(audit.map((i) => i.path)).toEqual(["params.verification.auditRate", "params.verification.validatorSlashFraction", "params.verification.auditCost"])
    expect(audit[0]!.message).toBe("Expected a probability between 0 and 1, got 1.5")
  })

  it("reports every problem at once", () => {
    const issues = invalid("name: t\nepochs: 0\nparams:\n  operators:\n    count: -1\n")
    expect(issues.map((i) => i.path)).toEqual(["epochs", "params.operators.count"])
  })

  it("reports YAML syntax errors with their position", () => {
    for (const [text, line] of [["name: t\nruns: [1,\n", 3], ["name: a\nname: b\n", 2]] as const) {
      const r = decodeExperiment("x.yaml", text)
      expect(Either.isLeft(r) && r.left._tag).toBe("ExperimentSyntaxError")
      expect((Either.getLeft(r).pipe((o) => o._tag === "Some" ? o.value : undefined) as ExperimentSyntaxError).line).toBe(line)
    }
    expect(invalid("- just\n- a list\n")[0]!.message).toMatch(/Expected a mapping/)
    expect(invalid("")[0]!.message).toMatch(/Expected a mapping/)
  })

  it("labels points that agree to 6 significant digits with enough digits to tell them apart", () => {
    const exp = ok("name: t\nsweep:\n  grid:\n    market.volatility: [0.1, 0.1000001, 0.2]\n")
    expect(exp.scenarios.map((s) => s.label)).toEqual(["market.volatility=0.1", "market.volatility=0.1000001", "market.volatility=0.2"])
    expect(ok("name: t\nsweep:\n  grid:\n    market.volatility: [0.123456789]\n").scenarios[0]!.label).toBe("market.volatility=0.123457")
  })

  it("refuses a parameter swept in two blocks (one block's values would replace the other's)", () => {
    const issues = invalid("name: t\nsweep:\n  grid:\n    market.volatility: [0.1, 0.2]\n  zip:\n    market.volatility: [0.3, 0.4]\n")
    expect(issues.map((i) => `${i.path}: ${i.message}`)).toEqual(['sweep.zip["market.volatility"]: "market.volatility" is also swept in sweep.grid; sweep each parameter in one block'])
    expect(issues[0]!.line).toBe(6)
  })

  it("refuses a YAML alias bomb as a syntax error instead of expanding it", () => {
    const bomb = ["name: t", "a: &a [x, x, x, x, x, x, x, x, x, x]", ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(", ")}]`)].join("\n")
    const r = decodeExperiment("x.yaml", bomb)
    expect(Either.isLeft(r) && r.left._tag).toBe("ExperimentSyntaxError")
    expect(Either.isLeft(r) && r.left.message).toMatch(/alias/i)
  })

  it("refuses nesting too deep to read, flow or block, as a syntax error at its line (a regression test: it held)", () => {
    const flow = `name: t\nparams: ${"{a: ".repeat(5000)}1${"}".repeat(5000)}\n`
    const block = `name: t\nparams:\n${Array.from({ length: 1500 }, (_, i) => `${" ".repeat(i + 1)}a:`).join("\n")}\n`
    for (const text of [flow, block]) {
      const r = decodeExperiment("x.yaml", text)
      expect(Either.isLeft(r) && r.left._tag).toBe("ExperimentSyntaxError")
      if (Either.isLeft(r) && r.left._tag === "ExperimentSyntaxError") {
        expect(r.left.message).toBe("nested too deeply to read (the reader ran out of stack at this level)")
        expect(r.left.line).toBeGreaterThan(1)
      }
    }
  })

  it("hashes the order of the scenarios, so a resume never gives one file's runs to another's scenarios", () => {
    const a = ok("name: t\nsweep:\n  grid:\n    market.volatility: [0.1, 0.2]\n    operators.count: [10, 20]\n")
    const b = ok("name: t\nsweep:\n  grid:\n    operators.count: [10, 20]\n    market.volatility: [0.1, 0.2]\n")
    expect(a.scenarios[1]!.label).not.toBe(b.scenarios[1]!.label)
    expect(experimentHash(a)).not.toBe(experimentHash(b))
    // Key order inside params does not change what runs, and does not change the hash.
    const c = ok("name: t\nparams:\n  market:\n    volatility: 0.1\n  operators:\n    count: 10\n")
    const d = ok("name: t\nparams:\n  operators:\n    count: 10\n  market:\n    volatility: 0.1\n")
    expect(experimentHash(c)).toBe(experimentHash(d))
  })

  it("formats paths as users write them", () => {
    expect(formatPath(["params", "operators", "count"])).toBe("params.operators.count")
    expect(formatPath(["sweep", "grid", "a.b", 2])).toBe('sweep.grid["a.b"][2]')
    expect(formatPath([])).toBe("(top level)")
  })
})

describe("paths into lists", () => {
  const withAttack = "name: t\nparams:\n  attacks:\n    - { kind: cartel, name: c, startEpoch: 1, stakeShare: 0.4, cut: 0.2 }\n"

  it("a variant changes one field of a listed attack and keeps the others; a sweep steps through the list", () => {
    const exp = ok(`${withAttack}variants:\n  a: {}\n  b: { attacks.0.stakeShare: 0.7 }\nsweep:\n  grid:\n    attacks.0.cut: [0.1, 0.3]\n`)
    const attack = (label: string) => (exp.scenarios.find((s) => s.label === label)!.params as { attacks: Array<{ stakeShare: number; cut: number; startEpoch: number }> }).attacks[0]!
    expect(exp.scenarios.map((s) => s.label)).toEqual(["a · attacks.0.cut=0.1", "a · attacks.0.cut=0.3", "b · attacks.0.cut=0.1", "b · attacks.0.cut=0.3"])
    expect(attack("b · attacks.0.cut=0.3")).toMatchObject({ stakeShare: 0.7, cut: 0.3, startEpoch: 1 })
    expect(attack("a · attacks.0.cut=0.1")).toMatchObject({ stakeShare: 0.4, cut: 0.1, startEpoch: 1 })
  })

  it("refuses an index past the end of the list, naming it", () => {
    const issues = invalid(`${withAttack}variants:\n  b: { attacks.1.stakeShare: 0.7 }\n`)
    expect(issues.map((i) => `${i.path}: ${i.message}`)).toContainEqual('variants.b["attacks.1.stakeShare"]: Expected an index below 1 for the list attacks (it has 1 entry), got "1"')
  })

  it("names the guardrail, the line and what is wrong for an unknown function or metric", () => {
    const issues = invalid("name: t\nguardrails:\n  - p95(max(operatorChurnRate)) < 0.05\n  - p95(mx(price)) < 1\n  - share(min(prise) < 0.1) < 0.05\n")
    expect(issues.map((i) => [i.path, i.line])).toEqual([["guardrails[1]", 4], ["guardrails[2]", 5]])
    expect(issues[0]!.message).toMatch(/function mx is not allowed/)
    expect(issues[1]!.message).toMatch(/unknown metric "prise" \(did you mean "price"\?\)/)
  })

  describe("data files", () => {
    const text = "name: t\nepochs: 5\ndata:\n  market.pricePath: { file: prices.csv, column: price }\n"
    const decode = (csv: string | undefined) => decodeExperiment("x.yaml", text, {}, Infinity, new Map([["prices.csv", { path: "dir/prices.csv", text: csv }]]))
    const issuesOf = (csv: string | undefined) => {
      const r = decode(csv)
      if (Either.isRight(r) || r.left._tag !== "ExperimentInvalid") throw new Error("expected ExperimentInvalid")
      return r.left.issues
    }

    it("sets the parameter to the column's values in row order", () => {
      const r = decode("# synthetic\nepoch,price\n0,2\n1,2.5\n2,2.25\n")
      if (Either.isLeft(r)) throw new Error(JSON.stringify(r.left))
      expect((r.right.scenarios[0]!.params as { market: { pricePath: Array<number> } }).market.pricePath).toEqual([2, 2.5, 2.25])
    })

    it("a missing file, a missing column, a bad value and a value the model refuses name the file, row and column", () => {
      expect(issuesOf(undefined)).toEqual([{ path: 'data["market.pricePath"].file', message: "cannot read data file dir/prices.csv: no such file", line: 4, column: 29 }])
      expect(issuesOf("epoch,close\n0,1\n")[0]!.message).toBe('dir/prices.csv:1:1: price: Expected a column "price"; the header has "epoch", "close"')
      expect(issuesOf("epoch,price\n0,1\n1,abc\n")[0]!.message).toBe('dir/prices.csv:3:2: price: Expected a number, got "abc"')
      // A negative price is the model's to refuse; its complaint is told at the file's row and column.
      const neg = issuesOf("epoch,price\n0,1\n1,2\n2,-3\n")
      expect(neg).toHaveLength(1)
      expect(neg[0]!.path).toBe('data["market.pricePath"]')
      expect(neg[0]!.message).toMatch(/^dir\/prices\.csv:4:2: price: Expected a number > 0, got -3/)
    })

    it("a list the model refuses as a whole names the file and column", () => {
      const costs = "name: t\nepochs: 5\ndata:\n  regions.costMultiplier: { file: costs.csv, column: m }\n"
      const r = decodeExperiment("x.yaml", costs, {}, Infinity, new Map([["costs.csv", { path: "costs.csv", text: "region,m\na,1\nb,2\n" }]]))
      if (Either.isRight(r) || r.left._tag !== "ExperimentInvalid") throw new Error("expected ExperimentInvalid")
      expect(r.left.issues).toEqual([expect.objectContaining({ path: 'data["regions.costMultiplier"]', message: "costs.csv: column m: Expected 4 values (one per region in regions.names), got 2" })])
    })
  })
})

describe("schedule and firstRun", () => {
  it("decodes a schedule and a first run index; both change the hash only when given", () => {
    const plain = ok("name: t\nepochs: 50\n")
    const exp = ok('name: t\nepochs: 50\nfirstRun: 3\nschedule:\n  - epoch: 40\n    set: { "token.emission.perEpoch": 350000 }\n')
    expect(exp.envelope.schedule).toEqual([{ epoch: 40, set: { "token.emission.perEpoch": 350_000 } }])
    expect(exp.envelope.firstRun).toBe(3)
    expect(plain.envelope.schedule).toBeUndefined()
    expect(experimentHash(exp)).not.toBe(experimentHash(plain))
    expect(experimentHash(ok("name: t\nepochs: 50\nschedule: []\nfirstRun: 0\n"))).toBe(experimentHash(plain))
  })

  it("names the entry, the path and what was expected", () => {
    const issues = invalid('name: t\nepochs: 50\nschedule:\n  - epoch: 60\n    set: { "token.emission.perEpoch": 1 }\n  - epoch: 5\n    set: { "token.nope": 1 }\n')
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: "schedule[0].epoch", message: "Expected an epoch below epochs (50), got 60", line: 4 }),
        expect.objectContaining({ path: 'schedule[1].set["token.nope"]', message: 'unknown parameter path "token.nope" in model gpu-network' })
      ])
    )
    const bad = invalid('name: t\nepochs: 50\nschedule:\n  - epoch: 5\n    set: { "slashing.doubleSignFraction": 1.5 }\n')
    expect(bad).toEqual([expect.objectContaining({ path: "schedule[0].set", message: expect.stringMatching(/^params\.slashing\.doubleSignFraction: Expected a probability between 0 and 1, got 1\.5/) })])
    expect(invalid("name: t\nschedule:\n  - { epoch: -1, set: {} }\n")[0]!.path).toBe("schedule[0].epoch")
  })

  it("checks changes in epoch order, each on the values left by the ones before", () => {
    // Valid alone, the second change only breaks the rule after the first was applied.
    const text = 'name: t\nepochs: 50\nschedule:\n  - epoch: 20\n    set: { "operators.largeFrom": 2 }\n  - epoch: 10\n    set: { "operators.smallBelow": 3 }\n'
    const alone = decodeExperiment("x.yaml", 'name: t\nepochs: 50\nschedule:\n  - epoch: 10\n    set: { "operators.smallBelow": 3 }\n')
    expect(Either.isRight(alone)).toBe(true)
    const issues = invalid(text)
    expect(issues[0]!.path).toBe("schedule[0].set")
  })
})
