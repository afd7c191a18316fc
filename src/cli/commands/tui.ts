/**
 * `sandbox tui [file]`: watch one run of an experiment live in the terminal and steer it.
 *
 * The run is a `LiveSession` driven by its own live stream (`liveStream`, src/experiment/Live.ts;
 * not the Runner, which runs batches); the Ink app (src/tui/App.tsx) renders each snapshot the stream
 * publishes and sends key presses back as commands. Ink and React load only here, so other commands do not pay for them. When stdout is
 * not a terminal, it prints the same summary as `sandbox run`.
 */
import * as Args from "@effect/cli/Args"
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as FileSystem from "@effect/platform/FileSystem"
import * as Path from "@effect/platform/Path"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Queue from "effect/Queue"
import * as Stream from "effect/Stream"
import { modelFor } from "../../experiment/ModelRegistry.ts"
import { InvalidOption } from "../../experiment/Errors.ts"
import { liveStream, LiveSession, SPEEDS, type LiveCommand, type Snapshot } from "../../experiment/Live.ts"
import { writeExport, type ExportFile } from "../../experiment/ExportFiles.ts"
import { allowLargeOption, defaultDir, epochsOption, loadWithOptions, seedOption } from "./options.ts"
import { runExperiment } from "./run.ts"

const DEFAULT_EXPERIMENT = "experiments/default.yaml"

const fileArg = Args.text({ name: "file" }).pipe(Args.optional, Args.withDescription(`Experiment YAML file (default ${DEFAULT_EXPERIMENT}).`))

/** `base`, or `base-2`, `base-3`, ... : the first that does not exist (an export never overwrites). */
const freshDir = (base: string) =>
  Effect.gen(function* () {
    const fs = yield* FileSystem.FileSystem
    for (let i = 1; ; i++) {
      const dir = i === 1 ? base : `${base}-${i}`
      if (!(yield* fs.exists(dir).pipe(Effect.orElseSucceed(() => false)))) return dir
    }
  })

/** Labels of the scenarios in which the model declares attacks `a` can launch, so the TUI can name them when the one running has none. */
export const scenariosWithAttacks = (
  exp: { readonly scenarios: ReadonlyArray<{ readonly label: string; readonly params: unknown }> },
  model: { readonly attacks?: (params: any) => ReadonlyArray<{ readonly startEpochPath?: string }> }
): ReadonlyArray<string> => exp.scenarios.flatMap((s) => ((model.attacks?.(s.params) ?? []).some((a) => a.startEpochPath !== undefined) ? [s.label] : []))

const scenarioOption = Options.text("scenario").pipe(
  Options.optional,
  Options.withDescription("Which scenario to watch when the experiment has several (a variant's name or a sweep point's label; default: the first).")
)

const compareOption = Options.boolean("compare").pipe(
  Options.withDescription("Run two variants side by side in lock step on the same seed: the scenario and the next one (current and proposed), or a copy of it when there is one scenario; parameter changes go to the second.")
)
const pausedOption = Options.boolean("paused").pipe(Options.withDescription("Start paused (space runs, s steps)."))
const speedOption = Options.integer("speed").pipe(
  Options.optional,
  Options.withDescription(`Epochs per second to start at: one of ${SPEEDS.filter(Number.isFinite).join(", ")} (default 20; + and - change it).`)
)

