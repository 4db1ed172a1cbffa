// The calendar screen with 2,000 events in view (issue 11, point 1: "fluid with 2,000 events in
// view"), in Debian's Chromium as the Playwright journeys run it: the built renderer, served by a
// development bridge signed in as the secretary (who keeps the whole office's calendar), on an
// office server of its own (PGlite, demo office).
//
// Data: 2,000 appointments in this week and 2,000 in the next one (seeded: 30 to 90 minutes,
// starting on a quarter hour from 07:00 to 20:00, spread over the office's four hosts, every
// state), each for a lead of its own, written into the workstation's replica as a pull would.
//
// Figures, each the median of five runs, from the action (a click: its press, as the browser
// received it; see `timed`) to two frames after the last event of the period is on the page (the
// library mounts every event of a time grid, scrolled out or not), as a card or inside a « +N
// autres » entry of the time grid's density rule (its data-items): opening the screen on the week
// (coming back from « Ma journée »: the calendar is kept, hidden, once opened, so this shows it
// again and asks for the week once; the first opening is a figure of its own, four times, each
// the median of RUNS pages of their own: clicked within a few dozen ms of Playwright seeing « Ma
// journée »'s title, half a second and a second after, and after a person's pause of
// PERSON_PAUSE_MS once its lists are named: firstClicks);
// the next week and back; week to month and back; week to « Par conseillère » (today, ~285
// events in four columns); a change of the replica while the week shows (one appointment moved
// by a sync), until the event shows at its new place. Reported beside them: « Ma journée » until
// every lead of its lists is named, from the page's start.
// Floor: the same 2,000 events drawn the plainest way, one absolutely placed block each with the
// texts of the cards drawn (name, times, kind; repeated up to 2,000 when some are folded),
// appended to the page and laid out, measured in the same page.
// BENCH_RENDERER_DIR=dir runs another build of the renderer (vite build --outDir dir): two
// versions compared in the same minutes of a loaded machine.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type CDPSession, type Page } from '@playwright/test';
import type { Lead } from '~shared/domain/entities';
import { officeDate, officeInstant } from '~shared/domain/office-time';
import { rowStore } from '~main/db/rows';
import { fakeId, fakeLeads, pick, prng } from '~shared/testing/fake-leads';
import { DEMO_PASSWORD } from '~server/seed/demo';
import { startDevWeb } from '../scripts/dev-web';
import { chromiumPath } from '../scripts/chromium.mjs';
import { figure, type Reporter } from './report';

const PER_WEEK = Number(process.env.BENCH_CALENDAR_EVENTS ?? 2_000);
const RUNS = Number(process.env.BENCH_CALENDAR_RUNS ?? 5);
const TARGET = '« fluide » (issue 11): each step <= 300 ms and <= 3x the floor';
/** A person's look at « Ma journée » after sign-in, before the first click on « Calendrier ». */
const PERSON_PAUSE_MS = 2_000;

const DAY = 86_400_000;

/** When a first opening's click comes, on a page of its own: its samples, CPU, and how many found the calendar drawn ahead. */
interface FirstClick {
  name: string;
  figure: string;
  afterLists: boolean;
  pauseMs: number;
  samples: number[];
  cpu: number[];
  drawnAhead: number;
}
const firstClick = (name: string, figure: string, afterLists: boolean, pauseMs: number): FirstClick => ({ name, figure, afterLists, pauseMs, samples: [], cpu: [], drawnAhead: 0 });
/**
 * At once (a machine's click, within a few dozen ms of « Ma journée »'s title showing: before the
 * fifteenth session, before the calendar was drawn ahead, its code run for the first time; since,
 * the drawing ahead starts once « Ma journée » has its answers, and such a click usually comes
 * while it runs); a quick person's (half a second, then one, after the title); and after a
 * person's look at « Ma journée », once it is drawn ahead.
 */
function firstClicks(): FirstClick[] {
  return [
    firstClick('at once', 'week-', false, 0),
    firstClick('500 ms after the title', 'after-500ms-', false, 500),
    firstClick('1 s after the title', 'after-1s-', false, 1_000),
    firstClick(`${PERSON_PAUSE_MS} ms after the lists`, 'after-pause-', true, PERSON_PAUSE_MS),
  ];
}

