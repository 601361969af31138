/** @module server/api/users/users.schema — desk accounts as the API shows them (never a password hash). */
import { Type } from 'typebox'
import { ROLES } from '../../../core/role.js'
import type { User } from '../../../core/user.js'

export const RoleSchema = Type.Union(ROLES.map((r) => Type.Literal(r)))

export const UserSchema = Type.Object(
  {
    id: Type.String(),
    email: Type.String(),
    display_name: Type.String(),
    role: RoleSchema,
    active: Type.Boolean(),
    must_change_password: Type.Boolean(),
    created_at: Type.String(),
    updated_at: Type.String(),
    deactivated_at: Type.Union([Type.String(), Type.Null()]),
    last_login_at: Type.Union([Type.String(), Type.Null()]),
  },
  { $id: 'User' },
)

export const presentUser = (user: User) => ({
  id: user.id,
  email: user.email,
  display_name: user.displayName,
  role: user.role,
  active: user.active,
  must_change_password: user.mustChangePassword,
  created_at: user.createdAt,
  updated_at: user.updatedAt,
  deactivated_at: user.deactivatedAt,
  last_login_at: user.lastLoginAt,
})
