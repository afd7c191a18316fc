/**
 * A distributed coordinator never waits forever without a word (issue 22, 6): when Redis
 * restarts without persistence mid-sweep (the jobs are gone) it queues the missing runs again and
 * finishes with every run exactly once; a second coordinator of the same experiment on the same
 * queue is refused (they would take each other's results); a coordinator killed with SIGKILL
 * does not lock its experiment out for longer than its claim lasts.
 * Skipped when redis-server is not installed (.ci/run installs it).
 */
import { spawn, type ChildProcess } from "node:child_process"
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs"
import { createServer } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { afterEach, describe, expect, it } from "vitest"
import { ROOT, sandbox } from "../support/cli.ts"
import { hasRedis } from "../support/redis.ts"

const BIN = fileURLToPath(new URL("../../bin/sandbox.js", import.meta.url))
const dir = mkdtempSync(join(tmpdir(), "sandbox-dist-robust-"))
const children: Array<ChildProcess> = []
const PINNED = { SANDBOX_CODE_VERSION: "0.1.0+pinned-robust" }

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer()
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port
      s.close(() => resolve(port))
    })
  })

/** A redis-server without persistence on `port`, as docs/distributed.md's quick start runs it. */
const redisOn = async (port: number) => {
  const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: ["ignore", "pipe", "ignore"] })
  children.push(child)
  await new Promise<void>((resolve, reject) => {
    let out = ""
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString()
      if (out.includes("Ready to accept connections")) resolve()
    })
    child.on("exit", () => reject(new Error(`redis-server exited: ${out}`)))
  })
  return { kill: () => new Promise<void>((resolve) => { child.removeAllListeners("exit"); child.once("exit", () => resolve()); child.kill("SIGKILL") }) }
}

const spawnCli = (args: ReadonlyArray<string>, env: Record<string, string> = {}) => {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, ...PINNED, ...env }, stdio: ["ignore", "ignore", "pipe"] })
  children.push(child)
  const log = { text: "" }
  child.stderr!.on("data", (d) => (log.text += d))
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)))
  return { child, log, exited }
}

const waitFor = async (what: () => boolean, ms = 240_000) => {
  const end = Date.now() + ms
  while (!what()) {
    if (Date.now() > end) throw new Error("timed out")
    await new Promise((r) => setTimeout(r, 50))
  }
}

const stored = (out: string) => (existsSync(join(out, "runs")) ? readdirSync(join(out, "runs")).filter((n) => n.endsWith(".json")).length : 0)
const experiment = (name: string, text: string) => {
  const file = join(dir, `${name}.yaml`)
  writeFileSync(file, text)
  return file
}

afterEach(async () => {
  const live = children.splice(0).filter((c) => c.exitCode === null && c.signalCode === null)
  await Promise.all(live.map((c) => new Promise<void>((resolve) => { c.once("exit", () => resolve()); c.kill("SIGKILL") })))
})

describe.runIf(hasRedis)("distributed coordinator, robust", () => {
  it("Redis restarted without persistence mid-sweep: the coordinator says so, queues the lost runs again and finishes, every run once", async () => {
    const port = await freePort()
    const url = `redis://127.0.0.1:${port}`
    let redis = await redisOn(port)
    // Enough runs that the restart, once two are stored, lands mid-sweep even on a loaded machine.
    const file = experiment("restart-redis", "name: restart-redis\nseed: 3\nepochs: 200\nruns: 60\n")
    const local = join(dir, "restart-redis-local")
    expect((await sandbox(["sweep", file, "--format", "csv", "--out", local, "--workers", "1"], ROOT, PINNED)).code).toBe(0)
    const worker = spawnCli(["worker", "--queue", url, "--concurrency", "1", "--lock-ms", "2000"])
    await waitFor(() => worker.log.text.includes("processing"))
    const out = join(dir, "restart-redis")
    const coordinator = spawnCli(["sweep", file, "--format", "csv", "--out", out, "--queue", url])
    await waitFor(() => stored(out) >= 2)
    await redis.kill()
    redis = await redisOn(port)
    const code = await coordinator.exited
    expect(coordinator.log.text).toMatch(/the queue lost \d+ of the \d+ runs waiting \(Redis restarted without persistence, or was flushed\?\); queued them again/)
    expect(code, coordinator.log.text).toBe(0)
    for (const name of ["metrics.csv", "runs.csv"]) expect(readFileSync(join(out, name)).equals(readFileSync(join(local, name))), name).toBe(true)
    await redis.kill()
  })

  it("a second coordinator of the same experiment on the same queue is refused; one killed with SIGKILL is replaced once its claim expires", async () => {
    const port = await freePort()
    const url = `redis://127.0.0.1:${port}`
    const redis = await redisOn(port)
    const file = experiment("two-coordinators", "name: two-coordinators\nepochs: 5\nruns: 3\n")
    // No worker: the first coordinator waits, holding its claim.
    const first = spawnCli(["sweep", file, "--format", "csv", "--out", join(dir, "first"), "--queue", url])
    await waitFor(() => first.log.text.includes("queued 3 runs"))
    const second = await sandbox(["sweep", file, "--format", "csv", "--out", join(dir, "second"), "--queue", url], ROOT, PINNED)
    expect(second.code).toBe(2)
    expect(second.stderr).toMatch(/error: another coordinator \(.+:\d+:\w+\) is running this experiment with this code on the queue at redis:\/\/127\.0\.0\.1:\d+; the two would take each other's results/)
    // A coordinator that dies without releasing its claim: the next one waits it out, then runs.
    first.child.kill("SIGKILL")
    await first.exited
    const worker = spawnCli(["worker", "--queue", url, "--concurrency", "1"])
    const third = await sandbox(["sweep", file, "--format", "csv", "--out", join(dir, "third"), "--queue", url], ROOT, PINNED)
    expect(third.code, third.stderr).toBe(0)
    expect(third.stderr).toMatch(/another coordinator \(.+\) claimed this experiment on the queue; waiting up to \d+ s to see whether it is alive/)
    expect(readFileSync(join(dir, "third", "runs.csv"), "utf8").trim().split("\n")).toHaveLength(4)
    worker.child.kill("SIGKILL")
    await redis.kill()
  })
})
