/** The desk inbox in Chromium against a real `sitrep serve`. */
import fs from 'node:fs'
import path from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempDir } from '../helpers/backends.js'
import { launchChromium, screenshot, watchConsole, signInThroughDesk } from '../helpers/browser.js'
import { signIn, type DeskSession } from '../helpers/desk-session.js'
import { runCli, spawnServer, type ServerProcess } from '../helpers/process-server.js'

const PASSWORD = 'correct horse battery'
const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/import/river-crisis-2031-03-04.txt')
const BREACH = 'The Danube embankment north of Vukovar was breached'
const DAY_TWO = `date 2031-03-05 Water levels in Vukovar fell overnight.

Water authority: no breach

The regional water authority denied that the embankment north of Vukovar had been breached, saying water had only flowed over it.
`

interface Entry {
  id: string
  drafts: Array<{ update_id: string; update: { headline: string; version: number } }>
  suggestions: Array<{ id: string; statements: Array<{ stance: string }> }>
}

describe('the desk inbox in Chromium', () => {
  let server: ServerProcess
  let browser: Browser
  let context: BrowserContext
  let page: Page
  let desk: DeskSession
  let errors: string[]

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
    desk = await signIn(server.url, 'ana@example.org', PASSWORD)
    await desk.api('POST', '/stories', { body: { title: 'River crisis', slug: 'river' } })
    await desk.api('POST', '/stories', { body: { title: 'A quiet story', slug: 'quiet' } })
    browser = await launchChromium()
    // Reduced motion: the text scrolls to a selection at once, so screenshots show where it lands.
    context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      reducedMotion: 'reduce',
    })
    page = await context.newPage()
    errors = watchConsole(page)
    await signInThroughDesk(page, server.url, 'ana@example.org', PASSWORD)
    // Signing in logs the 401 of the session check before it; from here on, nothing may fail.
    errors.length = 0
  })
  afterAll(async () => {
    await context?.close()
    await browser?.close()
    await server?.stop()
  })

  it('says how text gets into an empty inbox', async () => {
    await page.goto(`${server.url}/desk/stories/quiet`)
    await page.getByRole('link', { name: 'Inbox', exact: true }).click()
    const empty = page.getByTestId('inbox-empty')
    await empty.waitFor()
    const words = await empty.textContent()
    expect(words).toContain('Nothing has been imported')
    expect(words).toContain('sitrep import <file|dir> --story quiet')
    expect(words).toContain('sitrep feeds add')
    expect(errors, JSON.stringify(errors)).toEqual([])
  })

  it('imports a file in the desk, then edits, publishes, rejects and accepts beside the text', async () => {
    const fixture = fs.readFileSync(FIXTURE, 'utf8')
    await page.goto(`${server.url}/desk/stories/river/inbox`)
    await page.getByTestId('inbox-empty').waitFor()
    await page.getByLabel('or choose a file (.txt, .md, .html)').setInputFiles(FIXTURE)
    await expect
      .poll(() => page.getByLabel('Text (wire copy, Markdown or an HTML page)').inputValue())
      .toBe(fixture)
    await page.getByRole('button', { name: 'Import', exact: true }).click()
    await page.waitForURL(/\/desk\/stories\/river\/inbox\/[^/]+$/)
    const entryId = new URL(page.url()).pathname.split('/').pop()!
    const entry = (await desk.api<Entry>('GET', `/stories/river/inbox/${entryId}`)).body
    expect(entry.drafts).toHaveLength(4)

    // The text as imported, cut into marks at the spans, and nothing else.
    const text = page.getByRole('region', { name: 'Imported text with highlights' })
    await text.locator('mark.hl-source').first().waitFor()
    expect(await text.textContent()).toBe(fixture)
    for (const kind of ['draft', 'source', 'cue', 'content'])
      expect(await text.locator(`mark.hl-${kind}`).count(), kind).toBeGreaterThan(0)
    await expect(
      text.locator('mark.hl-cue', { hasText: 'has not confirmed' }).count(),
    ).resolves.toBe(1)
    // Under the text, who and what it names, by kind.
    const named = page.getByRole('region', { name: 'Named in this text' })
    await expect(named.locator('[data-entity-kind="place"]').allTextContents()).resolves.toEqual(
      expect.arrayContaining([expect.stringMatching(/^(, )?Vukovar/)]),
    )
    await expect(named.locator('[data-entity-kind="person"]').allTextContents()).resolves.toEqual(
      expect.arrayContaining([expect.stringContaining('Milica Jovanović')]),
    )

    // Focusing a suggested claim emphasises its spans in the text.
    const breach = entry.suggestions.find((s) =>
      s.statements.some((st) => st.stance === 'declines_to_confirm'),
    )!
    const breachCard = page.locator(`li[data-suggestion-id="${breach.id}"]`)
    await breachCard.getByLabel('The claim in plain words').focus()
    await text
      .locator(`mark.hl-cue.is-active[data-owner="claim:${breach.id}"]`, {
        hasText: 'has not confirmed',
      })
      .waitFor()
    expect(await text.locator('mark.is-active').count()).toBeGreaterThanOrEqual(6)

    const card = (headline: string) => {
      const d = entry.drafts.find((x) => x.update.headline === headline)!
      return { draft: d, card: page.locator(`li[data-update-id="${d.update_id}"]`) }
    }

    // Edit the lead in place (If-Match under the hood).
    const lead = card('Lead — 2031-03-04')
    await lead.card.getByRole('button', { name: 'Edit' }).click()
    await lead.card.getByLabel('Headline').fill('Vukovar embankment: what we know')
    await lead.card.getByRole('button', { name: /Save changes/ }).click()
    await lead.card.getByRole('heading', { name: 'Vukovar embankment: what we know' }).waitFor()

    // Publish one, after someone else changed it meanwhile: refused, reloaded, then published.
    const bridges = card('Serbia says Novi Sad bridges remain open')
    const edited = await desk.api('PATCH', `/stories/river/updates/${bridges.draft.update_id}`, {
      body: { body: 'All three bridges in Novi Sad remain open to traffic.' },
      headers: { 'if-match': `"${bridges.draft.update.version}"` },
    })
    expect(edited.status).toBe(200)
    await bridges.card.getByRole('button', { name: 'Publish' }).click()
    await expect(bridges.card.getByRole('alert').textContent()).resolves.toMatch(/changed/)
    await bridges.card.getByRole('button', { name: 'Reload' }).click()
    await bridges.card.getByText('All three bridges in Novi Sad remain open to traffic.').waitFor()
    await bridges.card.getByRole('button', { name: 'Publish' }).click()
    await bridges.card.getByText('Published.').waitFor()
    await bridges.card.locator('.badge.state-accepted').waitFor()
    // Focus stays on the item just decided, not lost to the page.
    expect(await page.evaluate(() => document.activeElement?.closest('li')?.dataset.updateId)).toBe(
      bridges.draft.update_id,
    )
    // The browser logs the refused request; that one was expected.
    errors.splice(0, errors.length, ...errors.filter((e) => !/status of 412/.test(e)))

    // Reject one, after saying so twice.
    const rain = card('Meteorologists expect more rain')
    await rain.card.getByRole('button', { name: 'Reject' }).click()
    await rain.card.getByRole('button', { name: 'Reject the draft' }).click()
    await rain.card.locator('.badge.state-rejected').waitFor()
    // A deleted update keeps no headline; the card names it by its text.
    await rain.card
      .getByRole('heading', { name: 'Deleted draft: “Meteorologists expect more rain”' })
      .waitFor()

    // Accept the suggested claim with both statements, worded by the editor.
    const proposition = BREACH
    await breachCard.getByLabel('The claim in plain words').fill(proposition)
    for (const box of await breachCard.getByRole('checkbox').all())
      expect(await box.isChecked()).toBe(true)
    await breachCard.getByRole('button', { name: 'Accept claim' }).click()
    const link = breachCard.getByRole('link', { name: 'Open the claim' })
    await link.waitFor()
    await breachCard.locator('.badge.state-accepted').waitFor()
    // The viewport, where the text stays beside the items (a full-page capture misplaces sticky parts).
    await screenshot(page, 'desk-inbox-review', false)

    // Over HTTP: the claim with the editor's words and both statements; the drafts as decided.
    const claims = (await desk.api('GET', '/stories/river/claims')).body.items as Array<{
      id: string
      proposition: string
      attributions: Array<{ stance: string }>
    }>
    const claim = claims.find((c) => c.proposition === proposition)
    expect(claim, JSON.stringify(claims)).toBeDefined()
    expect(claim!.attributions.map((a) => a.stance).sort()).toEqual([
      'asserts',
      'declines_to_confirm',
    ])
    expect(await link.getAttribute('href')).toBe(`/stories/river/claims/${claim!.id}`)
    const published = await desk.api('GET', `/stories/river/updates/${bridges.draft.update_id}`)
    expect(published.body).toMatchObject({
      status: 'published',
      body: 'All three bridges in Novi Sad remain open to traffic.',
    })
    const rejected = await desk.api('GET', `/stories/river/updates/${rain.draft.update_id}`)
    expect(rejected.status, rejected.text).toBe(410)
    const leadNow = await desk.api('GET', `/stories/river/updates/${lead.draft.update_id}`)
    expect(leadNow.body).toMatchObject({
      status: 'draft',
      headline: 'Vukovar embankment: what we know',
    })

    // The list counts what still waits.
    await page.getByRole('link', { name: 'Inbox', exact: true }).click()
    const row = page.locator('table.inbox-list tbody tr')
    await row.waitFor()
    const n = entry.suggestions.length
    await expect(row.textContent()).resolves.toContain(
      `2 of 4 drafts and ${n - 1} of ${n} claims waiting`,
    )
    expect(await row.textContent()).toContain('river-crisis-2031-03-04.txt')
    expect(errors, JSON.stringify(errors)).toEqual([])
  })

  it('puts the text above its items on a narrow screen, and refuses the same text twice', async () => {
    await page.setViewportSize({ width: 760, height: 1000 })
    await page.goto(`${server.url}/desk/stories/river/inbox`)
    await page.locator('table.inbox-list a').first().click()
    const source = page.locator('section.inbox-source')
    const items = page.locator('section.inbox-items')
    await items.waitFor()
    const a = (await source.boundingBox())!
    const b = (await items.boundingBox())!
    expect(a.y + a.height).toBeLessThanOrEqual(b.y)
    await screenshot(page, 'desk-inbox-review-760', false)

    await page.getByRole('link', { name: 'Inbox', exact: true }).click()
    await page.getByLabel('or choose a file (.txt, .md, .html)').setInputFiles(FIXTURE)
    await expect
      .poll(() => page.getByLabel('Text (wire copy, Markdown or an HTML page)').inputValue())
      .toContain('Vukovar')
    await page.getByRole('button', { name: 'Import', exact: true }).click()
    const alert = page.locator('form.inbox-import [role="alert"]')
    await alert.waitFor()
    expect(await alert.textContent()).toContain('IMPORT_DUPLICATE')
    await screenshot(page, 'desk-inbox-list-760')
    expect(errors, JSON.stringify(errors)).toEqual([])
  })

  it('asks for the name of a source the extractor could not resolve', async () => {
    await page.setViewportSize({ width: 1280, height: 900 })
    await desk.api('POST', '/stories', { body: { title: 'Ilok', slug: 'ilok' } })
    const res = await desk.api('POST', '/stories/ilok/imports', {
      body: {
        text: 'date 2031-03-05 He said the road to Ilok was closed.\n',
        file_name: 'ilok.txt',
      },
    })
    await page.goto(`${server.url}/desk/stories/ilok/inbox/${res.body.imported[0].entry_id}`)
    const card = page.locator('li[data-suggestion-id]').first()
    const include = card.getByRole('checkbox', { name: /^Include statement 1/ })
    // Left out by default: the ledger takes no statement without a named source.
    expect(await include.isChecked()).toBe(false)
    await card.getByRole('button', { name: 'Accept claim' }).click()
    await card.getByRole('alert').filter({ hasText: 'Include at least one statement' }).waitFor()
    await include.check()
    await card.getByRole('button', { name: 'Accept claim' }).click()
    await card.getByRole('alert').filter({ hasText: 'Name the source of statement 1' }).waitFor()
    await card.getByLabel('Source of statement 1 (not resolved)').fill('Mayor of Ilok')
    // No guess to pre-fill ("other" is never a choice): the kind is picked before accepting.
    await card.getByRole('button', { name: 'Accept claim' }).click()
    await card
      .getByRole('alert')
      .filter({ hasText: 'Choose the kind of source of statement 1' })
      .waitFor()
    await card.getByLabel('Kind of source of statement 1').selectOption('official')
    await card.getByRole('button', { name: 'Accept claim' }).click()
    await card.getByRole('link', { name: 'Open the claim' }).waitFor()
    const claims = (await desk.api('GET', '/stories/ilok/claims')).body.items
    expect(claims).toMatchObject([
      { attributions: [{ source: { name: 'Mayor of Ilok' }, stance: 'asserts' }] },
    ])
    expect(errors, JSON.stringify(errors)).toEqual([])
  })

  it('adds the next day’s statement to the claim the story already has', async () => {
    const res = await desk.api('POST', '/stories/river/imports', {
      body: { text: DAY_TWO, file_name: 'river-day-two.txt' },
    })
    await page.goto(`${server.url}/desk/stories/river/inbox/${res.body.imported[0].entry_id}`)
    const card = page.locator('li[data-suggestion-id]', { hasText: 'denied' }).first()
    await card
      .getByRole('radio', { name: `Add to existing claim “${BREACH}” (unverified)` })
      .check()
    // The new claim's wording is not asked for when adding to one.
    expect(await card.getByLabel('The claim in plain words').count()).toBe(0)
    await card.getByRole('button', { name: 'Add to the claim' }).click()
    await card.getByRole('link', { name: 'Open the claim' }).waitFor()
    const claims = (await desk.api('GET', '/stories/river/claims')).body.items as Array<{
      proposition: string
      attributions: Array<{ stance: string }>
    }>
    const breach = claims.find((c) => c.proposition === BREACH)!
    expect(breach.attributions.map((a) => a.stance).sort()).toEqual([
      'asserts',
      'declines_to_confirm',
      'denies',
    ])
    expect(errors, JSON.stringify(errors)).toEqual([])
  })

  it('shows a contributor the suggested claims without the means to decide them', async () => {
    const other = await browser.newContext({ viewport: { width: 1280, height: 900 } })
    try {
      const cy = await other.newPage()
      await signInThroughDesk(cy, server.url, 'cy@example.org', PASSWORD)
      await cy.goto(`${server.url}/desk/stories/river/inbox`)
      await cy.locator('table.inbox-list a').first().click()
      await cy.getByText('Editors decide claims').waitFor()
      const claims = cy.locator('li[data-suggestion-id]')
      expect(await claims.count()).toBeGreaterThan(1)
      expect(await claims.getByRole('button').count()).toBe(0)
      expect(await claims.getByRole('textbox').count()).toBe(0)
      // Drafts: a contributor keeps or edits one, but does not publish.
      const waiting = cy.locator('li[data-update-id]', { has: cy.locator('.state-pending') })
      await waiting.first().getByRole('button', { name: 'Accept as draft' }).waitFor()
      expect(await cy.getByRole('button', { name: 'Publish' }).count()).toBe(0)
    } finally {
      await other.close()
    }
  })
})
