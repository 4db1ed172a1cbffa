import { networkInterfaces } from 'node:os';

// Where the office's other workstations reach the server hosted here: this computer's IPv4
// addresses on its networks (a workstation types one, so IPv6 and link-local ones are left out).

export function lanAddresses(interfaces = networkInterfaces()): string[] {
  const found: string[] = [];
  for (const entries of Object.values(interfaces)) {
    for (const entry of entries ?? []) {
      if (entry.family !== 'IPv4' || entry.internal || entry.address.startsWith('169.254.')) continue;
      if (!found.includes(entry.address)) found.push(entry.address);
    }
  }
  return found;
}

export function lanUrls(port: number, interfaces = networkInterfaces(), scheme: 'http' | 'https' = 'https'): string[] {
  return lanAddresses(interfaces).map((address) => `${scheme}://${address}:${port}`);
}
