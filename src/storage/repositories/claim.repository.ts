/** @module storage/repositories/claim — claims, the stories they appear in, their revisions and attributions. */
import type {
  Attribution,
  AttributionChange,
  AttributionRevision,
  Claim,
  ClaimChange,
  ClaimRevision,
  ClaimStatus,
  Stance,
} from '../../core/claim.js'
import type { Executor } from '../db.js'
import type {
  AttributionRevisionRow,
  AttributionRow,
  AttributionTable,
  ClaimRow,
  ClaimTable,
} from '../tables/claim.table.js'

export const claimRowToClaim = (row: ClaimRow): Claim => ({
  id: row.id,
  proposition: row.proposition,
  subjects: JSON.parse(row.subjects) as string[],
  status: row.status as ClaimStatus,
  note: row.note,
  version: row.version,
  mergedInto: row.merged_into,
  createdBy: row.created_by,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  verdictAt: row.verdict_at,
  verdictBy: row.verdict_by,
})

const claimToRow = (c: Claim): ClaimTable => ({
  id: c.id,
  proposition: c.proposition,
  subjects: JSON.stringify(c.subjects),
  status: c.status,
  note: c.note,
  version: c.version,
  merged_into: c.mergedInto,
  created_by: c.createdBy,
  created_at: c.createdAt,
  updated_at: c.updatedAt,
  verdict_at: c.verdictAt,
  verdict_by: c.verdictBy,
})

export const attributionRowToAttribution = (row: AttributionRow): Attribution => ({
  id: row.id,
  claimId: row.claim_id,
  sourceId: row.source_id,
  stance: row.stance as Stance,
  quote: row.quote,
  statedAt: row.stated_at,
  statedFrom: row.stated_from,
  statedTo: row.stated_to,
  updateId: row.update_id,
  evidenceUrl: row.evidence_url,
  recordedBy: row.recorded_by,
  recordedAt: row.recorded_at,
  version: row.version,
  correctedAt: row.corrected_at,
  correctionReason: row.correction_reason,
  withdrawnAt: row.withdrawn_at,
  withdrawnBy: row.withdrawn_by,
  withdrawnReason: row.withdrawn_reason,
})

/** The columns of an attribution that change with it (the original claim and source never do). */
const attributionColumns = (
  a: Attribution,
): Omit<AttributionTable, 'id' | 'claim_id' | 'original_claim_id' | 'original_source_id'> => ({
  source_id: a.sourceId,
  stance: a.stance,
  quote: a.quote,
  stated_at: a.statedAt,
  stated_from: a.statedFrom,
  stated_to: a.statedTo,
  update_id: a.updateId,
  evidence_url: a.evidenceUrl,
  recorded_by: a.recordedBy,
  recorded_at: a.recordedAt,
  version: a.version,
  corrected_at: a.correctedAt,
  correction_reason: a.correctionReason,
  withdrawn_at: a.withdrawnAt,
  withdrawn_by: a.withdrawnBy,
  withdrawn_reason: a.withdrawnReason,
})

const revisionRowToRevision = (row: AttributionRevisionRow): AttributionRevision => ({
  attributionId: row.attribution_id,
  version: row.version,
  change: row.change as AttributionChange,
  sourceId: row.source_id,
  stance: row.stance as Stance,
  quote: row.quote,
  statedAt: row.stated_at,
  statedFrom: row.stated_from,
  statedTo: row.stated_to,
  updateId: row.update_id,
  evidenceUrl: row.evidence_url,
  reason: row.reason,
  actor: row.actor,
  createdAt: row.created_at,
})

/** An attribution with the claim and source it was first recorded with, as exports keep it. */
export type AttributionRecord = Attribution & { originalClaimId: string; originalSourceId: string }

/** A story a claim appears in, as the ledger needs it. */
export interface ClaimStoryLink {
  storyId: string
  slug: string
  linkedAt: string
}

export class ClaimRepository {
  constructor(private readonly db: Executor) {}

  async findById(id: string): Promise<Claim | undefined> {
    const row = await this.db
      .selectFrom('claim')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst()
    return row && claimRowToClaim(row)
  }

