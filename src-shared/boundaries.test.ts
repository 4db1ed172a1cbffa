import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// style.md point 1: the process boundaries are a lint rule, so crossing one must fail `npm run lint`.
const eslint = new ESLint({ cwd: process.cwd() });

async function ruleIds(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => m.ruleId ?? 'fatal');
}

describe('process boundaries', () => {
  it.each([
    ["import { app } from 'electron';\nexport const a = app;", 'electron'],
    ["import { readFileSync } from 'node:fs';\nexport const r = readFileSync;", 'node:fs'],
    ["import path from 'path';\nexport const p = path;", 'a bare Node builtin'],
    ["import { x } from '../../src-server/config';\nexport const y = x;", 'the server'],
  ])('src-shared refuses %s (%s)', async (code) => {
    expect(await ruleIds(code, 'src-shared/domain/boundary-probe.ts')).toContain('no-restricted-imports');
  });

  it('src-shared refuses DOM and Node globals', async () => {
    const ids = await ruleIds('export const t = document.title + process.pid;', 'src-shared/domain/boundary-probe.ts');
    expect(ids.filter((id) => id === 'no-restricted-globals')).toHaveLength(2);
  });

  it.each([
    ["import { x } from '../src-main/services/leads';\nexport const y = x;"],
    ["import { x } from '../../src-server/main';\nexport const y = x;"],
    ["import { ipcRenderer } from 'electron';\nexport const y = ipcRenderer;"],
  ])('the renderer refuses %s', async (code) => {
    expect(await ruleIds(code, 'src-renderer/features/probe.ts')).toContain('no-restricted-imports');
  });

  // src-node: Node-only code shared by the desktop's main process and the office server.
  it.each([
    ["import { x } from '../../src-main/services/leads';\nexport const y = x;", 'the main process'],
    ["import { x } from '../../src-server/config';\nexport const y = x;", 'the server'],
    ["import { x } from '../../src-renderer/lib/api';\nexport const y = x;", 'the renderer'],
    ["import { app } from 'electron';\nexport const a = app;", 'electron'],
  ])('src-node refuses %s (%s)', async (code) => {
    expect(await ruleIds(code, 'src-node/spreadsheet/boundary-probe.ts')).toContain('no-restricted-imports');
  });

  it.each([
    ['src-shared/domain/boundary-probe.ts', "import { x } from '../../src-node/spreadsheet';\nexport const y = x;"],
    ['src-renderer/features/probe.ts', "import { x } from '../../src-node/spreadsheet';\nexport const y = x;"],
  ])('%s may not import src-node', async (file, code) => {
    expect(await ruleIds(code, file)).toContain('no-restricted-imports');
  });

  it('src-node may use Node, npm modules and src-shared; the main process and the server may use src-node', async () => {
    const probe = "import { readFile } from 'node:fs/promises';\nimport ExcelJS from 'exceljs';\nimport { MAX_ROWS } from '../../src-shared/domain/import';\nexport const x = [readFile, ExcelJS, MAX_ROWS];";
    expect(await ruleIds(probe, 'src-node/spreadsheet/boundary-probe.ts')).toEqual([]);
    const user = "import { readSpreadsheet } from '../../src-node/spreadsheet';\nexport const r = readSpreadsheet;";
    expect(await ruleIds(user, 'src-server/cli/probe.ts')).toEqual([]);
    expect(await ruleIds(user, 'src-main/services/probe.ts')).toEqual([]);
  });

  // Issue 17: a PostgreSQL connection is made where it gets its error listener.
  it.each([
    ["import pg from 'pg';\nexport const p = new pg.Pool({});", 'src-server/sync/probe.ts'],
    ["import pg from 'pg';\nexport const c = new pg.Client({});", 'src-server/db/probe.test.ts'],
    ["import { Pool } from 'pg';\nexport const p = new Pool({});", 'bench/probe.bench.ts'],
  ])('PostgreSQL connections come from pg-connections.ts: refuses %s in %s', async (code, file) => {
    expect(await ruleIds(code, file)).toContain('no-restricted-syntax');
    expect(await ruleIds(code, 'src-server/db/pg-connections.ts')).not.toContain('no-restricted-syntax');
  });

  // Issue 9, point 3: the server's inner layers.
  it.each([
    ["import { HttpError } from '../http/errors';\nexport const e = HttpError;", 'src-server/sync/probe.ts', 'http/ errors in sync'],
    ["import { HttpError } from '../../http/errors';\nexport const e = HttpError;", 'src-server/sync/deeper/probe.ts', 'http/ from deeper'],
    ["import type { FastifyReply } from 'fastify';\nexport type R = FastifyReply;", 'src-server/jobs/probe.ts', 'fastify in a job'],
    ["import websocket from '@fastify/websocket';\nexport const w = websocket;", 'src-server/auth/probe.ts', 'a Fastify plugin in auth'],
    ["import { buildApp } from './http/app';\nexport const b = buildApp;", 'src-server/probe.ts', 'http/ from the server root'],
    ["import { officeCache } from '../sync/execute';\nexport const c = officeCache;", 'src-server/db/probe.ts', 'sync in db'],
    ["import { x } from '../jobs/scheduler';\nexport const y = x;", 'src-server/db/probe.ts', 'jobs in db'],
    ["import { x } from '../auth/sessions';\nexport const y = x;", 'src-server/db/probe.ts', 'auth in db'],
    ["import { x } from '../../cli/commands';\nexport const y = x;", 'src-server/db/schema/probe.ts', 'cli in db/schema'],
    ["import { HttpError } from '../http/errors';\nexport const e = HttpError;", 'src-server/db/probe.ts', 'http/ in db'],
    ["import { app } from 'electron';\nexport const a = app;", 'src-server/db/probe.ts', 'electron in db'],
    ["import { x } from '../../src-main/services/leads';\nexport const y = x;", 'src-server/sync/probe.ts', 'the main process in sync'],
  ])('server layers: refuses %s in %s (%s)', async (code, file) => {
    expect(await ruleIds(code, file)).toContain('no-restricted-imports');
  });

  it('server layers: the HTTP edge, the assembly and the tests may use fastify and http/; db may use config and log', async () => {
    const http = "import type { FastifyReply } from 'fastify';\nimport { HttpError } from '../http/errors';\nexport type R = FastifyReply;\nexport const e = HttpError;";
    for (const file of ['src-server/sync/routes.ts', 'src-server/jobs/feature.ts', 'src-server/sync/push.test.ts', 'src-server/testing/probe.ts']) {
      expect(await ruleIds(http, file), file).toEqual([]);
    }
    expect(await ruleIds("import Fastify from 'fastify';\nexport const f = Fastify;", 'src-server/http/probe.ts')).toEqual([]);
    expect(await ruleIds("import { buildApp } from './http/app';\nexport const b = buildApp;", 'src-server/server.ts')).toEqual([]);
    const db = "import type { ServerConfig } from '../config';\nimport type { Log } from '../log';\nimport { sql } from 'drizzle-orm';\nexport type C = [ServerConfig, Log];\nexport const s = sql;";
    expect(await ruleIds(db, 'src-server/db/probe.ts')).toEqual([]);
    // A database test may set up what it checks through the features above it.
    expect(await ruleIds("import { runSystemMutation } from '../sync/execute';\nexport const r = runSystemMutation;", 'src-server/db/probe.test.ts')).toEqual([]);
    // The features use the database layer and each other's domain modules.
    expect(await ruleIds("import { rowsOf } from '../db/rows';\nimport { officeCache } from '../sync/execute';\nexport const x = [rowsOf, officeCache];", 'src-server/sms/probe.ts')).toEqual([]);
  });

  // The path aliases of tsconfig.base.json cross the same boundaries as relative paths.
  it.each([
    ["import { x } from '~server/config';\nexport const y = x;", 'src-shared/domain/boundary-probe.ts'],
    ["import { x } from '~node/spreadsheet';\nexport const y = x;", 'src-shared/domain/boundary-probe.ts'],
    ["import { x } from '~main/services/leads';\nexport const y = x;", 'src-renderer/features/probe.ts'],
    ["import { x } from '~server/main';\nexport const y = x;", 'src-renderer/features/probe.ts'],
    ["import { x } from '~node/spreadsheet';\nexport const y = x;", 'src-renderer/features/probe.ts'],
    ["import { x } from '~main/services/leads';\nexport const y = x;", 'src-node/spreadsheet/boundary-probe.ts'],
    ["import { x } from '~renderer/lib/api';\nexport const y = x;", 'src-server/probe.ts'],
    ["import { x } from '~server/config';\nexport const y = x;", 'src-main/services/probe.ts'],
    ["import { HttpError } from '~server/http/errors';\nexport const e = HttpError;", 'src-server/sync/probe.ts'],
    ["import { officeCache } from '~server/sync/execute';\nexport const c = officeCache;", 'src-server/db/probe.ts'],
  ])('an alias is refused where its folder is: %s in %s', async (code, file) => {
    expect(await ruleIds(code, file)).toContain('no-restricted-imports');
  });

  it('allows what each side may import', async () => {
    expect(await ruleIds("import { LEAD_STATUSES } from '~shared/domain/statuses';\nexport const s = LEAD_STATUSES;", 'src-renderer/features/probe.ts')).toEqual([]);
    expect(await ruleIds("import { readSpreadsheet } from '~node/spreadsheet';\nexport const r = readSpreadsheet;", 'src-main/services/probe.ts')).toEqual([]);
    expect(await ruleIds("import { z } from 'zod';\nexport const s = z.string();", 'src-shared/domain/boundary-probe.ts')).toEqual([]);
    expect(
      await ruleIds("import { LEAD_STATUSES } from '../../src-shared/domain/statuses';\nexport const s = LEAD_STATUSES;", 'src-renderer/features/probe.ts'),
    ).toEqual([]);
    expect(await ruleIds("import { readFileSync } from 'node:fs';\nexport const r = readFileSync;", 'src-server/probe.ts')).toEqual([]);
  });
});
