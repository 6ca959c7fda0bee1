/** Every figure, in the order they run and appear in the table. */
import type { Figure } from '../figure.js'
import { startup } from './startup.js'

export const figures: readonly Figure[] = [startup]
