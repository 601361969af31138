/**
 * A day of invented live coverage in the shape of shared/reference (a contested lead, updates
 * with sources, an image with caption and credit, a related-story teaser), plus hostile content
 * for the escaping tests. Every name and place here is fictional.
 */
import { request } from './http.js'

export const STORY = {
  slug: 'orvik-dam',
  title: 'Dam failure at Lake Orvik',
  lead: 'Regional officials say the northern spillway of the Orvik dam has **given way** — the operator has not confirmed. Evacuations continue downstream.',
}

export interface FixtureUpdate {
  headline: string
  body: string
  status: 'published'
  media?: Array<{ url: string; caption: string; credit: string; alt: string }>
  related?: Array<{ title: string; url: string }>
  sources?: Array<{ name: string; url?: string; kind?: string }>
  pinned?: boolean
  key_event?: boolean
}

/** Oldest first, as a desk would publish them. Images point at the app itself, so nothing leaves the machine. */
export const UPDATES: FixtureUpdate[] = [
  {
    headline: 'Operator: spillway damaged but holding',
    body: 'Orvik Hydro said in a written statement that the northern spillway is *damaged but holding*, contradicting the regional council.\n\nEngineers are inspecting the structure, it added.',
    status: 'published',
    sources: [
      { name: 'Orvik Hydro', kind: 'other' },
      { name: 'Orvik regional council', kind: 'government' },
    ],
  },
  {
    headline: 'Shelters open in three towns',
    body: 'Schools in Bransk, Tolle and Upper Mire are taking in families from the valley floor, the civil protection office said.',
    status: 'published',
    sources: [
      { name: 'Civil Protection Office', url: 'https://example.org/cpo', kind: 'government' },
    ],
    related: [
      { title: 'Orvik: what is known about the dam', url: 'https://example.org/orvik-explainer' },
    ],
  },
  {
    headline: 'Aerial images show water over the crest',
    body: 'Images taken at first light show water flowing over the northern section. Independent analysts said the pictures were consistent with a partial failure.',
    status: 'published',
    media: [
      {
        url: '/assets/reader/logo.svg',
        caption: 'The northern spillway seen from the air at dawn',
        credit: 'Nordsat Imaging/Example',
        alt: 'Water running over a concrete dam crest',
      },
    ],
    sources: [{ name: 'Nordsat Imaging', kind: 'media' }],
    key_event: true,
  },
  {
    headline: 'What we know so far',
    body: '- The council says the spillway failed.\n- The operator says it is holding.\n- About 4,000 people have left their homes.',
    status: 'published',
    pinned: true,
  },
  {
    headline: 'Army engineers on their way',
    body: 'The defence ministry said two engineer companies were moving to the site and would arrive by evening.',
    status: 'published',
    key_event: true,
    sources: [{ name: 'Defence Ministry', kind: 'military' }],
  },
]

/** Content that must never become live markup anywhere a reader sees it. */
export const HOSTILE = {
  headline: 'Alert <script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">',
  body: [
    'Click [here](javascript:window.__pwned=3) or [there](data:text/html,<script>alert(1)</script>).',
    '',
    '<svg onload="window.__pwned=4"><script>window.__pwned=5</script></svg>',
    '',
    '<a href="javascript:window.__pwned=6" onclick="window.__pwned=7">raw link</a>',
    '',
    '<iframe src="javascript:alert(1)"></iframe>',
  ].join('\n'),
  caption: 'Caption <img src=x onerror="window.__pwned=8"><svg/onload=window.__pwned=9>',
  credit: 'Credit <script>window.__pwned=10</script>',
  alt: 'Alt" onerror="window.__pwned=11',
  relatedTitle: 'Teaser <b onmouseover="window.__pwned=12">bold</b>',
  sourceName: 'Source <script>window.__pwned=13</script>',
}

/** The hostile update as the API accepts it (the API refuses unsafe URLs itself). */
export const hostileUpdate = (): FixtureUpdate => ({
  headline: HOSTILE.headline,
  body: HOSTILE.body,
  status: 'published',
  media: [
    {
      url: '/assets/reader/logo.svg',
      caption: HOSTILE.caption,
      credit: HOSTILE.credit,
      alt: HOSTILE.alt,
    },
  ],
  related: [{ title: HOSTILE.relatedTitle, url: 'https://example.org/teaser' }],
  sources: [{ name: HOSTILE.sourceName, url: 'https://example.org/source', kind: 'agency' }],
})

export async function createStory(
  base: string,
  token: string,
  story: { title: string; slug: string; lead?: string } = STORY,
): Promise<void> {
  const res = await request(base, 'POST', '/api/v1/stories', { token, body: story })
  if (res.status !== 201) throw new Error(`create story: ${res.status} ${res.text}`)
}

export async function publish(
  base: string,
  token: string,
  slug: string,
  update: FixtureUpdate,
): Promise<{ id: string; version: number }> {
  const res = await request(base, 'POST', `/api/v1/stories/${slug}/updates`, {
    token,
    body: update,
  })
  if (res.status !== 201) throw new Error(`publish: ${res.status} ${res.text}`)
  return res.body as { id: string; version: number }
}

/** The fixture story with its updates; returns the ids oldest first. */
export async function seedStory(base: string, token: string): Promise<string[]> {
  await createStory(base, token)
  const ids: string[] = []
  for (const update of UPDATES) ids.push((await publish(base, token, STORY.slug, update)).id)
  return ids
}

/** `count` short updates in a story, oldest first. */
export async function seedMany(
  base: string,
  token: string,
  slug: string,
  count: number,
  prefix = 'Bulletin',
): Promise<string[]> {
  const ids: string[] = []
  for (let i = 1; i <= count; i++) {
    ids.push(
      (
        await publish(base, token, slug, {
          headline: `${prefix} ${i}`,
          body: `Situation report number ${i}: river levels, road closures and shelter places, as the civil protection office listed them at the hour. Crews are working through the night in the lower valley.`,
          status: 'published',
          sources: [{ name: 'Civil Protection Office', kind: 'government' }],
        })
      ).id,
    )
  }
  return ids
}
