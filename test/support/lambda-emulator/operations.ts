/** Every operation the emulator answers, one list per resource module. */
import { ALIAS_OPERATIONS } from './aliases.js'
import { CONFIGURATION_OPERATIONS } from './configuration.js'
import { FUNCTION_OPERATIONS } from './functions.js'
import { invokeFunction } from './invoke.js'
import { LAYER_OPERATIONS } from './layers.js'
import type { OperationDef } from './operation.js'
import type { Operation } from './types.js'
import { VERSION_OPERATIONS } from './versions.js'

export const OPERATIONS: readonly OperationDef[] = [
  ...FUNCTION_OPERATIONS,
  ...VERSION_OPERATIONS,
  ...ALIAS_OPERATIONS,
  ...CONFIGURATION_OPERATIONS,
  invokeFunction,
  ...LAYER_OPERATIONS,
]

export const WRITE_OPERATIONS: readonly Operation[] = OPERATIONS.filter((o) => o.write).map(
  (o) => o.name,
)
