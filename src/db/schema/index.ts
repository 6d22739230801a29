export * from './users.js';
export * from './documents.js';
export * from './chunks.js';
export * from './document-events.js';
