/** @module core/user — desk accounts: e-mail and password rules, generated passwords. Pure, no I/O. */
import type { Role } from './role.js'

/** A person who signs in to the desk. The password hash never leaves the storage layer. */
export interface User {
  id: string
  /** Lower-cased; unique. */
  email: string
  /** Shown on bylines and presence; defaults to the part of the e-mail before the @. */
  displayName: string
  role: Role
  active: boolean
  /** Set for generated passwords (the first admin, invitations): the desk asks for a new one. */
  mustChangePassword: boolean
  createdAt: string
  updatedAt: string
  deactivatedAt: string | null
  lastLoginAt: string | null
}

export const PASSWORD_MIN_LENGTH = 8
export const PASSWORD_MAX_LENGTH = 256

/** Lower-cases and trims an e-mail; undefined when it does not look like one. */
export function normaliseEmail(raw: string): string | undefined {
  const email = raw.trim().toLowerCase()
  if (email.length > 254 || !/^[^\s@<>"]+@[^\s@<>"]+$/.test(email)) return undefined
  return email
}

/** Why a password is refused, or undefined when it is acceptable. */
export function passwordProblem(password: string): string | undefined {
  if (password.length < PASSWORD_MIN_LENGTH)
    return `The password must have at least ${PASSWORD_MIN_LENGTH} characters`
  if (password.length > PASSWORD_MAX_LENGTH)
    return `The password must have at most ${PASSWORD_MAX_LENGTH} characters`
  return undefined
}

/** The default display name: the e-mail's local part. */
export const defaultDisplayName = (email: string): string => email.split('@')[0] ?? email

const ALPHABET = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789'

/**
 * A password of `length` characters from an alphabet without look-alikes (0/O, 1/l/I), drawn
 * with rejection sampling so every character is equally likely (about 5.8 bits each).
 * @example generatePassword((n) => crypto.getRandomValues(new Uint8Array(n)))
 */
export function generatePassword(randomBytes: (n: number) => Uint8Array, length = 20): string {
  let out = ''
  const limit = 256 - (256 % ALPHABET.length)
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < limit && out.length < length) out += ALPHABET[byte % ALPHABET.length]
    }
  }
  return out
}
