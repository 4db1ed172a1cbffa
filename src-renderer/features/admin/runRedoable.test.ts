// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { IpcError } from '~shared/contract/ipc';
import type { MutationRunner } from '../../lib/api';
import { FakeApi } from '../../testing/fakeApi';
import { runRedoable } from './runRedoable';

let api: FakeApi;
beforeEach(() => {
  api = new FakeApi({ 'refusals:dismiss': () => [] });
  window.api = api;
});

const refused: IpcError = { code: 'forbidden', message: 'Seuls les administrateurs modifient les paramètres.' };
const queued: MutationRunner['run'] = async () => ({ ok: true, mutationId: 5 });
const refusing: MutationRunner['run'] = async () => ({ ok: false, error: refused });
const args = { officeName: 'Bureau du Plateau' };

/** refusals:dismiss is sent without waiting for it: let it reach the fake. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('runRedoable', () => {
  it('runs the named change with its args and answers that it was queued', async () => {
    const run = vi.fn(queued);
    const onRefused = vi.fn();
    expect(await runRedoable(run, 'settings.update', args, undefined, onRefused)).toBe(true);
    expect(run).toHaveBeenCalledWith('settings.update', args);
    expect(onRefused).not.toHaveBeenCalled();
  });

  it('queued as a redo, dismisses the refusal it came from', async () => {
    await runRedoable(queued, 'settings.update', args, { name: 'settings.update', args, refusalId: 42 }, () => {});
    await settle();
    expect(api.callsTo('refusals:dismiss')).toEqual([{ mutationId: 42 }]);
  });

  it('dismisses nothing for a change that is not a redo, or a redo without a refusal', async () => {
    await runRedoable(queued, 'settings.update', args, undefined, () => {});
    await runRedoable(queued, 'settings.update', args, { name: 'settings.update', args }, () => {});
    await settle();
    expect(api.callsTo('refusals:dismiss')).toEqual([]);
  });

  it('refused, hands the refusal to the form, answers false and keeps the refusal it came from', async () => {
    const onRefused = vi.fn();
    expect(await runRedoable(refusing, 'settings.update', args, { name: 'settings.update', args, refusalId: 42 }, onRefused)).toBe(false);
    await settle();
    expect(onRefused).toHaveBeenCalledWith(refused);
    expect(api.callsTo('refusals:dismiss')).toEqual([]);
  });
});
