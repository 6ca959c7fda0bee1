// Bundles the action's entry points with @vercel/ncc into dist/<entry>/index.js
// (or into <out>/<entry>/index.js with `node scripts/build.mjs <out>`, as the dist test does).
import { execFileSync } from 'node:child_process'
import { rmSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const ncc = join(root, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js')
const outRoot = process.argv[2] ? resolve(process.argv[2]) : join(root, 'dist')
for (const entry of ['main', 'post']) {
  const out = join(outRoot, entry)
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
