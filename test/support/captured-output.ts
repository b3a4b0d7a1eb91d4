/**
 * Records what this process writes to stdout and stderr (where Nest's logger writes) instead of
 * printing it, so a test can check what an in-process app logged. `stop()` restores both streams.
 */
export interface CapturedOutput {
  text(): string;
  stop(): void;
}

export function captureOutput(): CapturedOutput {
  const chunks: string[] = [];
  const streams = [process.stdout, process.stderr];
  const originals = streams.map((stream) => stream.write);
  for (const stream of streams) {
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString());
      const callback = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
      callback?.();
      return true;
    }) as typeof stream.write;
  }
  return {
    text: () => chunks.join(''),
    stop: () => streams.forEach((stream, index) => (stream.write = originals[index])),
  };
}
