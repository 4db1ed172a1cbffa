// The WHATWG URL class exists in every process src-shared runs in (Chromium, Node, Electron), but
// TypeScript declares it in the DOM library or @types/node, neither of which src-shared may see
// (tsconfig.shared.json). This is the part src-shared uses; only that project includes this file.
declare class URL {
  constructor(input: string, base?: string);
  hash: string;
  host: string;
  hostname: string;
  href: string;
  readonly origin: string;
  password: string;
  pathname: string;
  port: string;
  protocol: string;
  search: string;
  username: string;
  toString(): string;
}
