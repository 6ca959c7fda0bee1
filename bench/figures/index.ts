/** Every figure, in the order they run and appear in the table. */
import type { Figure } from '../figure.js'
import { binarySize } from './binary-size.js'
import { cacheEfficiency } from './cache.js'
import { coldInstall } from './cold-install.js'
import { deploy } from './deploy.js'
import { planFigure } from './plan.js'
import { scale } from './scale.js'
import { startup } from './startup.js'
import { verifyOverhead } from './verify.js'
import { incremental, warmOverhead } from './warm.js'

export const figures: readonly Figure[] = [
  warmOverhead,
  incremental,
  coldInstall,
  verifyOverhead,
  binarySize,
  cacheEfficiency,
  deploy,
  startup,
  planFigure,
  scale,
]
