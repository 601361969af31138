/** The fields of an update (headline, body with live preview, media, links, sources, flags), shared by the composer and the in-place editor. */
import MarkdownIt from 'markdown-it'
import { useState } from 'preact/hooks'
import { api, type Media, type Related, type Source, type Update } from './api.js'
import { errorText } from './util.js'

/** Raw HTML off, as on the server: the preview shows what readers will see. */
const md = new MarkdownIt({ html: false, linkify: true, typographer: true })
export const renderMarkdown = (text: string): string => md.render(text)

export const SOURCE_KINDS = [
  'government',
  'military',
  'armed_group',
  'agency',
  'media',
  'ngo',
  'think_tank',
  'official',
  'person',
  'other',
]

export interface Draft {
  headline: string
  body: string
  media: Media[]
  related: Related[]
  sources: Source[]
  pinned: boolean
  key_event: boolean
}

export const emptyDraft = (): Draft => ({
  headline: '',
  body: '',
  media: [],
  related: [],
  sources: [],
  pinned: false,
  key_event: false,
})

export const draftOf = (u: Update): Draft => ({
  headline: u.headline,
  body: u.body,
  media: u.media.map((m) => ({ ...m })),
  related: u.related.map((r) => ({ ...r })),
  sources: u.sources.map((s) => ({ ...s })),
  pinned: u.pinned,
  key_event: u.key_event,
})

/** What the API accepts: empty rows dropped, sources without a URL sent without one. */
export function toBody(d: Draft) {
  return {
    headline: d.headline.trim(),
    body: d.body,
    media: d.media.filter((m) => m.url.trim()),
    related: d.related.filter((r) => r.title.trim() && r.url.trim()),
    sources: d.sources
      .filter((s) => s.name.trim())
      .map((s) => ({
        name: s.name.trim(),
        kind: s.kind,
        ...(s.url?.trim() ? { url: s.url.trim() } : {}),
      })),
    pinned: d.pinned,
    key_event: d.key_event,
  }
}

/** Why the draft cannot be sent yet, or '' when it can. */
export function draftProblem(d: Draft): string {
  if (!d.headline.trim()) return 'Write a headline.'
  const noAlt = d.media.find((m) => m.url.trim() && !m.alt.trim())
  if (noAlt) return 'Every image needs alt text, for readers who cannot see it.'
  return ''
}

let seq = 0
const uid = (prefix: string) => `${prefix}-${++seq}`

