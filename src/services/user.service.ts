/** @module services/user — desk accounts and sessions: sign-in, sign-out, passwords, roles, deactivation. */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { hash, verify } from '@node-rs/argon2'
import type { Actor, Role } from '../core/role.js'
import {
  defaultDisplayName,
  generatePassword,
  normaliseEmail,
  passwordProblem,
  type User,
} from '../core/user.js'
import { AppError } from '../errors.js'
import type { Db } from '../storage/db.js'
import { UserRepository, type Session } from '../storage/repositories/user.repository.js'
import {
  isUniqueViolation,
  systemContext,
  type ActionContext,
  type ActionOrigin,
  type Actions,
} from './action.js'
import { newId } from './ids.js'
import { chosenPasswordProblem } from './password-policy.js'
import type { Clock } from './services.js'
import { assertCan } from './story.service.js'

/** OWASP's argon2id minimum (19 MiB, 2 passes); about 30 ms here, so sign-in stays quick. */
// `algorithm: 2` is Argon2id (a const enum in the typings, which verbatimModuleSyntax cannot import).
const ARGON2 = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 }

const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex')

export interface SessionOptions {
  /** A session unused for this long ends, in ms. */
  idleMs: number
  /** A session ends this long after sign-in whatever its use, in ms. */
  maxAgeMs: number
}

/** A signed-in desk user, as every request sees it. */
export interface SignedIn {
  user: User
  session: Session
  actor: Actor
}

export const actorOf = (user: User): Actor => ({
  name: user.displayName || user.email,
  role: user.role,
  userId: user.id,
})

/** What the audit log keeps of a user: never a password or its hash. */
export const auditUser = (user: User) => ({
  email: user.email,
  display_name: user.displayName,
  role: user.role,
  active: user.active,
})

/** The verb of a user edit, as the audit log names it: the most telling change wins. */
export function editVerb(before: User, after: User): string {
  if (before.active && !after.active) return 'user.deactivate'
  if (!before.active && after.active) return 'user.reactivate'
  if (before.role !== after.role) return 'user.role_change'
  return 'user.edit'
}

