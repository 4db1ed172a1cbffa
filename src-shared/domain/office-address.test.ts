import { describe, expect, it } from 'vitest';
import { officeAddress } from './office-address';

describe('adresse du bureau tapée pour le rejoindre', () => {
  it('complète ce qu’une personne omet', () => {
    expect(officeAddress('192.168.1.20')).toBe('https://192.168.1.20:8787');
    expect(officeAddress(' 192.168.1.20:9000 ')).toBe('https://192.168.1.20:9000');
    expect(officeAddress('poste-accueil.local')).toBe('https://poste-accueil.local:8787');
  });

  it('garde une adresse complète telle quelle', () => {
    expect(officeAddress('http://192.168.1.20:8787/')).toBe('http://192.168.1.20:8787');
    expect(officeAddress('https://bureau.exemple.ca')).toBe('https://bureau.exemple.ca');
  });

  it('refuse ce qui n’est pas une adresse de bureau', () => {
    expect(officeAddress('')).toBeNull();
    expect(officeAddress('ftp://192.168.1.20')).toBeNull();
    expect(officeAddress('http://moi:secret@192.168.1.20')).toBeNull();
    expect(officeAddress('http://')).toBeNull();
  });
});
