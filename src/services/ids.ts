/** @module services/ids — ids that sort by creation time, so equal timestamps still order stably. */
import { randomBytes } from 'node:crypto'

/** 17 characters: 9 of base-36 milliseconds, 8 of randomness. */
export function newId(now: number = Date.now()): string {
  const random = randomBytes(6).readUIntBE(0, 6).toString(36).padStart(8, '0').slice(-8)
  return now.toString(36).padStart(9, '0') + random
}
