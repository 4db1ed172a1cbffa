import type { Readable, Writable } from 'node:stream';

// The password of `user:create` (and a backup's passphrase) comes from standard input (server-api.md), so that it never
// appears in the shell's history or the process list. At a terminal it is typed without echo and
// asked twice; from a pipe (`printf '%s\n' "$PASSWORD" | npm run office -- user:create …`) the
// first line is taken. It is never printed nor logged.

/** The person at the keyboard gave up or mistyped: nothing is created. */
export class PasswordInputError extends Error {
  override name = 'PasswordInputError';
}

export interface PasswordInput {
  stdin: Readable & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };
  stderr: Writable;
}

export async function readPassword(io: PasswordInput): Promise<string> {
  return readSecret(io, {
    prompt: 'Mot de passe (10 caractères au moins) : ',
    again: 'Mot de passe, encore une fois : ',
    mismatch: 'Les deux mots de passe diffèrent : rien n’a été créé.',
  });
}

/**
 * A secret typed twice at a terminal (`again`), once otherwise, or taken from the first line of a
 * pipe. Backups' passphrases come the same way as passwords, for the same reasons.
 */
export async function readSecret(io: PasswordInput, words: { prompt: string; again?: string; mismatch?: string }): Promise<string> {
  if (io.stdin.isTTY && typeof io.stdin.setRawMode === 'function') {
    const first = await readHidden(io, words.prompt);
    if (words.again === undefined) return first;
    const second = await readHidden(io, words.again);
    if (first !== second) throw new PasswordInputError(words.mismatch ?? 'Les deux saisies diffèrent.');
    return first;
  }
  return readFirstLine(io.stdin);
}

async function readFirstLine(stdin: Readable): Promise<string> {
  let text = '';
  for await (const chunk of stdin) {
    text += typeof chunk === 'string' ? chunk : (chunk as Buffer).toString('utf8');
    if (text.includes('\n')) break;
  }
  return text.split(/\r?\n/)[0] ?? '';
}

function readHidden(io: PasswordInput, prompt: string): Promise<string> {
  const { stdin, stderr } = io;
  stderr.write(prompt);
  return new Promise((resolve, reject) => {
    let typed = '';
    const finish = (error?: Error) => {
      stdin.off('data', onData);
      stdin.setRawMode!(false);
      stdin.pause();
      stderr.write('\n');
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (chunk: Buffer | string) => {
      for (const ch of typeof chunk === 'string' ? chunk : chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return finish();
        if (ch === '\u0003' || ch === '\u0004') return finish(new PasswordInputError('Saisie interrompue : rien n’a été créé.'));
        if (ch === '\u007f' || ch === '\b') typed = typed.slice(0, -1);
        else typed += ch;
      }
    };
    stdin.setRawMode!(true);
    stdin.resume();
    stdin.on('data', onData);
  });
}
