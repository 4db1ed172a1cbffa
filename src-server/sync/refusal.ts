// What push and pull refuse (sync-protocol.md): a code the workstation acts on and a French
// sentence for the user. The modules that decide them know nothing of HTTP: routes.ts answers
// each with its status.

export type SyncRefusalCode = 'mutation_gap' | 'client_of_another_user' | 'cursor_gone' | 'workstation_wiped';

export class SyncRefusal extends Error {
  constructor(
    readonly code: SyncRefusalCode,
    message: string,
  ) {
    super(message);
    this.name = 'SyncRefusal';
  }
}
