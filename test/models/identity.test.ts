/**
 * Byte identity: every committed experiment, shortened, must produce the metrics.csv whose
 * hashes test/fixtures/identity.json recorded. Code moves (splitting a system into files, a new
 * kit, a found registry) must not change one byte; a commit that means to change a model's
 * behaviour regenerates the fixture (see test/support/identity.ts) and says why.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { sandbox } from "../support/cli.ts"
import { fingerprint, IDENTITY_EPOCHS, IDENTITY_FILE, IDENTITY_RUNS, identitySample, metricsCsvOf, type Fingerprint } from "../support/identity.ts"

const expected = JSON.parse(readFileSync(IDENTITY_FILE, "utf8")) as Record<string, Fingerprint>

describe("byte identity of committed experiments", () => {
  it.each(identitySample())("%s: metrics.csv unchanged", (file) => {
    const got = fingerprint(metricsCsvOf(file))
    const want = expected[file]!
    // Per-metric first, so a failure names the metrics that moved rather than one opaque hash.
    expect(got.metrics).toEqual(want.metrics)
    expect(got.bytes).toBe(want.bytes)
    expect(got.csv).toBe(want.csv)
  })

  const dir = mkdtempSync(join(tmpdir(), "identity-"))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it("the fixture is what `sandbox run --out` writes, with worker threads too", async () => {
    const out = join(dir, "default")
    const r = await sandbox(["run", "experiments/default.yaml", "--runs", String(IDENTITY_RUNS), "--epochs", String(IDENTITY_EPOCHS), "--workers", "2", "--out", out, "--format", "csv"])
    expect(r.code, r.stderr).toBe(0)
    expect(fingerprint(readFileSync(join(out, "metrics.csv"), "utf8"))).toEqual(expected["default.yaml"])
  })
})
