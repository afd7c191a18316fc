/**
 * `sandbox tui` as a user runs it: in a real terminal (tmux, 80x24 and 160x48) it starts,
 * pauses, steps, changes a parameter, shows its help and its log, compares two variants side by
 * side, exports a session that `sandbox run` replays to the same numbers, and quits; without a
 * terminal it prints the run summary. No assertion depends on how fast anything runs.
 */
import { execFileSync, spawnSync } from "node:child_process"
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { ROOT, sandbox } from "../support/cli.ts"

const hasTmux = spawnSync("tmux", ["-V"]).status === 0
const dir = mkdtempSync(join(tmpdir(), "sandbox-tui-"))
const file = join(dir, "small.yaml")
writeFileSync(file, "name: small-tui\nepochs: 400\nparams:\n  operators:\n    count: 200\n  validators:\n    count: 20\nguardrails:\n  - p50(price) > 0\n")

let sessions = 0

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

  /** A tmux session of `size` running `command` in `cwd` (the shell stays after it exits, for the final screen). */
  const terminal = (name: string, command: string, size: { readonly columns: number; readonly rows: number } = { columns: 80, rows: 24 }, cwd = ROOT) => {
    const session = `sandbox-tui-${name}-${process.pid}-${++sessions}`
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
    // A tmux server that is shutting down (the last session of another test just closed) can
    // refuse a new session for a moment: try again.
    const start = () => tmux("new-session", "-d", "-s", session, "-x", String(size.columns), "-y", String(size.rows), `cd ${cwd} && ${command}; echo EXITED $?; sleep 30`)
    for (let attempt = 1; ; attempt++) {
      try {
        start()
        break
      } catch (e) {
        if (attempt >= 5) throw e
        execFileSync("sleep", ["0.5"])
      }
    }
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

  it.skipIf(!hasTmux)("replays: steered in tmux (restart, parameter change, attack), exported, sandbox run gives the screen's numbers", async () => {
    const work = mkdtempSync(join(tmpdir(), "sandbox-tui-replay-"))
    const t = terminal("replay", `node ${ROOT}bin/sandbox.js tui ${ROOT}experiments/regional-griefing.yaml --scenario griefing --epochs 80 --paused`, { columns: 160, rows: 48 }, work)
    try {
      await t.waitFor(/PAUSED/)
      // r: the next run (run 1, its own seed); the header agrees.
      t.keys("r")
      await t.waitFor(/seed 21 run 1 /)
      for (let i = 0; i < 6; i++) t.keys("s")
      await t.waitFor(/stepped to epoch 6/)
      t.keys("p")
      await t.waitFor(/search: /)
      t.keys("-l", "market.volatility")
      await t.waitFor(/market\.volatility = /)
      t.keys("Enter")
      await t.waitFor(/New value for market\.volatility/)
      t.keys("-l", "0.09")
      t.keys("Enter")
      await t.waitFor(/market\.volatility [\d.]+ -> 0\.09 from epoch 6/)
      for (let i = 0; i < 4; i++) t.keys("s")
      await t.waitFor(/stepped to epoch 10/)
      t.keys("a")
      await t.waitFor(/dos-europe \(scheduled at epoch 30\)/)
      t.keys("Enter")
      await t.waitFor(/attack dos-europe launched at epoch 10/)
      for (let i = 0; i < 5; i++) t.keys("s")
      await t.waitFor(/stepped to epoch 15/)
      t.keys("e")
      const exported = await t.waitFor(/exported epochs 0-14 to (\S+)/)
      const dir = /exported epochs 0-14 to (\S+)/.exec(exported)![1]!
      // The screen's numbers: operators and price in the panels.
      const operators = Number(/operators\s+([\d,]+)/.exec(exported)![1]!.replace(/,/g, ""))
      const price = /price\s+(\$[\d.]+)/.exec(exported)![1]!
      expect(exported).toContain("2 changes recorded")
      t.keys("q")
      await t.waitFor(/EXITED 0/)

      const yaml = readFileSync(join(work, dir, "experiment.resolved.yaml"), "utf8")
      expect(yaml).toMatch(/firstRun: 1/)
      expect(yaml).toMatch(/schedule:/)
      const r = await sandbox(["run", join(work, dir, "experiment.resolved.yaml"), "--out", join(work, "replayed")], work)
      expect(r.code).toBe(0)
      // The export is a results store like run's output: the same question asked of both.
      const finals = async (out: string) => {
        const q = await sandbox(["query", out, "select metric, value from metrics where epoch = (select max(epoch) from metrics) and run = 1", "--json"], work)
        expect(q.code, q.stderr).toBe(0)
        return Object.fromEntries((JSON.parse(q.stdout) as Array<{ metric: string; value: number | null }>).map((x) => [x.metric, x.value]))
      }
      const tui = await finals(join(work, dir))
      const run = await finals(join(work, "replayed"))
      expect(Object.keys(run).length).toBeGreaterThan(50)
      expect(run).toEqual(tui)
      expect(Number(run["activeOperators"])).toBe(operators)
      expect(`$${Number(run["price"]).toFixed(2)}`).toBe(price)
      expect(Number(run["attack.dos-europe.detectedEpoch"])).toBe(10)
    } finally {
      t.close()
    }
  })

  it.skipIf(!hasTmux)("? shows every key over the screen and any key closes it (80x24)", async () => {
    const t = terminal("help", `node bin/sandbox.js tui ${file} --paused`)
    try {
      await t.waitFor(/PAUSED/)
      t.keys("?")
      const help = await t.waitFor(/Keys \(any key closes this help\)/)
      for (const line of [/^space\s+pause \/ resume/m, /^R\s+restart with the same seed/m, /^c\s+compare/m, /^l\s+event log/m, /^q\s+quit/m]) expect(help).toMatch(line)
      expect(help.trimEnd().split("\n").length).toBeLessThanOrEqual(24)
      t.keys("x")
      await t.waitFor(/Participation/)
      t.keys("q")
      await t.waitFor(/EXITED 0/)
    } finally {
      t.close()
    }
  })

  it.skipIf(!hasTmux)("l opens the event log; / filters it; Enter shows an event whole (160x48)", async () => {
    const t = terminal("log", "node bin/sandbox.js tui experiments/regional-griefing.yaml --scenario griefing --epochs 70 --speed 1000", { columns: 160, rows: 48 })
    try {
      await t.waitFor(/DONE/)
      t.keys("l")
      await t.waitFor(/Event log: 3 of 3 events/)
      t.keys("/")
      t.keys("-l", "lost")
      const filtered = await t.waitFor(/Event log: 1 of 3 events · filter: lost/)
      expect(filtered).toContain("dos-europe: europe lost 20% of its operators")
      expect(filtered).not.toContain("griefing attack ends")
      t.keys("Enter")
      t.keys("Enter")
      await t.waitFor(/@46 \[attack\] dos-europe: europe lost 20% of its operators/)
      // One Escape at a time: two sent at once reach the app as one key (ESC ESC is Meta-Escape).
      t.keys("Escape")
      await t.waitFor(/^(?![\s\S]*\[attack\])[\s\S]*filter: lost/)
      t.keys("Escape")
      await t.waitFor(/Participation/)
      t.keys("q")
      await t.waitFor(/EXITED 0/)
    } finally {
      t.close()
    }
  })

  it.skipIf(!hasTmux)("--compare runs current and proposed in lock step, side by side at 160 columns and stacked at 80, with deltas", async () => {
    const wide = terminal("compare-wide", "node bin/sandbox.js tui experiments/ab-emission-cut.yaml --compare --epochs 60 --paused", { columns: 160, rows: 48 })
    try {
      await wide.waitFor(/PAUSED/)
      for (let i = 0; i < 12; i++) wide.keys("s")
      const s = await wide.waitFor(/stepped to epoch 12/)
      expect(s).toMatch(/Headline\s+current\s+proposed\s+proposed - current/)
      expect(s).toMatch(/── current ──\s+── proposed \(changes go here\) ──/)
      expect(s).toMatch(/activeOperators\s+[\d,]+\s+[\d,]+\s+[-+]?[\d,.k]+/)
      wide.keys("q")
      await wide.waitFor(/EXITED 0/)
    } finally {
      wide.close()
    }
    const narrow = terminal("compare-narrow", `node bin/sandbox.js tui ${file} --paused`)
    try {
      await narrow.waitFor(/PAUSED/)
      narrow.keys("s", "s", "s")
      await narrow.waitFor(/stepped to epoch 3/)
      narrow.keys("c")
      await narrow.waitFor(/comparing from epoch 3: B is a copy of A/)
      narrow.keys("p")
      await narrow.waitFor(/Change from the next epoch \(in B\)/)
      narrow.keys("-l", "emission per")
      narrow.keys("Enter")
      await narrow.waitFor(/New value for token\.emission\.perEpoch/)
      narrow.keys("-l", "0")
      narrow.keys("Enter")
      await narrow.waitFor(/B: token\.emission\.perEpoch 500000 -> 0 from epoch 3/)
      for (let i = 0; i < 5; i++) narrow.keys("s")
      const s = await narrow.waitFor(/stepped to epoch 8/)
      expect(s.trimEnd().split("\n").length).toBeLessThanOrEqual(24)
      // Stacked: A above B.
      expect(s.indexOf("── A ──")).toBeGreaterThan(-1)
      expect(s.indexOf("── B (changes go here) ──")).toBeGreaterThan(s.indexOf("── A ──"))
      expect(s).toMatch(/Headline\s+A\s+B\s+B - A/)
      narrow.keys("q")
      await narrow.waitFor(/EXITED 0/)
    } finally {
      narrow.close()
    }
  })
})