export function UpdateFields(props: {
  draft: Draft
  onChange: (d: Draft) => void
  canPin: boolean
  idPrefix: string
}) {
  const { draft: d, onChange } = props
  const set = (patch: Partial<Draft>) => onChange({ ...d, ...patch })
  const [uploading, setUploading] = useState(false)
  const [uploadError, setUploadError] = useState('')
  const p = props.idPrefix

  const upload = async (file: File, index: number) => {
    setUploading(true)
    setUploadError('')
    try {
      const r = await api<{ url: string }>('POST', '/media', {
        raw: file,
        headers: {
          'content-type': file.type || 'application/octet-stream',
          'x-file-name': encodeURIComponent(file.name),
        },
      })
      const media = d.media.slice()
      media[index] = {
        ...(media[index] ?? { caption: '', credit: '', alt: '' }),
        url: r.url,
      } as Media
      set({ media })
    } catch (err) {
      setUploadError(errorText(err))
    } finally {
      setUploading(false)
    }
  }

  return (
    <div class="fields">
      <label for={`${p}-headline`}>Headline</label>
      <input
        id={`${p}-headline`}
        name="headline"
        required
        maxLength={300}
        value={d.headline}
        onInput={(e) => set({ headline: e.currentTarget.value })}
      />
      <div class="split">
        <div>
          <label for={`${p}-body`}>Body (Markdown)</label>
          <textarea
            id={`${p}-body`}
            name="body"
            rows={7}
            value={d.body}
            onInput={(e) => set({ body: e.currentTarget.value })}
          />
        </div>
        <div>
          <span class="label" id={`${p}-preview-label`}>
            Preview
          </span>
          <div
            class="preview prose"
            aria-labelledby={`${p}-preview-label`}
            data-testid="preview"
            // markdown-it with html off escapes every tag and refuses javascript: links.
            dangerouslySetInnerHTML={{ __html: renderMarkdown(d.body) }}
          />
        </div>
      </div>

      <fieldset>
        <legend>Images</legend>
        {d.media.map((m, i) => {
          const edit = (patch: Partial<Media>) => {
            const media = d.media.slice()
            media[i] = { ...m, ...patch }
            set({ media })
          }
          const id = `${p}-media-${i}`
          return (
            <div class="media-row" key={i}>
              {m.url && <img src={m.url} alt="" class="thumb" />}
              <div class="grid2">
                <label>
                  Upload an image
                  <input
                    type="file"
                    accept="image/jpeg,image/png,image/gif,image/webp"
                    data-testid="media-file"
                    onChange={(e) => {
                      const file = e.currentTarget.files?.[0]
                      if (file) void upload(file, i)
                    }}
                  />
                </label>
                <label>
                  or its URL
                  <input
                    id={`${id}-url`}
                    type="text"
                    inputMode="url"
                    value={m.url}
                    placeholder="https://…"
                    onInput={(e) => edit({ url: e.currentTarget.value })}
                  />
                </label>
                <label>
                  Caption
                  <input
                    value={m.caption}
                    onInput={(e) => edit({ caption: e.currentTarget.value })}
                  />
                </label>
                <label>
                  Credit
                  <input
                    value={m.credit}
                    onInput={(e) => edit({ credit: e.currentTarget.value })}
                  />
                </label>
                <label class="wide">
                  Alt text (required)
                  <input
                    required={Boolean(m.url)}
                    aria-required="true"
                    value={m.alt}
                    onInput={(e) => edit({ alt: e.currentTarget.value })}
                  />
                </label>
              </div>
              <button
                type="button"
                class="quiet"
                onClick={() => set({ media: d.media.filter((_, j) => j !== i) })}
              >
                Remove image
              </button>
            </div>
          )
        })}
        {uploading && <p role="status">Uploading…</p>}
        {uploadError && (
          <p role="alert" class="error">
            {uploadError}
          </p>
        )}
        <button
          type="button"
          class="quiet"
          onClick={() =>
            set({ media: [...d.media, { url: '', caption: '', credit: '', alt: '' }] })
          }
        >
          Add image
        </button>
      </fieldset>

      <fieldset>
        <legend>Related links</legend>
        {d.related.map((r, i) => {
          const edit = (patch: Partial<Related>) => {
            const related = d.related.slice()
            related[i] = { ...r, ...patch }
            set({ related })
          }
          return (
            <div class="row" key={i}>
              <label>
                Link title
                <input value={r.title} onInput={(e) => edit({ title: e.currentTarget.value })} />
              </label>
              <label>
                Link URL
                <input
                  type="url"
                  value={r.url}
                  onInput={(e) => edit({ url: e.currentTarget.value })}
                />
              </label>
              <button
                type="button"
                class="quiet"
                onClick={() => set({ related: d.related.filter((_, j) => j !== i) })}
              >
                Remove
              </button>
            </div>
          )
        })}
        <button
          type="button"
          class="quiet"
          onClick={() => set({ related: [...d.related, { title: '', url: '' }] })}
        >
          Add link
        </button>
      </fieldset>

      <fieldset>
        <legend>Sources</legend>
        {d.sources.map((s, i) => {
          const edit = (patch: Partial<Source>) => {
            const sources = d.sources.slice()
            sources[i] = { ...s, ...patch }
            set({ sources })
          }
          return (
            <div class="row" key={i}>
              <label>
                Source name
                <input value={s.name} onInput={(e) => edit({ name: e.currentTarget.value })} />
              </label>
              <label>
                Kind
                <select value={s.kind} onChange={(e) => edit({ kind: e.currentTarget.value })}>
                  {SOURCE_KINDS.map((k) => (
                    <option value={k}>{k.replace('_', ' ')}</option>
                  ))}
                </select>
              </label>
              <label>
                Source URL
                <input
                  type="url"
                  value={s.url ?? ''}
                  onInput={(e) => edit({ url: e.currentTarget.value })}
                />
              </label>
              <button
                type="button"
                class="quiet"
                onClick={() => set({ sources: d.sources.filter((_, j) => j !== i) })}
              >
                Remove
              </button>
            </div>
          )
        })}
        <button
          type="button"
          class="quiet"
          onClick={() => set({ sources: [...d.sources, { name: '', kind: 'other', url: '' }] })}
        >
          Add source
        </button>
      </fieldset>

      {props.canPin && (
        <div class="row flags">
          <label class="check">
            <input
              type="checkbox"
              checked={d.pinned}
              onChange={(e) => set({ pinned: e.currentTarget.checked })}
            />
            Pinned
          </label>
          <label class="check">
            <input
              type="checkbox"
              checked={d.key_event}
              onChange={(e) => set({ key_event: e.currentTarget.checked })}
            />
            Key event
          </label>
        </div>
      )}
    </div>
  )
}

export { uid }
