/** Admin pages: invite users, change roles, deactivate; the audit log with filters. */
import { useEffect, useState } from 'preact/hooks'
import { api, type User } from './api.js'
import { errorText } from './util.js'

const ROLES = ['contributor', 'editor', 'admin'] as const

export function AdminUsers(props: { self: User }) {
  const [users, setUsers] = useState<User[]>([])
  const [email, setEmail] = useState('')
  const [role, setRole] = useState<(typeof ROLES)[number]>('contributor')
  const [shown, setShown] = useState<{ email: string; password: string } | null>(null)
  const [error, setError] = useState('')
  const load = () =>
    api<{ items: User[] }>('GET', '/users').then(
      (r) => setUsers(r.items),
      (e) => setError(errorText(e)),
    )
  useEffect(() => {
    void load()
  }, [])

  const act = async (work: () => Promise<unknown>) => {
    setError('')
    try {
      await work()
      await load()
    } catch (err) {
      setError(errorText(err))
    }
  }

  return (
    <section class="page">
      <h1>Users</h1>
      <form
        class="row"
        aria-label="Invite a user"
        onSubmit={(e) => {
          e.preventDefault()
          void act(async () => {
            const r = await api<{ user: User; password: string }>('POST', '/users', {
              body: { email, role },
            })
            setShown({ email: r.user.email, password: r.password })
            setEmail('')
          })
        }}
      >
        <label>
          E-mail
          <input
            type="email"
            required
            value={email}
            onInput={(e) => setEmail(e.currentTarget.value)}
          />
        </label>
        <label>
          Role
          <select value={role} onChange={(e) => setRole(e.currentTarget.value as typeof role)}>
            {ROLES.map((r) => (
              <option value={r}>{r}</option>
            ))}
          </select>
        </label>
        <button type="submit">Invite</button>
      </form>
      {shown && (
        <p role="status" class="notice">
          Give {shown.email} this password; it is shown only now and must be changed at first
          sign-in: <code data-testid="invite-password">{shown.password}</code>
        </p>
      )}
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      <table class="users">
        <thead>
          <tr>
            <th scope="col">E-mail</th>
            <th scope="col">Name</th>
            <th scope="col">Role</th>
            <th scope="col">State</th>
            <th scope="col">Last sign-in</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.id} data-email={u.email}>
              <td>{u.email}</td>
              <td>{u.display_name}</td>
              <td>
                <select
                  aria-label={`Role of ${u.email}`}
                  value={u.role}
                  onChange={(e) => {
                    const next = e.currentTarget.value
                    void act(() => api('PATCH', `/users/${u.id}`, { body: { role: next } }))
                  }}
                >
                  {ROLES.map((r) => (
                    <option value={r}>{r}</option>
                  ))}
                </select>
              </td>
              <td>{u.active ? 'active' : 'deactivated'}</td>
              <td>{u.last_login_at ? new Date(u.last_login_at).toLocaleString() : '—'}</td>
              <td>
                {u.id !== props.self.id && (
                  <button
                    type="button"
                    class="quiet"
                    onClick={() =>
                      void act(() =>
                        api('PATCH', `/users/${u.id}`, { body: { active: !u.active } }),
                      )
                    }
                  >
                    {u.active ? 'Deactivate' : 'Reactivate'}
                  </button>
                )}{' '}
                <button
                  type="button"
                  class="quiet"
                  onClick={() =>
                    void act(async () => {
                      const r = await api<{ password: string }>(
                        'POST',
                        `/users/${u.id}/password-reset`,
                      )
                      setShown({ email: u.email, password: r.password })
                    })
                  }
                >
                  Reset password
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}

interface Entry {
  id: string
  at: string
  actor: string
  actor_role: string
  action: string
  target_type: string
  target_id: string
  story: string | null
  before: unknown
  after: unknown
}

export function AdminAudit() {
  const [filters, setFilters] = useState({ actor: '', action: '', story: '' })
  const [entries, setEntries] = useState<Entry[]>([])
  const [next, setNext] = useState<string | null>(null)
  const [error, setError] = useState('')
  const query = (before?: string) => {
    const q = new URLSearchParams()
    for (const [k, v] of Object.entries(filters)) if (v.trim()) q.set(k, v.trim())
    if (before) q.set('before', before)
    return `/audit?${q.toString()}`
  }
  const load = async (before?: string) => {
    setError('')
    try {
      const r = await api<{ items: Entry[]; next_cursor: string | null }>('GET', query(before))
      setEntries(before ? [...entries, ...r.items] : r.items)
      setNext(r.next_cursor)
    } catch (err) {
      setError(errorText(err))
    }
  }
  useEffect(() => {
    void load()
  }, [])
  return (
    <section class="page">
      <h1>Audit log</h1>
      <form
        class="row"
        aria-label="Filter the audit log"
        onSubmit={(e) => {
          e.preventDefault()
          void load()
        }}
      >
        {(['actor', 'action', 'story'] as const).map((k) => (
          <label key={k}>
            {k === 'action' ? 'Action (or prefix, e.g. user.)' : k[0]?.toUpperCase() + k.slice(1)}
            <input
              value={filters[k]}
              onInput={(e) => setFilters({ ...filters, [k]: e.currentTarget.value })}
            />
          </label>
        ))}
        <button type="submit">Filter</button>
      </form>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      <table class="audit">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col">What</th>
            <th scope="col">Target</th>
            <th scope="col">Before → after</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.id}>
              <td>{new Date(e.at).toLocaleString()}</td>
              <td>
                {e.actor} <span class="muted">{e.actor_role}</span>
              </td>
              <td>
                <code>{e.action}</code>
              </td>
              <td>
                {e.target_type} {e.story ? `in ${e.story}` : ''}{' '}
                <span class="muted">{e.target_id}</span>
              </td>
              <td>
                {(e.before !== null || e.after !== null) && (
                  <details>
                    <summary>Show</summary>
                    <div class="pair">
                      <pre aria-label="Before">{JSON.stringify(e.before, null, 1)}</pre>
                      <pre aria-label="After">{JSON.stringify(e.after, null, 1)}</pre>
                    </div>
                  </details>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {next && (
        <button type="button" onClick={() => void load(next)}>
          Older entries
        </button>
      )}
    </section>
  )
}
