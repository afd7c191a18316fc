/**
 * `--help` as a user sees it in a pipe: a description, the options' own texts and examples per
 * command, no colour codes, no generic type sentences; an unknown command gets a suggestion.
 */
import { describe, expect, it } from "vitest"
import { COMMANDS } from "../../src/cli/Help.ts"
import { sandbox } from "../support/cli.ts"

describe("sandbox --help", () => {
  it("lists every command with a summary and examples, without colour codes in a pipe", async () => {
    const r = await sandbox(["--help"], undefined, { NO_COLOR: "" })
    expect(r.code).toBe(0)
    expect(r.stdout).not.toMatch(/\x1b\[/)
    for (const [name, e] of Object.entries(COMMANDS)) expect(r.stdout).toContain(`  ${name.padEnd(10)}  ${e.summary}`)
    expect(r.stdout).toContain("EXAMPLES\n  sandbox run experiments/default.yaml")
  })

  it("gives each command its usage, its options' descriptions and its examples", async () => {
    for (const name of Object.keys(COMMANDS)) {
      const r = await sandbox([name, "--help"])
      expect(r.code, name).toBe(0)
      expect(r.stdout, name).toMatch(new RegExp(`^sandbox ${name}: `))
      expect(r.stdout, name).toMatch(new RegExp(`USAGE\\n  sandbox ${name}`))
      expect(r.stdout, name).toContain("EXAMPLES\n  sandbox ")
      expect(r.stdout, name).not.toMatch(/A user-defined piece of text|An integer\.|\x1b\[/)
      // The options every command shares are not repeated on each.
      expect(r.stdout, name).not.toContain("--completions")
    }
    const report = await sandbox(["report", "--help"])
    expect(report.stdout).toContain("--metrics text\n\n  Comma-separated metrics to show")
  })

  it("suggests the closest command for an unknown one, exit 2", async () => {
    const r = await sandbox(["reprot", "experiments/default.yaml"])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('error: unknown command "reprot" (did you mean "report"?)')
    const far = await sandbox(["zzzzzz"])
    expect(far.code).toBe(2)
    expect(far.stderr).not.toContain("did you mean")
  })
})
