/** Why an entry with this run's key did not restore (the note of the folders it was saved from). */
import { describe, expect, it } from 'vitest'
import { KeyPrefix } from '../../src/cache/keys.js'
import { explainMiss, noteKeys, parseNote } from '../../src/cache/paths-note.js'

const key = 'rust-lambda-v1-Linux-X64-x86_64-unknown-linux-gnu.2.26-size-tools:a-deps:b-build:c'
const here = ['/home/a/.cargo/registry/index', '/w/repo/target', '/home/a/.cache/zig']

describe('noteKeys', () => {
  it('finds every note of one cargo key, and is found by no cargo key or restore key', () => {
    const a = noteKeys(key, here)
    const b = noteKeys(key, ['/home/b/.cargo/registry/index', '/w/repo/target'])
    expect(a.prefix).toBe(b.prefix)
    expect(a.key.startsWith(a.prefix) && b.key.startsWith(b.prefix)).toBe(true)
    expect(a.key).not.toBe(b.key)
    expect(noteKeys(`${key}x`, here).prefix).not.toBe(a.prefix)
    // Cargo keys and their restore keys all start with KeyPrefix.
    expect(a.key.startsWith(KeyPrefix)).toBe(false)
  })
})

describe('explainMiss', () => {
  it('names each folder that differs, saved and here', () => {
    const saved = ['/home/b/.cargo/registry/index', '/w/repo/target', '/tmp/r1/zig-cache']
    const why = explainMiss({ key, paths: saved }, key, here)
    expect(why).toContain('saved from other folders')
    expect(why).toContain('/home/b/.cargo/registry/index there, /home/a/.cargo/registry/index here')
    expect(why).toContain('/tmp/r1/zig-cache there, /home/a/.cache/zig here')
    expect(why).not.toContain('/w/repo/target there')
  })
  it('names a folder only one side has', () => {
    const why = explainMiss({ key, paths: here.slice(0, 2) }, key, here)
    expect(why).toContain('/home/a/.cache/zig (not in the saved entry)')
  })
  it('with the same folders, points at compression or eviction', () => {
    expect(explainMiss({ key, paths: here }, key, here)).toMatch(/another compression/)
  })
  it('says nothing about a note of another key', () => {
    expect(explainMiss({ key: `${key}-other`, paths: [] }, key, here)).toBeUndefined()
  })
})

describe('parseNote', () => {
  it('reads what saveNote writes, and refuses anything else', () => {
    expect(parseNote(JSON.stringify({ key, paths: here }))).toEqual({ key, paths: here })
    expect(parseNote('{"key":"k","paths":[1]}')).toBeUndefined()
    expect(parseNote('not json')).toBeUndefined()
  })
})
