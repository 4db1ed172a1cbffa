import { describe, expect, it } from 'vitest';
import { createEmitter } from './events';

describe('createEmitter', () => {
  it('calls every listener in the order they were added, until each unsubscribes', () => {
    const heard: string[] = [];
    const events = createEmitter<number>((error) => {
      throw error;
    });
    const stopA = events.on((n) => heard.push(`a${n}`));
    events.on((n) => heard.push(`b${n}`));
    events.emit(1);
    stopA();
    events.emit(2);
    expect(heard).toEqual(['a1', 'b1', 'b2']);
  });

  it('adds the same listener once', () => {
    const heard: number[] = [];
    const listener = (n: number) => heard.push(n);
    const events = createEmitter<number>(() => {});
    events.on(listener);
    const stop = events.on(listener);
    events.emit(1);
    stop();
    events.emit(2);
    expect(heard).toEqual([1]);
  });

  it('reports a throwing listener to onError and still calls the others', () => {
    const errors: unknown[] = [];
    const heard: number[] = [];
    const events = createEmitter<number>((error) => errors.push(error));
    const boom = new Error('fenêtre fermée');
    events.on(() => {
      throw boom;
    });
    events.on((n) => heard.push(n));
    expect(() => events.emit(7)).not.toThrow();
    expect(errors).toEqual([boom]);
    expect(heard).toEqual([7]);
  });

  it('lets an onError that rethrows stop the emission', () => {
    const heard: number[] = [];
    const events = createEmitter<number>((error) => {
      throw error;
    });
    events.on(() => {
      throw new Error('échec');
    });
    events.on((n) => heard.push(n));
    expect(() => events.emit(1)).toThrow('échec');
    expect(heard).toEqual([]);
  });

  it('emits to the listeners present when the emission starts', () => {
    const heard: string[] = [];
    const events = createEmitter<number>(() => {});
    const late = (n: number) => heard.push(`late${n}`);
    let stopSecond = () => {};
    events.on((n) => {
      heard.push(`first${n}`);
      events.on(late);
      stopSecond();
    });
    stopSecond = events.on((n) => heard.push(`second${n}`));
    events.emit(1);
    events.emit(2);
    expect(heard).toEqual(['first1', 'second1', 'first2', 'late2']);
  });

  it('clear removes every listener', () => {
    const heard: number[] = [];
    const events = createEmitter<number>(() => {});
    events.on((n) => heard.push(n));
    events.clear();
    events.emit(1);
    expect(heard).toEqual([]);
  });
});
