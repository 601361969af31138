// Writes docs/openapi.json from the route schemas (a test fails when it is stale): `npm run generate`.
import fs from 'node:fs'
import { boot } from '../src/boot.js'
import { loadConfig } from '../src/config.js'
import { buildApp } from '../src/server/app.js'
import { tempDir } from '../test/helpers/backends.js'

const runtime = await boot(
  loadConfig({ SITREP_DATA: tempDir('sitrep-openapi-'), SITREP_LOG_LEVEL: 'silent' }),
)
const { app } = await buildApp(runtime)
await app.ready()
fs.writeFileSync('docs/openapi.json', JSON.stringify(app.swagger(), null, 2) + '\n')
await app.close()
await runtime.close()
console.log('wrote docs/openapi.json')
