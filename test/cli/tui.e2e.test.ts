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

  it.skipIf(!hasTmux)("runs in tmux at 80x24: pause, step, change a parameter, quit", async () => {
    const session = `sandbox-tui-${process.pid}`
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
    const epochOf = (s: string) => Number(/epoch\s+(\d+)\/400/.exec(s)![1])
    // The shell stays after the TUI exits (`; sleep`), so the final screen can be read.
    tmux("new-session", "-d", "-s", session, "-x", "80", "-y", "24", `cd ${ROOT} && node bin/sandbox.js tui ${file}; echo EXITED $?; sleep 30`)
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
      // Change the emission rate: p, first parameter, type, Enter.
      tmux("send-keys", "-t", session, "p")
      await waitFor(/token\.emission\.perEpoch = 500\.0k/)
      tmux("send-keys", "-t", session, "Enter")
      await waitFor(/New value for token\.emission\.perEpoch/)
      tmux("send-keys", "-t", session, "123456")
      tmux("send-keys", "-t", session, "Enter")
      const changed = await waitFor(/emission\.perEpoch 500000→123456/)
      expect(changed).toContain("Governance")
      expect(changed).toMatch(/token\.emission\.perEpoch 500000 -> 123456 from epoch \d+/) // the message line
      tmux("send-keys", "-t", session, "q")
      const done = await waitFor(/EXITED 0/)
      expect(done).toMatch(new RegExp(`stopped at epoch ${at + 1} of 400`))
    } finally {
      spawnSync("tmux", ["kill-session", "-t", session])
    }
  })
})
