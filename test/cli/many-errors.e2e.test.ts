/**
 * An experiment with thousands of problems: the message is capped and says how many more there
 * are (it used to be cut at 64 KiB mid-line when stderr is a pipe), and locating the problems does
 * not walk the document once per problem (40,000 unknown keys took 43 s). Issue 22, 12.
 */
import { mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import * as Either from "effect/Either"
import { describe, expect, it } from "vitest"
import { MAX_PRINTED_ISSUES } from "../../src/cli/ErrorMessage.ts"
import { decodeExperiment } from "../../src/experiment/Decode.ts"
import { sandbox } from "../support/cli.ts"

/** `name: t` and `n` unknown keys, under `params` or at the top level. */
const manyKeys = (n: number, under?: string) =>
  ["name: t", ...(under ? [`${under}:`] : []), ...Array.from({ length: n }, (_, i) => `${under ? "  " : ""}k${i}: 1`)].join("\n") + "\n"

describe("many problems", () => {
  it("check prints the first problems with their lines and how many more, through a pipe (exit 2)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sandbox-many-"))
    const file = join(dir, "10k.yaml")
    writeFileSync(file, manyKeys(10_000))
    const r = await sandbox(["check", file])
    expect(r.code).toBe(2)
    const lines = r.stderr.trimEnd().split("\n")
    expect(lines[0]).toBe(`error: ${file}: 10000 problems (the first ${MAX_PRINTED_ISSUES} shown):`)
    expect(lines).toHaveLength(MAX_PRINTED_ISSUES + 2)
    expect(lines[1]).toMatch(new RegExp(`^  ${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:2:5: k0: unknown field "k0"; expected: "name" \\| "description" \\| `))
    expect(lines.at(-1)).toBe(`  ... and ${10_000 - MAX_PRINTED_ISSUES} more`)
  })

  it("40,000 unknown parameter keys: every one reported, the first ones located", () => {
    const r = decodeExperiment("40k.yaml", manyKeys(40_000, "params"))
    expect(Either.isLeft(r)).toBe(true)
    if (Either.isLeft(r) && r.left._tag === "ExperimentInvalid") {
      expect(r.left.issues).toHaveLength(40_000)
      expect(r.left.issues[0]).toMatchObject({ path: "params.k0", line: 3, column: 7 })
      expect(r.left.issues[MAX_PRINTED_ISSUES - 1]!.line).toBe(MAX_PRINTED_ISSUES + 2)
      expect(r.left.issues[39_999]).toMatchObject({ path: "params.k39999" })
    } else throw new Error("expected ExperimentInvalid")
  })

  it("a repeated key is still refused, at the repetition", () => {
    const r = decodeExperiment("dup.yaml", "name: a\nruns: 1\nparams:\n  market: {}\n  market: {}\n")
    expect(r).toMatchObject({ left: { _tag: "ExperimentSyntaxError", line: 5, column: 3, message: 'Map keys must be unique: "market" appears twice' } })
  })
})
