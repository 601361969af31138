/** A story's feeds page in Chromium against a real `sitrep serve`, with a feed served by the test. */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempDir } from '../helpers/backends.js'
import { launchChromium, screenshot, watchConsole, signInThroughDesk } from '../helpers/browser.js'
import { signIn, type DeskSession } from '../helpers/desk-session.js'
import { runCli, spawnServer, type ServerProcess } from '../helpers/process-server.js'

const PASSWORD = 'correct horse battery'

const RSS = `<?xml version="1.0"?><rss version="2.0"><channel><title>River wire</title>
<item><guid>r1</guid><title>Levee holds at Vukovar</title><description>The water authority said the levee held overnight.</description></item>
<item><guid>r2</guid><title>Bridges reopen in Novi Sad</title><description>Traffic resumed on both bridges, police said.</description></item>
</channel></rss>`

describe('the feeds page in Chromium', () => {
  let server: ServerProcess
  let browser: Browser
  let desk: DeskSession
  let wire: http.Server
  let feedUrl: string

  async function signedInPage(email: string): Promise<{ page: Page; errors: string[] }> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
    const page = await context.newPage()
    const errors = watchConsole(page)
    await signInThroughDesk(page, server.url, email, PASSWORD)
    // Signing in logs the 401 of the session check before it; from here on, nothing may fail.
    errors.length = 0
    return { page, errors }
  }

  beforeAll(async () => {
    wire = http.createServer((req, res) => {
      if (req.url === '/wire.xml')
        res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(RSS)
      else res.writeHead(404).end()
    })
    await new Promise<void>((resolve) => wire.listen(0, '127.0.0.1', resolve))
    feedUrl = `http://127.0.0.1:${(wire.address() as AddressInfo).port}/wire.xml`

    const env = { SITREP_DATA: tempDir() }
    server = await spawnServer(env)
    for (const [email, role] of [
      ['ana@example.org', 'editor'],
      ['cy@example.org', 'contributor'],
    ])
      await runCli(env, ['user', 'add', '--email', email!, '--role', role!, '--password', PASSWORD])
    desk = await signIn(server.url, 'ana@example.org', PASSWORD)
    await desk.api('POST', '/stories', { body: { title: 'River floods', slug: 'river' } })
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
    await new Promise((resolve) => wire?.close(resolve))
  })

  it('an editor adds a feed with the keyboard, checks it now, sees its drafts and removes it', async () => {
    const { page, errors } = await signedInPage('ana@example.org')
    await page.goto(`${server.url}/desk/stories/river`)
    await page.getByRole('link', { name: 'Feeds', exact: true }).click()
    await page.getByRole('heading', { level: 1, name: /Feeds/ }).waitFor()
    expect(new URL(page.url()).pathname).toBe('/desk/stories/river/feeds')
    await expect(page.getByTestId('feeds-empty').textContent()).resolves.toContain('No feeds yet')

    // A scheme the server refuses: its message shows in an alert next to the form.
    const address = page.getByLabel('Feed address')
    await address.fill('ftp://example.org/feed.xml')
    await address.press('Enter')
    await expect(page.getByRole('alert').textContent()).resolves.toBe(
      'A feed address must be an absolute http(s) URL',
    )
    errors.length = 0 // the 400 itself is logged by the browser

    await address.fill(feedUrl)
    await page.getByLabel('Check every (minutes)').fill('10')
    await address.press('Enter')
    const row = page.locator(`tr[data-feed-url="${feedUrl}"]`)
    await row.waitFor({ timeout: 5000 })
    await expect(page.getByRole('status').textContent()).resolves.toContain(
      `Now following ${feedUrl}`,
    )
    await expect(page.getByRole('alert').count()).resolves.toBe(0)
    await expect(row.locator('td').first().textContent()).resolves.toBe('10 min')
    await expect(
      page.getByRole('table', { name: 'Feeds this story follows' }).isVisible(),
    ).resolves.toBe(true)

    await row.getByRole('button', { name: 'Check now' }).click()
    // The server's own timer may take the items first; either way the row ends OK with 2 drafts.
    // The first check of a process also loads the extractor's language data, so allow it time.
    await expect
      .poll(() => row.getByTestId('feed-status').textContent(), { timeout: 10_000 })
      .toBe('OK')
    await expect
      .poll(() => row.getByTestId('feed-drafts').textContent(), { timeout: 10_000 })
      .toBe('2')
    await expect(page.getByRole('status').textContent()).resolves.toMatch(
      new RegExp(`^Checked ${feedUrl}: (2 new drafts|0 new drafts, 2 items taken before)\\.$`),
    )
    await screenshot(page, 'desk-feeds')

    // Remove asks first; Cancel keeps the feed and gives focus back to the button.
    await row.getByRole('button', { name: 'Remove' }).click()
    await row.getByRole('button', { name: 'Cancel' }).click()
    await expect(
      row.getByRole('button', { name: 'Remove' }).evaluate((el) => el === document.activeElement),
    ).resolves.toBe(true)
    await row.getByRole('button', { name: 'Remove' }).click()
    await expect(
      row
        .getByRole('button', { name: 'Yes, remove' })
        .evaluate((el) => el === document.activeElement),
    ).resolves.toBe(true)
    await page.keyboard.press('Enter')
    await page.getByTestId('feeds-empty').waitFor({ timeout: 5000 })
    await expect(page.getByRole('status').textContent()).resolves.toContain(
      'The drafts it made stay',
    )
    expect((await desk.api('GET', '/stories/river/feeds')).body.items).toEqual([])

    // The drafts are in the story, waiting for review.
    await page.getByRole('link', { name: /Back to River floods/ }).click()
    const review = page.getByTestId('review-list')
    await review.getByText('Levee holds at Vukovar').waitFor({ timeout: 5000 })
    await review.getByText('Bridges reopen in Novi Sad').waitFor()
    expect(errors, JSON.stringify(errors)).toEqual([])
    await page.context().close()
  })

  it('a contributor sees the list read-only', async () => {
    await desk.api('POST', '/stories/river/feeds', { body: { url: feedUrl } })
    const { page, errors } = await signedInPage('cy@example.org')
    await page.goto(`${server.url}/desk/stories/river/feeds`)
    await page.locator(`tr[data-feed-url="${feedUrl}"]`).waitFor()
    await expect(page.getByRole('button', { name: 'Check now' }).count()).resolves.toBe(0)
    await expect(page.getByRole('button', { name: 'Remove' }).count()).resolves.toBe(0)
    await expect(page.getByLabel('Feed address').count()).resolves.toBe(0)
    await expect(page.getByText('Editors add and remove feeds').isVisible()).resolves.toBe(true)
    expect(errors, JSON.stringify(errors)).toEqual([])
    await page.context().close()
  })
})
