// Worker threads start here: register tsx so the TypeScript worker body can load, then load it.
import { register } from "tsx/esm/api"

register()
await import("./worker.ts")
