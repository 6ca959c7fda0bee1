/** The import graph of the TypeScript files under a folder (relative imports, type-only and lazy ones included). */
import * as fs from 'node:fs'
import * as path from 'node:path'

const IMPORT =
  /(?:import|export)\s+(?:type\s+)?(?:[^'"]*?\sfrom\s+)?['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/gs

/** file (relative to `root`, with forward slashes) -> the files it imports. */
export function importGraph(root: string): Map<string, string[]> {
  const files = listTs(root)
  const known = new Set(files)
  const resolve = (from: string, spec: string): string | undefined => {
    const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), spec))
    const candidates = [base, base.replace(/\.js$/, '.ts'), `${base}.ts`, `${base}/index.ts`]
    return candidates.find((c) => known.has(c))
  }
  const graph = new Map<string, string[]>()
  for (const file of files) {
    const text = fs.readFileSync(path.join(root, file), 'utf8')
    const deps = new Set<string>()
    for (const m of text.matchAll(IMPORT)) {
      const target = resolve(file, (m[1] ?? m[2]) as string)
      if (target !== undefined && target !== file) deps.add(target)
    }
    graph.set(file, [...deps].sort())
  }
  return graph
}

/** Every cycle a depth-first walk meets, as `a -> b -> a`. */
export function importCycles(graph: ReadonlyMap<string, readonly string[]>): string[] {
  const cycles: string[] = []
  const state = new Map<string, 'open' | 'done'>()
  const stack: string[] = []
  const visit = (node: string): void => {
    state.set(node, 'open')
    stack.push(node)
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') {
        cycles.push([...stack.slice(stack.indexOf(next)), next].join(' -> '))
      } else if (!state.has(next)) {
        visit(next)
      }
    }
    stack.pop()
    state.set(node, 'done')
  }
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node)
  return cycles
}

function listTs(root: string, dir = ''): string[] {
  const out: string[] = []
  for (const d of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = dir === '' ? d.name : `${dir}/${d.name}`
    if (d.isDirectory()) out.push(...listTs(root, rel))
    else if (d.name.endsWith('.ts') && !d.name.endsWith('.d.ts')) out.push(rel)
  }
  return out.sort()
}
