// Preloaded with `node --import` by tests that check what a process loads: prints one
// `LOADED <url or path>` line to stderr for every ES module resolved (a resolve hook, which runs
// on the loader thread) and every CommonJS file required (Module._resolveFilename), so a test
// can tell which packages an operation pulled in.
import Module, { register } from 'node:module';

const hook = `export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  process.stderr.write('LOADED ' + resolved.url + '\\n');
  return resolved;
}`;
register(`data:text/javascript,${encodeURIComponent(hook)}`);

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (...args) {
  const resolved = resolveFilename.apply(this, args);
  process.stderr.write(`LOADED ${resolved}\n`);
  return resolved;
};
