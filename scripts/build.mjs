// Bundles the action's entry points with @vercel/ncc into dist/<entry>/index.js.
// `--out DIR` writes the bundles elsewhere (the dist test builds from this same tree into a temp
// folder: chunk file names depend on the module paths, so a copy of the tree would not match).
import { execFileSync } from 'node:child_process'
import { rmSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const ncc = join(root, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js')
const outFlag = process.argv.indexOf('--out')
const dist = outFlag > 0 ? resolve(process.argv[outFlag + 1] ?? '') : join(root, 'dist')
for (const entry of ['main', 'post']) {
  const out = join(dist, entry)
  rmSync(out, { recursive: true, force: true })
  execFileSync(
    process.execPath,
    [
      ncc,
      'build',
      join(root, 'src', `${entry}.ts`),
      '-o',
      out,
      '--license',
      'licenses.txt',
      '--quiet',
      '--target',
      'es2023',
    ],
    { stdio: 'inherit', cwd: root },
  )
}
