import { createRequire } from 'node:module';

/**
 * `@cdktf/hcl2json`: HashiCorp's HCL parser compiled to WASM. Loaded through `require` with our
 * own signature because its type declarations pull in the DOM lib (`/// <reference lib="dom">`),
 * which would retype fetch and FormData for the whole program; loaded on first use because
 * instantiating the WASM module costs start-up time that most commands never need.
 */
type Parse = (filename: string, contents: string) => Promise<Record<string, unknown>>;

let parser: Parse | undefined;

export function parseHcl(filename: string, contents: string): Promise<Record<string, unknown>> {
  if (!parser) {
    const require = createRequire(import.meta.url);
    parser = (require('@cdktf/hcl2json') as { parse: Parse }).parse;
  }
  return parser(filename, contents);
}
