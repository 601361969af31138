// Writes docs/errors.md from the catalog in src/errors.ts (a test fails when it is stale).
import fs from 'node:fs'
import { ERRORS } from '../src/errors.js'

const rows = Object.entries(ERRORS).map(
  ([code, { status, message }]) => `| \`${code}\` | ${status} | ${message} |`,
)
const page = `# Error catalog

Every error the API returns has this shape, with a stable \`code\` from the table below:

\`\`\`json
{ "error": { "code": "UPDATE_VERSION_CONFLICT", "message": "The update has changed since you read it", "details": { "current_version": 3 } } }
\`\`\`

Codes are never renamed or reused. \`src/errors.ts\` is the source; \`npm run generate\` rewrites this
page and \`docs/openapi.json\`, and a test fails when either is stale.

| code | HTTP | meaning |
|---|---:|---|
${rows.join('\n')}

Notes:

- Validation errors carry \`details.part\` (\`body\`, \`querystring\`, \`params\`, \`headers\`) and \`details.field\`
  (a dotted path such as \`media.0.alt\`).
- Version conflicts (412) carry \`details.current_version\` and \`details.current\`, the object as it is now,
  so a client can show both versions and merge.
- Unknown errors are logged with the request id (\`x-request-id\` header) and answered as \`INTERNAL_ERROR\`
  without any internal detail.
`
fs.writeFileSync('docs/errors.md', page)
console.log('wrote docs/errors.md')
