/**
 * Keeps an open claim page current. The page is complete without this script; with it, a new
 * statement, verdict or wording arriving on the story's stream fetches the page again and swaps
 * its main content in, announcing the change to screen readers. A merge reloads the page, which
 * the server redirects to the claim that absorbed this one.
 */
interface ClaimEvent {
  type: string
  claim?: { id: string; version: number; merged_into?: string | null }
}

const main = document.querySelector<HTMLElement>('main.claim-page[data-claim-id]')

async function refresh(page: HTMLElement): Promise<void> {
  const res = await fetch(location.href, { cache: 'no-store', headers: { accept: 'text/html' } })
  if (!res.ok) return
  const fresh = new DOMParser()
    .parseFromString(await res.text(), 'text/html')
    .querySelector<HTMLElement>('main.claim-page')
  if (!fresh) return
  // The status region stays the same element, so screen readers announce what it says next.
  const status = document.getElementById('claim-live-status')
  const nodes = Array.from(fresh.childNodes).filter(
    (n) => !(n instanceof HTMLElement && n.id === 'claim-live-status'),
  )
  page.replaceChildren(...(status ? [status] : []), ...nodes.map((n) => document.adoptNode(n)))
  page.dataset.version = fresh.dataset.version
  if (status) status.textContent = 'This claim was updated.'
}

if (main && 'EventSource' in window) {
  const page = main
  const id = page.dataset.claimId ?? ''
  let busy: Promise<void> | undefined
  let again = false
  const update = () => {
    // One fetch at a time; changes during it fetch once more afterwards.
    if (busy) {
      again = true
      return
    }
    busy = refresh(page)
      .catch(() => undefined)
      .finally(() => {
        busy = undefined
        if (again) {
          again = false
          update()
        }
      })
  }
  const stream = new EventSource(`/stories/${encodeURIComponent(page.dataset.slug ?? '')}/events`)
  stream.onopen = () => (page.dataset.live = 'on')
  stream.onerror = () => (page.dataset.live = 'off')
  stream.onmessage = (e: MessageEvent<string>) => {
    const data = JSON.parse(e.data) as ClaimEvent
    if (data.claim?.id !== id) return
    if (data.claim.merged_into) return location.reload()
    if (data.claim.version > Number(page.dataset.version ?? 0)) update()
  }
}
