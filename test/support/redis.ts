/** Start a throwaway redis-server on a free loopback port (tests only). */
import { spawn, spawnSync } from "node:child_process"
import { createServer } from "node:net"

export const hasRedis = spawnSync("sh", ["-c", "command -v redis-server"], { encoding: "utf8" }).stdout.trim() !== ""

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer()
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port
      s.close(() => resolve(port))
    })
  })

export const startRedis = async (): Promise<{ readonly url: string; readonly stop: () => void }> => {
  const port = await freePort()
  const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: ["ignore", "pipe", "pipe"] })
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("redis-server did not start")), 10_000)
    child.stdout.on("data", (d: Buffer) => {
      if (d.toString().includes("Ready to accept connections")) {
        clearTimeout(timer)
        resolve()
      }
    })
  })
  return { url: `redis://127.0.0.1:${port}`, stop: () => child.kill("SIGKILL") }
}
