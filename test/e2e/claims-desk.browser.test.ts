/** The claims ledger in the desk, in Chromium against a real `sitrep serve`. */
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempDir } from '../helpers/backends.js'
import { launchChromium, screenshot, watchConsole, signInThroughDesk } from '../helpers/browser.js'
import { signIn, type DeskSession } from '../helpers/desk-session.js'
import { runCli, spawnServer, type ServerProcess } from '../helpers/process-server.js'

const PASSWORD = 'correct horse battery'

describe('claims in the desk in Chromium', () => {
  let server: ServerProcess
  let browser: Browser
  let desk: DeskSession
  let updateId: string

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
    await desk.api('POST', '/stories', { body: { title: 'Fighting for Veldra', slug: 'veldra' } })
    updateId = (
      await desk.api('POST', '/stories/veldra/updates', {
        body: {
          headline: 'Mercenaries claim the town',
          body: 'The group said its fighters hold the town centre. Sudria has not confirmed.',
          status: 'published',
        },
      })
    ).body.id
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  it('an editor creates a claim from selected text, then gives a verdict in the ledger', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
    const page = await context.newPage()
    const errors = watchConsole(page)
    await signInThroughDesk(page, server.url, 'ana@example.org', PASSWORD)
    await page.goto(`${server.url}/desk/stories/veldra`)
    const prose = page.locator(`li[data-update-id="${updateId}"] .prose`)
    await prose.waitFor()
    // Signing in logs the 401 of the session check before it; from here on, nothing may fail.
    errors.length = 0
    await page.getByTestId('ledger').getByText('No claims yet').waitFor({ timeout: 5000 })

    // Select "its fighters hold the town centre" as a person would, then release the mouse.
    await prose.evaluate((el) => {
      const text = el.querySelector('p')!.firstChild!
      const start = text.textContent!.indexOf('its fighters')
      const range = document.createRange()
      range.setStart(text, start)
      range.setEnd(text, start + 'its fighters hold the town centre'.length)
      const selection = window.getSelection()!
      selection.removeAllRanges()
      selection.addRange(range)
      el.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }))
    })
    const form = page.getByRole('form', { name: 'Claim from the selected text' })
    await expect(form.getByLabel('The claim in plain words').inputValue()).resolves.toBe(
      'its fighters hold the town centre',
    )
    await expect(form.getByLabel('Quote').inputValue()).resolves.toBe(
      'its fighters hold the town centre',
    )
    await form.getByLabel('The claim in plain words').fill('Iron Company fighters hold Veldra')
    await form.getByLabel('Who said it (source)').fill('Iron Company')
    await form.getByLabel('What they say about it').selectOption('asserts')
    // A new source's kind is chosen, never defaulted: the picker has no "other".
    const kinds = await form.getByLabel('Kind of source').locator('option').allTextContents()
    expect(kinds).toEqual([
      'Choose…',
      'Government',
      'Military',
      'Armed group',
      'Agency',
      'Media',
      'NGO',
      'Think tank',
      'Official',
      'Person',
    ])
    await form.getByRole('button', { name: 'Create the claim' }).click()
    await form.getByText('Choose what kind of source this is.').waitFor({ timeout: 2000 })
    await form.getByLabel('Kind of source').selectOption('armed_group')
    await form.getByRole('button', { name: 'Create the claim' }).click()
    await page.getByText('Claim created with its statement.').waitFor({ timeout: 2000 })

    const claims = (await desk.api('GET', '/stories/veldra/claims')).body.items
    expect(claims).toHaveLength(1)
    expect(claims[0].proposition).toBe('Iron Company fighters hold Veldra')
    expect(claims[0].attributions).toMatchObject([
      {
        source: { name: 'Iron Company', kind: 'armed_group' },
        stance: 'asserts',
        quote: 'its fighters hold the town centre',
        update_id: updateId,
      },
    ])

    // The ledger follows the story stream, and takes a verdict with a note.
    const entry = page.locator(`li.ledger-claim[data-claim-id="${claims[0].id}"]`)
    await entry.waitFor({ timeout: 2000 })
    await expect(entry.locator('.timeline li').textContent()).resolves.toContain(
      'Iron Company (armed group) asserts — “its fighters hold the town centre”',
    )
    await entry.getByLabel('Verdict', { exact: true }).selectOption('contested')
    await entry.getByLabel('Why').fill('Sudria has not confirmed.')
    await entry.getByRole('button', { name: 'Set verdict' }).click()
    await page
      .locator('.ledger-group', { hasText: 'contested' })
      .locator(`li[data-claim-id="${claims[0].id}"]`)
      .waitFor({ timeout: 2000 })
    const after = (await desk.api('GET', `/claims/${claims[0].id}`)).body
    expect(after.status).toBe('contested')
    expect(after.note).toBe('Sudria has not confirmed.')
    await screenshot(page, 'desk-claims-ledger')

    // A duplicate made over the API is merged by hand: its statement moves to the kept claim.
    const duplicate = (
      await desk.api('POST', '/stories/veldra/claims', {
        body: { proposition: 'The Iron Company holds the centre of Veldra' },
      })
    ).body
    await desk.api('POST', `/claims/${duplicate.id}/attributions`, {
      body: { source: { name: 'Sudria' }, stance: 'denies', quote: 'Veldra is ours' },
    })
    const dup = page.locator(`li.ledger-claim[data-claim-id="${duplicate.id}"]`)
    await dup.waitFor({ timeout: 3000 })
    const mergeForm = dup.getByRole('form', { name: /into another claim/ })
    await mergeForm.getByLabel('Duplicate of').selectOption(claims[0].id)
    await mergeForm.getByRole('button', { name: 'Merge…' }).click()
    await mergeForm.getByText('This cannot be undone').waitFor()
    await mergeForm.getByRole('button', { name: 'Yes, merge' }).click()
    await dup.waitFor({ state: 'detached', timeout: 3000 })
    const kept = (await desk.api('GET', `/claims/${claims[0].id}`)).body
    expect(kept.attributions.map((a: { stance: string }) => a.stance).sort()).toEqual([
      'asserts',
      'denies',
    ])
    const merged = (await desk.api('GET', `/claims/${duplicate.id}`)).body
    expect(merged.merged_into).toBe(claims[0].id)
    expect(errors, JSON.stringify(errors)).toEqual([])
    await context.close()
  })
})
