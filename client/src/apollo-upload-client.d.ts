/** apollo-upload-client 19 is typed by JSDoc only; this is the part the client uses. */
declare module 'apollo-upload-client/UploadHttpLink.mjs' {
  import { ApolloLink } from '@apollo/client';
  export default class UploadHttpLink extends ApolloLink {
    constructor(options?: { uri?: string; fetch?: typeof fetch; headers?: Record<string, string>; credentials?: RequestCredentials });
  }
}