/** The Sunday (the calendar's first day) of the office's week holding `instant`. */
function weekStart(instant: string, timeZone: string): string {
  const day = officeDate(instant, timeZone);
  const at = new Date(`${day}T12:00:00Z`);
  return new Date(at.getTime() - at.getUTCDay() * DAY).toISOString().slice(0, 10);
}

function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T12:00:00Z`) + days * DAY).toISOString().slice(0, 10);
}

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

// The code run in the page is given as text: the bench runs under tsx, whose compiled functions
// call a helper (`__name`) that exists in Node, not in the page.
const TWO_FRAMES = 'await new Promise((r) => requestAnimationFrame(r)); await new Promise((r) => requestAnimationFrame(r));';

/** Waits until `ready` holds in the page (polled each frame: the CSP forbids waitForFunction's eval). */
async function until(page: Page, ready: string): Promise<void> {
  await page.evaluate(`(async () => { while (!(${ready})) await new Promise((r) => requestAnimationFrame(r)); })()`);
}

/**
 * BENCH_CPU=1: the page's main-thread CPU time of each step (Chromium's ThreadTime), in the order
 * the steps run; on a loaded machine it says more than the wall clock, which counts the waits
 * for a core. Printed on stderr at the end, medians by step.
 */
const cpuTimes: number[] = [];
let cpuSession: CDPSession | null = null;
async function threadTime(): Promise<number> {
  const { metrics } = await cpuSession!.send('Performance.getMetrics');
  return (metrics.find((m) => m.name === 'ThreadTime')?.value ?? 0) * 1000;
}

/**
 * Milliseconds from `act` to two frames after `ready` (an expression over `document`) holds in the
 * page. A step that is a click is timed from the press itself (the pointerdown's timeStamp: when
 * the browser received it, so that a busy page still counts its wait): Playwright's click first
 * checks the target over several round trips (visible, stable over two frames, hit), during which
 * the page runs whatever it has to do, and counting those made the figure the bench's as much as
 * the app's (tenth session: the first opening took the calendar's idle warm-up in that way).
 */
async function timed(page: Page, act: () => Promise<void>, ready: string): Promise<number> {
  await page.evaluate(`(() => {
    globalThis.benchStart = performance.now();
    globalThis.benchPress = null;
    globalThis.benchListening?.abort();
    globalThis.benchListening = new AbortController();
    addEventListener('pointerdown', (e) => { globalThis.benchPress ??= e.timeStamp; }, { capture: true, signal: globalThis.benchListening.signal });
  })()`);
  const cpuBefore = cpuSession ? await threadTime() : 0;
  await act();
  const ms = trace(await page.evaluate(`(async () => {
    while (!(${ready})) await new Promise((r) => requestAnimationFrame(r));
    ${TWO_FRAMES}
    return performance.now() - (globalThis.benchPress ?? globalThis.benchStart);
  })()`));
  if (cpuSession) cpuTimes.push((await threadTime()) - cpuBefore);
  return ms;
}

let profiles = 0;

/** BENCH_PROFILE=1: where the page spends a step, its 25 heaviest functions (self time) on stderr. */
async function startProfile(page: Page): Promise<() => Promise<void>> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  await cdp.send('Profiler.start');
  // Where the step's main-thread time goes outside JS: style, layout (Chromium's own counters).
  await cdp.send('Performance.enable');
  const metrics = async () => new Map((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  const before = await metrics();
  return async () => {
    const after = await metrics();
    for (const name of ['TaskDuration', 'ScriptDuration', 'RecalcStyleDuration', 'LayoutDuration', 'LayoutCount', 'RecalcStyleCount']) {
      const delta = (after.get(name) ?? 0) - (before.get(name) ?? 0);
      process.stderr.write(`${name.endsWith('Count') ? delta.toFixed(0).padStart(7) : (delta * 1000).toFixed(0).padStart(7) + ' ms'}  ${name}\n`);
    }
    const { profile } = await cdp.send('Profiler.stop');
    // BENCH_PROFILE_OUT=file.cpuprofile: the whole profile, for Chromium's DevTools (Performance → Load profile).
    // A `%d` in the name numbers the profiles (the first opening's apart from the later ones').
    if (process.env.BENCH_PROFILE_OUT) await writeFile(process.env.BENCH_PROFILE_OUT.replace('%d', String(profiles++)), JSON.stringify(profile));
    const self = new Map<string, number>();
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const deltas = profile.timeDeltas ?? [];
    (profile.samples ?? []).forEach((id, i) => {
      const node = byId.get(id)!;
      const name = `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.split('/').pop()}:${node.callFrame.lineNumber}`;
      self.set(name, (self.get(name) ?? 0) + (deltas[i] ?? 0) / 1000);
    });
    for (const [name, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) process.stderr.write(`${ms.toFixed(0).padStart(7)} ms  ${name}\n`);
    // Who calls the heaviest native functions (layout reads): three frames up.
    const parent = new Map<number, number>();
    for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    const callers = new Map<string, number>();
    (profile.samples ?? []).forEach((id, i) => {
      const node = byId.get(id)!;
      if (node.callFrame.functionName !== 'getBoundingClientRect') return;
      const chain: string[] = [];
      for (let p = parent.get(id); p !== undefined && chain.length < 4; p = parent.get(p)) chain.push(`${byId.get(p)!.callFrame.functionName || '(anonymous)'}:${byId.get(p)!.callFrame.lineNumber}`);
      const key = chain.join(' < ');
      callers.set(key, (callers.get(key) ?? 0) + (deltas[i] ?? 0) / 1000);
    });
    for (const [chain, ms] of [...callers].sort((a, b) => b[1] - a[1]).slice(0, 8)) process.stderr.write(`${ms.toFixed(0).padStart(7)} ms  getBoundingClientRect < ${chain}\n`);
    await cdp.detach();
  };
}

/**
 * BENCH_TRACE=step (a sample's key, e.g. nextWeek): Chromium's own trace of that step, its
 * renderer main thread's self time by trace event (style, layout, paint, pre-paint, layerize,
 * script…) on stderr. The JS profiler calls all of Blink's work « (program) »; this names it.
 */
async function startTrace(page: Page): Promise<() => Promise<void>> {
  const browser = page.context().browser()!;
  await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink', 'cc', 'v8.execute', 'v8', 'disabled-by-default-v8.compile'] });
  return async () => {
    const buffer = await browser.stopTracing();
    // BENCH_TRACE_OUT=file.json: the whole trace, for Chromium's DevTools (Performance → Load profile).
    if (process.env.BENCH_TRACE_OUT) await writeFile(process.env.BENCH_TRACE_OUT, buffer);
    const { traceEvents } = JSON.parse(buffer.toString()) as {
      traceEvents: Array<{ ph: string; name: string; ts: number; dur?: number; pid: number; tid: number; args?: { name?: string } }>;
    };
    const main = traceEvents.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
    if (main === undefined) return;
    const slices = traceEvents.filter((e) => e.ph === 'X' && e.pid === main.pid && e.tid === main.tid && (e.dur ?? 0) > 0).sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
    // Self time: a slice's duration less its children's (slices on one thread nest).
    const self = new Map<string, number>();
    const stack: Array<{ name: string; end: number }> = [];
    let busy = 0;
    for (const slice of slices) {
      while (stack.length > 0 && stack.at(-1)!.end <= slice.ts) stack.pop();
      const parent = stack.at(-1);
      if (parent === undefined) busy += slice.dur!;
      if (parent !== undefined) self.set(parent.name, (self.get(parent.name) ?? 0) - slice.dur!);
      self.set(slice.name, (self.get(slice.name) ?? 0) + slice.dur!);
      stack.push({ name: slice.name, end: slice.ts + slice.dur! });
    }
    process.stderr.write(`trace: main thread busy ${(busy / 1000).toFixed(0)} ms, self time by event:\n`);
    for (const [name, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 20)) process.stderr.write(`${(us / 1000).toFixed(0).padStart(7)} ms  ${name}\n`);
  };
}

/** BENCH_PROFILE=1 profiles « next week »; BENCH_PROFILE=toMonth or open (a sample's key) that step; cold, the first cold first opening. */
function profiled(step: string): boolean {
  const wanted = process.env.BENCH_PROFILE;
  return wanted !== undefined && wanted !== '' && (wanted === step || (wanted === '1' && step === 'nextWeek'));
}

/** BENCH_SCREENSHOTS=dir: what the steps drew, to look at (calendar-<name>.png), then `then`. */
async function screenshot(page: Page, name: string, then?: () => Promise<void>): Promise<void> {
  const dir = process.env.BENCH_SCREENSHOTS;
  if (!dir) return;
  await page.screenshot({ path: join(dir, `calendar-${name}.png`), animations: 'disabled' });
  await then?.();
}

/** BENCH_VERBOSE=1: each sample on stderr as it is taken. */
function trace(ms: number): number {
  if (process.env.BENCH_VERBOSE) process.stderr.write(`${Math.round(ms)} ms\n`);
  return ms;
}

/** The floor: `texts` as plain absolutely placed blocks, appended and laid out, two frames later. */
async function plainBlocks(page: Page, texts: string[]): Promise<number> {
  return page.evaluate(`(async (list) => {
    const start = performance.now();
    const box = document.createElement('div');
    box.style.cssText = 'position: fixed; inset: 0; overflow: hidden; z-index: 1000';
    list.forEach((text, i) => {
      const el = document.createElement('div');
      el.style.cssText = 'position: absolute; width: 13%; height: 40px; overflow: hidden; background: #6d28d9; color: white; border-radius: 6px; font-size: 13px';
      el.style.left = (i % 7) * 14 + '%';
      el.style.top = ((i * 7) % 800) + 'px';
      el.textContent = text;
      box.appendChild(el);
    });
    document.body.appendChild(box);
    void box.offsetHeight;
    ${TWO_FRAMES}
    const took = performance.now() - start;
    box.remove();
    return took;
  })(${JSON.stringify(texts)})`);
}

export async function run(reporter: Reporter): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'bureau-bench-calendar-'));
  const office = await startDevWeb({ serverPort: 0, bridgePort: 0, dataDir, seed: true, build: 'if-missing', quiet: true, inProcess: true, ...(process.env.BENCH_RENDERER_DIR ? { rendererDir: process.env.BENCH_RENDERER_DIR } : {}) });
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  try {
    const login = await office.host.invoke('session:login', { serverUrl: office.serverUrl, email: 'accueil@bureau.demo', password: DEMO_PASSWORD });
    if (!login.ok) throw new Error(login.error.message);
    await office.host.invoke('sync:now', {});
    const replica = office.manager!.replica!;
    const timeZone = (replica.sqlite.prepare('select time_zone as tz from settings').get() as { tz: string }).tz;
    const hosts = (replica.sqlite.prepare("select id from users where role in ('counselor', 'secretary') and active = 1 and deleted_at is null order by id").all() as Array<{ id: string }>).map((u) => u.id);

    // This week and the next, PER_WEEK appointments each, one lead each.
    const first = weekStart(new Date().toISOString(), timeZone);
    const leads: Lead[] = fakeLeads(2 * PER_WEEK, { seed: 20261211, assignees: hosts, idPrefix: 'cccccccc' });
    const random = prng(20261212);
    const store = rowStore(replica.sqlite);
    const now = new Date().toISOString();
    let moved = '';
    replica.sqlite.transaction(() => {
      leads.forEach((lead, i) => {
        store.upsert('leads', { ...lead, status: 'appointment_booked' });
        // The first moves by a day and back (the replica change below): a Wednesday at 10:00.
        const day = i === 0 ? addDays(first, 3) : addDays(first, Math.floor(i / PER_WEEK) * 7 + Math.floor(random() * 7));
        const minute = i === 0 ? 10 * 60 : 7 * 60 + 15 * Math.floor(random() * 53);
        const startsAt = officeInstant(day, minute, timeZone);
        const endsAt = new Date(Date.parse(startsAt) + pick(random, [30, 45, 60, 90]) * 60_000).toISOString();
        const state = pick(random, ['scheduled', 'scheduled', 'scheduled', 'attended', 'missed', 'cancelled'] as const);
        const hostId = pick(random, hosts);
        const id = fakeId(i + 1, 'dddddddd');
        if (i === 0) moved = id;
        store.upsert('appointments', { id, version: 1, deletedAt: null, createdAt: now, updatedAt: now, leadId: lead.id, hostId, bookedById: hostId, startsAt, endsAt, kind: pick(random, ['in_person', 'phone', 'video'] as const), location: null, note: null, state: i === 0 ? 'scheduled' : state, cancelReason: null, closedAt: state === 'scheduled' ? null : now, reminderSentAt: null });
      });
    })();
    const firstWeek = PER_WEEK;

    // The replica's answer for a week, in this process (no transport): the part of a step the page
    // waits for before it can draw.
    const queries: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      const started = performance.now();
      await office.host.invoke('calendar:range', { from: officeInstant(first, 0, timeZone), to: officeInstant(addDays(first, 7), 0, timeZone), userId: null });
      queries.push(performance.now() - started);
    }

    const context = await browser.newContext({ locale: 'fr-CA', timezoneId: timeZone, viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    // A step that blocks the page for long is a figure, not a failure.
    page.setDefaultTimeout(600_000);
    if (process.env.BENCH_CPU) {
      cpuSession = await context.newCDPSession(page);
      await cpuSession.send('Performance.enable');
    }
    await page.goto(office.bridgeUrl);
    await page.getByRole('heading', { name: 'Ma journée', level: 1 }).waitFor({ timeout: 60_000 });
    // BENCH_CALENDAR_IDLE_MS=n: the page left alone n ms after « Ma journée » shows, before the
    // first opening, as a person reads the screen before going on (by default none: the bench
    // clicks within a few dozen ms of the heading, while the home screen is still loading).
    await page.waitForTimeout(Number(process.env.BENCH_CALENDAR_IDLE_MS ?? 0));

    // Events of the shown period that are ours (the demo office's own come on top): cards, and
    // those a « +N autres » entry holds.
    // Counted without building arrays of ids: the page is polled each frame during the step.
    const shown = `(() => { let n = document.querySelectorAll('.ec-body [data-item^="appointment:dddddddd"]').length; for (const el of document.querySelectorAll('.ec-body [data-items]')) { const ids = el.dataset.items; for (let at = ids.indexOf('appointment:dddddddd'); at >= 0; at = ids.indexOf('appointment:dddddddd', at + 1)) n += 1; } return n; })()`;
    const atLeast = (n: number) => `${shown} >= ${n}`;
    const holding = (id: string) => `document.querySelector('.ec-body [data-item="appointment:${id}"], .ec-body [data-items~="appointment:${id}"]')`;
    const nav = page.getByRole('navigation', { name: 'Navigation principale' });
    const viewSwitch = (name: string) => page.getByRole('radiogroup', { name: 'Affichage' }).locator('label').filter({ hasText: name }).click();
    const button = (name: string) => page.getByRole('button', { name, exact: true }).click();

    const samples: Record<string, number[]> = { open: [], nextWeek: [], previousWeek: [], toMonth: [], toWeek: [], toPeople: [], replicaChange: [], floor: [] };
    for (let r = 0; r < RUNS; r += 1) {
      await nav.getByRole('button', { name: 'Ma journée', exact: true }).click();
      await page.getByRole('heading', { name: 'Ma journée', level: 1 }).waitFor();
      const profilingOpen = profiled('open') ? await startProfile(page) : null;
      // BENCH_TRACE=open: the page's first opening; openAgain: the second; cold: the first cold
      // first opening on a page of its own (below).
      const tracingOpen = (process.env.BENCH_TRACE === 'open' && r === 0) || (process.env.BENCH_TRACE === 'openAgain' && r === 1) ? await startTrace(page) : null;
      samples.open!.push(await timed(page, () => nav.getByRole('button', { name: 'Calendrier', exact: true }).click(), atLeast(firstWeek)));
      if (tracingOpen) await tracingOpen();
      if (profilingOpen) await profilingOpen();
      if (r === 0) await screenshot(page, 'week', async () => {
        // A « +N autres » opened: the list of what it holds.
        await page.locator('.ec-body .bc-more').nth(5).click();
        await page.getByTestId('calendar-fold').waitFor();
        await screenshot(page, 'week-fold');
        await page.keyboard.press('Escape');
      });
      const profiling = profiled('nextWeek') ? await startProfile(page) : null;
      const tracing = process.env.BENCH_TRACE === 'nextWeek' && r === 0 ? await startTrace(page) : null;
      samples.nextWeek!.push(await timed(page, () => button('Période suivante'), `${atLeast(PER_WEEK)} && !${holding(moved)}`));
      if (tracing) await tracing();
      if (profiling) await profiling();
      samples.previousWeek!.push(await timed(page, () => button('Période précédente'), `!!${holding(moved)} && ${atLeast(firstWeek)}`));
      const profilingMonth = profiled('toMonth') ? await startProfile(page) : null;
      samples.toMonth!.push(await timed(page, () => viewSwitch('Mois'), `!!document.querySelector('.ec-day-grid .bc-more')`));
      if (profilingMonth) await profilingMonth();
      samples.toWeek!.push(await timed(page, () => viewSwitch('Semaine'), `!!document.querySelector('.ec-time-grid') && ${atLeast(firstWeek)}`));
      const today = officeDate(new Date().toISOString(), timeZone);
      const ofToday = (replica.sqlite.prepare("select count(*) as n from appointments where id like 'dddddddd%' and starts_at >= ? and starts_at < ?").get(officeInstant(today, 0, timeZone), officeInstant(addDays(today, 1), 0, timeZone)) as { n: number }).n;
      samples.toPeople!.push(await timed(page, () => viewSwitch('Par conseillère'), `${shown} === ${ofToday} && document.querySelector('.ec-header').textContent.includes('Marie Tremblay')`));
      if (r === 0) await screenshot(page, 'people');
      await viewSwitch('Semaine');
      await until(page, atLeast(firstWeek));

      // One appointment moved by a sync: a pull page carrying another workstation's change, as
      // the replica applies it (the rest of the office's rows unchanged).
      const row = store.get('appointments', moved)!;
      const shift = (r % 2 === 0 ? 1 : -1) * DAY;
      const changed = { ...row, version: row.version + 1, startsAt: new Date(Date.parse(row.startsAt) + shift).toISOString(), endsAt: new Date(Date.parse(row.endsAt) + shift).toISOString() };
      const before = await page.locator(`.ec-body [data-item="appointment:${moved}"], .ec-body [data-items~="appointment:${moved}"]`).boundingBox();
      samples.replicaChange!.push(
        await timed(
          page,
          async () => {
            replica.applyPull({ cursor: replica.cursor(), lastMutationId: replica.knownMutationId(), results: [], rows: [{ table: 'appointments', row: changed }], more: false });
          },
          `(() => { const el = ${holding(moved)}; return !!el && Math.round(el.getBoundingClientRect().x) !== ${Math.round(before?.x ?? -1)}; })()`,
        ),
      );

      // The floor: the same events as plain blocks, in the same page.
      const texts = await page.evaluate<string[]>(`Array.from(document.querySelectorAll('.ec-body [data-item^="appointment:dddddddd"]'), (el) => el.textContent ?? '')`);
      samples.floor!.push(await plainBlocks(page, Array.from({ length: PER_WEEK }, (_, i) => texts[i % texts.length]!)));
    }

    // The first opening on pages of their own (fresh context, nothing cached), RUNS times each:
    // clicked as soon as « Ma journée » shows (the bench's click comes within a few dozen ms,
    // while the home screen still loads its lists, before the calendar is drawn ahead: the
    // screen's code run for the first time), and after a person's look at « Ma journée » of
    // PERSON_PAUSE_MS, once it is drawn ahead (drawAhead.ts), as on a workstation after sign-in.
    // BENCH_CPU's session reads the first page's thread time: each of these pages gets its own.
    const savedCpu = cpuSession;
    cpuSession = null;
    /**
     * One first opening on a fresh page: `afterLists`, once « Ma journée » has named its lists, then
     * `pauseMs`; otherwise `pauseMs` after its title shows (0: at once).
     */
    const clicks = firstClicks();
    const firstOpening = async (clicked: FirstClick): Promise<number> => {
      const fresh = await browser.newContext({ locale: 'fr-CA', timezoneId: timeZone, viewport: { width: 1440, height: 900 } });
      try {
        const person = await fresh.newPage();
        person.setDefaultTimeout(600_000);
        await person.goto(office.bridgeUrl);
        await person.getByRole('heading', { name: 'Ma journée', level: 1 }).waitFor({ timeout: 60_000 });
        if (clicked.afterLists) {
          // Meanwhile, when « Ma journée » had its lists drawn, every lead named (a name still
          // asked for shows « … »), from the page's start: the secretary's day of ~285
          // appointments, and as many tomorrow.
          homeNamed.push(
            (await person.evaluate(`(async () => {
              const named = () => document.querySelector('main section[aria-label] table') !== null && ![...document.querySelectorAll('main section[aria-label] button')].some((b) => b.textContent === '…');
              while (!named()) await new Promise((r) => requestAnimationFrame(r));
              return performance.now();
            })()`)) as number,
          );
        }
        if (clicked.pauseMs > 0) await person.waitForTimeout(clicked.pauseMs);
        const cold = clicked === clicks[0];
        const profiling = cold && profiled('cold') && clicked.samples.length === 0 ? await startProfile(person) : null;
        const tracing = cold && process.env.BENCH_TRACE === 'cold' && clicked.samples.length === 0 ? await startTrace(person) : null;
        // Whether the calendar was already drawn ahead when the click came: a cold sample that
        // was not cold would flatter the figure.
        if ((await person.evaluate(`!!document.querySelector('.ec')`)) as boolean) clicked.drawnAhead += 1;
        // BENCH_CPU: this page's own main-thread CPU time for the opening, on stderr at the end.
        if (savedCpu) {
          cpuSession = await fresh.newCDPSession(person);
          await cpuSession.send('Performance.enable');
        }
        const ms = await timed(person, () => person.getByRole('navigation', { name: 'Navigation principale' }).getByRole('button', { name: 'Calendrier', exact: true }).click(), atLeast(firstWeek));
        if (cpuSession) clicked.cpu.push(cpuTimes.pop()!);
        cpuSession = null;
        if (tracing) await tracing();
        if (profiling) await profiling();
        return ms;
      } finally {
        await fresh.close();
      }
    };
    const homeNamed: number[] = [];
    for (let r = 0; r < RUNS; r += 1) {
      for (const clicked of clicks) clicked.samples.push(await firstOpening(clicked));
    }
    cpuSession = savedCpu;
    for (const clicked of clicks) {
      const list = (values: number[]) => `${values.map(Math.round).join(', ')} (median ${Math.round(median(values))} ms)`;
      if (savedCpu) process.stderr.write(`cpu first opening ${clicked.name}: ${list(clicked.cpu)}\n`);
      if (process.env.BENCH_VERBOSE) process.stderr.write(`first opening ${clicked.name}: ${list(clicked.samples)}\n`);
      if (clicked.drawnAhead > 0) process.stderr.write(`calendar: ${clicked.drawnAhead} of ${RUNS} first openings ${clicked.name} found the calendar drawn ahead\n`);
    }

    if (cpuSession) {
      const steps = ['open', 'nextWeek', 'previousWeek', 'toMonth', 'toWeek', 'toPeople', 'replicaChange'];
      steps.forEach((step, i) => process.stderr.write(`cpu ${step.padEnd(14)} ${Math.round(median(cpuTimes.filter((_, j) => j % steps.length === i)))} ms\n`));
    }
    const floor = median(samples.floor!);
    const names: Record<string, string> = {
      open: 'calendar-open-week',
      nextWeek: 'calendar-next-week',
      previousWeek: 'calendar-previous-week',
      toMonth: 'calendar-week-to-month',
      toWeek: 'calendar-month-to-week',
      toPeople: 'calendar-week-to-people-day',
      replicaChange: 'calendar-replica-change',
    };
    for (const [key, name] of Object.entries(names)) reporter.add(figure('calendar', `${name}-${PER_WEEK}`, median(samples[key]!), 'ms', floor, TARGET));
    // The first openings, apart (the median above is mostly openings that come back).
    for (const clicked of clicks) reporter.add(figure('calendar', `calendar-first-open-${clicked.figure}${PER_WEEK}`, median(clicked.samples), 'ms', floor, TARGET));
    reporter.add(figure('calendar', `calendar-floor-plain-${PER_WEEK}`, floor, 'ms', null, 'floor: the same events as plain blocks'));
    reporter.add(figure('calendar', 'home-lists-named', median(homeNamed), 'ms', null, 'report: « Ma journée » of the secretary, from the page’s start until every lead of its lists is named'));
    reporter.add(figure('calendar', `calendar-range-query-${PER_WEEK}`, median(queries), 'ms', null, 'report: the replica’s answer for a week, in process'));
    await context.close();
  } finally {
    await browser.close();
    await office.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
