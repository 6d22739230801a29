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
    "\n  query WebCollections {\n    collections(first: 100) {\n      totalCount\n      edges {\n        node {\n          ...WebCollectionFields\n        }\n      }\n    }\n  }\n": typeof types.WebCollectionsDocument,
    "\n  fragment WebCollectionFields on Collection {\n    __typename\n    id\n    name\n    description\n    myRole\n    documentCount\n  }\n": typeof types.WebCollectionFieldsFragmentDoc,
    "\n  mutation WebCreateCollection($input: CreateCollectionInput!) {\n    createCollection(input: $input) {\n      ...WebCollectionFields\n    }\n  }\n": typeof types.WebCreateCollectionDocument,
    "\n  mutation WebUpdateTags($id: ID!, $addTags: [String!], $removeTags: [String!]) {\n    updateDocument(id: $id, input: { addTags: $addTags, removeTags: $removeTags }) {\n      __typename\n      id\n      tags\n      updatedAt\n    }\n  }\n": typeof types.WebUpdateTagsDocument,
    "\n  query WebCollectionMembers($id: ID!) {\n    node(id: $id) {\n      ... on Collection {\n        ...WebCollectionMembers\n      }\n    }\n  }\n": typeof types.WebCollectionMembersDocument,
    "\n  fragment WebCollectionMembers on Collection {\n    __typename\n    id\n    myRole\n    members {\n      role\n      since\n      user {\n        id\n        email\n      }\n    }\n  }\n": typeof types.WebCollectionMembersFragmentDoc,
    "\n  mutation WebInviteMember($collectionId: ID!, $email: String!, $role: CollectionRole!) {\n    inviteCollectionMember(collectionId: $collectionId, email: $email, role: $role) {\n      ...WebCollectionMembers\n    }\n  }\n": typeof types.WebInviteMemberDocument,
    "\n  mutation WebRemoveMember($collectionId: ID!, $userId: ID!) {\n    removeCollectionMember(collectionId: $collectionId, userId: $userId) {\n      ...WebCollectionMembers\n    }\n  }\n": typeof types.WebRemoveMemberDocument,
    "\n  mutation WebUpdateCollection($id: ID!, $input: UpdateCollectionInput!) {\n    updateCollection(id: $id, input: $input) {\n      ...WebCollectionFields\n    }\n  }\n": typeof types.WebUpdateCollectionDocument,
    "\n  mutation WebDeleteCollection($id: ID!) {\n    deleteCollection(id: $id) {\n      deletedId\n    }\n  }\n": typeof types.WebDeleteCollectionDocument,
    "\n  mutation WebLeaveCollection($collectionId: ID!) {\n    leaveCollection(collectionId: $collectionId) {\n      collectionId\n    }\n  }\n": typeof types.WebLeaveCollectionDocument,
    "\n  mutation WebChangeMemberRole($collectionId: ID!, $userId: ID!, $role: CollectionRole!) {\n    changeCollectionMemberRole(collectionId: $collectionId, userId: $userId, role: $role) {\n      ...WebCollectionMembers\n    }\n  }\n": typeof types.WebChangeMemberRoleDocument,
    "\n  mutation WebTransferOwnership($collectionId: ID!, $userId: ID!) {\n    transferCollectionOwnership(collectionId: $collectionId, userId: $userId) {\n      ...WebCollectionMembers\n      ...WebCollectionFields\n    }\n  }\n": typeof types.WebTransferOwnershipDocument,
    "\n  mutation WebAddDocuments($collectionId: ID!, $documentIds: [ID!]!) {\n    addDocumentsToCollection(collectionId: $collectionId, documentIds: $documentIds) {\n      ...WebCollectionFields\n    }\n  }\n": typeof types.WebAddDocumentsDocument,
    "\n  mutation WebRemoveDocuments($collectionId: ID!, $documentIds: [ID!]!) {\n    removeDocumentsFromCollection(collectionId: $collectionId, documentIds: $documentIds) {\n      ...WebCollectionFields\n    }\n  }\n": typeof types.WebRemoveDocumentsDocument,
    "\n  mutation WebMoveDocuments($from: ID!, $to: ID!, $documentIds: [ID!]!) {\n    moveDocuments(fromCollectionId: $from, toCollectionId: $to, documentIds: $documentIds) {\n      ...WebCollectionFields\n    }\n  }\n": typeof types.WebMoveDocumentsDocument,
    "\n  fragment DocumentListFields on Document {\n    __typename\n    id\n    filename\n    mimeType\n    sizeBytes\n    status\n    stage\n    progress\n    pageCount\n    chunkCount\n    title\n    language\n    createdAt\n    updatedAt\n    tags\n    error {\n      __typename\n      code\n      message\n    }\n  }\n": typeof types.DocumentListFieldsFragmentDoc,
    "\n  mutation WebSignUp($email: String!, $password: String!) {\n    signUp(email: $email, password: $password) {\n      token\n      refreshToken\n      user {\n        id\n        email\n      }\n    }\n  }\n": typeof types.WebSignUpDocument,
    "\n  mutation WebLogIn($email: String!, $password: String!) {\n    logIn(email: $email, password: $password) {\n      token\n      refreshToken\n      user {\n        id\n        email\n      }\n    }\n  }\n": typeof types.WebLogInDocument,
    "\n  query WebDocuments($first: Int, $after: String, $filter: DocumentFilter, $sort: DocumentSort) {\n    documents(first: $first, after: $after, filter: $filter, sort: $sort) {\n      totalCount\n      edges {\n        cursor\n        node {\n          ...DocumentListFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.WebDocumentsDocument,
    "\n  query WebFormats {\n    supportedFormats {\n      label\n      mimeTypes\n    }\n  }\n": typeof types.WebFormatsDocument,
    "\n  query WebDocument($id: ID!, $chunksAfter: String) {\n    document(id: $id) {\n      ...DocumentListFields\n      sha256\n      markdown\n      text\n      metadata\n      collections {\n        __typename\n        id\n        name\n        myRole\n      }\n      chunks(first: 40, after: $chunksAfter) {\n        edges {\n          node {\n            ...WebChunkFields\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n": typeof types.WebDocumentDocument,
    "\n  fragment WebChunkFields on Chunk {\n    id\n    index\n    text\n    content\n    charStart\n    charEnd\n    pageStart\n    pageEnd\n    headings\n    tokenCount\n    boxes {\n      page\n      x\n      y\n      width\n      height\n      pageWidth\n      pageHeight\n    }\n  }\n": typeof types.WebChunkFieldsFragmentDoc,
    "\n  mutation WebUpload($file: Upload!, $options: UploadOptions) {\n    uploadDocument(file: $file, options: $options) {\n      duplicate\n      document {\n        ...DocumentListFields\n      }\n    }\n  }\n": typeof types.WebUploadDocument,
    "\n  mutation WebDelete($id: ID!) {\n    deleteDocument(id: $id) {\n      deletedId\n    }\n  }\n": typeof types.WebDeleteDocument,
    "\n  mutation WebReprocess($id: ID!) {\n    reprocessDocument(id: $id) {\n      ...DocumentListFields\n    }\n  }\n": typeof types.WebReprocessDocument,
    "\n  query WebSearch($query: String!, $first: Int, $mode: SearchMode, $filter: SearchFilter) {\n    search(query: $query, first: $first, mode: $mode, filter: $filter) {\n      score\n      lexicalRank\n      semanticRank\n      snippet\n      document {\n        id\n        filename\n        title\n        mimeType\n        language\n        createdAt\n      }\n      chunk {\n        id\n        index\n        pageStart\n        pageEnd\n        headings\n      }\n    }\n  }\n": typeof types.WebSearchDocument,
    "\n  query WebSearchOptions {\n    searchModes\n    supportedFormats {\n      label\n      mimeTypes\n    }\n  }\n": typeof types.WebSearchOptionsDocument,
    "\n  subscription WebEvents($after: String) {\n    documentEvents(after: $after) {\n      cursor\n      type\n      documentId\n      status\n      stage\n      progress\n      page\n      pageCount\n      occurredAt\n      error {\n        code\n        message\n      }\n      document {\n        ...DocumentListFields\n      }\n    }\n  }\n": typeof types.WebEventsDocument,
};
const documents: Documents = {
    "\n  query WebCollections {\n    collections(first: 100) {\n      totalCount\n      edges {\n        node {\n          ...WebCollectionFields\n        }\n      }\n    }\n  }\n": types.WebCollectionsDocument,
    "\n  fragment WebCollectionFields on Collection {\n    __typename\n    id\n    name\n    description\n    myRole\n    documentCount\n  }\n": types.WebCollectionFieldsFragmentDoc,
    "\n  mutation WebCreateCollection($input: CreateCollectionInput!) {\n    createCollection(input: $input) {\n      ...WebCollectionFields\n    }\n  }\n": types.WebCreateCollectionDocument,
    "\n  mutation WebUpdateTags($id: ID!, $addTags: [String!], $removeTags: [String!]) {\n    updateDocument(id: $id, input: { addTags: $addTags, removeTags: $removeTags }) {\n      __typename\n      id\n      tags\n      updatedAt\n    }\n  }\n": types.WebUpdateTagsDocument,
    "\n  query WebCollectionMembers($id: ID!) {\n    node(id: $id) {\n      ... on Collection {\n        ...WebCollectionMembers\n      }\n    }\n  }\n": types.WebCollectionMembersDocument,
    "\n  fragment WebCollectionMembers on Collection {\n    __typename\n    id\n    myRole\n    members {\n      role\n      since\n      user {\n        id\n        email\n      }\n    }\n  }\n": types.WebCollectionMembersFragmentDoc,
    "\n  mutation WebInviteMember($collectionId: ID!, $email: String!, $role: CollectionRole!) {\n    inviteCollectionMember(collectionId: $collectionId, email: $email, role: $role) {\n      ...WebCollectionMembers\n    }\n  }\n": types.WebInviteMemberDocument,
    "\n  mutation WebRemoveMember($collectionId: ID!, $userId: ID!) {\n    removeCollectionMember(collectionId: $collectionId, userId: $userId) {\n      ...WebCollectionMembers\n    }\n  }\n": types.WebRemoveMemberDocument,
    "\n  mutation WebUpdateCollection($id: ID!, $input: UpdateCollectionInput!) {\n    updateCollection(id: $id, input: $input) {\n      ...WebCollectionFields\n    }\n  }\n": types.WebUpdateCollectionDocument,
    "\n  mutation WebDeleteCollection($id: ID!) {\n    deleteCollection(id: $id) {\n      deletedId\n    }\n  }\n": types.WebDeleteCollectionDocument,
    "\n  mutation WebLeaveCollection($collectionId: ID!) {\n    leaveCollection(collectionId: $collectionId) {\n      collectionId\n    }\n  }\n": types.WebLeaveCollectionDocument,
    "\n  mutation WebChangeMemberRole($collectionId: ID!, $userId: ID!, $role: CollectionRole!) {\n    changeCollectionMemberRole(collectionId: $collectionId, userId: $userId, role: $role) {\n      ...WebCollectionMembers\n    }\n  }\n": types.WebChangeMemberRoleDocument,
    "\n  mutation WebTransferOwnership($collectionId: ID!, $userId: ID!) {\n    transferCollectionOwnership(collectionId: $collectionId, userId: $userId) {\n      ...WebCollectionMembers\n      ...WebCollectionFields\n    }\n  }\n": types.WebTransferOwnershipDocument,
    "\n  mutation WebAddDocuments($collectionId: ID!, $documentIds: [ID!]!) {\n    addDocumentsToCollection(collectionId: $collectionId, documentIds: $documentIds) {\n      ...WebCollectionFields\n    }\n  }\n": types.WebAddDocumentsDocument,
    "\n  mutation WebRemoveDocuments($collectionId: ID!, $documentIds: [ID!]!) {\n    removeDocumentsFromCollection(collectionId: $collectionId, documentIds: $documentIds) {\n      ...WebCollectionFields\n    }\n  }\n": types.WebRemoveDocumentsDocument,
    "\n  mutation WebMoveDocuments($from: ID!, $to: ID!, $documentIds: [ID!]!) {\n    moveDocuments(fromCollectionId: $from, toCollectionId: $to, documentIds: $documentIds) {\n      ...WebCollectionFields\n    }\n  }\n": types.WebMoveDocumentsDocument,
    "\n  fragment DocumentListFields on Document {\n    __typename\n    id\n    filename\n    mimeType\n    sizeBytes\n    status\n    stage\n    progress\n    pageCount\n    chunkCount\n    title\n    language\n    createdAt\n    updatedAt\n    tags\n    error {\n      __typename\n      code\n      message\n    }\n  }\n": types.DocumentListFieldsFragmentDoc,
    "\n  mutation WebSignUp($email: String!, $password: String!) {\n    signUp(email: $email, password: $password) {\n      token\n      refreshToken\n      user {\n        id\n        email\n      }\n    }\n  }\n": types.WebSignUpDocument,
    "\n  mutation WebLogIn($email: String!, $password: String!) {\n    logIn(email: $email, password: $password) {\n      token\n      refreshToken\n      user {\n        id\n        email\n      }\n    }\n  }\n": types.WebLogInDocument,
    "\n  query WebDocuments($first: Int, $after: String, $filter: DocumentFilter, $sort: DocumentSort) {\n    documents(first: $first, after: $after, filter: $filter, sort: $sort) {\n      totalCount\n      edges {\n        cursor\n        node {\n          ...DocumentListFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.WebDocumentsDocument,
    "\n  query WebFormats {\n    supportedFormats {\n      label\n      mimeTypes\n    }\n  }\n": types.WebFormatsDocument,
    "\n  query WebDocument($id: ID!, $chunksAfter: String) {\n    document(id: $id) {\n      ...DocumentListFields\n      sha256\n      markdown\n      text\n      metadata\n      collections {\n        __typename\n        id\n        name\n        myRole\n      }\n      chunks(first: 40, after: $chunksAfter) {\n        edges {\n          node {\n            ...WebChunkFields\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n": types.WebDocumentDocument,
    "\n  fragment WebChunkFields on Chunk {\n    id\n    index\n    text\n    content\n    charStart\n    charEnd\n    pageStart\n    pageEnd\n    headings\n    tokenCount\n    boxes {\n      page\n      x\n      y\n      width\n      height\n      pageWidth\n      pageHeight\n    }\n  }\n": types.WebChunkFieldsFragmentDoc,
    "\n  mutation WebUpload($file: Upload!, $options: UploadOptions) {\n    uploadDocument(file: $file, options: $options) {\n      duplicate\n      document {\n        ...DocumentListFields\n      }\n    }\n  }\n": types.WebUploadDocument,
    "\n  mutation WebDelete($id: ID!) {\n    deleteDocument(id: $id) {\n      deletedId\n    }\n  }\n": types.WebDeleteDocument,
    "\n  mutation WebReprocess($id: ID!) {\n    reprocessDocument(id: $id) {\n      ...DocumentListFields\n    }\n  }\n": types.WebReprocessDocument,
    "\n  query WebSearch($query: String!, $first: Int, $mode: SearchMode, $filter: SearchFilter) {\n    search(query: $query, first: $first, mode: $mode, filter: $filter) {\n      score\n      lexicalRank\n      semanticRank\n      snippet\n      document {\n        id\n        filename\n        title\n        mimeType\n        language\n        createdAt\n      }\n      chunk {\n        id\n        index\n        pageStart\n        pageEnd\n        headings\n      }\n    }\n  }\n": types.WebSearchDocument,
    "\n  query WebSearchOptions {\n    searchModes\n    supportedFormats {\n      label\n      mimeTypes\n    }\n  }\n": types.WebSearchOptionsDocument,
    "\n  subscription WebEvents($after: String) {\n    documentEvents(after: $after) {\n      cursor\n      type\n      documentId\n      status\n      stage\n      progress\n      page\n      pageCount\n      occurredAt\n      error {\n        code\n        message\n      }\n      document {\n        ...DocumentListFields\n      }\n    }\n  }\n": types.WebEventsDocument,
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
export function graphql(source: "\n  query WebCollections {\n    collections(first: 100) {\n      totalCount\n      edges {\n        node {\n          ...WebCollectionFields\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query WebCollections {\n    collections(first: 100) {\n      totalCount\n      edges {\n        node {\n          ...WebCollectionFields\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment WebCollectionFields on Collection {\n    __typename\n    id\n    name\n    description\n    myRole\n    documentCount\n  }\n"): (typeof documents)["\n  fragment WebCollectionFields on Collection {\n    __typename\n    id\n    name\n    description\n    myRole\n    documentCount\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation WebCreateCollection($input: CreateCollectionInput!) {\n    createCollection(input: $input) {\n      ...WebCollectionFields\n    }\n  }\n"): (typeof documents)["\n  mutation WebCreateCollection($input: CreateCollectionInput!) {\n    createCollection(input: $input) {\n      ...WebCollectionFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation WebUpdateTags($id: ID!, $addTags: [String!], $removeTags: [String!]) {\n    updateDocument(id: $id, input: { addTags: $addTags, removeTags: $removeTags }) {\n      __typename\n      id\n      tags\n      updatedAt\n    }\n  }\n"): (typeof documents)["\n  mutation WebUpdateTags($id: ID!, $addTags: [String!], $removeTags: [String!]) {\n    updateDocument(id: $id, input: { addTags: $addTags, removeTags: $removeTags }) {\n      __typename\n      id\n      tags\n      updatedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WebCollectionMembers($id: ID!) {\n    node(id: $id) {\n      ... on Collection {\n        ...WebCollectionMembers\n      }\n    }\n  }\n"): (typeof documents)["\n  query WebCollectionMembers($id: ID!) {\n    node(id: $id) {\n      ... on Collection {\n        ...WebCollectionMembers\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment WebCollectionMembers on Collection {\n    __typename\n    id\n    myRole\n    members {\n      role\n      since\n      user {\n        id\n        email\n      }\n    }\n  }\n"): (typeof documents)["\n  fragment WebCollectionMembers on Collection {\n    __typename\n    id\n    myRole\n    members {\n      role\n      since\n      user {\n        id\n        email\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation WebInviteMember($collectionId: ID!, $email: String!, $role: CollectionRole!) {\n    inviteCollectionMember(collectionId: $collectionId, email: $email, role: $role) {\n      ...WebCollectionMembers\n    }\n  }\n"): (typeof documents)["\n  mutation WebInviteMember($collectionId: ID!, $email: String!, $role: CollectionRole!) {\n    inviteCollectionMember(collectionId: $collectionId, email: $email, role: $role) {\n      ...WebCollectionMembers\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation WebRemoveMember($collectionId: ID!, $userId: ID!) {\n    removeCollectionMember(collectionId: $collectionId, userId: $userId) {\n      ...WebCollectionMembers\n    }\n  }\n"): (typeof documents)["\n  mutation WebRemoveMember($collectionId: ID!, $userId: ID!) {\n    removeCollectionMember(collectionId: $collectionId, userId: $userId) {\n      ...WebCollectionMembers\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation WebUpdateCollection($id: ID!, $input: UpdateCollectionInput!) {\n    updateCollection(id: $id, input: $input) {\n      ...WebCollectionFields\n    }\n  }\n"): (typeof documents)["\n  mutation WebUpdateCollection($id: ID!, $input: UpdateCollectionInput!) {\n    updateCollection(id: $id, input: $input) {\n      ...WebCollectionFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation WebDeleteCollection($id: ID!) {\n    deleteCollection(id: $id) {\n      deletedId\n    }\n  }\n"): (typeof documents)["\n  mutation WebDeleteCollection($id: ID!) {\n    deleteCollection(id: $id) {\n      deletedId\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation WebLeaveCollection($collectionId: ID!) {\n    leaveCollection(collectionId: $collectionId) {\n      collectionId\n    }\n  }\n"): (typeof documents)["\n  mutation WebLeaveCollection($collectionId: ID!) {\n    leaveCollection(collectionId: $collectionId) {\n      collectionId\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation WebChangeMemberRole($collectionId: ID!, $userId: ID!, $role: CollectionRole!) {\n    changeCollectionMemberRole(collectionId: $collectionId, userId: $userId, role: $role) {\n      ...WebCollectionMembers\n    }\n  }\n"): (typeof documents)["\n  mutation WebChangeMemberRole($collectionId: ID!, $userId: ID!, $role: CollectionRole!) {\n    changeCollectionMemberRole(collectionId: $collectionId, userId: $userId, role: $role) {\n      ...WebCollectionMembers\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation WebTransferOwnership($collectionId: ID!, $userId: ID!) {\n    transferCollectionOwnership(collectionId: $collectionId, userId: $userId) {\n      ...WebCollectionMembers\n      ...WebCollectionFields\n    }\n  }\n"): (typeof documents)["\n  mutation WebTransferOwnership($collectionId: ID!, $userId: ID!) {\n    transferCollectionOwnership(collectionId: $collectionId, userId: $userId) {\n      ...WebCollectionMembers\n      ...WebCollectionFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation WebAddDocuments($collectionId: ID!, $documentIds: [ID!]!) {\n    addDocumentsToCollection(collectionId: $collectionId, documentIds: $documentIds) {\n      ...WebCollectionFields\n    }\n  }\n"): (typeof documents)["\n  mutation WebAddDocuments($collectionId: ID!, $documentIds: [ID!]!) {\n    addDocumentsToCollection(collectionId: $collectionId, documentIds: $documentIds) {\n      ...WebCollectionFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation WebRemoveDocuments($collectionId: ID!, $documentIds: [ID!]!) {\n    removeDocumentsFromCollection(collectionId: $collectionId, documentIds: $documentIds) {\n      ...WebCollectionFields\n    }\n  }\n"): (typeof documents)["\n  mutation WebRemoveDocuments($collectionId: ID!, $documentIds: [ID!]!) {\n    removeDocumentsFromCollection(collectionId: $collectionId, documentIds: $documentIds) {\n      ...WebCollectionFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation WebMoveDocuments($from: ID!, $to: ID!, $documentIds: [ID!]!) {\n    moveDocuments(fromCollectionId: $from, toCollectionId: $to, documentIds: $documentIds) {\n      ...WebCollectionFields\n    }\n  }\n"): (typeof documents)["\n  mutation WebMoveDocuments($from: ID!, $to: ID!, $documentIds: [ID!]!) {\n    moveDocuments(fromCollectionId: $from, toCollectionId: $to, documentIds: $documentIds) {\n      ...WebCollectionFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment DocumentListFields on Document {\n    __typename\n    id\n    filename\n    mimeType\n    sizeBytes\n    status\n    stage\n    progress\n    pageCount\n    chunkCount\n    title\n    language\n    createdAt\n    updatedAt\n    tags\n    error {\n      __typename\n      code\n      message\n    }\n  }\n"): (typeof documents)["\n  fragment DocumentListFields on Document {\n    __typename\n    id\n    filename\n    mimeType\n    sizeBytes\n    status\n    stage\n    progress\n    pageCount\n    chunkCount\n    title\n    language\n    createdAt\n    updatedAt\n    tags\n    error {\n      __typename\n      code\n      message\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation WebSignUp($email: String!, $password: String!) {\n    signUp(email: $email, password: $password) {\n      token\n      refreshToken\n      user {\n        id\n        email\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation WebSignUp($email: String!, $password: String!) {\n    signUp(email: $email, password: $password) {\n      token\n      refreshToken\n      user {\n        id\n        email\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation WebLogIn($email: String!, $password: String!) {\n    logIn(email: $email, password: $password) {\n      token\n      refreshToken\n      user {\n        id\n        email\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation WebLogIn($email: String!, $password: String!) {\n    logIn(email: $email, password: $password) {\n      token\n      refreshToken\n      user {\n        id\n        email\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WebDocuments($first: Int, $after: String, $filter: DocumentFilter, $sort: DocumentSort) {\n    documents(first: $first, after: $after, filter: $filter, sort: $sort) {\n      totalCount\n      edges {\n        cursor\n        node {\n          ...DocumentListFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query WebDocuments($first: Int, $after: String, $filter: DocumentFilter, $sort: DocumentSort) {\n    documents(first: $first, after: $after, filter: $filter, sort: $sort) {\n      totalCount\n      edges {\n        cursor\n        node {\n          ...DocumentListFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WebFormats {\n    supportedFormats {\n      label\n      mimeTypes\n    }\n  }\n"): (typeof documents)["\n  query WebFormats {\n    supportedFormats {\n      label\n      mimeTypes\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WebDocument($id: ID!, $chunksAfter: String) {\n    document(id: $id) {\n      ...DocumentListFields\n      sha256\n      markdown\n      text\n      metadata\n      collections {\n        __typename\n        id\n        name\n        myRole\n      }\n      chunks(first: 40, after: $chunksAfter) {\n        edges {\n          node {\n            ...WebChunkFields\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query WebDocument($id: ID!, $chunksAfter: String) {\n    document(id: $id) {\n      ...DocumentListFields\n      sha256\n      markdown\n      text\n      metadata\n      collections {\n        __typename\n        id\n        name\n        myRole\n      }\n      chunks(first: 40, after: $chunksAfter) {\n        edges {\n          node {\n            ...WebChunkFields\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment WebChunkFields on Chunk {\n    id\n    index\n    text\n    content\n    charStart\n    charEnd\n    pageStart\n    pageEnd\n    headings\n    tokenCount\n    boxes {\n      page\n      x\n      y\n      width\n      height\n      pageWidth\n      pageHeight\n    }\n  }\n"): (typeof documents)["\n  fragment WebChunkFields on Chunk {\n    id\n    index\n    text\n    content\n    charStart\n    charEnd\n    pageStart\n    pageEnd\n    headings\n    tokenCount\n    boxes {\n      page\n      x\n      y\n      width\n      height\n      pageWidth\n      pageHeight\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation WebUpload($file: Upload!, $options: UploadOptions) {\n    uploadDocument(file: $file, options: $options) {\n      duplicate\n      document {\n        ...DocumentListFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation WebUpload($file: Upload!, $options: UploadOptions) {\n    uploadDocument(file: $file, options: $options) {\n      duplicate\n      document {\n        ...DocumentListFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation WebDelete($id: ID!) {\n    deleteDocument(id: $id) {\n      deletedId\n    }\n  }\n"): (typeof documents)["\n  mutation WebDelete($id: ID!) {\n    deleteDocument(id: $id) {\n      deletedId\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation WebReprocess($id: ID!) {\n    reprocessDocument(id: $id) {\n      ...DocumentListFields\n    }\n  }\n"): (typeof documents)["\n  mutation WebReprocess($id: ID!) {\n    reprocessDocument(id: $id) {\n      ...DocumentListFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WebSearch($query: String!, $first: Int, $mode: SearchMode, $filter: SearchFilter) {\n    search(query: $query, first: $first, mode: $mode, filter: $filter) {\n      score\n      lexicalRank\n      semanticRank\n      snippet\n      document {\n        id\n        filename\n        title\n        mimeType\n        language\n        createdAt\n      }\n      chunk {\n        id\n        index\n        pageStart\n        pageEnd\n        headings\n      }\n    }\n  }\n"): (typeof documents)["\n  query WebSearch($query: String!, $first: Int, $mode: SearchMode, $filter: SearchFilter) {\n    search(query: $query, first: $first, mode: $mode, filter: $filter) {\n      score\n      lexicalRank\n      semanticRank\n      snippet\n      document {\n        id\n        filename\n        title\n        mimeType\n        language\n        createdAt\n      }\n      chunk {\n        id\n        index\n        pageStart\n        pageEnd\n        headings\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WebSearchOptions {\n    searchModes\n    supportedFormats {\n      label\n      mimeTypes\n    }\n  }\n"): (typeof documents)["\n  query WebSearchOptions {\n    searchModes\n    supportedFormats {\n      label\n      mimeTypes\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription WebEvents($after: String) {\n    documentEvents(after: $after) {\n      cursor\n      type\n      documentId\n      status\n      stage\n      progress\n      page\n      pageCount\n      occurredAt\n      error {\n        code\n        message\n      }\n      document {\n        ...DocumentListFields\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription WebEvents($after: String) {\n    documentEvents(after: $after) {\n      cursor\n      type\n      documentId\n      status\n      stage\n      progress\n      page\n      pageCount\n      occurredAt\n      error {\n        code\n        message\n      }\n      document {\n        ...DocumentListFields\n      }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;