  /**
   * Locks a claim until the transaction ends (a no-op write takes PostgreSQL's row lock; SQLite has
   * one writer anyway), so changes that need no If-Match — a new statement, a merge — queue up
   * behind each other instead of failing on a version that moved under them.
   */
  async lock(id: string): Promise<Claim | undefined> {
    await this.db
      .updateTable('claim')
      .set((eb) => ({ version: eb.ref('version') }))
      .where('id', '=', id)
      .execute()
    return this.findById(id)
  }

  /** Claims appearing in a story, oldest first; merged-away claims only when asked. */
  async listByStory(storyId: string, includeMerged = false): Promise<Claim[]> {
    let query = this.db
      .selectFrom('claim')
      .innerJoin('claim_story', 'claim_story.claim_id', 'claim.id')
      .selectAll('claim')
      .where('claim_story.story_id', '=', storyId)
    if (!includeMerged) query = query.where('claim.merged_into', 'is', null)
    const rows = await query.orderBy('claim.created_at').orderBy('claim.id').execute()
    return rows.map(claimRowToClaim)
  }

  /** Live claims citing a source (for events when the source changes). */
  async listBySource(sourceId: string): Promise<Claim[]> {
    const rows = await this.db
      .selectFrom('claim')
      .selectAll()
      .where('merged_into', 'is', null)
      .where((eb) =>
        eb(
          'id',
          'in',
          eb.selectFrom('attribution').select('claim_id').where('source_id', '=', sourceId),
        ),
      )
      .orderBy('id')
      .execute()
    return rows.map(claimRowToClaim)
  }

  async insert(claim: Claim): Promise<void> {
    await this.db.insertInto('claim').values(claimToRow(claim)).execute()
  }

  /** Writes `claim` only if the stored version is still `expectedVersion`; false when it moved. */
  async updateIfVersion(claim: Claim, expectedVersion: number): Promise<boolean> {
    const { id, ...fields } = claimToRow(claim)
    const result = await this.db
      .updateTable('claim')
      .set(fields)
      .where('id', '=', id)
      .where('version', '=', expectedVersion)
      .executeTakeFirst()
    return Number(result.numUpdatedRows) === 1
  }

  /** The stories a claim appears in, the one it was created in first. */
  async listStories(claimId: string): Promise<ClaimStoryLink[]> {
    const rows = await this.db
      .selectFrom('claim_story')
      .innerJoin('story', 'story.id', 'claim_story.story_id')
      .select(['claim_story.story_id', 'story.slug', 'claim_story.linked_at'])
      .where('claim_story.claim_id', '=', claimId)
      .orderBy('claim_story.linked_at')
      .orderBy('story.slug')
      .execute()
    return rows.map((r) => ({ storyId: r.story_id, slug: r.slug, linkedAt: r.linked_at }))
  }

  async linkStory(claimId: string, storyId: string, at: string): Promise<void> {
    await this.db
      .insertInto('claim_story')
      .values({ claim_id: claimId, story_id: storyId, linked_at: at })
      .execute()
  }

  async insertRevision(claimId: string, revision: ClaimRevision): Promise<void> {
    await this.db
      .insertInto('claim_revision')
      .values({
        claim_id: claimId,
        version: revision.version,
        change: revision.change,
        proposition: revision.proposition,
        status: revision.status,
        suggested_status: revision.suggestedStatus,
        note: revision.note,
        detail: revision.detail ? JSON.stringify(revision.detail) : null,
        actor: revision.actor,
        created_at: revision.createdAt,
      })
      .execute()
  }

  async listRevisions(claimId: string): Promise<ClaimRevision[]> {
    const rows = await this.db
      .selectFrom('claim_revision')
      .selectAll()
      .where('claim_id', '=', claimId)
      .orderBy('version')
      .execute()
    return rows.map((row) => ({
      version: row.version,
      change: row.change as ClaimChange,
      proposition: row.proposition,
      status: row.status as ClaimStatus,
      suggestedStatus: row.suggested_status as ClaimStatus,
      note: row.note,
      detail: row.detail ? (JSON.parse(row.detail) as Record<string, string>) : null,
      actor: row.actor,
      createdAt: row.created_at,
    }))
  }

