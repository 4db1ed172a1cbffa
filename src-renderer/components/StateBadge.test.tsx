// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen } from '@testing-library/react';
import { renderBare } from '../testing/renderBare';
import { ActiveBadge } from './StateBadge';

afterEach(cleanup);

describe('ActiveBadge', () => {
  it('says the state in the screen’s own words, in teal when active and grey when not', () => {
    renderBare(
      <>
        <ActiveBadge active activeLabel="Offerte" inactiveLabel="Retirée" />
        <ActiveBadge active={false} activeLabel="Actif" inactiveLabel="Inactif" />
      </>,
    );
    const offered = screen.getByText('Offerte').closest('.mantine-Badge-root') as HTMLElement;
    const inactive = screen.getByText('Inactif').closest('.mantine-Badge-root') as HTMLElement;
    expect(offered.style.getPropertyValue('--badge-color')).toContain('teal');
    expect(inactive.style.getPropertyValue('--badge-color')).toContain('gray');
    expect(screen.queryByText('Retirée')).toBeNull();
    expect(screen.queryByText('Actif')).toBeNull();
  });
});
