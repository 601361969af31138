/** A word diff (longest common subsequence) for revision history; small texts only. */
export type Piece = { kind: 'same' | 'added' | 'removed'; text: string }

export function diffWords(before: string, after: string): Piece[] {
  const a = before.split(/(\s+)/)
  const b = after.split(/(\s+)/)
  if (a.length * b.length > 4_000_000)
    return [
      { kind: 'removed', text: before },
      { kind: 'added', text: after },
    ]
  const n = a.length
  const m = b.length
  const table: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0))
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      table[i]![j] =
        a[i] === b[j] ? table[i + 1]![j + 1]! + 1 : Math.max(table[i + 1]![j]!, table[i]![j + 1]!)
  const out: Piece[] = []
  const push = (kind: Piece['kind'], text: string) => {
    const last = out.at(-1)
    if (last && last.kind === kind) last.text += text
    else out.push({ kind, text })
  }
  let i = 0
  let j = 0
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      push('same', a[i]!)
      i++
      j++
    } else if (table[i + 1]![j]! >= table[i]![j + 1]!) push('removed', a[i++]!)
    else push('added', b[j++]!)
  }
  while (i < n) push('removed', a[i++]!)
  while (j < m) push('added', b[j++]!)
  return out
}
