// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, within } from '@testing-library/react';
import { renderBare } from '../testing/renderBare';
import { MessageScreen } from './MessageScreen';

afterEach(cleanup);

describe('MessageScreen', () => {
  it('is the page’s main landmark, headed by its title, with what it says below', () => {
    renderBare(
      <MessageScreen title="Ce poste a été effacé" titleSize="h2" width={520}>
        <p>Connectez-vous de nouveau.</p>
      </MessageScreen>,
    );
    const main = screen.getByRole('main');
    expect(within(main).getByRole('heading', { level: 1, name: 'Ce poste a été effacé' })).toBeTruthy();
    expect(within(main).getByText('Connectez-vous de nouveau.')).toBeTruthy();
  });
});
