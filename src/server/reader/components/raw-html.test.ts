import { describe, expect, it } from 'vitest'
import { serializeJsonLd } from './raw-html.js'

describe('serializeJsonLd', () => {
  it('escapes < > & and line separators so no text can close the script element', () => {
    const text = serializeJsonLd({ headline: '</script><script>alert(1)</script> & <!-- \u2028' })
    expect(text).not.toMatch(/[<>&\u2028]/)
    expect(text).toContain('\\u003c/script\\u003e')
    expect(JSON.parse(text)).toEqual({
      headline: '</script><script>alert(1)</script> & <!-- \u2028',
    })
  })
})
