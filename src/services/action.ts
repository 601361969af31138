/**
 * @module services/action — one transaction per user action: who acts (and from where), the
 * change, its one audit row and its story events commit together; events go out after commit.
 */
import type { Transaction } from 'kysely'
import type { Actor } from '../core/role.js'
import type { StoryEvent } from '../core/story-event.js'
import { AppError } from '../errors.js'
import type { Database, Db } from '../storage/db.js'
import { AuditRepository } from '../storage/repositories/audit.repository.js'
import { newId } from './ids.js'

/** Injected so tests and imports can control time. */
export type Clock = () => Date

/** Hands committed events to the bus. Runs after commit, never inside a transaction. */
export type Announce = (events: StoryEvent[]) => void

/** Where an action came from, recorded on its audit row. */
export type ActionSource = 'http' | 'cli' | 'feed' | 'system'

/** Where a request or command came from, before anyone is known to be acting (signing in). */
export interface ActionOrigin {
  /** The HTTP request id, or one made per CLI command or background round. */
  requestId: string
  source: ActionSource
  /** The client address, over HTTP. */
  ip?: string
}

/**
 * Who does something, and from where: built by the server per request (`request.action()`), by
 * the CLI per command (`cliContext`) and by background work for itself (the feed poller).
 */
export interface ActionContext extends ActionOrigin {
  actor: Actor
}

/** What a service says about its change; the runner adds the actor, time, address and request. */
export interface AuditNote {
  /** `<target>.<verb>`, e.g. `update.publish`, `attribution.withdraw`. */
  action: string
  targetType: string
  targetId: string
  storySlug?: string | null
  before?: unknown
  after?: unknown
  /** Someone other than the context's actor (a failed sign-in names the e-mail tried). */
  actor?: { name: string; role: string }
}

/**
 * An action in progress: its context, its transaction and the time it happens (read once, so the
 * change, its events and its audit row agree). Passing it where a service takes an
 * `ActionContext` makes that service join this transaction instead of opening its own.
 */
export interface Action extends ActionContext {
  readonly trx: Transaction<Database>
  readonly now: Date
  /** `now` as stored. */
  readonly at: string
  /** Queues events written in this transaction; they are announced once it commits. */
  emit(...events: StoryEvent[]): void
  /**
   * Writes the action's audit row now, inside the transaction, so the change and its row commit
   * or roll back together. Once per action: in a joined service call it is a no-op, the outer
   * service describing the whole action.
   */
  audit(note: AuditNote): Promise<void>
  /** Runs after commit (clearing a cache, ending a stream); never when the action rolls back. */
  afterCommit(effect: () => void): void
}

const ACTION = Symbol('action')

/** Whether a context is an action already running (so a service called with it joins). */
export function isAction(ctx: ActionContext): ctx is Action {
  return (ctx as Partial<Record<typeof ACTION, true>>)[ACTION] === true
}

/** A unique key taken by a concurrent transaction: PostgreSQL 23505, SQLite SQLITE_CONSTRAINT_*. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code
  return (
    code === '23505' ||
    code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    code === 'SQLITE_CONSTRAINT_UNIQUE'
  )
}

export interface RunOptions {
  /**
   * Run the whole action once more when it fails on a unique key a concurrent writer took first
   * (two statements naming the same new source): the second run finds that writer's row.
   */
  retryOnUniqueViolation?: boolean
}

/** Runs actions: the one place services open write transactions. */
export class Actions {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly announce: Announce,
  ) {}

  /**
   * Runs `work` as one action. Called with an action already running, `work` joins it (same
   * transaction, same time, events announced by the outer action, its audit row dropped);
   * otherwise a transaction opens, and commits when `work` resolves.
   */
  async run<T>(
    ctx: ActionContext,
    work: (action: Action) => Promise<T>,
    options: RunOptions = {},
  ): Promise<T> {
    if (isAction(ctx)) return work(joined(ctx))
    try {
      return await this.once(ctx, work)
    } catch (error) {
      if (!options.retryOnUniqueViolation || !isUniqueViolation(error)) throw error
      return this.once(ctx, work)
    }
  }

  /**
   * Records something that changed nothing but must be on record (a failed sign-in), as an
   * action of its own.
   */
  note(ctx: ActionOrigin & { actor?: Actor }, note: AuditNote): Promise<void> {
    const actor = ctx.actor ?? { name: note.actor?.name ?? '', role: 'contributor' }
    return this.run({ ...ctx, actor }, (action) => action.audit(note))
  }

  private async once<T>(ctx: ActionContext, work: (action: Action) => Promise<T>): Promise<T> {
    const events: StoryEvent[] = []
    const effects: Array<() => void> = []
    const result = await this.db.transaction(async (trx) => {
      const now = this.clock()
      let audited = false
      const action: Action = {
        actor: ctx.actor,
        requestId: ctx.requestId,
        source: ctx.source,
        ip: ctx.ip,
        trx,
        now,
        at: now.toISOString(),
        emit: (...more) => events.push(...more),
        audit: async (note) => {
          // A second row would mean two services each think they describe the action.
          if (audited)
            throw new AppError('INTERNAL_ERROR', `One audit row per action (${note.action})`)
          audited = true
          const actor = note.actor ?? ctx.actor
          await new AuditRepository(trx).insert({
            id: newId(now.getTime()),
            at: now.toISOString(),
            actor: actor.name,
            actorRole: actor.role,
            action: note.action,
            targetType: note.targetType,
            targetId: note.targetId,
            storySlug: note.storySlug ?? null,
            before: note.before ?? null,
            after: note.after ?? null,
            ip: ctx.ip ?? '',
            requestId: ctx.requestId,
            via: ctx.source,
          })
        },
        afterCommit: (effect) => effects.push(effect),
      }
      Object.defineProperty(action, ACTION, { value: true })
      return work(action)
    })
    if (events.length > 0) this.announce(events)
    for (const effect of effects) effect()
    return result
  }
}

/** The view of a running action a joined service call gets: everything but its own audit row. */
function joined(outer: Action): Action {
  const inner: Action = { ...outer, audit: () => Promise.resolve() }
  Object.defineProperty(inner, ACTION, { value: true })
  return inner
}

/** A context for one CLI command; every change it makes is recorded with `source: 'cli'`. */
export function cliContext(actor: Actor = CLI_ACTOR): ActionContext {
  return { actor, requestId: `cli-${newId()}`, source: 'cli' }
}

/** Whoever runs `sitrep` on the server's machine: trusted like an admin. */
export const CLI_ACTOR: Actor = { name: 'cli', role: 'admin' }

/** The server itself (the first admin at first start). */
export const SYSTEM_ACTOR: Actor = { name: 'system', role: 'admin' }

export function systemContext(actor: Actor = SYSTEM_ACTOR): ActionContext {
  return { actor, requestId: `system-${newId()}`, source: 'system' }
}
