/** The desk in Chromium against a real `sitrep serve`: the journeys of issue 4, with screenshots. */
import fs from 'node:fs'
import path from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempDir } from '../helpers/backends.js'
import { launchChromium, signInThroughDesk } from '../helpers/browser.js'
import { realJpeg } from '../helpers/images.js'
import { runCli, spawnServer, type ServerProcess } from '../helpers/process-server.js'

const SHOTS = path.resolve('test-results/desk')
const PASSWORD = 'correct horse battery'

describe('the desk in Chromium', () => {
  let server: ServerProcess
  let browser: Browser
  let env: Record<string, string>
  let imageFile: string
  const contexts: BrowserContext[] = []

  async function signedInPage(email: string, width = 1280): Promise<Page> {
    const context = await browser.newContext({ viewport: { width, height: 900 } })
    contexts.push(context)
    const page = await context.newPage()
    await signInThroughDesk(page, server.url, email, PASSWORD)
    return page
  }

  const card = (page: Page, headline: string) =>
    page.locator('li.update').filter({ has: page.getByRole('heading', { name: headline }) })

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true })
    const data = tempDir()
    env = { SITREP_DATA: data }
    imageFile = path.join(data, 'ferry.jpg')
    fs.writeFileSync(imageFile, await realJpeg(1200, 800))
    server = await spawnServer(env)
    await runCli(env, [
      'user',
      'add',
      '--email',
      'ana@example.org',
      '--role',
      'editor',
      '--password',
      PASSWORD,
    ])
    await runCli(env, [
      'user',
      'add',
      '--email',
      'ben@example.org',
      '--role',
      'editor',
      '--password',
      PASSWORD,
    ])
    await runCli(env, [
      'user',
      'add',
      '--email',
      'cy@example.org',
      '--role',
      'contributor',
      '--password',
      PASSWORD,
    ])
    browser = await launchChromium()
  })
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined)
    await browser?.close()
    await server?.stop()
  })

  let ana: Page
  let slug: string

  it('logs the first admin once with a one-time password', () => {
    expect(server.output()).toMatch(
      /created the admin admin@localhost with the one-time password \S{20}/,
    )
  })

  it('signs in, creates a story and edits its lead and status', async () => {
    ana = await signedInPage('ana@example.org')
    await ana.getByLabel('New story title').fill('Ferry capsizes off the coast')
    await ana.getByRole('button', { name: 'Create story' }).click()
    await ana.getByRole('heading', { name: 'Ferry capsizes off the coast' }).waitFor()
    slug = new URL(ana.url()).pathname.split('/').pop()!
    expect(slug).toBe('ferry-capsizes-off-the-coast')

    await ana.getByRole('button', { name: 'Edit lead' }).click()
    await ana
      .getByLabel('Lead (Markdown)')
      .fill('Rescuers are searching for **dozens** of passengers.')
    await expect
      .poll(() => ana.locator('.lead-editor .preview strong').textContent())
      .toBe('dozens')
    await ana.getByRole('button', { name: 'Save lead' }).click()
    await ana.locator('.lead strong', { hasText: 'dozens' }).waitFor()
    await ana.getByLabel('Status').selectOption('paused')
    await ana.locator('.title-row .badge.paused').waitFor()
    await ana.getByLabel('Status').selectOption('live')
  })

  it('publishes an update with an uploaded image; a reader gets it within 2 seconds', async () => {
    // A second browser context, signed out: a reader on the public story page.
    const readerContext = await browser.newContext({ viewport: { width: 1280, height: 900 } })
    contexts.push(readerContext)
    const reader = await readerContext.newPage()
    await reader.goto(`${server.url}/stories/${slug}`)
    await reader.locator('#live-status[data-state="live"]').waitFor()

    await ana.getByLabel('Headline').first().fill('Coast guard reaches the ferry')
    await ana.locator('#new-body').fill('Helicopters lifted *twelve* people to safety.')
    await ana.getByRole('button', { name: 'Add image' }).first().click()
    await ana.getByTestId('media-file').first().setInputFiles(imageFile)
    await ana.locator('.composer img.thumb').waitFor()
    await ana.getByLabel('Caption').first().fill('The ferry listing in heavy seas')
    await ana.getByLabel('Credit').first().fill('Coast Guard')
    // Alt text is required: publishing without it is refused in the desk.
    await ana.locator('#new-headline').press('Control+Enter')
    await ana.getByText('Every image needs alt text').waitFor()
    await ana.getByLabel('Alt text (required)').first().fill('A white ferry tilted in grey waves')

    const sentAt = await ana.evaluate(() => Date.now())
    await ana.locator('#new-headline').press('Control+Enter')
    const live = ana.getByTestId('live-column')
    await card(ana, 'Coast guard reaches the ferry').waitFor()
    const img = live.locator('img[alt="A white ferry tilted in grey waves"]')
    await expect
      .poll(() => img.evaluate((el: HTMLImageElement) => el.naturalWidth))
      .toBeGreaterThan(0)
    await expect(live.getByText('Coast Guard')).toBeTruthy()

    const onPage = reader.locator('#timeline .headline', {
      hasText: 'Coast guard reaches the ferry',
    })
    await onPage.waitFor({ timeout: 2_000 })
    const seenAt = await reader.evaluate(() => Date.now())
    expect(seenAt - sentAt).toBeLessThan(2_000)
    const readerImg = reader.locator('img[alt="A white ferry tilted in grey waves"]')
    await readerImg.waitFor()
    await expect
      .poll(() => readerImg.evaluate((el: HTMLImageElement) => el.naturalWidth))
      .toBeGreaterThan(0)
    expect(await reader.locator('#timeline').textContent()).toMatch(/Coast Guard/)
    await reader.screenshot({ path: path.join(SHOTS, 'reader-after-publish-1280.png') })
    const src = await readerImg.getAttribute('src')
    // The image the reader is pointed at is served, as a re-encoded WebP.
    const res = await reader.request.get(new URL(src!, server.url).toString())
    expect(res.headers()['content-type']).toBe('image/webp')

    await ana.screenshot({ path: path.join(SHOTS, 'workspace-1280.png'), fullPage: true })
    await ana.setViewportSize({ width: 768, height: 1024 })
    await ana.screenshot({ path: path.join(SHOTS, 'workspace-768.png'), fullPage: true })
    await ana.setViewportSize({ width: 1280, height: 900 })
  })

  it('edits an update in place: "edited", with history and a diff', async () => {
    const c = card(ana, 'Coast guard reaches the ferry')
    await c.getByRole('button', { name: 'Edit' }).click()
    const form = ana.locator('form.editor')
    await form.getByLabel('Headline').fill('Coast guard reaches the capsized ferry')
    await form.getByLabel('Headline').press('Control+Enter')
    const edited = card(ana, 'Coast guard reaches the capsized ferry')
    await edited.locator('.edited').waitFor()
    await edited.getByRole('button', { name: 'History' }).click()
    await edited.locator('.history ins', { hasText: 'capsized' }).waitFor()
  })

  it('catches two editors editing the same update; the second sees both versions', async () => {
    const ben = await signedInPage('ben@example.org')
    await ben.goto(`${server.url}/desk/stories/${slug}`)
    const headline = 'Coast guard reaches the capsized ferry'
    await card(ben, headline).waitFor()
    // Presence: each sees the other on the story.
    await expect.poll(() => ana.getByTestId('presence').textContent()).toMatch(/ben/)
    await expect.poll(() => ben.getByTestId('presence').textContent()).toMatch(/ana/)

    await card(ana, headline).getByRole('button', { name: 'Edit' }).click()
    await card(ben, headline).getByRole('button', { name: 'Edit' }).click()
    // Soft lock: Ana sees that Ben is editing the same update (it does not block her).
    await expect.poll(() => ana.getByTestId('presence').textContent()).toMatch(/ben \(editing/)

    await ana.locator('form.editor').getByLabel('Headline').fill('Ana: 40 rescued from the ferry')
    await ana
      .locator('form.editor')
      .getByRole('button', { name: /Save changes/ })
      .click()
    await card(ana, 'Ana: 40 rescued from the ferry').waitFor()

    await ben.locator('form.editor').getByLabel('Headline').fill('Ben: 38 rescued, 2 missing')
    await ben
      .locator('form.editor')
      .getByRole('button', { name: /Save changes/ })
      .click()
    const conflict = ben.getByTestId('conflict')
    await conflict.waitFor()
    await expect
      .poll(() => ben.getByTestId('conflict-mine').textContent())
      .toMatch(/Ben: 38 rescued/)
    await expect
      .poll(() => ben.getByTestId('conflict-theirs').textContent())
      .toMatch(/Ana: 40 rescued/)
    await ben.screenshot({ path: path.join(SHOTS, 'conflict-1280.png'), fullPage: true })
    // Nothing was overwritten silently.
    const api = await ben.request.get(`${server.url}/api/v1/stories/${slug}/updates?limit=5`)
    expect(JSON.stringify(await api.json())).toMatch(/Ana: 40 rescued/)
    // Ben merges and saves over the current version.
    await ben.locator('form.editor').getByLabel('Headline').fill('40 rescued, 2 missing')
    await ben.getByRole('button', { name: 'Save my version over theirs' }).click()
    await card(ana, '40 rescued, 2 missing').waitFor()
    // Ben leaves the story: Ana's desk takes him off the list from the leave diff alone.
    await ben.goto(`${server.url}/desk`)
    await expect
      .poll(() => ana.getByTestId('presence').textContent())
      .toMatch(/Nobody else is on this story/)
  })

  it("keeps a contributor's draft from readers until an editor publishes it; contributors cannot publish", async () => {
    const cy = await signedInPage('cy@example.org')
    await cy.goto(`${server.url}/desk/stories/${slug}`)
    await cy.getByRole('heading', { name: 'Your drafts' }).waitFor()
    expect(await cy.getByRole('button', { name: /^Publish/ }).count()).toBe(0)
    await cy.locator('#new-headline').fill('Survivor describes the night')
    await cy.locator('#new-body').fill('A passenger said the lights went out first.')
    await cy.locator('#new-headline').press('Control+Enter')
    await cy.getByTestId('review-list').getByText('Survivor describes the night').waitFor()

    // The API refuses the contributor too, even with a valid session and CSRF token.
    const refused = await cy.evaluate(async (s) => {
      const session = await (await fetch('/api/v1/session')).json()
      const draft = (await (await fetch(`/api/v1/stories/${s}/updates?status=draft`)).json())
        .items[0]
      const res = await fetch(`/api/v1/stories/${s}/updates/${draft.id}`, {
        method: 'PATCH',
        headers: {
          'content-type': 'application/json',
          'x-csrf-token': session.csrf_token,
          'if-match': `"${draft.version}"`,
        },
        body: JSON.stringify({ status: 'published' }),
      })
      return res.status
    }, slug)
    expect(refused).toBe(403)

    const anon = async () =>
      JSON.stringify(
        await (await fetch(`${server.url}/api/v1/stories/${slug}/updates?limit=50`)).json(),
      )
    expect(await anon()).not.toMatch(/Survivor describes/)

    await ana.reload()
    const draft = ana
      .getByTestId('review-list')
      .locator('li.update', { hasText: 'Survivor describes the night' })
    await draft.waitFor()
    await draft.getByRole('button', { name: 'Publish' }).click()
    await card(ana, 'Survivor describes the night').waitFor()
    expect(await anon()).toMatch(/Survivor describes/)
  })

  it('lets an admin sign in with the one-time password, change it and manage users', async () => {
    const match = /one-time password (\S{20})/.exec(server.output())!
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
    contexts.push(context)
    const admin = await context.newPage()
    await admin.goto(`${server.url}/desk`)
    await admin.getByLabel('E-mail').fill('admin@localhost')
    await admin.getByLabel('Password').fill(match[1]!)
    await admin.getByRole('button', { name: 'Sign in' }).click()
    await admin.getByText('Choose your own to go on').waitFor()
    await admin.getByLabel('Current password').fill(match[1]!)
    await admin.getByLabel(/New password/).fill('admins own secret')
    await admin.getByRole('button', { name: 'Change password' }).click()
    await admin.getByText('Password changed').waitFor()

    await admin.getByRole('link', { name: 'Users' }).click()
    await admin.getByRole('heading', { name: 'Users' }).waitFor()
    await admin.getByLabel('E-mail').fill('dee@example.org')
    await admin.getByRole('button', { name: 'Invite' }).click()
    await admin.getByTestId('invite-password').waitFor()
    await admin.getByLabel('Role of cy@example.org').selectOption('editor')
    await admin.locator('tr[data-email="cy@example.org"] td', { hasText: 'active' }).waitFor()
    await admin.screenshot({ path: path.join(SHOTS, 'users-1280.png'), fullPage: true })

    await admin.getByRole('link', { name: 'Audit log' }).click()
    await admin.getByLabel(/Action/).fill('update.')
    await admin.getByRole('button', { name: 'Filter' }).click()
    await admin.locator('table.audit code', { hasText: 'update.publish' }).first().waitFor()
    await admin.screenshot({ path: path.join(SHOTS, 'audit-1280.png'), fullPage: true })
  })

  it("deactivation stops a signed-in user's session at once", async () => {
    const ben = contexts[2]!.pages()[0]!
    const before = await ben.evaluate(async () => (await fetch('/api/v1/session')).status)
    expect(before).toBe(200)
    await runCli(env, ['user', 'deactivate', '--email', 'ben@example.org'])
    const after = await ben.evaluate(async () => (await fetch('/api/v1/session')).status)
    expect(after).toBe(401)
  })

  it('logs out: the session ends on the server', async () => {
    const cookie = (await ana.context().cookies()).find((c) => c.name === 'sitrep_session')!
    await ana.getByRole('button', { name: 'Sign out' }).click()
    await ana.getByRole('button', { name: 'Sign in' }).waitFor()
    const res = await fetch(`${server.url}/api/v1/session`, {
      headers: { cookie: `sitrep_session=${cookie.value}` },
    })
    expect(res.status).toBe(401)
    await ana.setViewportSize({ width: 768, height: 1024 })
    await ana.screenshot({ path: path.join(SHOTS, 'signin-768.png') })
  })
})
