/** The input defaults the code applies are the ones action.yml shows. */
import * as fs from 'node:fs'
import * as path from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { InputDefaults, Inputs } from '../src/constants.js'
import { repoRoot } from '../test/support/harness.js'

const action = parse(fs.readFileSync(path.join(repoRoot, 'action.yml'), 'utf8')) as {
  inputs: Record<string, { default?: string }>
}

describe('input defaults', () => {
  it('action.yml declares exactly the inputs the code reads', () => {
    expect(Object.keys(action.inputs).sort()).toEqual(Object.values(Inputs).sort())
  })

  it('every default in action.yml is the one the code applies, and the other way round', () => {
    const fromYaml = Object.fromEntries(
      Object.entries(action.inputs)
        .filter(([, spec]) => (spec.default ?? '') !== '')
        .map(([name, spec]) => [name, spec.default]),
    )
    expect(fromYaml).toEqual(InputDefaults)
  })
})
