/**
 * A generated Cargo workspace shaped like a monorepo, for the `mode: plan` tests: `functions`
 * function crates, a `shared` library on top of a `base` library, and one extension crate.
 *
 * - fn-01 … fn-(n/2) depend on `shared` (so on `base` through it);
 * - the next quarter depend on `base` only;
 * - the rest depend on no workspace crate;
 * - every function has `shared` as a dev-dependency too (which never reaches its release binary);
 * - `audit` is an extension (`[package.metadata.lambda.build] extension = true`).
 *
 * The crates use only std, so `cargo metadata --no-deps` needs no registry.
 */
import { execFileSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { repoRoot } from './harness.js'

export interface Monorepo {
  readonly root: string
  readonly functions: readonly string[]
  /** Functions whose release build uses `shared` (and so `base`). */
  readonly onShared: readonly string[]
  /** Functions whose release build uses `base` but not `shared`. */
  readonly onBase: readonly string[]
}

export function functionName(i: number): string {
  return `fn-${String(i).padStart(2, '0')}`
}

function write(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true })
  fs.writeFileSync(file, text)
}

function manifest(name: string, deps: string[], extra = ''): string {
  const lines = [`[package]`, `name = "${name}"`, `version = "0.1.0"`, `edition = "2021"`, '']
  lines.push('[dependencies]', ...deps, '', '[dev-dependencies]')
  if (name !== 'shared' && name !== 'base')
    lines.push('shared-dev = { path = "../shared", package = "shared" }')
  return `${lines.join('\n')}\n${extra}`
}

export function writeMonorepo(root: string, functions = 12): Monorepo {
  const names = Array.from({ length: functions }, (_, i) => functionName(i + 1))
  const onShared = names.slice(0, Math.floor(functions / 2))
  const onBase = names.slice(onShared.length, onShared.length + Math.floor(functions / 4))
  const members = [
    'crates/base',
    'crates/shared',
    'ext/audit',
    ...names.map((n) => `functions/${n}`),
  ]
  write(
    path.join(root, 'Cargo.toml'),
    `[workspace]\nresolver = "2"\nmembers = [${members.map((m) => `"${m}"`).join(', ')}]\n`,
  )
  write(path.join(root, 'crates/base/Cargo.toml'), manifest('base', []))
  write(path.join(root, 'crates/base/src/lib.rs'), 'pub fn base() -> u32 { 1 }\n')
  write(
    path.join(root, 'crates/shared/Cargo.toml'),
    manifest('shared', ['base = { path = "../base" }']),
  )
  write(path.join(root, 'crates/shared/src/lib.rs'), 'pub fn value() -> u32 { base::base() + 1 }\n')
  write(
    path.join(root, 'ext/audit/Cargo.toml'),
    manifest('audit', [], '\n[package.metadata.lambda.build]\nextension = true\n').replace(
      'path = "../shared"',
      'path = "../../crates/shared"',
    ),
  )
  write(path.join(root, 'ext/audit/src/main.rs'), 'fn main() {}\n')
  for (const n of names) {
    const deps = onShared.includes(n)
      ? ['shared = { path = "../../crates/shared" }']
      : onBase.includes(n)
        ? ['base = { path = "../../crates/base" }']
        : []
    write(
      path.join(root, 'functions', n, 'Cargo.toml'),
      manifest(n, deps).replace('path = "../shared"', 'path = "../../crates/shared"'),
    )
    write(path.join(root, 'functions', n, 'src/main.rs'), `fn main() { println!("${n}"); }\n`)
  }
  write(path.join(root, '.gitignore'), 'target/\n')
  return { root, functions: names, onShared, onBase }
}

/** git in `cwd`, with an identity and no user configuration. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_AUTHOR_NAME: 'test',
      GIT_AUTHOR_EMAIL: 'test@example.invalid',
      GIT_COMMITTER_NAME: 'test',
      GIT_COMMITTER_EMAIL: 'test@example.invalid',
    },
  }).trim()
}

/** `git init` and one commit of everything; returns the commit. */
export function commitAll(root: string, message: string): string {
  if (!fs.existsSync(path.join(root, '.git'))) git(root, 'init', '-q', '-b', 'main')
  git(root, 'add', '-A')
  git(root, 'commit', '-q', '-m', message)
  return git(root, 'rev-parse', 'HEAD')
}

/**
 * The same workspace with real functions, for the scale benchmark: every function is a small
 * `lambda_runtime` + `tokio` + `serde` handler (as examples/workspace's), still on `shared` /
 * `base` / nothing as above, so each release binary ends in its own fat-LTO step over the runtime's
 * crate graph. The lock file is examples/workspace's, so the registry crates are the ones
 * scripts/setup.sh fetched (cargo drops its unused entries and adds the generated members).
 */
export function writeLambdaMonorepo(root: string, functions = 12): Monorepo {
  const repo = writeMonorepo(root, functions)
  const runtimeDeps = [
    'lambda_runtime = "1.5"',
    'serde = { version = "1", features = ["derive"] }',
    'tokio = { version = "1", features = ["macros"] }',
  ]
  for (const n of repo.functions) {
    const file = path.join(root, 'functions', n, 'Cargo.toml')
    let text = fs.readFileSync(file, 'utf8')
    text = text.replace('[dependencies]\n', `[dependencies]\n${runtimeDeps.join('\n')}\n`)
    // cargo refuses a crate that depends on `shared` under two names (a resolve, unlike the
    // `--no-deps` metadata the plan tests read, checks it).
    if (repo.onShared.includes(n)) text = text.replace(/^shared-dev = .*\n/m, '')
    fs.writeFileSync(file, text)
    const value = repo.onShared.includes(n)
      ? 'shared::value()'
      : repo.onBase.includes(n)
        ? 'base::base()'
        : '0'
    write(
      path.join(root, 'functions', n, 'src/main.rs'),
      [
        'use lambda_runtime::{service_fn, Error, LambdaEvent};',
        'use serde::{Deserialize, Serialize};',
        '',
        '#[derive(Deserialize)]',
        'struct Request {',
        '    #[serde(default)]',
        '    name: String,',
        '}',
        '',
        '#[derive(Serialize)]',
        'struct Response {',
        '    message: String,',
        '}',
        '',
        'async fn handler(event: LambdaEvent<Request>) -> Result<Response, Error> {',
        `    let message = format!("${n} {} {}", event.payload.name, ${value});`,
        '    Ok(Response { message })',
        '}',
        '',
        '#[tokio::main]',
        'async fn main() -> Result<(), Error> {',
        '    lambda_runtime::run(service_fn(handler)).await',
        '}',
        '',
      ].join('\n'),
    )
  }
  fs.copyFileSync(
    path.join(repoRoot, 'examples', 'workspace', 'Cargo.lock'),
    path.join(root, 'Cargo.lock'),
  )
  return repo
}
