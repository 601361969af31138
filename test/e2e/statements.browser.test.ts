/** Statements dated, corrected and withdrawn in the desk, followed live by an open reader page, in Chromium. */
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempDir } from '../helpers/backends.js'
import { launchChromium, screenshot, signInThroughDesk, watchConsole } from '../helpers/browser.js'
import { signIn, type DeskSession } from '../helpers/desk-session.js'
import { runCli, spawnServer, type ServerProcess } from '../helpers/process-server.js'

const PASSWORD = 'correct horse battery'
const BODY = 'Iron Company says its flag flies over the port. Sudria has not confirmed the loss.'

describe('statements corrected and withdrawn in Chromium', () => {
  let server: ServerProcess
  let browser: Browser
  let desk: DeskSession
  let updateId: string
  let claimId: string
  let mistakeId: string

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
    await desk.api('POST', '/stories', { body: { title: 'The port of Kessa', slug: 'kessa' } })
    updateId = (
      await desk.api('POST', '/stories/kessa/updates', {
        body: { headline: 'Flag over the port', body: BODY, status: 'published' },
      })
    ).body.id
    claimId = (
      await desk.api('POST', '/stories/kessa/claims', {
        body: { proposition: 'Norland forces hold the port of Kessa' },
      })
    ).body.id
    // Recorded by mistake: the General Staff spoke about another town.
    mistakeId = (
      await desk.api('POST', `/claims/${claimId}/attributions`, {
        body: {
          source: { name: 'Sudria General Staff', kind: 'military', affiliation: 'Sudria' },
          stance: 'denies',
          quote: 'Sudria has not confirmed the loss',
          update_id: updateId,
        },
      })
    ).body.id
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  const panelText = (page: Page) => page.locator('#claims-panel').textContent()

  it('an editor dates, corrects and withdraws statements; the open reader page follows live', async () => {
    // The reader: the story page with the claim card open, and the claim page.
    const readers = await browser.newContext()
    const story = await readers.newPage()
    const claimPage = await readers.newPage()
    const storyErrors = watchConsole(story)
    const claimPageErrors = watchConsole(claimPage)
    await story.goto(`${server.url}/stories/kessa`)
    await story.locator('#live-status[data-state="live"]').waitFor()
    await expect(panelText(story)).resolves.toContain('Denied by Sudria General Staff.')
    await story.locator(`a.claim-mark[data-claim="${claimId}"]`).first().click()
    const card = story.locator('.claim-popover .claim-card')
    await card.waitFor({ timeout: 5000 })
    await claimPage.goto(`${server.url}/stories/kessa/claims/${claimId}`)
    await claimPage.locator('main.claim-page[data-live="on"]').waitFor({ timeout: 5000 })

    // The editor records who said what, and when.
    // The editor's zone is fixed so the date typed is the same instant wherever the test runs.
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      timezoneId: 'UTC',
    })
    const page = await context.newPage()
    const errors = watchConsole(page)
    await signInThroughDesk(page, server.url, 'ana@example.org', PASSWORD)
    await page.goto(`${server.url}/desk/stories/kessa`)
    const prose = page.locator(`li[data-update-id="${updateId}"] .prose`)
    await prose.waitFor()
    errors.length = 0
    await prose.evaluate((el) => {
      const text = el.querySelector('p')!.firstChild!
      const start = text.textContent!.indexOf('its flag')
      const range = document.createRange()
      range.setStart(text, start)
      range.setEnd(text, start + 'its flag flies over the port'.length)
      window.getSelection()!.removeAllRanges()
      window.getSelection()!.addRange(range)
      el.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }))
    })
    const form = page.getByRole('form', { name: 'Claim from the selected text' })
    await form.getByLabel('Claim', { exact: true }).selectOption(claimId)
    await form.getByLabel('Who said it (source)').fill('Iron Company')
    await form.getByLabel('Kind of source').selectOption('armed_group')
    // Recorded wrongly as a denial: corrected below.
    await form.getByLabel('What they say about it').selectOption('denies')
    await form.getByLabel('Known as').selectOption('moment')
    await form.getByLabel('Date and time said').fill('2026-03-02T09:30')
    await form.getByRole('button', { name: 'Add the statement' }).click()
    await page.getByText('Statement added to the claim.').waitFor({ timeout: 5000 })
    const recorded = (await desk.api('GET', `/claims/${claimId}`)).body.attributions
    const iron = recorded.find((a: any) => a.source.name === 'Iron Company')
    expect(iron).toMatchObject({ stance: 'denies', stated_at: '2026-03-02T09:30:00.000Z' })
    expect(iron.recorded_at > iron.stated_at).toBe(true)
    await story
      // Ordered by when it was said, live as on a fresh load: Iron Company spoke first.
      .locator('#claims-panel', { hasText: 'Denied by Iron Company, Sudria General Staff.' })
      .waitFor({ timeout: 5000 })

    // The ledger row: time said, source kind, and its two buttons, each naming the statement.
    const entry = page.locator(`li.ledger-claim[data-claim-id="${claimId}"]`)
    const row = entry.locator(`li[data-attribution-id="${iron.id}"]`)
    await row.waitFor({ timeout: 5000 })
    await expect(row.textContent()).resolves.toContain('(armed group) denies — “its flag flies')
    await expect(row.locator('time').getAttribute('datetime')).resolves.toBe(iron.stated_at)
    const sudriaRow = entry.locator(`li[data-attribution-id="${mistakeId}"]`)
    await expect(sudriaRow.textContent()).resolves.toContain('Sudria General Staff (military)')

    // Correct, with the keyboard: Escape first puts focus back on the button.
    const correct = row.getByRole('button', { name: /^Correct: Iron Company denies/ })
    await correct.focus()
    await page.keyboard.press('Enter')
    const correctForm = row.getByRole('form', { name: /^Correct: Iron Company denies/ })
    await correctForm.waitFor()
    await page.keyboard.press('Escape')
    await correctForm.waitFor({ state: 'detached' })
    await expect(correct.evaluate((el) => el === document.activeElement)).resolves.toBe(true)
    await page.keyboard.press('Enter')
    await correctForm.getByLabel('What they say about it').selectOption('asserts')
    // Without a reason nothing is sent: the form says why.
    await correctForm.getByRole('button', { name: 'Save the correction' }).click()
    await correctForm.getByRole('alert').getByText('Say why it is corrected').waitFor()
    await correctForm
      .getByLabel('Why it is corrected (readers see this)')
      .fill('Misread the quote: the company asserts it.')
    await correctForm.getByRole('button', { name: 'Save the correction' }).click()
    await entry
      .locator(`li[data-attribution-id="${iron.id}"]`, { hasText: 'corrected' })
      .waitFor({ timeout: 5000 })
    await story
      .locator('#claims-panel', { hasText: 'Asserted by Iron Company.' })
      .waitFor({ timeout: 5000 })
    await expect(panelText(story)).resolves.toContain('Denied by Sudria General Staff.')
    await claimPage
      .locator(`#statement-${iron.id}`, { hasText: 'Corrected' })
      .waitFor({ timeout: 5000 })
    await expect(claimPage.locator(`#statement-${iron.id}`).textContent()).resolves.toContain(
      'Misread the quote: the company asserts it.',
    )

    // Withdraw the mistaken one: the confirmation names it; Enter in the reason confirms.
    await entry
      .locator(`li[data-attribution-id="${mistakeId}"]`)
      .getByRole('button', { name: 'Withdraw: Sudria General Staff denies “Sudria has not' })
      .focus()
    await page.keyboard.press('Enter')
    const confirm = entry.getByRole('form', { name: /^Withdraw: Sudria General Staff denies/ })
    await expect(confirm.textContent()).resolves.toContain(
      'Withdraw the statement “Sudria General Staff denies “Sudria has not confirmed the loss”” as recorded by mistake?',
    )
    // The reason field takes focus when the confirmation opens; type only once it has it.
    await expect
      .poll(() =>
        confirm
          .getByRole('textbox')
          .first()
          .evaluate((el) => el === document.activeElement),
      )
      .toBe(true)
    await page.keyboard.type('The General Staff spoke about Veldra, not Kessa.')
    await page.keyboard.press('Enter')
    const struck = entry.locator(`li[data-attribution-id="${mistakeId}"]`, {
      hasText: 'withdrawn',
    })
    await struck.waitFor({ timeout: 5000 })
    await expect(struck.locator('s').count()).resolves.toBe(1)
    await expect(struck.getByRole('button').count()).resolves.toBe(0)
    await screenshot(page, 'desk-statements-corrected-withdrawn')

    // The reader's panel and open card drop the withdrawn denial; the claim page strikes it through.
    await story.locator('#claims-panel', { hasNotText: 'Sudria' }).waitFor({ timeout: 5000 })
    await expect(panelText(story)).resolves.toContain('Asserted by Iron Company.')
    await card.locator(':scope', { hasNotText: 'Sudria' }).waitFor({ timeout: 5000 })
    await expect(card.textContent()).resolves.toContain('Asserted by Iron Company.')
    await claimPage
      .locator(`#statement-${mistakeId}.statement-withdrawn s`)
      .waitFor({ timeout: 5000 })
    await expect(claimPage.locator(`#statement-${mistakeId}`).textContent()).resolves.toContain(
      'The General Staff spoke about Veldra, not Kessa.',
    )
    await screenshot(claimPage, 'claim-page-corrected-withdrawn')

    const claim = (await desk.api('GET', `/claims/${claimId}`)).body
    expect(
      claim.attributions.map((a: any) => [a.source.name, a.stance, a.withdrawn_reason]),
    ).toEqual([
      ['Iron Company', 'asserts', null],
      ['Sudria General Staff', 'denies', 'The General Staff spoke about Veldra, not Kessa.'],
    ])
    expect(errors, JSON.stringify(errors)).toEqual([])
    expect([...storyErrors, ...claimPageErrors]).toEqual([])
    await context.close()
    await readers.close()
  })
})
