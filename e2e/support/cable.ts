import { createServer, connect, type Server, type Socket } from 'node:net';

// The network cable between one workstation and the office server: a TCP relay on loopback that
// a test can unplug (every open connection cut, new ones refused at once) and plug back. HTTP and
// the poke WebSocket go through it alike, so the workstation sees a real outage, not a mock.

export class Cable {
  private plugged = true;
  private readonly open = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async to(serverUrl: string): Promise<Cable> {
    const target = new URL(serverUrl);
    let cable: Cable | null = null;
    const server = createServer((inbound) => {
      if (cable === null || !cable.plugged) {
        inbound.destroy();
        return;
      }
      const outbound = connect(Number(target.port), target.hostname);
      for (const [socket, other] of [
        [inbound, outbound],
        [outbound, inbound],
      ] as const) {
        cable.open.add(socket);
        socket.on('error', () => other.destroy());
        socket.on('close', () => {
          cable?.open.delete(socket);
          other.destroy();
        });
        socket.pipe(other);
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    cable = new Cable(server, `http://127.0.0.1:${port}`);
    return cable;
  }

  unplug(): void {
    this.plugged = false;
    for (const socket of this.open) socket.destroy();
  }

  plug(): void {
    this.plugged = true;
  }

  async close(): Promise<void> {
    this.unplug();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
