/** The shape of src/: no import cycle, and arrows only down the pipeline. */
import * as path from 'node:path'
import { describe, expect, it } from 'vitest'
import { repoRoot } from '../test/support/harness.js'
import { importCycles, importGraph } from '../test/support/imports.js'

const src = path.join(repoRoot, 'src')

/**
 * The pipeline in order. A module may import its own layer and the layers before it, never a
 * later one. The first layer is what every stage shares; the last is the orchestration.
 */
const LAYERS: readonly (readonly string[])[] = [
  ['types.ts', 'types/', 'constants.ts', 'errors.ts', 'log.ts', 'util/', 'lambda/'],
  ['config/'],
  ['tools/'],
  ['cargo/'],
  ['cache/'],
  ['build/'],
  ['package/'],
  ['smoke/'],
  ['publish/'],
  ['report/'],
  ['state.ts', 'run.ts', 'run-post.ts', 'main.ts', 'post.ts'],
]

function layerOf(file: string): number {
  const i = LAYERS.findIndex((l) =>
    l.some((p) => (p.endsWith('/') ? file.startsWith(p) : file === p)),
  )
  if (i < 0) throw new Error(`${file} belongs to no layer: add it to LAYERS`)
  return i
}

describe('the import graph of src/', () => {
  const graph = importGraph(src)

  it('has no cycle', () => {
    expect(graph.size).toBeGreaterThan(40)
    expect(importCycles(graph)).toEqual([])
  })

  it('finds a cycle when there is one', () => {
    const cyclic = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
    ])
    expect(importCycles(cyclic)).toEqual(['a.ts -> b.ts -> c.ts -> a.ts'])
  })

  it('points down the pipeline only', () => {
    const against: string[] = []
    for (const [file, deps] of graph) {
      for (const dep of deps) {
        if (layerOf(dep) > layerOf(file)) against.push(`${file} -> ${dep}`)
      }
    }
    expect(against).toEqual([])
  })

  it('keeps the shared types free of imports', () => {
    expect(graph.get('types/common.ts')).toEqual([])
    // types.ts only gathers the type modules, which import nothing but the shared one.
    expect(graph.get('types.ts')?.every((f) => f.startsWith('types/'))).toBe(true)
    for (const [file, deps] of graph) {
      if (file.startsWith('types/')) expect(deps.filter((d) => d !== 'types/common.ts')).toEqual([])
    }
  })
})
