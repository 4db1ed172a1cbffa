import { randomUUID } from 'node:crypto';
import {
  PROTOCOL_VERSION,
  SCHEMA_VERSION,
  type ErrorBody,
  type MutationResult,
  type PullResponse,
  type PushMutation,
  type PushResponse,
} from '~shared/contract/sync';
import type { MutationInput, MutationName } from '~shared/domain/mutations/args';
import { call, type Answer } from './http';

// One replica of the sync suites, reduced to what the protocol shows: a clientId, mutation ids
// 1, 2, 3… assigned when a mutation is made, a cursor, and the rows pulled so far by (table, id).
// It has no optimistic state and no rebase: the suites judge the server, not the desktop.

export type PushAnswer = Answer<PushResponse & Partial<ErrorBody>>;
export type PullAnswer = Answer<PullResponse & Partial<ErrorBody>>;

export interface PullParams {
  cursor?: number;
  limit?: number;
  knownMutationId?: number;
  clientId?: string;
  schemaVersion?: number;
}

export class TestSyncClient {
  readonly clientId: string = randomUUID();
  private lastId = 0;
  cursor = 0;
  knownMutationId = 0;
  /** `${table}:${id}` → the row as last pulled. */
  readonly replica = new Map<string, Record<string, unknown>>();

  constructor(
    readonly base: string,
    readonly token: string,
  ) {}

  /** The next mutation of this replica (its id is taken now, as the outbox does). */
  mutation<N extends MutationName>(name: N, args: MutationInput<N>): PushMutation {
    return { id: ++this.lastId, name, args, clientTime: new Date().toISOString() };
  }

  /** A request as the desktop sends it; `body` overrides any field (malformed requests). */
  push(mutations: readonly PushMutation[], body: Record<string, unknown> = {}): Promise<PushAnswer> {
    return call(this.base, 'POST', '/api/sync/push', {
      token: this.token,
      body: { protocol: PROTOCOL_VERSION, schemaVersion: SCHEMA_VERSION, clientId: this.clientId, mutations, ...body },
    });
  }

  /** One mutation pushed at once; its result (the request itself must succeed). */
  async send<N extends MutationName>(name: N, args: MutationInput<N>): Promise<MutationResult> {
    const mutation = this.mutation(name, args);
    const answer = await this.push([mutation]);
    if (answer.status !== 200) throw new Error(`push ${name} : ${answer.status} ${JSON.stringify(answer.body)}`);
    const result = answer.body.results.find((r) => r.id === mutation.id);
    if (result === undefined) throw new Error(`push ${name} : pas de résultat pour ${mutation.id}`);
    return result;
  }

  /** As `send`, but the mutation must be applied (the set-up of a test). */
  async apply<N extends MutationName>(name: N, args: MutationInput<N>): Promise<void> {
    const result = await this.send(name, args);
    if (result.status !== 'applied') throw new Error(`${name} refusée : ${result.code} — ${result.message}`);
  }

  pull(params: PullParams = {}): Promise<PullAnswer> {
    const query = new URLSearchParams({
      clientId: params.clientId ?? this.clientId,
      cursor: String(params.cursor ?? this.cursor),
      knownMutationId: String(params.knownMutationId ?? this.knownMutationId),
      protocol: String(PROTOCOL_VERSION),
      schemaVersion: String(params.schemaVersion ?? SCHEMA_VERSION),
    });
    if (params.limit !== undefined) query.set('limit', String(params.limit));
    return call(this.base, 'GET', `/api/sync/pull?${query.toString()}`, { token: this.token });
  }

  /** Pulls one page from this replica's cursor and applies it; the page as answered. */
  async pullPage(limit?: number): Promise<PullResponse> {
    const answer = await this.pull({ limit });
    if (answer.status !== 200) throw new Error(`pull : ${answer.status} ${JSON.stringify(answer.body)}`);
    const page = answer.body;
    for (const { table, row } of page.rows) this.replica.set(`${table}:${String(row['id'])}`, row);
    this.cursor = page.cursor;
    this.knownMutationId = page.lastMutationId;
    return page;
  }

  /** Pulls pages until the server says no more follow; every page as answered. */
  async pullToEnd(limit?: number): Promise<PullResponse[]> {
    const pages: PullResponse[] = [];
    for (;;) {
      const page = await this.pullPage(limit);
      pages.push(page);
      if (!page.more) return pages;
    }
  }
}

/** A fresh replica of the same person (another workstation, or a reinstall). */
export function anotherReplica(of: TestSyncClient): TestSyncClient {
  return new TestSyncClient(of.base, of.token);
}