  async insertAttribution(a: Attribution): Promise<void> {
    await this.db
      .insertInto('attribution')
      .values({
        id: a.id,
        claim_id: a.claimId,
        ...attributionColumns(a),
        original_claim_id: a.claimId,
        original_source_id: a.sourceId,
      })
      .execute()
  }

  async findAttribution(id: string): Promise<Attribution | undefined> {
    const row = await this.db
      .selectFrom('attribution')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst()
    return row && attributionRowToAttribution(row)
  }

  /** Writes `a` only if the stored version is still `expectedVersion`; false when it moved. */
  async updateAttributionIfVersion(a: Attribution, expectedVersion: number): Promise<boolean> {
    const result = await this.db
      .updateTable('attribution')
      .set(attributionColumns(a))
      .where('id', '=', a.id)
      .where('version', '=', expectedVersion)
      .executeTakeFirst()
    return Number(result.numUpdatedRows) === 1
  }

  async insertAttributionRevision(r: AttributionRevision): Promise<void> {
    await this.db
      .insertInto('attribution_revision')
      .values({
        attribution_id: r.attributionId,
        version: r.version,
        change: r.change,
        source_id: r.sourceId,
        stance: r.stance,
        quote: r.quote,
        stated_at: r.statedAt,
        stated_from: r.statedFrom,
        stated_to: r.statedTo,
        update_id: r.updateId,
        evidence_url: r.evidenceUrl,
        reason: r.reason,
        actor: r.actor,
        created_at: r.createdAt,
      })
      .execute()
  }

  /** Every version of a statement, oldest first. */
  async listAttributionRevisions(attributionId: string): Promise<AttributionRevision[]> {
    const rows = await this.db
      .selectFrom('attribution_revision')
      .selectAll()
      .where('attribution_id', '=', attributionId)
      .orderBy('version')
      .execute()
    return rows.map(revisionRowToRevision)
  }

  async listAttributions(claimId: string): Promise<Attribution[]> {
    const rows = await this.db
      .selectFrom('attribution')
      .selectAll()
      .where('claim_id', '=', claimId)
      .orderBy('recorded_at')
      .orderBy('id')
      .execute()
    return rows.map(attributionRowToAttribution)
  }

  /** Every attribution of a claim with its original claim and source, for exports. */
  async listAttributionRecords(claimId: string): Promise<AttributionRecord[]> {
    const rows = await this.db
      .selectFrom('attribution')
      .selectAll()
      .where('claim_id', '=', claimId)
      .orderBy('recorded_at')
      .orderBy('id')
      .execute()
    return rows.map((row) => ({
      ...attributionRowToAttribution(row),
      originalClaimId: row.original_claim_id,
      originalSourceId: row.original_source_id,
    }))
  }

  /** Restores an exported attribution as it was. */
  async insertAttributionRecord(a: AttributionRecord): Promise<void> {
    await this.insertAttribution(a)
    await this.db
      .updateTable('attribution')
      .set({ original_claim_id: a.originalClaimId, original_source_id: a.originalSourceId })
      .where('id', '=', a.id)
      .execute()
  }

  /** Moves every statement of a merged-away claim to the claim it duplicates; returns their ids. */
  async moveAttributions(fromClaimId: string, toClaimId: string): Promise<string[]> {
    const rows = await this.db
      .updateTable('attribution')
      .set({ claim_id: toClaimId })
      .where('claim_id', '=', fromClaimId)
      .returning('id')
      .execute()
    return rows.map((r) => r.id).sort()
  }

  /** Points every statement of a merged-away source at the source it duplicates. */
  async reassignSource(fromSourceId: string, toSourceId: string): Promise<number> {
    const result = await this.db
      .updateTable('attribution')
      .set({ source_id: toSourceId })
      .where('source_id', '=', fromSourceId)
      .executeTakeFirst()
    return Number(result.numUpdatedRows)
  }
}
