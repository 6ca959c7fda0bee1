/** The layer inputs: `layer-name` (one name, or `extension=layer` lines) and `attach-layers`. */
import { Inputs } from '../constants.js'
import { InputError } from '../errors.js'
import { LambdaLimits } from '../lambda/limits.js'
import type { LayerMapping, LayersConfig } from '../types.js'
import { bool } from './parsers.js'

const LAYER_NAME = new RegExp(`^[a-zA-Z0-9_-]{1,${LambdaLimits.layerNameChars}}$`)

/** The layer settings; `input` gives an input's value with its default applied. */
export function parseLayers(input: (name: string) => string): LayersConfig {
  const text = input(Inputs.LayerName)
  const attach = bool(Inputs.AttachLayers, input(Inputs.AttachLayers), false)
  if (!text.includes('=')) {
    if (text !== '') checkLayerName(text, text)
    return { name: text || undefined, mappings: [], attach }
  }
  const mappings: LayerMapping[] = []
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) continue
    const eq = line.indexOf('=')
    const extension = line.slice(0, eq).trim()
    const layer = line.slice(eq + 1).trim()
    if (eq <= 0 || layer === '') {
      throw new InputError(
        Inputs.LayerName,
        line,
        `each line must be 'extension=layer' (e.g. 'audit=audit-extension'), or give one layer name for a single extension.`,
      )
    }
    checkLayerName(line, layer)
    if (mappings.some((m) => m.extension === extension)) {
      throw new InputError(
        Inputs.LayerName,
        line,
        `names the extension '${extension}' twice; map each extension to one layer.`,
      )
    }
    const other = mappings.find((m) => m.layer === layer)
    if (other !== undefined) {
      throw new InputError(
        Inputs.LayerName,
        line,
        `publishes both '${other.extension}' and '${extension}' to the layer '${layer}': each version would replace the other's. Give each extension its own layer.`,
      )
    }
    mappings.push({ extension, layer })
  }
  return { name: undefined, mappings, attach }
}

function checkLayerName(given: string, layer: string): void {
  if (!LAYER_NAME.test(layer)) {
    throw new InputError(
      Inputs.LayerName,
      given,
      `'${layer}' is not a layer name: 1-${LambdaLimits.layerNameChars} letters, digits, - or _ (the layer is published in the account of the credentials and the region of the functions, so give its name, not an ARN).`,
    )
  }
}
