import { describe, expect, it } from 'vitest';
import { runsFromSource } from './runs-from-source';

describe('runsFromSource', () => {
  it('reads the path, whatever query tsx adds to the module URL (npm start loads the bridge through tsImport)', () => {
    expect(runsFromSource('file:///repo/src-main/host/port.ts')).toBe(true);
    expect(runsFromSource('file:///repo/src-main/host/port.ts?tsx-namespace=1733500000000')).toBe(true);
    expect(runsFromSource('file:///app/resources/app.asar/out/main/main.js')).toBe(false);
    expect(runsFromSource('file:///repo/out/main/host.js?v=ts')).toBe(false);
  });
});
