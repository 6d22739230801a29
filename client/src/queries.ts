import { graphql } from './gql/index.js';

/** The web client's operations; GraphQL Code Generator types each one from schema.graphql. */
export const DocumentFieldsFragment = graphql(`
  fragment DocumentListFields on Document {
    __typename
    id
    filename
    mimeType
    sizeBytes
    status
    stage
    progress
    pageCount
    chunkCount
    title
    language
    createdAt
    updatedAt
    error {
      __typename
      code
      message
    }
  }
`);

export const SignUpMutation = graphql(`
  mutation WebSignUp($email: String!, $password: String!) {
    signUp(email: $email, password: $password) {
      token
      refreshToken
      user {
        id
        email
      }
    }
  }
`);

export const LogInMutation = graphql(`
  mutation WebLogIn($email: String!, $password: String!) {
    logIn(email: $email, password: $password) {
      token
      refreshToken
      user {
        id
        email
      }
    }
  }
`);

export const DocumentsQuery = graphql(`
  query WebDocuments($first: Int, $after: String, $filter: DocumentFilter) {
    documents(first: $first, after: $after, filter: $filter) {
      edges {
        cursor
        node {
          ...DocumentListFields
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const FormatsQuery = graphql(`
  query WebFormats {
    supportedFormats {
      label
      mimeTypes
    }
  }
`);

export const DocumentQuery = graphql(`
  query WebDocument($id: ID!, $chunksAfter: String) {
    document(id: $id) {
      ...DocumentListFields
      sha256
      markdown
      metadata
      chunks(first: 50, after: $chunksAfter) {
        edges {
          node {
            id
            index
            text
            pageStart
            pageEnd
            headings
            tokenCount
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`);

export const UploadMutation = graphql(`
  mutation WebUpload($file: Upload!) {
    uploadDocument(file: $file) {
      duplicate
      document {
        ...DocumentListFields
      }
    }
  }
`);

export const DeleteMutation = graphql(`
  mutation WebDelete($id: ID!) {
    deleteDocument(id: $id) {
      deletedId
    }
  }
`);

export const ReprocessMutation = graphql(`
  mutation WebReprocess($id: ID!) {
    reprocessDocument(id: $id) {
      ...DocumentListFields
    }
  }
`);

export const SearchQuery = graphql(`
  query WebSearch($query: String!, $first: Int) {
    search(query: $query, first: $first) {
      score
      snippet
      document {
        id
        filename
        mimeType
      }
      chunk {
        id
        index
        pageStart
        pageEnd
      }
    }
  }
`);

export const EventsSubscription = graphql(`
  subscription WebEvents($after: String) {
    documentEvents(after: $after) {
      cursor
      type
      documentId
      status
      stage
      progress
      page
      pageCount
      occurredAt
      error {
        code
        message
      }
      document {
        ...DocumentListFields
      }
    }
  }
`);
