import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, screenshot, watchConsole } from '../helpers/browser.js'
import { request } from '../helpers/http.js'
import { startTestServer, type TestServer } from '../helpers/in-process-server.js'

// A reader on the story page: the marked statement opens the claim card, and a verdict arrives live.
describe('claims on the story page in Chromium', () => {
  let server: TestServer
  let browser: Browser
  let claimId: string
  let api: (
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ) => Promise<{ status: number; headers: Headers; body: any }>

  beforeAll(async () => {
    server = await startTestServer('sqlite')
    const token = await server.token('editor')
    api = (method, path, body, headers) =>
      request(server.url, method, `/api/v1${path}`, { token, body, headers })
    await api('POST', '/stories', { title: 'Fighting for Veldra', slug: 'veldra' })
    const update = await api('POST', '/stories/veldra/updates', {
      headline: 'Mercenaries claim the town',
      body: 'The group said its fighters hold the town centre, a claim Sudria rejected.',
      status: 'published',
    })
    claimId = (
      await api('POST', '/stories/veldra/claims', {
        proposition: 'Iron Company fighters hold Veldra <img src=x onerror="window.pwned=1">',
      })
    ).body.id
    await api('POST', `/claims/${claimId}/attributions`, {
      source: { name: 'Iron Company', affiliation: 'Norland' },
      stance: 'asserts',
      quote: 'its fighters hold the town centre',
      update_id: update.body.id,
    })
    await api('POST', `/claims/${claimId}/attributions`, {
      source: { name: 'Sudria General Staff', affiliation: 'Sudria' },
      stance: 'denies',
      quote: 'a claim Sudria rejected',
      update_id: update.body.id,
    })
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  it('marks the statement, opens its claim card, and shows a verdict live', async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    const errors = watchConsole(page)
    await page.goto(`${server.url}/stories/veldra`)
    await page.locator('#live-status[data-state="live"]').waitFor()
    const mark = page.locator(`a.claim-mark[data-claim="${claimId}"]`).first()
    await expect(mark.textContent()).resolves.toBe('its fighters hold the town centre')
    await mark.click()
    const card = page.locator('.claim-popover .claim-card')
    await card.waitFor({ timeout: 2000 })
    await expect(card.locator('.claim-status').textContent()).resolves.toBe('Unverified')
    await expect(card.textContent()).resolves.toContain('Asserted by Iron Company.')
    await expect(card.textContent()).resolves.toContain('Denied by Sudria General Staff.')
    expect(page.url()).toBe(`${server.url}/stories/veldra`)

    const current = await api('GET', `/claims/${claimId}`)
    const patched = await api(
      'PATCH',
      `/claims/${claimId}`,
      { status: 'contested', note: 'Sudria rejects it.' },
      { 'if-match': current.headers.get('etag')! },
    )
    expect(patched.status).toBe(200)
    await card.locator('.claim-status', { hasText: 'Contested' }).waitFor({ timeout: 2000 })
    await expect(card.textContent()).resolves.toContain('Why: Sudria rejects it.')
    await page
      .locator('#claims-panel .claim-status', { hasText: 'Contested' })
      .waitFor({ timeout: 2000 })
    await expect(mark.getAttribute('class')).resolves.toContain('claim-contested')
    await screenshot(page, 'claims-story-live')

    await page.keyboard.press('Escape')
    await card.waitFor({ state: 'detached', timeout: 2000 })
    expect(await page.evaluate(() => (window as { pwned?: number }).pwned)).toBeUndefined()
    expect(errors).toEqual([])
    await context.close()
  })

  it('on a story without claims, fetches the claims script only when the first claim arrives', async () => {
    await api('POST', '/stories', { title: 'Quiet valley', slug: 'quiet' })
    const context = await browser.newContext()
    const page = await context.newPage()
    const errors = watchConsole(page)
    const scripts: string[] = []
    page.on('request', (r) => {
      if (r.resourceType() === 'script') scripts.push(new URL(r.url()).pathname)
    })
    await page.goto(`${server.url}/stories/quiet`)
    await page.locator('#live-status[data-state="live"]').waitFor()
    await expect(page.locator('#claims-panel').textContent()).resolves.toContain(
      'No claims are tracked in this story yet.',
    )
    expect(scripts.filter((p) => p.includes('live-claims'))).toEqual([])

    const claim = await api('POST', '/stories/quiet/claims', { proposition: 'The dam is intact' })
    await api('POST', `/claims/${claim.body.id}/attributions`, {
      source: { name: 'Valley Water Board', kind: 'government' },
      stance: 'assesses_likely',
      quote: 'the dam is most likely intact',
    })
    const panel = page.locator('#claims-panel')
    await panel.getByText('Assessed as likely by Valley Water Board.').waitFor({ timeout: 3000 })
    await expect(panel.locator('a', { hasText: 'The dam is intact' }).count()).resolves.toBe(1)
    expect(scripts.filter((p) => p.includes('live-claims'))).toHaveLength(1)
    expect(errors).toEqual([])
    await context.close()
  })

  it('without JavaScript, the mark and the panel are plain links to the claim page', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false })
    const page = await context.newPage()
    await page.goto(`${server.url}/stories/veldra`)
    await expect(page.locator('#claims-panel h2').textContent()).resolves.toBe(
      'What is claimed / what is confirmed',
    )
    await page.locator(`a.claim-mark[data-claim="${claimId}"]`).first().click()
    await page.waitForURL(`${server.url}/stories/veldra/claims/${claimId}`)
    await expect(page.locator('h1').textContent()).resolves.toContain('Iron Company fighters')
    await expect(page.locator('ol.statements > li').count()).resolves.toBe(2)
    await context.close()
  })
})