export const tuiCommand = Command.make("tui", { file: fileArg, seed: seedOption, epochs: epochsOption, scenario: scenarioOption, compare: compareOption, paused: pausedOption, speed: speedOption, allowLarge: allowLargeOption }, (args) =>
  Effect.gen(function* () {
    const file = Option.getOrElse(args.file, () => DEFAULT_EXPERIMENT)
    // The limits of `sandbox run` (docs/limits.md): a world of 1e9 operators is refused before it is built.
    const { exp } = yield* loadWithOptions({ file, seed: args.seed, runs: Option.none(), epochs: args.epochs, workers: Option.some(1), allowLarge: args.allowLarge })
    const labels = exp.scenarios.map((s) => s.label)
    const scenarioIndex = Option.match(args.scenario, { onNone: () => 0, onSome: (name) => labels.indexOf(name) })
    if (scenarioIndex < 0) {
      return yield* new InvalidOption({ option: "--scenario", message: `${file} has no scenario "${Option.getOrElse(args.scenario, () => "")}"; it has: ${labels.join(", ")}` })
    }
    const speedIndex = Option.match(args.speed, { onNone: () => 4, onSome: (x) => SPEEDS.indexOf(x) })
    if (speedIndex < 0) {
      return yield* new InvalidOption({ option: "--speed", message: `Expected one of ${SPEEDS.filter(Number.isFinite).join(", ")} epochs per second, got ${Option.getOrElse(args.speed, () => 0)}` })
    }
    if (!process.stdout.isTTY || !process.stdin.isTTY) {
      return yield* runExperiment({ file, seed: args.seed, runs: Option.none(), epochs: args.epochs, workers: Option.none(), out: Option.none(), force: false, json: false, allowLarge: args.allowLarge })
    }
    const model = modelFor(exp.envelope.model, exp.file)!
    const session = new LiveSession(exp, model, 0, scenarioIndex)
    // --compare: the next scenario (proposed after current), or a copy when there is only one.
    const compare = args.compare ? session.copy(exp.scenarios.length > 1 ? (scenarioIndex + 1) % exp.scenarios.length : scenarioIndex) : undefined
    const commands = yield* Queue.unbounded<LiveCommand>()
    const context = yield* Effect.context<FileSystem.FileSystem | Path.Path>()
    const exportTo = (files: ReadonlyArray<ExportFile>) =>
      Effect.gen(function* () {
        const dir = yield* freshDir(`${defaultDir("runs", `tui-${exp.envelope.name}`)}-e${session.epoch}`)
        yield* writeExport(dir, files)
        return dir
      }).pipe(
        Effect.mapError((e) => ("message" in e && typeof e.message === "string" && e.message ? e.message : e._tag)),
        Effect.provide(context)
      )

    const listeners = new Set<(s: Snapshot) => void>()
    let latest: Snapshot | undefined
    // Ink renders only the final frame when it believes it runs in CI (the CI variable); this
    // command runs only on a terminal, where the user wants every frame.
    if (process.env["CI"] !== undefined) process.env["CI"] = "false"
    const { render } = yield* Effect.promise(() => import("ink"))
    // React is CommonJS: through import() its API is the module's default export in the bundle
    // (bin/build.js splits the TUI into chunks) and its named exports under tsx.
    const ReactModule = yield* Effect.promise(() => import("react"))
    const React = (ReactModule as unknown as { default?: typeof ReactModule }).default ?? ReactModule
    const { App } = yield* Effect.promise(() => import("../../tui/App.tsx"))
    const app = React.createElement(App, {
      subscribe: (listener) => {
        listeners.add(listener)
        if (latest) listener(latest)
        return () => {
          listeners.delete(listener)
        }
      },
      send: (command) => {
        Queue.unsafeOffer(commands, command)
      },
      headline: model.headline,
      attackScenarios: scenariosWithAttacks(exp, model)
    })
    yield* Effect.acquireRelease(
      Effect.sync(() => render(app, { exitOnCtrlC: false })),
      (instance) => Effect.sync(() => instance.unmount())
    )
    yield* liveStream(session, commands, { exportTo, paused: args.paused, speed: speedIndex, ...(compare !== undefined ? { compare } : {}) }).pipe(
      Stream.runForEach((s) =>
        Effect.sync(() => {
          latest = s
          for (const l of listeners) l(s)
        })
      )
    )
    yield* Effect.sleep("50 millis") // let the last frame render before unmounting
    yield* Console.log(`stopped at epoch ${session.epoch} of ${exp.envelope.epochs} (seed ${exp.envelope.seed}, run ${session.run})`)
  }).pipe(Effect.scoped)
).pipe(Command.withDescription("Run an experiment live in the terminal: watch churn, attacks and governance; pause, step, change parameters, launch attacks, compare two variants side by side (--compare, c), and export a session that sandbox run replays. ? lists the keys."))
