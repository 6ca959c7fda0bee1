/** `--target-dir` in `cargo-args`: the one setting that beats every other for the target folder. */
import * as path from 'node:path'

/**
 * Pure: `cargo-args` split into a `--target-dir` (it beats every other setting; resolved from
 * `cwd`; the last one wins, as in cargo) and the other arguments. The build passes the folder as
 * CARGO_TARGET_DIR instead: cargo-lambda 1.9.2 hands `--target-dir` on to `cargo metadata`,
 * which refuses it ("unexpected argument '--target-dir' found").
 */
export function splitTargetDir(
  args: readonly string[],
  cwd: string,
): { readonly targetDir: string | undefined; readonly rest: string[] } {
  let found: string | undefined
  const rest: string[] = []
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? ''
    if (arg === '--') {
      rest.push(...args.slice(i))
      break
    }
    if (arg === '--target-dir') found = args[++i]
    else if (arg.startsWith('--target-dir=')) found = arg.slice('--target-dir='.length)
    else rest.push(arg)
  }
  const targetDir = found === undefined || found === '' ? undefined : path.resolve(cwd, found)
  return { targetDir, rest }
}

/** Pure: a `--target-dir` given in `cargo-args`, resolved from `cwd`. */
export function targetDirFromArgs(args: readonly string[], cwd: string): string | undefined {
  return splitTargetDir(args, cwd).targetDir
}
