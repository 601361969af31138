/** The source directory in the desk, in Chromium against a real `sitrep serve`. */
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempDir } from '../helpers/backends.js'
import { launchChromium, screenshot, watchConsole, signInThroughDesk } from '../helpers/browser.js'
import { signIn, type DeskSession } from '../helpers/desk-session.js'
import { runCli, spawnServer, type ServerProcess } from '../helpers/process-server.js'

const PASSWORD = 'correct horse battery'

describe('sources in the desk in Chromium', () => {
  let server: ServerProcess
  let browser: Browser
  let desk: DeskSession
  let claimId: string

  beforeAll(async () => {
    const env = { SITREP_DATA: tempDir() }
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
    desk = await signIn(server.url, 'ana@example.org', PASSWORD)
    await desk.api('POST', '/stories', { body: { title: 'River', slug: 'river' } })
    claimId = (
      await desk.api('POST', '/stories/river/claims', {
        body: { proposition: 'The levee at Borovo held' },
      })
    ).body.id
    // Two names for one ministry, as an import and a claim form would make them.
    for (const name of ['Croatian Interior Ministry', 'Interior Ministry of Croatia'])
      await desk.api('POST', `/claims/${claimId}/attributions`, {
        body: { source: { name, kind: 'government' }, stance: 'asserts' },
      })
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  it('an editor finds a source, corrects it, and merges a duplicate into it', async () => {
    const context = await browser.newContext({ viewport: { width: 1100, height: 900 } })
    const page = await context.newPage()
    const errors = watchConsole(page)
    await signInThroughDesk(page, server.url, 'ana@example.org', PASSWORD)
    errors.length = 0
    await page.getByRole('link', { name: 'Sources' }).click()
    await page.getByRole('heading', { name: 'Sources', level: 1 }).waitFor()

    await page.getByLabel('Find a source by name or alias').fill('nothing like this')
    await page.getByTestId('sources-empty').waitFor()
    await page.getByLabel('Find a source by name or alias').fill('interior')
    const items = page.locator('li.source-item')
    await expect.poll(() => items.count(), { timeout: 3000 }).toBe(2)

    const ids = (await desk.api('GET', '/sources?q=interior')).body.items as Array<{
      id: string
      name: string
    }>
    const idOf = (name: string) => ids.find((x) => x.name === name)!.id
    const kept = page.locator(
      `li.source-item[data-source-id="${idOf('Croatian Interior Ministry')}"]`,
    )
    await kept.getByRole('button', { name: 'Edit' }).click()
    const form = kept.getByRole('form', { name: 'Edit Croatian Interior Ministry' })
    await form.getByLabel('Speaks for (side), if any').fill('Croatia')
    await form.getByLabel('Other names, separated by commas').fill('MUP')
    await form.getByRole('button', { name: 'Save' }).click()
    await page
      .locator('li.source-item', { hasText: 'Also known as: MUP' })
      .waitFor({ timeout: 3000 })

    const duplicate = page.locator(
      `li.source-item[data-source-id="${idOf('Interior Ministry of Croatia')}"]`,
    )
    const merge = duplicate.getByRole('form', { name: /into another source/ })
    await merge.getByLabel('Same as').selectOption({ label: 'Croatian Interior Ministry' })
    await merge.getByRole('button', { name: 'Merge…' }).click()
    await merge.getByText('This cannot be undone').waitFor()
    await screenshot(page, 'desk-sources-merge')
    await merge.getByRole('button', { name: 'Yes, merge' }).click()
    await expect.poll(() => items.count(), { timeout: 3000 }).toBe(1)

    const claim = (await desk.api('GET', `/claims/${claimId}`)).body
    const names = claim.attributions.map((a: { source: { name: string } }) => a.source.name)
    expect(names).toEqual(['Croatian Interior Ministry', 'Croatian Interior Ministry'])
    const found = (await desk.api('GET', '/sources?q=Interior%20Ministry%20of%20Croatia')).body
    expect(found.items[0]).toMatchObject({
      name: 'Croatian Interior Ministry',
      affiliation: 'Croatia',
      aliases: expect.arrayContaining(['MUP', 'Interior Ministry of Croatia']),
    })
    expect(errors, JSON.stringify(errors)).toEqual([])
    await context.close()
  })
})
