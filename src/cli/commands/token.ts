/** @module cli/commands/token — `sitrep token create --role <role>`: prints a new bearer token on its last line. */
import { parseArgs } from 'node:util'
import { pino } from 'pino'
import { boot } from '../../boot.js'
import { loadConfig } from '../../config.js'
import { ROLES, isRole } from '../../core/role.js'
import { cliContext } from '../../services/action.js'

const USAGE = `Usage: sitrep token create --role <${ROLES.join('|')}> [--name <name>]`

export async function token(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      role: { type: 'string' },
      name: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  if (values.help) {
    console.log(USAGE)
    return 0
  }
  if (positionals[0] !== 'create' || !isRole(values.role)) {
    console.error(
      values.role && !isRole(values.role)
        ? `sitrep: unknown role "${values.role}"\n${USAGE}`
        : USAGE,
    )
    return 2
  }
  const runtime = await boot(loadConfig(), { bus: false, logger: pino({ level: 'warn' }) })
  try {
    const { token: created, secret } = await runtime.services.tokens.createToken(cliContext(), {
      role: values.role,
      name: values.name,
    })
    console.log(
      `Created ${created.role} token "${created.name}" (id ${created.id}). It is shown only once:`,
    )
    console.log(secret)
    return 0
  } finally {
    await runtime.close()
  }
}
