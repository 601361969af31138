/** @module server/reader/components/error-page — friendly 404, 410 and 500 pages in the reader's design. */

export interface ErrorPageProps {
  status: number
  /** Request id, so a reader can quote it to the newsroom. */
  requestId: string
  /** A link back to where the reader came from (the story of a removed update). */
  back?: { href: string; text: string }
}

const COPY: Record<number, { title: string; text: string }> = {
  404: {
    title: 'We could not find that page',
    text: 'The story or update may have moved, or the link may be mistyped.',
  },
  410: {
    title: 'This update was removed',
    text: 'The newsroom deleted this update. The rest of the story is still available.',
  },
  500: {
    title: 'Something went wrong on our side',
    text: 'Please try again in a moment. If it keeps happening, let the newsroom know.',
  },
}

export function errorTitle(status: number): string {
  return (COPY[status] ?? (status >= 500 ? COPY[500] : COPY[404]))!.title
}

export function ErrorPage({ status, requestId, back }: ErrorPageProps) {
  const copy =
    COPY[status] ??
    (status >= 500
      ? COPY[500]!
      : { title: 'That did not work', text: 'The request could not be handled.' })
  return (
    <main id="main" class="error-page">
      <p class="status-code">Error {status}</p>
      <h1>{copy.title}</h1>
      <p>{copy.text}</p>
      {back && (
        <p>
          <a href={back.href}>{back.text}</a>
        </p>
      )}
      <p>
        <a href="/">See all live stories</a>
      </p>
      <p class="request-id">Reference: {requestId}</p>
    </main>
  )
}