export class UserService {
  /** Verified against when the e-mail is unknown, so a wrong e-mail takes as long as a wrong password. */
  private dummyHash: Promise<string> | undefined

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly actions: Actions,
    private readonly options: SessionOptions,
  ) {}

  private get users(): UserRepository {
    return new UserRepository(this.db.kysely)
  }

  /**
   * Adds a user. Without a password one is generated and returned (shown once), and the user
   * must change it at first sign-in.
   */
  async createUser(
    ctx: ActionContext,
    input: { email: string; role: Role; password?: string; displayName?: string },
  ): Promise<{ user: User; password: string; generated: boolean }> {
    assertCan(ctx.actor, 'user.manage')
    const email = normaliseEmail(input.email)
    if (!email)
      throw new AppError('REQUEST_VALIDATION_FAILED', `"${input.email}" is not an e-mail address`, {
        field: 'email',
      })
    const generated = input.password === undefined
    const password = input.password ?? generatePassword((n) => randomBytes(n))
    const problem = passwordProblem(password)
    if (problem) throw new AppError('REQUEST_VALIDATION_FAILED', problem, { field: 'password' })
    // A password someone chose for the user meets the same rules as one the user chooses.
    const weak = generated
      ? undefined
      : chosenPasswordProblem(password, [email, input.displayName ?? ''])
    if (weak) throw new AppError('USER_PASSWORD_WEAK', weak, { field: 'password' })
    if (await this.users.findCredentials(email)) throw emailTaken(email)
    // Hashed before the transaction opens, so no writer waits on argon2.
    const passwordHash = await hash(password, ARGON2)
    try {
      const user = await this.actions.run(ctx, async (action) => {
        const user = newUser(email, input, generated, action.at)
        await new UserRepository(action.trx).insert(user, passwordHash)
        await action.audit({
          action: 'user.create',
          targetType: 'user',
          targetId: user.id,
          after: auditUser(user),
        })
        return user
      })
      return { user, password, generated }
    } catch (error) {
      // Two writers racing on the same e-mail: the unique index decides.
      if (isUniqueViolation(error)) throw emailTaken(email, error)
      throw error
    }
  }

  /** On first start: an admin with a generated password, or undefined when any user exists. */
  async ensureFirstAdmin(email: string): Promise<{ user: User; password: string } | undefined> {
    if ((await this.users.count()) > 0) return undefined
    try {
      return await this.createUser(systemContext(), { email, role: 'admin' })
    } catch (error) {
      // Another process started at the same moment and made it.
      if (error instanceof AppError && error.code === 'USER_EMAIL_TAKEN') return undefined
      throw error
    }
  }

  /**
   * Checks the password and opens a new session, ending `previous` (the one this browser held).
   * The cookie value is random and returned once; only its hash is stored. A fresh id at every
   * sign-in rules out session fixation. A refused sign-in is on record too, naming the e-mail.
   */
  async signIn(
    origin: ActionOrigin,
    input: { email: string; password: string; userAgent: string; previous?: Session },
  ): Promise<{ user: User; cookieValue: string; csrfToken: string; session: Session }> {
    const email = normaliseEmail(input.email) ?? input.email.trim().toLowerCase()
    const found = await this.users.findCredentials(email)
    const passwordHash = found?.passwordHash ?? (await this.getDummyHash())
    const ok = await verify(passwordHash, input.password).catch(() => false)
    if (!found || !ok || !found.user.active) {
      await this.actions.note(origin, {
        action: 'session.sign_in_failed',
        targetType: 'session',
        targetId: email,
        actor: { name: email, role: '' },
      })
      throw new AppError('AUTH_INVALID_CREDENTIALS')
    }
    const { user } = found
    const cookieValue = randomBytes(32).toString('base64url')
    return this.actions.run({ ...origin, actor: actorOf(user) }, async (action) => {
      const users = new UserRepository(action.trx)
      const session: Session = {
        idHash: sha256(cookieValue),
        userId: user.id,
        csrfToken: randomBytes(32).toString('base64url'),
        createdAt: action.at,
        lastSeenAt: action.at,
        expiresAt: new Date(action.now.getTime() + this.options.idleMs).toISOString(),
        userAgent: input.userAgent.slice(0, 300),
        ip: origin.ip ?? '',
      }
      if (input.previous) await users.deleteSession(input.previous.idHash)
      await users.insertSession(session)
      await users.update(user.id, { lastLoginAt: action.at })
      // Now and then, sweep sessions nobody will use again.
      if (Math.random() < 0.05) await users.deleteExpiredSessions(action.at)
      await action.audit({ action: 'session.sign_in', targetType: 'user', targetId: user.id })
      return { user, cookieValue, csrfToken: session.csrfToken, session }
    })
  }

  /**
   * The user behind a session cookie, read from the database on every request, so a
   * deactivation or sign-out elsewhere takes effect at once. Undefined when unknown or ended.
   */
  async resolveSession(cookieValue: string): Promise<SignedIn | undefined> {
    if (!cookieValue || cookieValue.length > 100) return undefined
    const idHash = sha256(cookieValue)
    const found = await this.users.findSession(idHash)
    if (!found) return undefined
    const { session, user } = found
    const now = this.clock()
    const expired =
      Date.parse(session.expiresAt) <= now.getTime() ||
      Date.parse(session.createdAt) + this.options.maxAgeMs <= now.getTime()
    if (expired || !user.active) {
      await this.users.deleteSession(idHash)
      return undefined
    }
    // Slide the idle deadline, but write at most once a minute per session.
    if (now.getTime() - Date.parse(session.lastSeenAt) > 60_000) {
      await this.users.touchSession(
        idHash,
        now.toISOString(),
        new Date(now.getTime() + this.options.idleMs).toISOString(),
      )
    }
    return { user, session, actor: actorOf(user) }
  }

  /**
   * Whether a session (by its hash) still stands: not ended, not expired, its user active. For
   * long-lived streams that re-check their right to stay open; unlike resolveSession it writes
   * nothing.
   */
  async isSessionActive(idHash: string): Promise<boolean> {
    const found = await this.users.findSession(idHash)
    if (!found || !found.user.active) return false
    const now = this.clock().getTime()
    return (
      Date.parse(found.session.expiresAt) > now &&
      Date.parse(found.session.createdAt) + this.options.maxAgeMs > now
    )
  }

  /** Ends the signed-in user's session at once. */
  async signOut(origin: ActionOrigin, signedIn: SignedIn): Promise<void> {
    await this.actions.run({ ...origin, actor: signedIn.actor }, async (action) => {
      await new UserRepository(action.trx).deleteSession(signedIn.session.idHash)
      await action.audit({
        action: 'session.sign_out',
        targetType: 'user',
        targetId: signedIn.user.id,
      })
    })
  }

  /** Constant-time comparison of the CSRF token a request sent with its session's. */
  static csrfMatches(session: Session, sent: string | undefined): boolean {
    if (!sent) return false
    const a = Buffer.from(session.csrfToken)
    const b = Buffer.from(sent)
    return a.length === b.length && timingSafeEqual(a, b)
  }

  /**
   * Changes one's own password; every other session of the user ends. The new one must differ
   * from the current one (a forced change would otherwise keep the one-time password) and pass
   * the rules of `password-policy.ts`.
   */
  async changePassword(
    origin: ActionOrigin,
    signedIn: SignedIn,
    current: string,
    next: string,
  ): Promise<void> {
    const stored = await this.users.passwordHashOf(signedIn.user.id)
    if (!stored || !(await verify(stored, current).catch(() => false)))
      throw new AppError('USER_PASSWORD_MISMATCH')
    const problem = passwordProblem(next)
    if (problem) throw new AppError('REQUEST_VALIDATION_FAILED', problem, { field: 'new_password' })
    if (next === current)
      throw new AppError(
        'USER_PASSWORD_WEAK',
        'The new password must differ from the current one',
        {
          field: 'new_password',
        },
      )
    const weak = chosenPasswordProblem(next, [signedIn.user.email, signedIn.user.displayName])
    if (weak) throw new AppError('USER_PASSWORD_WEAK', weak, { field: 'new_password' })
    const passwordHash = await hash(next, ARGON2)
    await this.actions.run({ ...origin, actor: signedIn.actor }, async (action) => {
      const users = new UserRepository(action.trx)
      await users.update(signedIn.user.id, {
        passwordHash,
        mustChangePassword: false,
        updatedAt: action.at,
      })
      await users.deleteSessionsOf(signedIn.user.id, signedIn.session.idHash)
      await action.audit({
        action: 'user.password_change',
        targetType: 'user',
        targetId: signedIn.user.id,
      })
    })
  }

  async listUsers(actor: Actor): Promise<User[]> {
    assertCan(actor, 'user.manage')
    return this.users.list()
  }

  async getUser(actor: Actor, id: string): Promise<User> {
    assertCan(actor, 'user.manage')
    return this.mustFind(id)
  }

  /**
   * Changes role, display name or active state. Deactivation ends every session at once;
   * the last active admin can be neither demoted nor deactivated.
   */
  async editUser(
    ctx: ActionContext,
    id: string,
    changes: { role?: Role; displayName?: string; active?: boolean },
  ): Promise<{ before: User; after: User }> {
    assertCan(ctx.actor, 'user.manage')
    return this.actions.run(ctx, async (action) => {
      const users = new UserRepository(action.trx)
      const before = await users.findById(id)
      if (!before) throw new AppError('USER_NOT_FOUND', `No user with the id "${id}"`)
      const losesAdmin =
        before.role === 'admin' &&
        before.active &&
        ((changes.role !== undefined && changes.role !== 'admin') || changes.active === false)
      if (losesAdmin) {
        const admins = (await users.list()).filter((u) => u.role === 'admin' && u.active)
        if (admins.length <= 1) throw new AppError('USER_LAST_ADMIN')
      }
      await users.update(id, {
        role: changes.role,
        displayName: changes.displayName?.trim() || undefined,
        active: changes.active,
        deactivatedAt:
          changes.active === false && before.active
            ? action.at
            : changes.active === true
              ? null
              : undefined,
        updatedAt: action.at,
      })
      // Roles are read afresh on every request, so only deactivation needs to end sessions.
      if (changes.active === false) await users.deleteSessionsOf(id)
      const after = (await users.findById(id)) ?? before
      await action.audit({
        action: editVerb(before, after),
        targetType: 'user',
        targetId: id,
        before: auditUser(before),
        after: auditUser(after),
      })
      return { before, after }
    })
  }

  /** Sets a new generated password (shown once) and ends the user's sessions. */
  async resetPassword(ctx: ActionContext, id: string): Promise<{ user: User; password: string }> {
    assertCan(ctx.actor, 'user.manage')
    const user = await this.mustFind(id)
    const password = generatePassword((n) => randomBytes(n))
    const passwordHash = await hash(password, ARGON2)
    await this.actions.run(ctx, async (action) => {
      const users = new UserRepository(action.trx)
      await users.update(id, { passwordHash, mustChangePassword: true, updatedAt: action.at })
      await users.deleteSessionsOf(id)
      await action.audit({ action: 'user.password_reset', targetType: 'user', targetId: id })
    })
    return { user, password }
  }

  private async mustFind(id: string): Promise<User> {
    const user = await this.users.findById(id)
    if (!user) throw new AppError('USER_NOT_FOUND', `No user with the id "${id}"`)
    return user
  }

  private getDummyHash(): Promise<string> {
    return (this.dummyHash ??= hash(randomBytes(16).toString('hex'), ARGON2))
  }
}

function emailTaken(email: string, cause?: unknown): AppError {
  return new AppError(
    'USER_EMAIL_TAKEN',
    `A user with the e-mail "${email}" already exists`,
    undefined,
    cause === undefined ? undefined : { cause },
  )
}

function newUser(
  email: string,
  input: { role: Role; displayName?: string },
  generated: boolean,
  at: string,
): User {
  return {
    id: newId(),
    email,
    displayName: input.displayName?.trim() || defaultDisplayName(email),
    role: input.role,
    active: true,
    mustChangePassword: generated,
    createdAt: at,
    updatedAt: at,
    deactivatedAt: null,
    lastLoginAt: null,
  }
}
