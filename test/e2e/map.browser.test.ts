import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, screenshot, watchConsole } from '../helpers/browser.js'
import { request } from '../helpers/http.js'
import { startTestServer, type TestServer } from '../helpers/in-process-server.js'

// The story map as a reader meets it: linked from the story, drawn without any script.
describe('story map in Chromium without JavaScript', () => {
  let server: TestServer
  let browser: Browser

  beforeAll(async () => {
    server = await startTestServer('sqlite')
    const token = await server.token('editor')
    const api = (method: string, path: string, body?: unknown) =>
      request(server.url, method, `/api/v1${path}`, { token, body })
    await api('POST', '/stories', { title: 'River crisis', slug: 'river' })
    for (const [headline, body] of [
      ['Levee holds in Vukovar', 'Crews near Vukovar worked all night.'],
      ['Bridges open', 'Traffic crossed the bridges in Novi Sad and in Vukovar.'],
      ['Sandbags in Osijek', 'Volunteers filled sandbags in Osijek.'],
    ])
      await api('POST', '/stories/river/updates', { headline, body, status: 'published' })
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  it('draws each place as a link to its updates, and lists them below', async () => {
    const context = await browser.newContext({
      javaScriptEnabled: false,
      viewport: { width: 1000, height: 900 },
    })
    const page = await context.newPage()
    const errors = watchConsole(page)
    await page.goto(`${server.url}/stories/river`)
    await page.getByRole('link', { name: 'Map of the places in this story' }).click()
    await page.getByRole('heading', { name: 'Places in “River crisis”' }).waitFor()
    const map = page.getByRole('img', { name: 'Places mentioned in this story' })
    const box = await map.boundingBox()
    expect(box?.width).toBeGreaterThan(600)
    expect(box?.height).toBeGreaterThan(300)
    await expect(map.locator('.points circle').count()).resolves.toBe(3)
    await expect(map.locator('.land path').count()).resolves.toBeGreaterThan(3)
    const places = page.locator('ul.map-places > li > strong')
    await expect(places.allTextContents()).resolves.toEqual(['Vukovar', 'Novi Sad', 'Osijek'])
    await screenshot(page, 'story-map')

    // A point is a link: Vukovar opens the newest update that names it.
    await map.locator('a', { hasText: 'Vukovar' }).click()
    await page.getByRole('heading', { name: 'Bridges open' }).waitFor()
    expect(errors).toEqual([])
    await context.close()
  })
})
