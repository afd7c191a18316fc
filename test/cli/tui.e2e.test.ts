/**
 * `sandbox tui` as a user runs it: in a real terminal (tmux, 80x24) it starts, pauses, steps,
 * changes a parameter and quits; without a terminal it prints the run summary.
 */
import { execFileSync, spawnSync } from "node:child_process"
import { mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { ROOT, sandbox } from "../support/cli.ts"

const hasTmux = spawnSync("tmux", ["-V"]).status === 0
const dir = mkdtempSync(join(tmpdir(), "sandbox-tui-"))
const file = join(dir, "small.yaml")
writeFileSync(file, "name: small-tui\nepochs: 400\nparams:\n  operators:\n    initial: 200\n  validators:\n    initial: 20\nguardrails:\n  - p50(price) > 0\n")

describe("sandbox tui", () => {
  it("prints the plain summary when stdout is not a terminal", async () => {
    const r = await sandbox(["tui", file, "--epochs", "20"])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain("small-tui · model gpu-network")
    expect(r.stdout).toMatch(/activeOperators\s+[\d,]+/)
  })

  it("refuses a scenario the experiment does not have, naming the ones it has", async () => {
    const r = await sandbox(["tui", "experiments/ab-emission-cut.yaml", "--scenario", "nope"])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/--scenario: experiments\/ab-emission-cut\.yaml has no scenario "nope"; it has: current, proposed/)
  })

  /** A tmux session of 80x24 running `command` (the shell stays after it exits, for the final screen). */
  const terminal = (name: string, command: string) => {
    const session = `sandbox-tui-${name}-${process.pid}`
    const tmux = (...args: Array<string>) => execFileSync("tmux", args, { encoding: "utf8" })
    const screen = () => tmux("capture-pane", "-p", "-t", session)
    const waitFor = async (pattern: RegExp, timeoutMs = 30_000): Promise<string> => {
      const until = Date.now() + timeoutMs
      let last = ""
      while (Date.now() < until) {
        last = screen()
        if (pattern.test(last)) return last
        await new Promise((r) => setTimeout(r, 150))
      }
      throw new Error(`screen never matched ${pattern}:\n${last}`)
    }
    tmux("new-session", "-d", "-s", session, "-x", "80", "-y", "24", `cd ${ROOT} && ${command}; echo EXITED $?; sleep 30`)
    return { session, tmux, screen, waitFor, keys: (...keys: Array<string>) => tmux("send-keys", "-t", session, ...keys), close: () => spawnSync("tmux", ["kill-session", "-t", session]) }
  }

  it.skipIf(!hasTmux)("runs in tmux at 80x24: pause, step, change a parameter, quit", async () => {
    const { session, tmux, screen, waitFor, close } = terminal("params", `node bin/sandbox.js tui ${file}`)
    const epochOf = (s: string) => Number(/epoch\s+(\d+)\/400/.exec(s)![1])
    try {
      await waitFor(/RUNNING/)
      await waitFor(/epoch\s+([2-9]|\d\d+)\/400/)
      tmux("send-keys", "-t", session, "Space")
      const paused = await waitFor(/PAUSED/)
      expect(paused).toContain("Participation")
      expect(paused).toContain("Guardrails")
      expect(paused).toMatch(/space pause\s+s step/)
      // Paused really stops: the epoch holds, then one step moves it by exactly one.
      const at = epochOf(await waitFor(/PAUSED/))
      await new Promise((r) => setTimeout(r, 500))
      expect(epochOf(screen())).toBe(at)
      tmux("send-keys", "-t", session, "s")
      await waitFor(new RegExp(`stepped to epoch ${at + 1}`))
      // Change the emission rate: p, search, Enter, type, Enter.
      tmux("send-keys", "-t", session, "p")
      await waitFor(/token\.emission\.perEpoch = 500,000/)
      tmux("send-keys", "-t", session, "-l", "emission per")
      await waitFor(/search: emission per/)
      tmux("send-keys", "-t", session, "Enter")
      await waitFor(/New value for token\.emission\.perEpoch/)
      // A value that is not a number is refused, naming what was typed.
      tmux("send-keys", "-t", session, "-l", "abc")
      tmux("send-keys", "-t", session, "Enter")
      await waitFor(/"abc" is not a number/)
      tmux("send-keys", "-t", session, "BSpace", "BSpace", "BSpace")
      tmux("send-keys", "-t", session, "123456")
      tmux("send-keys", "-t", session, "Enter")
      const changed = await waitFor(/emission\.perEpoch 500,000→123,456/)
      expect(changed).toContain("Governance")
      expect(changed).toMatch(/token\.emission\.perEpoch 500000 -> 123456 from epoch \d+/) // the message line
      tmux("send-keys", "-t", session, "q")
      const done = await waitFor(/EXITED 0/)
      expect(done).toMatch(new RegExp(`stopped at epoch ${at + 1} of 400 \\(seed 1, run 0\\)`))
    } finally {
      close()
    }
  })

  it.skipIf(!hasTmux)("in tmux at 80x24, a names the scenarios with attacks; a launched attack shows whole", async () => {
    const baseline = terminal("no-attack", "node bin/sandbox.js tui experiments/regional-griefing.yaml --epochs 120")
    try {
      await baseline.waitFor(/RUNNING/)
      baseline.keys("a")
      const said = (await baseline.waitFor(/--scenario NAME/)).replace(/\s+/g, " ")
      expect(said).toContain("scenario no-attack has no attacks; these have: griefing, own-operators, griefing-own-operators")
      baseline.keys("q")
      await baseline.waitFor(/EXITED 0/)
    } finally {
      baseline.close()
    }
    const t = terminal("griefing", "node bin/sandbox.js tui experiments/regional-griefing.yaml --scenario griefing --epochs 120")
    try {
      await t.waitFor(/RUNNING/)
      t.keys("Space")
      await t.waitFor(/PAUSED/)
      t.keys("a")
      await t.waitFor(/dos-europe \(scheduled at epoch 30\)/)
      t.keys("Enter")
      const launched = await t.waitFor(/attack dos-europe launched at epoch (\d+)/)
      const at = Number(/launched at epoch (\d+)/.exec(launched)![1])
      for (let i = 0; i < 3; i++) t.keys("s")
      const shown = await t.waitFor(new RegExp(`stepped to epoch ${at + 3}`))
      expect(shown).toContain(`@${at} attack dos-europe launched`)
      expect(shown).not.toContain("startEpoch")
      // The attack's line fits the 80 columns: verdict, detection, cost and profit.
      expect(shown).toMatch(new RegExp(`dos-europe: (SUCCEEDS|fails) · detected @${at} · cost \\$[\\d.]+[kM]? · profit -\\$[\\d.]+[kM]?`))
      t.keys("q")
      await t.waitFor(/EXITED 0/)
    } finally {
      t.close()
    }
  })
})
