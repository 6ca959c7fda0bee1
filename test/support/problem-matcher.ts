/**
 * Applies a problem matcher (the JSON an action registers with `::add-matcher::`) to a log, the
 * way the GitHub runner does for multi-line patterns: each pattern must match consecutive lines,
 * the last one completes an annotation. Only what the runner would turn into annotations is kept.
 */
import * as fs from 'node:fs'

interface Pattern {
  regexp: string
  severity?: number
  code?: number
  message?: number
  file?: number
  line?: number
  column?: number
}
interface Matcher {
  owner: string
  pattern: Pattern[]
}

export interface MatchedAnnotation {
  owner: string
  severity: string
  code?: string | undefined
  message: string
  file: string
  line: number
  column?: number | undefined
}

export function applyMatchers(matchers: readonly Matcher[], lines: readonly string[]) {
  const out: MatchedAnnotation[] = []
  for (const m of matchers) {
    const res = m.pattern.map((p) => new RegExp(p.regexp))
    for (let i = 0; i + res.length <= lines.length; i++) {
      const fields: Record<string, string> = {}
      let ok = true
      for (let j = 0; j < res.length && ok; j++) {
        const match = (res[j] as RegExp).exec(lines[i + j] as string)
        if (match === null) {
          ok = false
          break
        }
        const p = m.pattern[j] as Pattern
        for (const key of ['severity', 'code', 'message', 'file', 'line', 'column'] as const) {
          const group = p[key]
          if (group !== undefined && match[group] !== undefined) fields[key] = match[group]
        }
      }
      if (!ok || fields.message === undefined || fields.file === undefined) continue
      out.push({
        owner: m.owner,
        severity: fields.severity ?? 'error',
        code: fields.code,
        message: fields.message,
        file: fields.file,
        line: Number(fields.line),
        column: fields.column === undefined ? undefined : Number(fields.column),
      })
    }
  }
  return out
}

/**
 * The annotations a step's log would produce: the matchers registered with `::add-matcher::<file>`
 * are applied to the lines printed until their `::remove-matcher owner=...::`.
 */
export function matcherAnnotations(log: string): MatchedAnnotation[] {
  const lines = log.split(/\r?\n/)
  const out: MatchedAnnotation[] = []
  let active: { matchers: Matcher[]; from: number } | undefined
  for (let i = 0; i <= lines.length; i++) {
    const line = lines[i] ?? ''
    const add = /^::add-matcher::(.+)$/.exec(line)
    const remove = /^::remove-matcher owner=(.+)::$/.exec(line)
    if ((remove || i === lines.length) && active) {
      out.push(...applyMatchers(active.matchers, lines.slice(active.from, i)))
      active = undefined
    }
    if (add) {
      const json = JSON.parse(fs.readFileSync(add[1] as string, 'utf8')) as {
        problemMatcher: Matcher[]
      }
      active = { matchers: json.problemMatcher, from: i + 1 }
    }
  }
  return out
}
