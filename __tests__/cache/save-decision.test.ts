/** When the post step saves the cargo cache (pure). */
import { describe, expect, it } from 'vitest'
import { underRunnerTemp } from '../../src/cache/cargo.js'
import { decideSave } from '../../src/cache/save.js'

const state = { save: true, hit: false, key: 'k', onFailure: false }

describe('decideSave', () => {
  it('saves after a build that succeeded, whatever failed after it', () => {
    expect(decideSave(state, true, undefined)).toBeUndefined()
  })
  it('does not save after a failed build, and says how to change that', () => {
    const skip = decideSave(state, false, undefined)
    expect(skip?.detail).toBe('the build failed')
    expect(skip?.message).toContain('set cache-on-failure: true')
  })
  it('saves after a failed build with cache-on-failure', () => {
    expect(decideSave({ ...state, onFailure: true }, false, undefined)).toBeUndefined()
  })
  it('never saves with save-cache false, after an exact hit, or in a read-only cache mode', () => {
    expect(decideSave({ ...state, save: false }, true, undefined)?.detail).toBe(
      'save-cache is false',
    )
    expect(decideSave({ ...state, hit: true }, true, undefined)?.detail).toBe(
      'exact key was restored',
    )
    expect(decideSave(state, true, ' Read ')?.detail).toBe('cache is read-only in this run')
  })
})

describe('underRunnerTemp', () => {
  it('lists the cached paths inside RUNNER_TEMP only', () => {
    const paths = ['/home/r/.cargo/registry/index', '/w/_temp/t', '/w/_temp', '/w/_temp2/x']
    expect(underRunnerTemp(paths, '/w/_temp/')).toEqual(['/w/_temp/t', '/w/_temp'])
    expect(underRunnerTemp(paths, undefined)).toEqual([])
  })
})
