import { builder } from './builder.js';
import './scalars.js';
import './user.js';
import './document.js';
import './upload.js';
import './document-mutations.js';
import './search.js';
import './events.js';
import './formats.js';
import './extract.js';
import './webhooks.js';
import './collections.js';

/** Built once per process; every door (HTTP, WebSocket, schema printer) shares it. */
export const schema = builder.toSchema({ sortSchema: true });
