// The yaml package's Parser reads `process.env.LOG_TOKENS` once per token. In Node,
// `process.env` is backed by the C++ environment and each read costs a call into it: on a
// 15 MB manifest stream that is five million reads and about a fifth of the load time. While a
// synchronous parse runs, a plain copy of the environment stands in for it; nothing else can
// run meanwhile, the values are the same, and the real object is back before we return.
export function withPlainProcessEnv<T>(run: () => T): T {
  const host = (globalThis as { process?: { env: Record<string, string | undefined> } }).process;
  const descriptor = host ? Object.getOwnPropertyDescriptor(host, 'env') : undefined;
  if (!host || !descriptor || !descriptor.writable) return run();
  const real = host.env;
  host.env = { ...real };
  try {
    return run();
  } finally {
    host.env = real;
  }
}
