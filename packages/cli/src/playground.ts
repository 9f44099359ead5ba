// `gpu-compat playground`: serves the browser playground (dist/playground/, built by scripts/bundle.mjs) on
// 127.0.0.1, with the three WebAssembly files it loads taken from the installed packages (web-tree-sitter's
// runtime, the Python and bash grammars) rather than copied into dist/. Only these files are served.
import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { EXIT_OK, UsageError } from "./exit-codes.js";
import type { Io } from "./run-command.js";

export const DEFAULT_PORT = 8765;

const require = createRequire(import.meta.url);

/** URL path -> the file served there, and its type. */
function servedFiles(): Map<string, { file: string; type: string }> {
  const page = (name: string) => fileURLToPath(new URL(`./playground/${name}`, import.meta.url));
  return new Map([
    ["/", { file: page("index.html"), type: "text/html; charset=utf-8" }],
    ["/index.html", { file: page("index.html"), type: "text/html; charset=utf-8" }],
    ["/playground.js", { file: page("playground.js"), type: "text/javascript; charset=utf-8" }],
    ["/playground.css", { file: page("playground.css"), type: "text/css; charset=utf-8" }],
    ["/wasm/tree-sitter.wasm", { file: require.resolve("web-tree-sitter/tree-sitter.wasm"), type: "application/wasm" }],
    ["/wasm/tree-sitter-python.wasm", { file: require.resolve("tree-sitter-python/tree-sitter-python.wasm"), type: "application/wasm" }],
    ["/wasm/tree-sitter-bash.wasm", { file: require.resolve("tree-sitter-bash/tree-sitter-bash.wasm"), type: "application/wasm" }],
  ]);
}

export function parsePort(value: string | undefined): number {
  if (value === undefined) return DEFAULT_PORT;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new UsageError(`--port ${value}: give a port number from 1 to 65535 (0: any free port)`);
  return port;
}

/** Serves the playground until SIGINT or SIGTERM; `ready` learns the URL once it listens (tests). */
export async function playgroundCommand(options: { port?: string }, io: Io, ready?: (url: string) => void): Promise<number> {
  const port = parsePort(options.port);
  const files = servedFiles();
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? "/", "http://localhost").pathname;
    const served = files.get(path);
    if (!served || (request.method !== "GET" && request.method !== "HEAD")) {
      response.writeHead(served ? 405 : 404, { "content-type": "text/plain; charset=utf-8" }).end(served ? "method not allowed\n" : "not found\n");
      return;
    }
    readFile(served.file).then(
      (body) => {
        response.writeHead(200, { "content-type": served.type, "content-length": body.length, "cache-control": "no-cache", "x-content-type-options": "nosniff" });
        response.end(request.method === "HEAD" ? undefined : body);
      },
      (error: NodeJS.ErrnoException) => {
        const missing = error.code === "ENOENT" ? " (build it with `node scripts/bundle.mjs`)" : "";
        response.writeHead(500, { "content-type": "text/plain; charset=utf-8" }).end(`cannot read ${served.file}${missing}\n`);
      },
    );
  });
  await listen(server, port);
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  io.stdout(`gpu-compat playground: ${url}\n(press Ctrl+C to stop)\n`);
  ready?.(url);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      server.closeAllConnections();
      server.close(() => resolve());
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  return EXIT_OK;
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      reject(error.code === "EADDRINUSE" ? new UsageError(`port ${port} is in use: pick another with --port N (0: any free port)`) : error);
    });
    server.listen(port, "127.0.0.1", () => resolve());
  });
}
