import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { incidentDateProblems, type Incident, type IncidentFields, type IncidentVersion } from '~shared/contract/accountability';
import { DEFAULT_TIME_ZONE, officeDate } from '~shared/domain/office-time';
import type { DbExecutor, ServerDb } from '../db/connection';
import { isUniqueViolation } from '../db/errors';
import { privacyIncidents, privacyIncidentVersions, settings, users } from '../db/schema';

// The register of privacy incidents Loi 25 requires (s. 3.8; issue 14, point 6). An admin opens an
// incident and corrects it as it unfolds; each save is a new version, the earlier ones kept and
// readable as its history. Nothing is ever deleted: the tables refuse it (migration 0009).

export class IncidentError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields?: Record<string, string>,
  ) {
    super(message);
    this.name = 'IncidentError';
  }
}

const NOT_FOUND = 'Cet incident n’existe pas.';
const EDITED_MEANWHILE = 'Un autre administrateur a modifié cet incident entre-temps : rechargez-le, vos changements sont à refaire sur sa dernière version.';

async function checkDates(db: DbExecutor, fields: IncidentFields, now: Date): Promise<void> {
  const [row] = await db.select({ timeZone: settings.timeZone }).from(settings).limit(1);
  const problems = incidentDateProblems(fields, officeDate(now.toISOString(), row?.timeZone ?? DEFAULT_TIME_ZONE));
  const first = Object.values(problems)[0];
  if (first !== undefined) throw new IncidentError(400, 'invalid_body', `Données invalides — ${first}`, problems);
}

function versionRow(incidentId: string, version: number, fields: IncidentFields, editorId: string, now: Date) {
  return { incidentId, version, ...fields, editedAt: now.toISOString(), editedById: editorId };
}

export async function createIncident(db: ServerDb, fields: IncidentFields, editorId: string, now: Date): Promise<Incident> {
  await checkDates(db.db, fields, now);
  const id = randomUUID();
  await db.transaction(async (tx) => {
    await tx.insert(privacyIncidents).values({ id, createdAt: now.toISOString(), createdById: editorId });
    await tx.insert(privacyIncidentVersions).values(versionRow(id, 1, fields, editorId, now));
  });
  return (await getIncident(db.db, id))!;
}

/**
 * A new version of the incident, if `version` is still its latest: two admins saving at once
 * cannot silently overwrite each other (the second is told, and the primary key settles a tie).
 */
export async function updateIncident(db: ServerDb, id: string, fields: IncidentFields, version: number, editorId: string, now: Date): Promise<Incident> {
  await checkDates(db.db, fields, now);
  const current = await getIncident(db.db, id);
  if (current === null) throw new IncidentError(404, 'not_found', NOT_FOUND);
  if (current.version !== version) throw new IncidentError(409, 'incident_edited', EDITED_MEANWHILE);
  try {
    await db.db.insert(privacyIncidentVersions).values(versionRow(id, version + 1, fields, editorId, now));
  } catch (error) {
    if (isUniqueViolation(error)) throw new IncidentError(409, 'incident_edited', EDITED_MEANWHILE);
    throw error;
  }
  return (await getIncident(db.db, id))!;
}

const editor = alias(users, 'editor');
const creator = alias(users, 'creator');

const versionColumns = {
  version: privacyIncidentVersions.version,
  occurredAt: privacyIncidentVersions.occurredAt,
  discoveredAt: privacyIncidentVersions.discoveredAt,
  nature: privacyIncidentVersions.nature,
  peopleConcerned: privacyIncidentVersions.peopleConcerned,
  leadIds: privacyIncidentVersions.leadIds,
  measures: privacyIncidentVersions.measures,
  seriousRisk: privacyIncidentVersions.seriousRisk,
  caiNotifiedAt: privacyIncidentVersions.caiNotifiedAt,
  peopleNotifiedAt: privacyIncidentVersions.peopleNotifiedAt,
  editedAt: privacyIncidentVersions.editedAt,
  editedById: privacyIncidentVersions.editedById,
  editedByName: editor.name,
};

/** Every incident at its latest version, the most recently discovered first. */
export async function listIncidents(db: DbExecutor, only?: string): Promise<Incident[]> {
  const latest = sql`${privacyIncidentVersions.version} = (select max(v.version) from privacy_incident_versions v where v.incident_id = ${privacyIncidents.id})`;
  return db
    .select({ id: privacyIncidents.id, createdAt: privacyIncidents.createdAt, createdById: privacyIncidents.createdById, createdByName: creator.name, ...versionColumns })
    .from(privacyIncidents)
    .innerJoin(privacyIncidentVersions, eq(privacyIncidentVersions.incidentId, privacyIncidents.id))
    .leftJoin(editor, eq(editor.id, privacyIncidentVersions.editedById))
    .leftJoin(creator, eq(creator.id, privacyIncidents.createdById))
    .where(only === undefined ? latest : and(latest, eq(privacyIncidents.id, only)))
    .orderBy(desc(privacyIncidentVersions.discoveredAt), desc(privacyIncidents.createdAt));
}

export async function getIncident(db: DbExecutor, id: string): Promise<Incident | null> {
  return (await listIncidents(db, id))[0] ?? null;
}

/** Every version of one incident, the first one first. */
export async function incidentHistory(db: DbExecutor, id: string): Promise<IncidentVersion[]> {
  const versions = await db
    .select(versionColumns)
    .from(privacyIncidentVersions)
    .leftJoin(editor, eq(editor.id, privacyIncidentVersions.editedById))
    .where(eq(privacyIncidentVersions.incidentId, id))
    .orderBy(asc(privacyIncidentVersions.version));
  if (versions.length === 0) throw new IncidentError(404, 'not_found', NOT_FOUND);
  return versions;
}
