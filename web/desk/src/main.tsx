/** The desk: sign-in, the story list, a story's workspace, account and admin pages. */
import { render } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import { api, setCsrf, whenSignedOut, type Story, type User } from './api.js'
import { Link, navigate } from './util.js'
import { AdminAudit, AdminUsers } from './admin.js'
import { Feeds } from './feeds.js'
import { InboxPage } from './inbox.js'
import { InboxReview } from './inbox-review.js'
import { SourcesPage } from './sources.js'
import { Workspace } from './workspace.js'
import './desk.css'

interface SessionBody {
  user: User
  csrf_token: string
}

function usePath(): string {
  const [path, setPath] = useState(location.pathname)
  useEffect(() => {
    const onPop = () => setPath(location.pathname)
    addEventListener('popstate', onPop)
    return () => removeEventListener('popstate', onPop)
  }, [])
  return path
}

function App() {
  const [user, setUser] = useState<User | null | undefined>(undefined)
  const path = usePath()

  useEffect(() => {
    whenSignedOut(() => setUser(null))
    api<SessionBody>('GET', '/session').then(
      (s) => {
        setCsrf(s.csrf_token)
        setUser(s.user)
      },
      () => setUser(null),
    )
  }, [])

  if (user === undefined) return <p class="loading">Loading…</p>
  if (user === null)
    return (
      <SignIn
        onSignedIn={(s) => {
          setCsrf(s.csrf_token)
          setUser(s.user)
        }}
      />
    )

  const signOut = async () => {
    await api('DELETE', '/session').catch(() => undefined)
    setCsrf('')
    setUser(null)
    navigate('/desk')
  }

  const feedsMatch = /^\/desk\/stories\/([^/]+)\/feeds\/?$/.exec(path)
  const inboxMatch = /^\/desk\/stories\/([^/]+)\/inbox(?:\/([^/]+))?\/?$/.exec(path)
  const storyMatch = /^\/desk\/stories\/([^/]+)/.exec(path)
  let page: preact.ComponentChildren
  if (user.must_change_password || path === '/desk/account')
    page = <Account user={user} onChanged={(u) => setUser(u)} />
  else if (feedsMatch) page = <Feeds slug={decodeURIComponent(feedsMatch[1] ?? '')} user={user} />
  else if (inboxMatch)
    page = inboxMatch[2] ? (
      <InboxReview
        slug={decodeURIComponent(inboxMatch[1] ?? '')}
        entryId={decodeURIComponent(inboxMatch[2])}
        user={user}
      />
    ) : (
      <InboxPage slug={decodeURIComponent(inboxMatch[1] ?? '')} user={user} />
    )
  else if (storyMatch)
    page = <Workspace slug={decodeURIComponent(storyMatch[1] ?? '')} user={user} />
  else if (path === '/desk/sources') page = <SourcesPage user={user} />
  else if (path === '/desk/admin/users' && user.role === 'admin') page = <AdminUsers self={user} />
  else if (path === '/desk/admin/audit' && user.role === 'admin') page = <AdminAudit />
  else page = <Stories user={user} />

  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="topbar">
        <Link href="/desk" class="brand">
          Sitrep desk
        </Link>
        <nav aria-label="Desk">
          <Link href="/desk">Stories</Link>
          <Link href="/desk/sources">Sources</Link>
          {user.role === 'admin' && <Link href="/desk/admin/users">Users</Link>}
          {user.role === 'admin' && <Link href="/desk/admin/audit">Audit log</Link>}
          <Link href="/desk/account">Account</Link>
        </nav>
        <span class="who" data-testid="who">
          {user.display_name} · {user.role}
        </span>
        <button type="button" class="quiet" onClick={() => void signOut()}>
          Sign out
        </button>
      </header>
      <main id="main">{page}</main>
    </>
  )
}

