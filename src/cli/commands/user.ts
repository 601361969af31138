/** @module cli/commands/user — `sitrep user add|list|role|deactivate|activate`: desk accounts from the shell. */
import { parseArgs } from 'node:util'
import { pino } from 'pino'
import { boot } from '../../boot.js'
import { loadConfig } from '../../config.js'
import { ROLES, isRole } from '../../core/role.js'
import { normaliseEmail } from '../../core/user.js'
import { cliContext } from '../../services/action.js'

const USAGE = `Usage:
  sitrep user add --email <email> --role <${ROLES.join('|')}> [--password <password>] [--name <display name>]
      Without --password a password is generated and printed once; the user changes it at first sign-in.
  sitrep user list
  sitrep user role --email <email> --role <role>
  sitrep user deactivate --email <email>     Ends the user's sessions at once
  sitrep user activate --email <email>`

export async function user(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      email: { type: 'string' },
      role: { type: 'string' },
      password: { type: 'string' },
      name: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  const sub = positionals[0]
  if (values.help) {
    console.log(USAGE)
    return 0
  }
  if (!sub || !['add', 'list', 'role', 'deactivate', 'activate'].includes(sub)) {
    console.error(USAGE)
    return 2
  }
  if ((sub === 'add' || sub === 'role') && !isRole(values.role)) {
    console.error(
      values.role
        ? `sitrep: unknown role "${values.role}"\n${USAGE}`
        : `sitrep: --role is required\n${USAGE}`,
    )
    return 2
  }
  if (sub !== 'list' && !values.email) {
    console.error(`sitrep: --email is required\n${USAGE}`)
    return 2
  }
  const runtime = await boot(loadConfig(), { bus: false, logger: pino({ level: 'warn' }) })
  const users = runtime.services.users
  try {
    if (sub === 'list') {
      const all = await runtime.db.kysely
        .selectFrom('app_user')
        .selectAll()
        .orderBy('email')
        .execute()
      for (const u of all)
        console.log(
          `${u.email}\t${u.role}\t${Number(u.active) === 1 ? 'active' : 'deactivated'}\t${u.id}`,
        )
      return 0
    }
    if (sub === 'add') {
      const {
        user: created,
        password,
        generated,
      } = await users.createUser(cliContext(), {
        email: values.email ?? '',
        role: values.role as (typeof ROLES)[number],
        password: values.password,
        displayName: values.name,
      })
      console.log(`Added ${created.role} ${created.email} (id ${created.id}).`)
      if (generated) {
        console.log('Generated password, shown only once (it must be changed at first sign-in):')
        console.log(password)
      }
      return 0
    }
    const email = normaliseEmail(values.email ?? '') ?? ''
    const found = await runtime.db.kysely
      .selectFrom('app_user')
      .select('id')
      .where('email', '=', email)
      .executeTakeFirst()
    if (!found) {
      console.error(`sitrep: no user with the e-mail "${values.email}"`)
      return 1
    }
    const changes =
      sub === 'role'
        ? { role: values.role as (typeof ROLES)[number] }
        : { active: sub === 'activate' }
    const { after } = await users.editUser(cliContext(), found.id, changes)
    console.log(`${after.email}: ${after.role}, ${after.active ? 'active' : 'deactivated'}`)
    return 0
  } finally {
    await runtime.close()
  }
}
