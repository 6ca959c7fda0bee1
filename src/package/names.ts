/** The workflow-artifact name of each zip, checked while packaging so a bad template fails early. */
import { Inputs } from '../constants.js'
import { InputError } from '../errors.js'
import type { Artifact } from '../types.js'

/** Characters the artifact service refuses in a name (as @actions/artifact checks them). */
const INVALID = /["<>|*?:\\/\r\n]/

/**
 * Pure: the artifact name of each zip from the `artifact-name` template. Placeholders: `{bin}`,
 * `{arch}`, `{target}`, `{kind}`. Throws InputError when names collide or are invalid, e.g. a
 * template without `{bin}` for several binaries.
 */
export function artifactNames(
  template: string,
  artifacts: readonly Pick<Artifact, 'bin' | 'architecture' | 'target' | 'kind'>[],
): string[] {
  const names = artifacts.map((a) =>
    template
      .replaceAll('{bin}', a.bin)
      .replaceAll('{arch}', a.architecture)
      .replaceAll('{target}', a.target)
      .replaceAll('{kind}', a.kind),
  )
  names.forEach((name, i) => {
    const bad = INVALID.exec(name)
    if (bad !== null) {
      throw new InputError(
        Inputs.ArtifactName,
        template,
        `gives '${name}', and artifact names may not contain ${JSON.stringify(bad[0])} (nor " : < > | * ? \\ / or newlines).`,
      )
    }
    const first = names.indexOf(name)
    if (first !== i) {
      throw new InputError(
        Inputs.ArtifactName,
        template,
        `gives the same name '${name}' to '${artifacts[first]?.bin}' and '${artifacts[i]?.bin}': put {bin} in it.`,
      )
    }
  })
  return names
}
