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
