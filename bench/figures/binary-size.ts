/** Figure 4: binary size: the `size` profile vs. `cargo-lambda` vs. `none`, on the examples. */
import * as fs from 'node:fs'
import * as path from 'node:path'
import { benchExamples, exampleInputs, type Figure, type Row } from '../figure.js'
import { formatValue } from '../format.js'

const profiles = ['size', 'cargo-lambda', 'none'] as const
type Profile = (typeof profiles)[number]

interface ArtifactOutput {
  readonly bin: string
  readonly binarySize: number
  readonly zipSize: number
  /** The newest GLIBC_ version the binary needs (from its ELF), when it needs one. */
  readonly glibcRequired?: string | undefined
}

export function parseArtifacts(json: string | undefined): ArtifactOutput[] {
  if (json === undefined || json === '') throw new Error('the action set no artifacts output')
  const list = JSON.parse(json) as Partial<ArtifactOutput>[]
  return list.map((a) => {
    if (typeof a.bin !== 'string' || typeof a.binarySize !== 'number') {
      throw new Error(`an artifacts entry lacks bin or binarySize: ${JSON.stringify(a)}`)
    }
    return {
      bin: a.bin,
      binarySize: a.binarySize,
      zipSize: a.zipSize ?? 0,
      glibcRequired: a.glibcRequired,
    }
  })
}

export const binarySize: Figure = {
  id: 'binary-size',
  title: 'Binary size',
  method: `Each example (${benchExamples.map((e) => `examples/${e}`).join(', ')}; \`--examples\` picks some) built by the action three times on one runner, with \`profile: size\` (the default: opt-level z, fat LTO, one codegen unit, panic abort, stripped), \`profile: cargo-lambda\` (cargo-lambda's own release settings: thin LTO, one codegen unit, panic abort, stripped, target-cpu) and \`profile: none\` (cargo's plain release profile); sizes from the action's \`artifacts\` output (arm64, glibc 2.34). Sizes are deterministic for a given toolchain, so one build each.`,
  async run(ctx) {
    const warm = await ctx.world.warmProject('examples/hello')
    const sizes = new Map<string, Map<Profile, ArtifactOutput>>()
    const checks: string[] = []
    for (const name of ctx.examples) {
      const example = `examples/${name}`
      const runner = ctx.world.newRunner(`size-${name}`, example)
      for (const profile of profiles) {
        const run = await ctx.world.runAction(
          runner,
          {
            ...warm.inputs,
            ...exampleInputs[name],
            profile,
            cache: 'false',
            'upload-artifact': 'false',
          },
          { dirs: { toolCache: warm.runner.dirs.toolCache } },
        )
        if (profile === 'size') checks.push(...releaseChecks(name, run.main.outputs))
        for (const a of parseArtifacts(run.main.outputs.artifacts)) {
          const key = `${example.split('/').pop() ?? ''}/${a.bin}`
          const byProfile = sizes.get(key) ?? new Map<Profile, ArtifactOutput>()
          byProfile.set(profile, a)
          sizes.set(key, byProfile)
        }
        ctx.log(`${example} profile ${profile}: built in ${formatValue(run.main.ms, 'ms')}`)
      }
    }
    // The floor: what std alone weighs. Without -Z build-std (nightly) the precompiled std is
    // linked as shipped, so no profile can shrink it; the profiles only act on the rest.
    const floor = new Map<Profile, number>()
    const floorRunner = ctx.world.newRunner('size-floor')
    writeFloorCrate(floorRunner.dirs.workspace)
    for (const profile of ['size', 'none'] as const) {
      const run = await ctx.world.runAction(
        floorRunner,
        {
          ...warm.inputs,
          profile,
          cache: 'false',
          'upload-artifact': 'false',
          'smoke-test': 'false',
        },
        { dirs: { toolCache: warm.runner.dirs.toolCache } },
      )
      floor.set(profile, parseArtifacts(run.main.outputs.artifacts)[0]?.binarySize ?? 0)
    }

    const rows: Row[] = []
    const notes: string[] = [...checks]
    for (const [key, byProfile] of sizes) {
      const size = byProfile.get('size')
      const lambda = byProfile.get('cargo-lambda')
      const none = byProfile.get('none')
      if (!size || !lambda || !none) throw new Error(`${key} was not built with every profile`)
      rows.push(
        { metric: `${key}: binary, size profile`, unit: 'bytes', samples: [size.binarySize] },
        {
          metric: `${key}: size / none`,
          unit: 'ratio',
          samples: [size.binarySize / none.binarySize],
          target: { op: '<=', value: 0.7 },
        },
        {
          metric: `${key}: cargo-lambda / none`,
          unit: 'ratio',
          samples: [lambda.binarySize / none.binarySize],
        },
      )
      notes.push(
        `${key}: binary ${profiles.map((p) => `${p} ${formatValue(byProfile.get(p)?.binarySize ?? 0, 'bytes')}`).join(', ')}; zip ${profiles.map((p) => `${p} ${formatValue(byProfile.get(p)?.zipSize ?? 0, 'bytes')}`).join(', ')}.`,
      )
    }
    const floorSize = floor.get('size') ?? 0
    const floorNone = floor.get('none') ?? 0
    rows.push(
      { metric: 'std floor (println! only): size profile', unit: 'bytes', samples: [floorSize] },
      { metric: 'std floor (println! only): none', unit: 'bytes', samples: [floorNone] },
      { metric: 'std floor: size / none', unit: 'ratio', samples: [floorSize / floorNone] },
    )
    notes.push(
      `A program that only calls println! weighs ${formatValue(floorSize, 'bytes')} with the size profile and ${formatValue(floorNone, 'bytes')} with none: the precompiled std (shipped built with opt-level 3; only -Z build-std on nightly rebuilds it) is most of every example binary, whose own code is a few KiB, so their ratio cannot go much below the floor's own ratio.`,
    )
    return { rows, notes }
  },
}

/**
 * Pure: one note per binary of a `size` build: the GLIBC floor its ELF needs and what its smoke
 * test (under qemu on an x86_64 machine) answered.
 */
export function releaseChecks(
  example: string,
  outputs: Readonly<Record<string, string>>,
): string[] {
  const smoke = JSON.parse(outputs['smoke-result'] ?? '{}') as Record<
    string,
    { status?: string; response?: string; reason?: string }
  >
  return parseArtifacts(outputs.artifacts).map((a) => {
    const s = smoke[a.bin]
    const answer =
      s === undefined
        ? 'not smoke-tested (an extension)'
        : `smoke test ${s.status ?? '?'}: ${s.response ?? s.reason ?? ''}`
    return `${example}/${a.bin} (size profile): needs GLIBC ${a.glibcRequired ?? 'none'}; ${answer}`
  })
}

/** A crate whose binary is std's floor: one println!. */
function writeFloorCrate(dir: string): void {
  fs.mkdirSync(path.join(dir, 'src'), { recursive: true })
  fs.writeFileSync(
    path.join(dir, 'Cargo.toml'),
    '[package]\nname = "floor"\nversion = "0.1.0"\nedition = "2021"\npublish = false\n',
  )
  fs.writeFileSync(
    path.join(dir, 'Cargo.lock'),
    '# This file is automatically @generated by Cargo.\n# It is not intended for manual editing.\nversion = 3\n\n[[package]]\nname = "floor"\nversion = "0.1.0"\n',
  )
  fs.writeFileSync(path.join(dir, 'src', 'main.rs'), 'fn main() {\n    println!("floor");\n}\n')
}
