// Patches to the pinned dynalite (package-lock.json), applied by scripts/local-aws install after `npm ci`.
// Each one fixes an emulator bug that real DynamoDB does not have; each must match the installed source
// exactly, else install fails (a new dynalite version needs these reviewed, not silently skipped).
//
// 1. db/index.js, the prefixed sub-database's createKeyStream read every key of the whole store and
//    filtered by prefix, so ListTagsOfResource, ListTables and DeleteTable cost time in proportion to all
//    items of all tables (0.46 s of CPU for ListTagsOfResource beside a 200,000-item table, which a backup
//    export's settings snapshot reads while it scans). Now it reads only its own key range, as the same
//    wrapper's createValueStream already did.
'use strict'
const fs = require('fs')
const path = require('path')

const patches = [
  {
    file: 'db/index.js',
    from: `        const mainStream = mainDb.createKeyStream(options)`,
    to: `        // ddbr patch (scripts/dynalite/patches.js): read only this sub-database's key range
        const bounded = { ...options }
        if (bounded.gte) bounded.gte = prefix + bounded.gte
        else if (bounded.gt) bounded.gt = prefix + bounded.gt
        else bounded.gte = prefix
        if (bounded.lte) bounded.lte = prefix + bounded.lte
        else if (bounded.lt) bounded.lt = prefix + bounded.lt
        else bounded.lt = prefix + '\\xFF'
        const mainStream = mainDb.createKeyStream(bounded)`,
  },
]

const root = path.join(__dirname, 'node_modules', 'dynalite')
for (const p of patches) {
  const file = path.join(root, p.file)
  const src = fs.readFileSync(file, 'utf8')
  if (src.includes(p.to)) continue
  const at = src.indexOf(p.from)
  if (at < 0 || src.indexOf(p.from, at + 1) >= 0) {
    console.error(`dynalite patch does not apply to ${p.file}: the source differs from dynalite 4.0.0's; review scripts/dynalite/patches.js`)
    process.exit(1)
  }
  fs.writeFileSync(file, src.slice(0, at) + p.to + src.slice(at + p.from.length))
}
