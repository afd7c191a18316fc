/**
 * The library's errors say what the CLI says: a file that cannot be read rejects with
 * ExperimentError naming the file and why, not an empty message.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { ExperimentError, loadExperiment } from "incentive-sandbox"
import { sandbox } from "../support/cli.ts"

const dir = mkdtempSync(join(tmpdir(), "sandbox-library-errors-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe("library errors", () => {
  it("names the file and why it cannot be read, in the CLI's words", async () => {
    for (const [file, reason] of [
      [join(dir, "none.yaml"), "no such file"],
      [dir, undefined]
    ] as const) {
      const e = await loadExperiment(file).then(
        () => undefined,
        (x: unknown) => x
      )
      expect(e).toBeInstanceOf(ExperimentError)
      const cli = await sandbox(["check", file])
      expect(cli.code).toBe(2)
      // error: FILE: cannot read experiment file: REASON
      const said = /^error: [^:]+: (cannot read .*)$/m.exec(cli.stderr)?.[1]
      expect(said, cli.stderr).toBeDefined()
      if (reason !== undefined) expect(said).toBe(`cannot read experiment file: ${reason}`)
      expect((e as ExperimentError).message).toBe(`${file}: (file): ${said}`)
    }
    writeFileSync(join(dir, "ok.yaml"), "name: ok\nseed: 1\nepochs: 2\nruns: 1\n")
    expect((await loadExperiment(join(dir, "ok.yaml"))).envelope.name).toBe("ok")
  })
})
