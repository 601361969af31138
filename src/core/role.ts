/** @module core/role — who may do what: the role rules shared by the API, the CLI and the desk. */

export const ROLES = ['contributor', 'editor', 'admin'] as const
export type Role = (typeof ROLES)[number]

/** Actions that need a role. Reading published material needs none. */
export type Action =
  | 'story.create'
  | 'story.edit'
  | 'update.draft'
  | 'update.publish'
  | 'update.editPublished'
  | 'update.pin'
  | 'update.delete'
  | 'draft.read'
  | 'token.manage'
  | 'story.export'
  | 'media.upload'
  | 'user.manage'
  | 'audit.read'
  | 'claim.write'
  | 'claim.verdict'
  | 'claim.merge'
  | 'source.write'

const RANK: Record<Role, number> = { contributor: 1, editor: 2, admin: 3 }

const MINIMUM: Record<Action, Role> = {
  'update.draft': 'contributor',
  'draft.read': 'contributor',
  'story.create': 'editor',
  'story.edit': 'editor',
  'update.publish': 'editor',
  'update.editPublished': 'editor',
  'update.pin': 'editor',
  'update.delete': 'editor',
  'story.export': 'editor',
  // The ledger is public the moment it is written, so writing it takes the role that publishes.
  'claim.write': 'editor',
  'claim.verdict': 'editor',
  'claim.merge': 'editor',
  'source.write': 'editor',
  'token.manage': 'admin',
  'media.upload': 'contributor',
  'user.manage': 'admin',
  'audit.read': 'admin',
}

/** Roles are ordered: an editor may do everything a contributor may, an admin everything. */
export function can(role: Role, action: Action): boolean {
  return RANK[role] >= RANK[MINIMUM[action]]
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value)
}

/** Whoever makes a change: a token or a desk user. Recorded on revisions and events. */
export interface Actor {
  name: string
  role: Role
  /** Set when the actor is a desk user signed in with a session cookie. */
  userId?: string
  /** Set when the actor is a bearer token: the token's id. */
  tokenId?: string
}

/**
 * Who owns what an actor makes — its token, or else its desk user — or undefined for the server's
 * own actors (feeds, the CLI). Never the name: token names repeat ("contributor token").
 */
export function ownerOf(actor: Actor): string | undefined {
  if (actor.tokenId) return `token:${actor.tokenId}`
  if (actor.userId) return `user:${actor.userId}`
  return undefined
}