function SignIn(props: { onSignedIn: (s: SessionBody) => void }) {
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [error, setError] = useState('')
  const [busy, setBusy] = useState(false)
  return (
    <main id="main" class="signin">
      <h1>Sitrep desk</h1>
      <form
        onSubmit={(e) => {
          e.preventDefault()
          void (async () => {
            setBusy(true)
            setError('')
            try {
              props.onSignedIn(
                await api<SessionBody>('POST', '/session', { body: { email, password } }),
              )
            } catch (err) {
              setError(err instanceof Error ? err.message : String(err))
            } finally {
              setBusy(false)
            }
          })()
        }}
      >
        <label>
          E-mail
          <input
            type="email"
            name="email"
            autocomplete="username"
            required
            autoFocus
            value={email}
            onInput={(e) => setEmail(e.currentTarget.value)}
          />
        </label>
        <label>
          Password
          <input
            type="password"
            name="password"
            autocomplete="current-password"
            required
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
        </label>
        {error && (
          <p role="alert" class="error">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          Sign in
        </button>
      </form>
    </main>
  )
}

function Stories(props: { user: User }) {
  const [stories, setStories] = useState<Story[]>([])
  const [title, setTitle] = useState('')
  const [slug, setSlug] = useState('')
  const [error, setError] = useState('')
  useEffect(() => {
    api<{ items: Story[] }>('GET', '/stories?limit=200').then(
      (r) => setStories(r.items),
      () => {},
    )
  }, [])
  const canCreate = props.user.role !== 'contributor'
  return (
    <section class="page">
      <h1>Stories</h1>
      {canCreate && (
        <form
          class="row"
          aria-label="New story"
          onSubmit={(e) => {
            e.preventDefault()
            void (async () => {
              setError('')
              try {
                const story = await api<Story>('POST', '/stories', {
                  body: { title, ...(slug.trim() ? { slug: slug.trim() } : {}) },
                })
                navigate(`/desk/stories/${story.slug}`)
              } catch (err) {
                setError(err instanceof Error ? err.message : String(err))
              }
            })()
          }}
        >
          <label>
            New story title
            <input required value={title} onInput={(e) => setTitle(e.currentTarget.value)} />
          </label>
          <label>
            Slug (optional)
            <input
              value={slug}
              pattern="[a-z0-9-]+"
              onInput={(e) => setSlug(e.currentTarget.value)}
            />
          </label>
          <button type="submit">Create story</button>
          {error && (
            <p role="alert" class="error">
              {error}
            </p>
          )}
        </form>
      )}
      <ul class="stories">
        {stories.map((s) => (
          <li key={s.id}>
            <Link href={`/desk/stories/${s.slug}`}>{s.title}</Link>{' '}
            <span class={`badge ${s.status}`}>{s.status}</span>
          </li>
        ))}
        {stories.length === 0 && <li class="muted">No stories yet.</li>}
      </ul>
    </section>
  )
}

function Account(props: { user: User; onChanged: (u: User) => void }) {
  const [current, setCurrent] = useState('')
  const [next, setNext] = useState('')
  const [message, setMessage] = useState('')
  const [error, setError] = useState('')
  return (
    <section class="page narrow">
      <h1>Your account</h1>
      <p>
        {props.user.email} · {props.user.role}
      </p>
      {props.user.must_change_password && (
        <p role="status" class="notice">
          You signed in with a generated password. Choose your own to go on.
        </p>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault()
          void (async () => {
            setError('')
            setMessage('')
            try {
              await api('POST', '/account/password', {
                body: { current_password: current, new_password: next },
              })
              setCurrent('')
              setNext('')
              setMessage('Password changed. Your other sessions have ended.')
              // Stay on this page (a forced change was shown in place of any page).
              if (location.pathname !== '/desk/account') navigate('/desk/account')
              props.onChanged({ ...props.user, must_change_password: false })
            } catch (err) {
              setError(err instanceof Error ? err.message : String(err))
            }
          })()
        }}
      >
        <label>
          Current password
          <input
            type="password"
            autocomplete="current-password"
            required
            value={current}
            onInput={(e) => setCurrent(e.currentTarget.value)}
          />
        </label>
        <label>
          New password (at least 12 characters, not a common one)
          <input
            type="password"
            autocomplete="new-password"
            minLength={12}
            required
            value={next}
            onInput={(e) => setNext(e.currentTarget.value)}
          />
        </label>
        {error && (
          <p role="alert" class="error">
            {error}
          </p>
        )}
        {message && <p role="status">{message}</p>}
        <button type="submit">Change password</button>
      </form>
    </section>
  )
}

render(<App />, document.getElementById('app') as HTMLElement)
