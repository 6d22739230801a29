/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  fragment DocumentListFields on Document {\n    __typename id filename mimeType sizeBytes status stage progress pageCount chunkCount title language createdAt updatedAt\n    error { __typename code message }\n  }\n": typeof types.DocumentListFieldsFragmentDoc,
    "\n  mutation WebSignUp($email: String!, $password: String!) {\n    signUp(email: $email, password: $password) { token refreshToken user { id email } }\n  }\n": typeof types.WebSignUpDocument,
    "\n  mutation WebLogIn($email: String!, $password: String!) {\n    logIn(email: $email, password: $password) { token refreshToken user { id email } }\n  }\n": typeof types.WebLogInDocument,
    "\n  query WebDocuments($first: Int, $after: String, $filter: DocumentFilter) {\n    documents(first: $first, after: $after, filter: $filter) {\n      edges { cursor node { ...DocumentListFields } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.WebDocumentsDocument,
    "\n  query WebFormats { supportedFormats { label mimeTypes } }\n": typeof types.WebFormatsDocument,
    "\n  query WebDocument($id: ID!, $chunksAfter: String) {\n    document(id: $id) {\n      ...DocumentListFields\n      sha256 markdown metadata\n      chunks(first: 50, after: $chunksAfter) {\n        edges { node { id index text pageStart pageEnd headings tokenCount } }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n": typeof types.WebDocumentDocument,
    "\n  mutation WebUpload($file: Upload!) {\n    uploadDocument(file: $file) { duplicate document { ...DocumentListFields } }\n  }\n": typeof types.WebUploadDocument,
    "\n  mutation WebDelete($id: ID!) { deleteDocument(id: $id) { deletedId } }\n": typeof types.WebDeleteDocument,
    "\n  mutation WebReprocess($id: ID!) { reprocessDocument(id: $id) { ...DocumentListFields } }\n": typeof types.WebReprocessDocument,
    "\n  query WebSearch($query: String!, $first: Int) {\n    search(query: $query, first: $first) {\n      score snippet\n      document { id filename mimeType }\n      chunk { id index pageStart pageEnd }\n    }\n  }\n": typeof types.WebSearchDocument,
    "\n  subscription WebEvents($after: String) {\n    documentEvents(after: $after) {\n      cursor type documentId status stage progress page pageCount occurredAt\n      error { code message }\n      document { ...DocumentListFields }\n    }\n  }\n": typeof types.WebEventsDocument,
};
const documents: Documents = {
    "\n  fragment DocumentListFields on Document {\n    __typename id filename mimeType sizeBytes status stage progress pageCount chunkCount title language createdAt updatedAt\n    error { __typename code message }\n  }\n": types.DocumentListFieldsFragmentDoc,
    "\n  mutation WebSignUp($email: String!, $password: String!) {\n    signUp(email: $email, password: $password) { token refreshToken user { id email } }\n  }\n": types.WebSignUpDocument,
    "\n  mutation WebLogIn($email: String!, $password: String!) {\n    logIn(email: $email, password: $password) { token refreshToken user { id email } }\n  }\n": types.WebLogInDocument,
    "\n  query WebDocuments($first: Int, $after: String, $filter: DocumentFilter) {\n    documents(first: $first, after: $after, filter: $filter) {\n      edges { cursor node { ...DocumentListFields } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.WebDocumentsDocument,
    "\n  query WebFormats { supportedFormats { label mimeTypes } }\n": types.WebFormatsDocument,
    "\n  query WebDocument($id: ID!, $chunksAfter: String) {\n    document(id: $id) {\n      ...DocumentListFields\n      sha256 markdown metadata\n      chunks(first: 50, after: $chunksAfter) {\n        edges { node { id index text pageStart pageEnd headings tokenCount } }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n": types.WebDocumentDocument,
    "\n  mutation WebUpload($file: Upload!) {\n    uploadDocument(file: $file) { duplicate document { ...DocumentListFields } }\n  }\n": types.WebUploadDocument,
    "\n  mutation WebDelete($id: ID!) { deleteDocument(id: $id) { deletedId } }\n": types.WebDeleteDocument,
    "\n  mutation WebReprocess($id: ID!) { reprocessDocument(id: $id) { ...DocumentListFields } }\n": types.WebReprocessDocument,
    "\n  query WebSearch($query: String!, $first: Int) {\n    search(query: $query, first: $first) {\n      score snippet\n      document { id filename mimeType }\n      chunk { id index pageStart pageEnd }\n    }\n  }\n": types.WebSearchDocument,
    "\n  subscription WebEvents($after: String) {\n    documentEvents(after: $after) {\n      cursor type documentId status stage progress page pageCount occurredAt\n      error { code message }\n      document { ...DocumentListFields }\n    }\n  }\n": types.WebEventsDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment DocumentListFields on Document {\n    __typename id filename mimeType sizeBytes status stage progress pageCount chunkCount title language createdAt updatedAt\n    error { __typename code message }\n  }\n"): (typeof documents)["\n  fragment DocumentListFields on Document {\n    __typename id filename mimeType sizeBytes status stage progress pageCount chunkCount title language createdAt updatedAt\n    error { __typename code message }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation WebSignUp($email: String!, $password: String!) {\n    signUp(email: $email, password: $password) { token refreshToken user { id email } }\n  }\n"): (typeof documents)["\n  mutation WebSignUp($email: String!, $password: String!) {\n    signUp(email: $email, password: $password) { token refreshToken user { id email } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation WebLogIn($email: String!, $password: String!) {\n    logIn(email: $email, password: $password) { token refreshToken user { id email } }\n  }\n"): (typeof documents)["\n  mutation WebLogIn($email: String!, $password: String!) {\n    logIn(email: $email, password: $password) { token refreshToken user { id email } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WebDocuments($first: Int, $after: String, $filter: DocumentFilter) {\n    documents(first: $first, after: $after, filter: $filter) {\n      edges { cursor node { ...DocumentListFields } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"): (typeof documents)["\n  query WebDocuments($first: Int, $after: String, $filter: DocumentFilter) {\n    documents(first: $first, after: $after, filter: $filter) {\n      edges { cursor node { ...DocumentListFields } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WebFormats { supportedFormats { label mimeTypes } }\n"): (typeof documents)["\n  query WebFormats { supportedFormats { label mimeTypes } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WebDocument($id: ID!, $chunksAfter: String) {\n    document(id: $id) {\n      ...DocumentListFields\n      sha256 markdown metadata\n      chunks(first: 50, after: $chunksAfter) {\n        edges { node { id index text pageStart pageEnd headings tokenCount } }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n"): (typeof documents)["\n  query WebDocument($id: ID!, $chunksAfter: String) {\n    document(id: $id) {\n      ...DocumentListFields\n      sha256 markdown metadata\n      chunks(first: 50, after: $chunksAfter) {\n        edges { node { id index text pageStart pageEnd headings tokenCount } }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation WebUpload($file: Upload!) {\n    uploadDocument(file: $file) { duplicate document { ...DocumentListFields } }\n  }\n"): (typeof documents)["\n  mutation WebUpload($file: Upload!) {\n    uploadDocument(file: $file) { duplicate document { ...DocumentListFields } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation WebDelete($id: ID!) { deleteDocument(id: $id) { deletedId } }\n"): (typeof documents)["\n  mutation WebDelete($id: ID!) { deleteDocument(id: $id) { deletedId } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation WebReprocess($id: ID!) { reprocessDocument(id: $id) { ...DocumentListFields } }\n"): (typeof documents)["\n  mutation WebReprocess($id: ID!) { reprocessDocument(id: $id) { ...DocumentListFields } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WebSearch($query: String!, $first: Int) {\n    search(query: $query, first: $first) {\n      score snippet\n      document { id filename mimeType }\n      chunk { id index pageStart pageEnd }\n    }\n  }\n"): (typeof documents)["\n  query WebSearch($query: String!, $first: Int) {\n    search(query: $query, first: $first) {\n      score snippet\n      document { id filename mimeType }\n      chunk { id index pageStart pageEnd }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription WebEvents($after: String) {\n    documentEvents(after: $after) {\n      cursor type documentId status stage progress page pageCount occurredAt\n      error { code message }\n      document { ...DocumentListFields }\n    }\n  }\n"): (typeof documents)["\n  subscription WebEvents($after: String) {\n    documentEvents(after: $after) {\n      cursor type documentId status stage progress page pageCount occurredAt\n      error { code message }\n      document { ...DocumentListFields }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;