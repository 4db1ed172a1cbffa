import { z } from 'zod';

// The calendar feed's address as the office server answers it (server-api.md, "Calendar feeds":
// GET /api/calendar/feed and POST /api/calendar/feed/reset): a path on the server holding the
// secret. The desktop checks its shape before showing it as an address to copy.

export const calendarFeedAnswer = z.object({ path: z.string().regex(/^\/calendar\/[A-Za-z0-9_-]{16,128}\.ics$/) });
export type CalendarFeedAnswer = z.infer<typeof calendarFeedAnswer>;
