import { writeFile } from 'node:fs/promises';
import { printSchema } from 'graphql';
import { schema } from './schema.js';

/** `npm run schema`: the committed schema.graphql is this output; a test keeps them equal. */
export const printedSchema = () => `${printSchema(schema)}\n`;

if (import.meta.url === `file://${process.argv[1]}`) {
  const target = new URL('../../schema.graphql', import.meta.url);
  await writeFile(target, printedSchema());
  console.log(`wrote ${target.pathname}`);
}
