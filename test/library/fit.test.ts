/**
 * The library's `fit`, imported from the package entry as a script does: the fit `sandbox fit
 * --json` prints, and a bad file rejected with ExperimentError naming the file, row and column
 * (or why it cannot be read), as the CLI names them.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { ExperimentError, fit } from "incentive-sandbox"
import { sandbox } from "../support/cli.ts"

const PRICES = "experiments/data/token-price-synthetic.csv"
const dir = mkdtempSync(join(tmpdir(), "sandbox-library-fit-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const rejection = async (p: Promise<unknown>): Promise<ExperimentError> => {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x
  )
  expect(e).toBeInstanceOf(ExperimentError)
  return e as ExperimentError
}

describe("library fit (from the package entry)", () => {
  it("gives the fit sandbox fit prints", async () => {
    const cli = await sandbox(["fit", PRICES, "--json"])
    expect(cli.code, cli.stderr).toBe(0)
    const f = await fit(PRICES)
    expect(JSON.parse(JSON.stringify(f))).toEqual(JSON.parse(cli.stdout))
    expect(f.returns).toBe(365)
    expect(f.regimes.length).toBeGreaterThan(1)
  })

  it("names the file, row and column of a bad series, and why a file cannot be read", async () => {
    writeFileSync(join(dir, "neg.csv"), "epoch,price\n0,1\n1,-2\n2,3\n")
    const neg = await rejection(fit(join(dir, "neg.csv")))
    expect(neg.file).toBe(join(dir, "neg.csv"))
    expect(neg.issues[0]).toMatchObject({ path: "price", line: 3, column: 2 })
    expect(neg.message).toMatch(/Expected a number > 0, got "-2"/)
    writeFileSync(join(dir, "close.csv"), "epoch,close\n0,1\n1,2\n")
    expect((await rejection(fit(join(dir, "close.csv"), { column: "close" }))).message).toMatch(/close: Expected at least 3 prices to fit, got 2/)
    expect((await rejection(fit(join(dir, "none.csv")))).message).toBe(`${join(dir, "none.csv")}: (file): cannot read price file: no such file`)
  })
})
