// What a command reads from its surroundings, through its CommandIo when a test provides it, else from the process.
import type { CommandIo } from "./command.js";

export function envOf(io: CommandIo): NodeJS.ProcessEnv {
  return io.env ?? process.env;
}

export function cwdOf(io: CommandIo): string {
  return io.cwd ?? process.cwd();
}

export function nowOf(io: CommandIo): Date {
  return io.now ? io.now() : new Date();
}

export async function stdinOf(io: CommandIo): Promise<string> {
  if (io.readStdin) return io.readStdin();
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString("utf8");
}
