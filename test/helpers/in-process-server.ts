/** Starts the real app on a real port inside the test process (buildApp + listen) for HTTP tests. */
import { boot, type Runtime } from '../../src/boot.js'
import { loadConfig } from '../../src/config.js'
import type { Role } from '../../src/core/role.js'
import type { Database } from '../../src/storage/db.js'
import { buildApp, type App } from '../../src/server/app.js'
import { cliContext } from '../../src/services/action.js'
import { createBackend, type Backend } from './backends.js'

export interface TestServer {
  url: string
  runtime: Runtime
  app: App
  backend: Backend
  /** How many rows a table holds: what a refused request must leave unchanged. */
  rows(table: keyof Database): Promise<number>
  /** Creates a bearer token with the role, through the same service the CLI uses. */
  token(role: Role): Promise<string>
  close(): Promise<void>
}

export async function startTestServer(
  backendName: Backend['name'],
  env: Record<string, string> = {},
): Promise<TestServer> {
  const backend = await createBackend(backendName)
  const config = loadConfig({
    PORT: '0',
    SITREP_HOST: '127.0.0.1',
    SITREP_LOG_LEVEL: process.env.SITREP_TEST_LOG_LEVEL ?? 'silent',
    // Test feeds are served from 127.0.0.1, which a production server refuses to fetch.
    SITREP_FEEDS_ALLOW_PRIVATE: 'true',
    ...backend.env,
    ...env,
  })
  const runtime = await boot(config)
  const app = await buildApp(runtime)
  const address = await app.app.listen({ port: 0, host: '127.0.0.1' })
  return {
    url: address,
    runtime,
    app,
    backend,
    token: async (role) =>
      (await runtime.services.tokens.createToken(cliContext(), { role, name: `test ${role}` }))
        .secret,
    rows: async (table) =>
      Number(
        (
          await runtime.db.kysely
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    close: async () => {
      await app.app.close()
      await runtime.close()
      await backend.cleanup()
    },
  }
}
