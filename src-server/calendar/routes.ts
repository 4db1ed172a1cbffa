import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { newCalendarSecret } from '../auth/tokens';
import { userOf } from '../http/authenticate';
import { userCredentials } from '../db/schema';
import { HttpError } from '../http/errors';
import type { FeaturePlugin } from '../http/feature';
import { buildCalendar, calendarOwner } from './feed';

// GET /calendar/<secret>.ics (server-api.md): the holder of a user's calendar secret reads that
// user's calendar (feed.ts), with no other authentication, since calendar programs cannot sign in.
// An unknown secret and a deactivated user get the same 404: the answer says nothing of which.
// A signed-in user reads the address of their own feed (GET /api/calendar/feed) and replaces the
// secret when the address went where it should not (POST /api/calendar/feed/reset): the old
// address answers 404 at once.

const FEED_FILE = /^([A-Za-z0-9_-]{16,128})\.ics$/;

export const CALENDAR_NOT_FOUND = new HttpError(
  404,
  'calendar_not_found',
  'Calendrier introuvable : l’adresse est incorrecte, a été remplacée, ou le compte est désactivé.',
);

export function feedPath(secret: string): string {
  return `/calendar/${secret}.ics`;
}

export const calendarFeature: FeaturePlugin = {
  name: 'calendar',
  register(app, { db, now }) {
    app.get<{ Params: { file: string } }>('/calendar/:file', async (request, reply) => {
      const secret = FEED_FILE.exec(request.params.file)?.[1];
      if (secret === undefined) throw CALENDAR_NOT_FOUND;
      const user = await calendarOwner(db, secret);
      if (user === null) throw CALENDAR_NOT_FOUND;
      const body = await buildCalendar(db, user, now());
      const etag = `"${createHash('sha256').update(body, 'utf8').digest('base64url').slice(0, 27)}"`;
      reply.headers({
        etag,
        // The address is a secret: no shared cache keeps the answer, and it is not re-sent elsewhere.
        'cache-control': 'private, no-cache',
        'referrer-policy': 'no-referrer',
        'x-robots-tag': 'noindex',
      });
      if (request.headers['if-none-match'] === etag) return reply.code(304).send();
      return reply.type('text/calendar; charset=utf-8').send(body);
    });

    app.get('/api/calendar/feed', { onRequest: app.authenticate }, async (request) => {
      const user = userOf(request);
      const [row] = await db.db
        .select({ secret: userCredentials.calendarSecret })
        .from(userCredentials)
        .where(eq(userCredentials.userId, user.id));
      if (row === undefined) throw CALENDAR_NOT_FOUND;
      return { path: feedPath(row.secret) };
    });

    app.post('/api/calendar/feed/reset', { onRequest: app.authenticate }, async (request) => {
      const user = userOf(request);
      const secret = newCalendarSecret();
      await db.db
        .update(userCredentials)
        .set({ calendarSecret: secret, updatedAt: now().toISOString() })
        .where(eq(userCredentials.userId, user.id));
      return { path: feedPath(secret) };
    });
  },
};
