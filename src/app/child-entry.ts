import { fileURLToPath } from 'node:url';

/**
 * Entry point and Node flags of one of this server's own child processes (converter sandboxes,
 * the embedded database's creation). From the TypeScript sources (`npm run dev`, the tests) the
 * child runs `<name>.ts` with tsx, from the build `<name>.js` with plain Node. It inherits the
 * parent's flags except the inspector's (the child would fight the parent for its port).
 */
export function childEntry(parentUrl: string, name: string): { file: string; execArgv: string[] } {
  const ts = parentUrl.endsWith('.ts');
  const file = fileURLToPath(new URL(`./${name}${ts ? '.ts' : '.js'}`, parentUrl));
  const inherited = process.execArgv.filter((a) => !a.startsWith('--inspect'));
  // The parent's flags carry tsx under `npm run dev`; under vitest they do not.
  const needsTsx = ts && !inherited.some((a) => a.includes('tsx'));
  return { file, execArgv: [...inherited, ...(needsTsx ? ['--import', 'tsx'] : [])] };
}
