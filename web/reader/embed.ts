/** @module web/reader/embed — for other sites: resizes each Sitrep embed iframe to its content. */
window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const data = event.data as { sitrep?: unknown; height?: unknown } | null
  if (!data || data.sitrep !== 'resize' || typeof data.height !== 'number') return
  const height = Math.min(Math.max(Math.ceil(data.height), 100), 100_000)
  for (const frame of document.querySelectorAll<HTMLIFrameElement>('iframe[data-sitrep-embed]')) {
    // Only the frame that sent the message is resized.
    if (frame.contentWindow === event.source) {
      frame.style.height = `${height}px`
      frame.setAttribute('scrolling', 'no')
    }
  }
})
