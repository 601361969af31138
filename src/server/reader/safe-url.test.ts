import { describe, expect, it } from 'vitest'
import { safeUrl } from './safe-url.js'

describe('safeUrl', () => {
  it.each(['https://example.org/a?b=c', 'http://example.org', '/assets/reader/logo.svg'])(
    'keeps %s',
    (url) => expect(safeUrl(url)).toBe(url),
  )

  it.each([
    'javascript:alert(1)',
    ' JaVaScRiPt:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox',
    '//evil.example/x',
    '/\\evil.example',
    'https://exa mple.org',
    'java\tscript:alert(1)',
    'https://example.org/"onmouseover="x',
    'ftp://example.org',
    '',
    undefined,
  ])('drops %j', (url) => expect(safeUrl(url)).toBeUndefined())
})
