import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, screenshot, watchConsole } from '../helpers/browser.js'
import { request } from '../helpers/http.js'
import { startTestServer, type TestServer } from '../helpers/in-process-server.js'

// The claim page in a real browser with JavaScript off: everything a reader needs is in the HTML.
describe('claim page in Chromium, with and without JavaScript', () => {
  let server: TestServer
  let browser: Browser
  let claimId: string
  let token: string
  const api = (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
    request(server.url, method, `/api/v1${path}`, { token, body, headers })

  beforeAll(async () => {
    server = await startTestServer('sqlite')
    token = await server.token('editor')
    await api('POST', '/stories', { title: 'Veldra', slug: 'veldra' })
    claimId = (
      await api('POST', '/stories/veldra/claims', {
        proposition: 'Norland forces control Veldra <script>window.pwned=1</script>',
      })
    ).body.id
    await api('POST', `/claims/${claimId}/attributions`, {
      source: { name: 'Iron Company', affiliation: 'Norland' },
      stance: 'asserts',
      quote: 'We hold the town.',
      stated_at: '2026-03-02T09:00:00Z',
    })
    await api('POST', `/claims/${claimId}/attributions`, {
      source: { name: 'Sudria General Staff', affiliation: 'Sudria' },
      stance: 'declines_to_confirm',
      stated_at: '2026-03-03T09:00:00Z',
    })
    await api(
      'PATCH',
      `/claims/${claimId}`,
      { status: 'contested', note: 'Sudria has not confirmed.' },
      { 'if-match': '"3"' },
    )
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  it('shows the verdict, the reasoning, the timeline picture and every statement', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false })
    const page = await context.newPage()
    const errors = watchConsole(page)
    const response = await page.goto(`${server.url}/stories/veldra/claims/${claimId}`)
    expect(response?.status()).toBe(200)
    await expect(page.locator('h1').textContent()).resolves.toBe(
      'Norland forces control Veldra <script>window.pwned=1</script>',
    )
    await expect(page.locator('.claim-status').first().textContent()).resolves.toBe('Contested')
    await expect(page.getByText('Why: Sudria has not confirmed.').count()).resolves.toBe(1)
    const svg = page.locator('svg[role="img"]')
    const box = await svg.boundingBox()
    expect(box?.width).toBeGreaterThan(200)
    await expect(svg.locator('polygon.tl-for').count()).resolves.toBe(1)
    await expect(svg.locator('circle.tl-reserve').count()).resolves.toBe(1)
    await expect(page.locator('ol.statements > li').count()).resolves.toBe(2)
    await expect(page.locator('details summary').textContent()).resolves.toContain(
      'How the suggestion',
    )
    await screenshot(page, 'claim-page-no-js')
    expect(errors).toEqual([])
    await context.close()
  })

  it('with JavaScript, follows new statements and verdicts while open, and says so', async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    const errors = watchConsole(page)
    await page.goto(`${server.url}/stories/veldra/claims/${claimId}`)
    await expect(page.locator('ol.statements > li').count()).resolves.toBe(2)
    // The script subscribes once loaded; give it its connection before writing.
    await page.locator('main.claim-page[data-live="on"]').waitFor({ timeout: 5000 })
    const added = await api('POST', `/claims/${claimId}/attributions`, {
      source: { name: 'Sudria General Staff' },
      stance: 'denies',
      quote: 'Our units hold the bridge.',
      stated_at: '2026-03-04T09:00:00Z',
    })
    expect(added.status).toBe(201)
    await page.locator('ol.statements > li').nth(2).waitFor({ timeout: 5000 })
    await expect(page.getByText('Our units hold the bridge.').count()).resolves.toBe(1)
    await expect(page.locator('#claim-live-status').textContent()).resolves.toBe(
      'This claim was updated.',
    )
    const current = (await api('GET', `/claims/${claimId}`)).body
    await api(
      'PATCH',
      `/claims/${claimId}`,
      { status: 'denied', note: 'Both sides now deny it.' },
      { 'if-match': `"${current.version}"` },
    )
    await page.locator('.claim-status', { hasText: 'Denied' }).first().waitFor({ timeout: 5000 })
    await expect(page.getByText('Why: Both sides now deny it.').count()).resolves.toBe(1)
    expect(errors).toEqual([])
    await context.close()
  })
})
