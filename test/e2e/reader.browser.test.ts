/**
 * The reader in Debian's Chromium against a real `sitrep serve` process: the page without
 * JavaScript, live updates, the "new updates" control, resuming after a restart, hostile content,
 * and the page-weight budget. Screenshots go to test-results/.
 */
import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { gzipSync } from 'node:zlib'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { boot } from '../../src/boot.js'
import { loadConfig } from '../../src/config.js'
import { cliContext } from '../../src/services/action.js'
import { tempDir } from '../helpers/backends.js'
import { hasChromium, launchChromium, screenshot, watchConsole } from '../helpers/browser.js'
import { request } from '../helpers/http.js'
import {
  createTokenViaCli,
  freePort,
  spawnServer,
  type ServerProcess,
} from '../helpers/process-server.js'
import {
  STORY,
  UPDATES,
  createStory,
  hostileUpdate,
  publish,
  seedMany,
  seedStory,
} from '../helpers/reader-fixtures.js'

if (!hasChromium()) throw new Error('/usr/bin/chromium is missing: run scripts/install-chromium.sh')

describe('reader in Chromium', () => {
  const dataDir = tempDir('sitrep-reader-e2e-')
  const env = { SITREP_DATA: dataDir, SITREP_RETRY_MS: '300' }
  let port: number
  let server: ServerProcess
  let token: string
  let browser: Browser
  let ids: string[]

  beforeAll(async () => {
    port = await freePort()
    server = await spawnServer(env, { port })
    token = await createTokenViaCli(env, 'editor')
    ids = await seedStory(server.url, token)
    await createStory(server.url, token, {
      title: 'River levels, hour by hour',
      slug: 'river-levels',
    })
    await seedMany(server.url, token, 'river-levels', 55)
    browser = await launchChromium()
  })

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
    fs.rmSync(dataDir, { recursive: true, force: true })
  })

  const openPage = async (
    options: { javaScriptEnabled?: boolean; width?: number; height?: number } = {},
  ): Promise<{ context: BrowserContext; page: Page; errors: string[] }> => {
    const context = await browser.newContext({
      javaScriptEnabled: options.javaScriptEnabled ?? true,
      viewport: { width: options.width ?? 1280, height: options.height ?? 900 },
    })
    const page = await context.newPage()
    return { context, page, errors: watchConsole(page) }
  }

  it('shows the lead, updates, figures with credits, related links and pages without JavaScript', async () => {
    const { context, page, errors } = await openPage({ javaScriptEnabled: false })
    await page.goto(`${server.url}/stories/${STORY.slug}`)
    await expect(page.locator('h1').textContent()).resolves.toBe(STORY.title)
    await expect(page.locator('.lead').textContent()).resolves.toContain('given way')
    expect(await page.locator('.badge-developing').isVisible()).toBe(true)
    // Every update, newest first, the pinned one in its own place at the top.
    const headlines = await page.locator('#timeline .headline').allTextContents()
    expect(headlines).toEqual(
      UPDATES.filter((u) => !u.pinned)
        .map((u) => u.headline)
        .reverse(),
    )
    await expect(page.locator('#pinned .headline').allTextContents()).resolves.toEqual([
      'What we know so far',
    ])
    // Figures keep caption and credit; related teasers and sources are links.
    const figure = page.locator('figure').first()
    await expect(figure.locator('figcaption').textContent()).resolves.toContain(
      'Image: Nordsat Imaging/Example',
    )
    expect(await figure.locator('img').getAttribute('alt')).toBe(
      'Water running over a concrete dam crest',
    )
    expect(
      await page.locator('.related a', { hasText: 'Orvik: what is known about the dam' }).count(),
    ).toBe(1)
    // Key events jump to their anchors.
    const keyLinks = await page
      .locator('#key-events a')
      .evaluateAll((as) => as.map((a) => a.getAttribute('href')))
    expect(keyLinks).toEqual([`#u-${ids[4]}`, `#u-${ids[2]}`])
    // Times: <time datetime> with the clock and a relative time.
    const time = page.locator('#timeline time').first()
    expect(await time.getAttribute('datetime')).toMatch(/^\d{4}-\d\d-\d\dT/)
    await expect(time.textContent()).resolves.toMatch(/\d\d:\d\d UTC · just now/)
    await screenshot(page, 'reader-nojs-1280')
    await page.setViewportSize({ width: 390, height: 844 })
    await screenshot(page, 'reader-nojs-390')

    // Pagination: 55 updates, 50 on the first page, the rest behind "Load older updates".
    await page.goto(`${server.url}/stories/river-levels`)
    expect(await page.locator('#timeline article').count()).toBe(50)
    await page.locator('a.load-older').click()
    await page.waitForURL(/before=/)
    await expect(page.locator('#timeline .headline').allTextContents()).resolves.toEqual([
      'Bulletin 5',
      'Bulletin 4',
      'Bulletin 3',
      'Bulletin 2',
      'Bulletin 1',
    ])
    expect(await page.locator('a.load-older').count()).toBe(0)

    // Permalink of one update.
    await page.goto(`${server.url}/stories/${STORY.slug}/updates/${ids[0]}`)
    await expect(page.locator('h1').textContent()).resolves.toBe(UPDATES[0]!.headline)
    expect(errors).toEqual([])
    await context.close()
  })

  it('applies a publish, an edit, a delete and a lead change live, without reload', async () => {
    const { context, page, errors } = await openPage()
    await page.goto(`${server.url}/stories/${STORY.slug}`)
    await page.locator('#live-status[data-state="live"]').waitFor()
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42))

    const started = Date.now()
    const created = await publish(server.url, token, STORY.slug, {
      headline: 'Second spillway under watch',
      body: 'Engineers are now also monitoring the **southern** spillway.',
      status: 'published',
    })
    const card = page.locator(`#u-${created.id}`)
    await card.waitFor({ timeout: 2000 })
    const latency = Date.now() - started
    expect(latency).toBeLessThan(2000)
    expect(await page.locator('#timeline article').first().getAttribute('id')).toBe(
      `u-${created.id}`,
    )
    await expect(page.locator('#announcer').textContent()).resolves.toContain(
      'Second spillway under watch',
    )

    const edit = await request(
      server.url,
      'PATCH',
      `/api/v1/stories/${STORY.slug}/updates/${created.id}`,
      {
        token,
        headers: { 'if-match': `"${created.version}"` },
        body: { headline: 'Second spillway under close watch' },
      },
    )
    expect(edit.status).toBe(200)
    await page
      .locator(`#u-${created.id} .headline`, { hasText: 'Second spillway under close watch' })
      .waitFor({ timeout: 2000 })
    expect(await page.locator('#timeline article').first().getAttribute('id')).toBe(
      `u-${created.id}`,
    )
    expect(await page.locator(`#u-${created.id} .edited a`).getAttribute('href')).toBe(
      `/stories/${STORY.slug}/updates/${created.id}/history`,
    )

    const story = await request(server.url, 'GET', `/api/v1/stories/${STORY.slug}`)
    const lead = await request(server.url, 'PATCH', `/api/v1/stories/${STORY.slug}`, {
      token,
      headers: { 'if-match': `"${story.body.version}"` },
      body: { lead: 'The operator now **confirms** a partial failure of the northern spillway.' },
    })
    expect(lead.status).toBe(200)
    await page.locator('.lead strong', { hasText: 'confirms' }).waitFor({ timeout: 2000 })

    const del = await request(
      server.url,
      'DELETE',
      `/api/v1/stories/${STORY.slug}/updates/${created.id}`,
      {
        token,
      },
    )
    expect(del.status).toBeLessThan(300)
    await card.waitFor({ state: 'detached', timeout: 2000 })

    // Never reloaded: the marker set on the first load is still there.
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42)
    await screenshot(page, 'reader-live-1280')
    await page.setViewportSize({ width: 390, height: 844 })
    await screenshot(page, 'reader-live-390')
    expect(errors).toEqual([])
    await context.close()
  })

  it('shows a "new updates" control instead of moving the page when the reader has scrolled', async () => {
    const { context, page, errors } = await openPage({ width: 390, height: 700 })
    await page.goto(`${server.url}/stories/river-levels`)
    await page.locator('#live-status[data-state="live"]').waitFor()
    await page.evaluate(() => window.scrollTo(0, 2500))
    await page.waitForFunction(() => window.scrollY >= 2400)
    const anchorId = await page.evaluate(() => {
      // The first update fully below the top of the viewport: what the reader is looking at.
      const cards = [...document.querySelectorAll<HTMLElement>('#timeline article')]
      return cards.find((c) => c.getBoundingClientRect().top > 0)!.id
    })
    const before = await page.evaluate(
      (id) => document.getElementById(id)!.getBoundingClientRect().top,
      anchorId,
    )
    const scrollBefore = await page.evaluate(() => window.scrollY)

    const created = await publish(server.url, token, 'river-levels', {
      headline: 'Bulletin 56',
      body: 'Levels are falling at the upper gauge.',
      status: 'published',
    })
    const button = page.locator('#new-updates')
    await button.waitFor({ state: 'visible', timeout: 2000 })
    await expect(button.textContent()).resolves.toContain('1 new update')
    expect(await page.title()).toMatch(/^\(1\) /)
    expect(await page.locator(`#u-${created.id}`).count()).toBe(0)
    expect(await page.evaluate(() => window.scrollY)).toBe(scrollBefore)
    const after = await page.evaluate(
      (id) => document.getElementById(id)!.getBoundingClientRect().top,
      anchorId,
    )
    expect(after).toBe(before)
    await screenshot(page, 'reader-new-updates-390', false)

    // Keyboard reachable: focus the control and press Enter.
    await button.focus()
    await page.keyboard.press('Enter')
    await page.locator(`#u-${created.id}`).waitFor()
    expect(await button.isHidden()).toBe(true)
    expect(await page.title()).not.toMatch(/^\(\d+\) /)
    expect(await page.locator('#timeline article').first().getAttribute('id')).toBe(
      `u-${created.id}`,
    )

    // "Load older" with JavaScript appends the next page in place.
    await page.locator('a.load-older').click()
    await page.locator('#timeline .headline', { hasText: /^Bulletin 1$/ }).waitFor()
    expect(page.url()).not.toMatch(/before=/)
    expect(errors).toEqual([])
    await context.close()
  })

  it('catches up after a server restart with an update published while it was down', async () => {
    const { context, page } = await openPage()
    await page.goto(`${server.url}/stories/${STORY.slug}`)
    await page.locator('#live-status[data-state="live"]').waitFor()
    await server.stop()
    await page.locator('#live-status[data-state="reconnecting"]').waitFor({ timeout: 5000 })

    // Published straight into the database while no server runs, through the same service.
    const runtime = await boot(loadConfig({ ...env, SITREP_LOG_LEVEL: 'silent' }), { bus: false })
    const offline = await runtime.services.updates.createUpdate(
      cliContext({ name: 'Night desk', role: 'editor' }),
      STORY.slug,
      {
        headline: 'Published while the server was down',
        body: 'Nothing is lost.',
        status: 'published',
      },
    )
    await runtime.close()

    server = await spawnServer(env, { port })
    await page.locator(`#u-${offline.id}`).waitFor({ timeout: 15_000 })
    await page.locator('#live-status[data-state="live"]').waitFor()
    await context.close()
  })

  it('never turns hostile headline, body, caption, credit or links into live markup', async () => {
    const { context, page, errors } = await openPage()
    const before = await publish(server.url, token, STORY.slug, hostileUpdate())
    for (const path of [`/stories/${STORY.slug}`, `/embed/${STORY.slug}`]) {
      await page.goto(`${server.url}${path}`)
      await page.locator('#live-status[data-state="live"]').waitFor()
      const live = await publish(server.url, token, STORY.slug, hostileUpdate())
      await page.locator(`#u-${live.id}`).waitFor({ timeout: 2000 })
      for (const id of [before.id, live.id]) {
        const card = page.locator(`#u-${id}`)
        await expect(card.locator('.headline').textContent()).resolves.toContain('<script>')
        expect(
          await card
            .locator(
              'script, svg, iframe, img[src="x"], [onerror], [onclick], [onload], [onmouseover]',
            )
            .count(),
        ).toBe(0)
        const hrefs = await card
          .locator('a')
          .evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''))
        expect(hrefs.filter((h) => /^\s*(javascript|data):/i.test(h))).toEqual([])
      }
      await card0Hover(page, live.id)
      expect(
        await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned),
      ).toBeUndefined()
    }
    expect(errors).toEqual([])
    await context.close()
  })

  it('keeps the story page with 50 updates under 100 KB and the live script under 10 KB gzipped', async () => {
    const page = await request(server.url, 'GET', '/stories/river-levels')
    const html = page.text
    const css = html.match(/<link rel="stylesheet" href="([^"]+)"/)![1]!
    const js = html.match(/<script type="module" src="([^"]+)"/)![1]!
    const gz = async (path: string): Promise<number> =>
      gzipSync(Buffer.from(await (await fetch(server.url + path)).arrayBuffer())).length
    const sizes = {
      html: gzipSync(Buffer.from(html)).length,
      css: await gz(css),
      js: await gz(js),
    }
    const total = sizes.html + sizes.css + sizes.js
    console.log(
      JSON.stringify({ budget: 'story page, 50 updates', gzipBytes: { ...sizes, total } }),
    )
    expect((html.match(/<article /g) ?? []).length).toBe(50)
    expect(total).toBeLessThan(100 * 1024)
    expect(sizes.js).toBeLessThan(10 * 1024)
  })

  it('embeds: the iframe resizes to its content and stays live', async () => {
    const { context, page, errors } = await openPage()
    // The copy-paste snippet on a page of another origin.
    const snippet = await page
      .goto(`${server.url}/stories/${STORY.slug}`)
      .then(() => page.locator('#embed-code').inputValue())
    // Another origin on loopback (Chromium keeps public pages from framing loopback ones).
    const hostServer = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      res.end(`<!doctype html><title>Host</title><h1>Another site</h1>${snippet}`)
    })
    await new Promise<void>((resolve) => hostServer.listen(0, '127.0.0.1', resolve))
    const hostUrl = `http://127.0.0.1:${(hostServer.address() as AddressInfo).port}/`
    await page.goto(hostUrl)
    const frame = page.locator('iframe[data-sitrep-embed]')
    await page.waitForFunction(
      () =>
        document.querySelector<HTMLIFrameElement>('iframe[data-sitrep-embed]')!.style.height !==
        '640px',
      undefined,
      { timeout: 5000 },
    )
    const height = await frame.evaluate((f) => parseInt((f as HTMLIFrameElement).style.height))
    expect(height).toBeGreaterThan(300)
    const inner = page.frameLocator('iframe[data-sitrep-embed]')
    await inner.locator('#live-status[data-state="live"]').waitFor()
    const created = await publish(server.url, token, STORY.slug, {
      headline: 'Embedded readers see this too',
      body: 'Live in the iframe.',
      status: 'published',
    })
    await inner.locator(`#u-${created.id}`).waitFor({ timeout: 2000 })
    await screenshot(page, 'reader-embed-1280')
    expect(errors).toEqual([])
    await context.close()
    hostServer.close()
  })
})

/** Hover a hostile card so mouse handlers, if any had survived, would fire. */
async function card0Hover(page: Page, id: string): Promise<void> {
  await page.locator(`#u-${id}`).hover()
}
