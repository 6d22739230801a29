import { graphql } from './gql/index.js';

/**
 * Operations for collections and tags, apart from queries.ts so each file keeps to one concern.
 * Collections are few per user, so the picker loads the first 100 and does not page.
 */
export const CollectionsQuery = graphql(`
  query WebCollections {
    collections(first: 100) {
      totalCount
      edges {
        node {
          ...WebCollectionFields
        }
      }
    }
  }
`);

export const CollectionFieldsFragment = graphql(`
  fragment WebCollectionFields on Collection {
    __typename
    id
    name
    description
    myRole
    documentCount
  }
`);

export const CreateCollectionMutation = graphql(`
  mutation WebCreateCollection($input: CreateCollectionInput!) {
    createCollection(input: $input) {
      ...WebCollectionFields
    }
  }
`);

/** Answers the whole tag list, so Apollo's cache updates every view of the document at once. */
export const UpdateTagsMutation = graphql(`
  mutation WebUpdateTags($id: ID!, $addTags: [String!], $removeTags: [String!]) {
    updateDocument(id: $id, input: { addTags: $addTags, removeTags: $removeTags }) {
      __typename
      id
      tags
      updatedAt
    }
  }
`);

export const CollectionMembersQuery = graphql(`
  query WebCollectionMembers($id: ID!) {
    node(id: $id) {
      ... on Collection {
        ...WebCollectionMembers
      }
    }
  }
`);

export const CollectionMembersFragment = graphql(`
  fragment WebCollectionMembers on Collection {
    __typename
    id
    myRole
    members {
      role
      since
      user {
        id
        email
      }
    }
  }
`);

export const InviteMemberMutation = graphql(`
  mutation WebInviteMember($collectionId: ID!, $email: String!, $role: CollectionRole!) {
    inviteCollectionMember(collectionId: $collectionId, email: $email, role: $role) {
      ...WebCollectionMembers
    }
  }
`);

export const RemoveMemberMutation = graphql(`
  mutation WebRemoveMember($collectionId: ID!, $userId: ID!) {
    removeCollectionMember(collectionId: $collectionId, userId: $userId) {
      ...WebCollectionMembers
    }
  }
`);

export const UpdateCollectionMutation = graphql(`
  mutation WebUpdateCollection($id: ID!, $input: UpdateCollectionInput!) {
    updateCollection(id: $id, input: $input) {
      ...WebCollectionFields
    }
  }
`);

export const DeleteCollectionMutation = graphql(`
  mutation WebDeleteCollection($id: ID!) {
    deleteCollection(id: $id) {
      deletedId
    }
  }
`);

export const LeaveCollectionMutation = graphql(`
  mutation WebLeaveCollection($collectionId: ID!) {
    leaveCollection(collectionId: $collectionId) {
      collectionId
    }
  }
`);

export const ChangeMemberRoleMutation = graphql(`
  mutation WebChangeMemberRole($collectionId: ID!, $userId: ID!, $role: CollectionRole!) {
    changeCollectionMemberRole(collectionId: $collectionId, userId: $userId, role: $role) {
      ...WebCollectionMembers
    }
  }
`);

/** Answers the caller's new role (EDITOR) too, so the picker and every dialog follow at once. */
export const TransferOwnershipMutation = graphql(`
  mutation WebTransferOwnership($collectionId: ID!, $userId: ID!) {
    transferCollectionOwnership(collectionId: $collectionId, userId: $userId) {
      ...WebCollectionMembers
      ...WebCollectionFields
    }
  }
`);

export const AddDocumentsMutation = graphql(`
  mutation WebAddDocuments($collectionId: ID!, $documentIds: [ID!]!) {
    addDocumentsToCollection(collectionId: $collectionId, documentIds: $documentIds) {
      ...WebCollectionFields
    }
  }
`);

export const RemoveDocumentsMutation = graphql(`
  mutation WebRemoveDocuments($collectionId: ID!, $documentIds: [ID!]!) {
    removeDocumentsFromCollection(collectionId: $collectionId, documentIds: $documentIds) {
      ...WebCollectionFields
    }
  }
`);

export const MoveDocumentsMutation = graphql(`
  mutation WebMoveDocuments($from: ID!, $to: ID!, $documentIds: [ID!]!) {
    moveDocuments(fromCollectionId: $from, toCollectionId: $to, documentIds: $documentIds) {
      ...WebCollectionFields
    }
  }
`);
