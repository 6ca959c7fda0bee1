// Writes the input and output tables of README.md from action.yml (between the
// <!-- inputs:start/end --> and <!-- outputs:start/end --> markers). `--check` fails when stale.
import { readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const action = parse(readFileSync(join(root, 'action.yml'), 'utf8'))
const cell = (s) =>
  String(s ?? '')
    .replace(/\|/g, '\\|')
    .replace(/\s*\n\s*/g, ' ')
    .trim()

export function inputsTable() {
  const rows = Object.entries(action.inputs).map(
    ([name, i]) =>
      `| \`${name}\` | ${i.default === '' || i.default === undefined ? '' : `\`${cell(i.default)}\``} | ${cell(i.description)} |`,
  )
  return ['| input | default | description |', '| --- | --- | --- |', ...rows].join('\n')
}

export function outputsTable() {
  const rows = Object.entries(action.outputs).map(
    ([name, o]) => `| \`${name}\` | ${cell(o.description)} |`,
  )
  return ['| output | description |', '| --- | --- |', ...rows].join('\n')
}

function replace(text, marker, body) {
  const re = new RegExp(`(<!-- ${marker}:start -->\\n)[\\s\\S]*?(\\n<!-- ${marker}:end -->)`)
  if (!re.test(text)) throw new Error(`README.md has no ${marker} markers`)
  // A function, so a `$` in a description is never read as a replacement pattern ($`, $', $&).
  return text.replace(re, (_all, start, end) => `${start}${body}${end}`)
}

const readmePath = join(root, 'README.md')
const before = readFileSync(readmePath, 'utf8')
const after = replace(replace(before, 'inputs', inputsTable()), 'outputs', outputsTable())
if (process.argv.includes('--check')) {
  if (after !== before) {
    console.error('README.md input/output tables are stale: run `npm run readme`.')
    process.exit(1)
  }
} else {
  writeFileSync(readmePath, after)
}
