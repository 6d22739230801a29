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
    tags
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
  query WebDocuments($first: Int, $after: String, $filter: DocumentFilter, $sort: DocumentSort) {
    documents(first: $first, after: $after, filter: $filter, sort: $sort) {
      totalCount
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
      text
      metadata
      collections {
        __typename
        id
        name
        myRole
      }
      chunks(first: 40, after: $chunksAfter) {
        edges {
          node {
            ...WebChunkFields
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

export const ChunkFieldsFragment = graphql(`
  fragment WebChunkFields on Chunk {
    id
    index
    text
    content
    charStart
    charEnd
    pageStart
    pageEnd
    headings
    tokenCount
    boxes {
      page
      x
      y
      width
      height
      pageWidth
      pageHeight
    }
  }
`);

export const UploadMutation = graphql(`
  mutation WebUpload($file: Upload!, $options: UploadOptions) {
    uploadDocument(file: $file, options: $options) {
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
  query WebSearch($query: String!, $first: Int, $mode: SearchMode, $filter: SearchFilter) {
    search(query: $query, first: $first, mode: $mode, filter: $filter) {
      score
      lexicalRank
      semanticRank
      snippet
      document {
        id
        filename
        title
        mimeType
        language
        createdAt
      }
      chunk {
        id
        index
        pageStart
        pageEnd
        headings
      }
    }
  }
`);

export const SearchOptionsQuery = graphql(`
  query WebSearchOptions {
    searchModes
    supportedFormats {
      label
      mimeTypes
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
