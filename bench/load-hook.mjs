// Loaded with `node --import` by the start-up benchmark: appends the URL of every module the
// process loads (ESM and CommonJS alike) to $BENCH_MODULE_LOG, to show which bundle chunks a run
// of the action evaluates. Child processes inherit NODE_OPTIONS; an older Node without
// module.registerHooks just logs nothing.
import { appendFileSync } from 'node:fs'
import * as mod from 'node:module'

const log = process.env.BENCH_MODULE_LOG
if (log && typeof mod.registerHooks === 'function') {
  mod.registerHooks({
    load(url, context, nextLoad) {
      appendFileSync(log, `${url}\n`)
      return nextLoad(url, context)
    },
  })
}
