import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { describe, expect, it } from 'vitest'
import { execFileAsync } from '../../test/support/exec.js'
import { repoRoot } from '../../test/support/harness.js'

function listFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort()
}

describe('dist/', () => {
  it('is what the committed build script makes from src/ (rebuild with `npm run build`)', async () => {
    // Built from this tree (chunk names depend on module paths) into a temporary folder.
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'rla-dist-'))
    await execFileAsync(process.execPath, [
      path.join(repoRoot, 'scripts', 'build.mjs'),
      '--out',
      path.join(copy, 'dist'),
    ])
    const fresh = path.join(copy, 'dist')
    const committed = path.join(repoRoot, 'dist')
    expect(listFiles(committed)).toEqual(listFiles(fresh))
    for (const f of listFiles(fresh)) {
      const same = fs
        .readFileSync(path.join(fresh, f))
        .equals(fs.readFileSync(path.join(committed, f)))
      expect(same, `dist/${f} is stale: run npm run build and commit dist/`).toBe(true)
    }
    fs.rmSync(copy, { recursive: true, force: true })
  }, 600_000)
})
