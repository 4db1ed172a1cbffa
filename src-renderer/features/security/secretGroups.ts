/** A base32 secret in groups of four, as people type it from the screen ("ABCD EFGH …"). */
export function secretGroups(secret: string): string {
  return (secret.match(/.{1,4}/g) ?? []).join(' ');
}
