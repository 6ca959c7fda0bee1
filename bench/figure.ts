/** What a figure module measures and hands back to the runner. */
import type { World } from './world.js'

export type Unit = 'ms' | 'bytes' | 'ratio' | 'count'

export interface Target {
  readonly op: '<=' | '>='
  readonly value: number
}

/** One line of the table: a metric and its samples (one per run, or one for exact figures). */
export interface Row {
  readonly metric: string
  readonly unit: Unit
  readonly samples: readonly number[]
  readonly target?: Target | undefined
}

/** The examples (folders under examples/) that the per-example figures build. */
export const benchExamples = ['hello', 'http', 'workspace'] as const

/** Inputs an example needs beyond the defaults: an HTTP function answers only HTTP events. */
export const exampleInputs: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  http: { 'smoke-event': 'events/post-comment.json' },
}

export interface FigureContext {
  /** How many times to repeat each timed measurement. */
  readonly runs: number
  /** The examples to build in the per-example figures (`--examples`; default benchExamples). */
  readonly examples: readonly string[]
  readonly world: World
  /** Functions in the `scale` figure's generated workspace (`--scale-functions`). */
  readonly scaleFunctions?: number | undefined
  /** Progress for the console (not part of the results). */
  log(message: string): void
}

export interface FigureOutput {
  readonly rows: readonly Row[]
  /** Findings worth reading next to the numbers: per-stage breakdowns, checks, caveats. */
  readonly notes: readonly string[]
}

export interface Figure {
  /** The name used with --only. */
  readonly id: string
  readonly title: string
  /** How it is measured, printed with the table. */
  readonly method: string
  run(ctx: FigureContext): Promise<FigureOutput>
}

/** A figure's result as written to latest.json: measured, or why not. */
export interface FigureResult {
  readonly id: string
  readonly title: string
  readonly method: string
  readonly rows: readonly Row[]
  readonly notes: readonly string[]
  readonly seconds: number
  /** Set when the figure could not be measured. */
  readonly error?: string | undefined
}
