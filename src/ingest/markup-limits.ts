/** @module ingest/markup-limits — refuses HTML and XML nested too deep or made of too many tokens, before any tree is built. */
import { Parser } from 'htmlparser2'

/** Limits on markup read from an import or a feed. */
export interface MarkupLimits {
  /** Elements open at once (`<b>` inside `<b>`…); pages nest a few dozen deep. */
  maxDepth: number
  /** Tags and text runs in one document. */
  maxTokens: number
}

export const DEFAULT_MARKUP_LIMITS: MarkupLimits = {
  maxDepth: 256,
  maxTokens: 500_000,
}

/** Stops the streaming parser at the first limit it reaches. */
class LimitReached {
  constructor(readonly reason: string) {}
}

/**
 * Why a document exceeds the limits, or undefined when it does not. The markup is only
 * tokenised (htmlparser2's streaming parser keeps a stack of open names, no tree), so a page of
 * 150,000 nested tags costs one pass and stops at the first tag over the depth limit; the tree
 * builders and walkers after it then never meet more than `maxDepth` levels.
 */
export function markupLimitExceeded(
  markup: string,
  options: { xmlMode: boolean },
  limits: MarkupLimits = DEFAULT_MARKUP_LIMITS,
): string | undefined {
  let depth = 0
  let tokens = 0
  const count = () => {
    if (++tokens > limits.maxTokens)
      throw new LimitReached(`The markup has more than ${limits.maxTokens} tags and text runs`)
  }
  const parser = new Parser(
    {
      onopentag() {
        count()
        if (++depth > limits.maxDepth)
          throw new LimitReached(`The markup nests more than ${limits.maxDepth} elements deep`)
      },
      onclosetag() {
        depth = Math.max(0, depth - 1)
      },
      ontext: count,
    },
    { xmlMode: options.xmlMode, decodeEntities: false },
  )
  try {
    parser.end(markup)
  } catch (error) {
    if (error instanceof LimitReached) return error.reason
    throw error
  }
  return undefined
}
