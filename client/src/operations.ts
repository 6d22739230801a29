/** The operations the tests (and, later, the web client) send; kept in one place. */
export const SIGN_UP = /* GraphQL */ `
  mutation SignUp($email: String!, $password: String!) {
    signUp(email: $email, password: $password) {
      token
      user {
        id
        email
      }
    }
  }
`;

export const LOG_IN = /* GraphQL */ `
  mutation LogIn($email: String!, $password: String!) {
    logIn(email: $email, password: $password) {
      token
      user {
        id
        email
      }
    }
  }
`;

export const DOCUMENT_FIELDS = /* GraphQL */ `
  fragment DocumentFields on Document {
    id
    filename
    mimeType
    sizeBytes
    sha256
    status
    stage
    progress
    error {
      code
      message
    }
    title
    pageCount
    language
    chunkCount
    createdAt
    updatedAt
  }
`;

export const UPLOAD_DOCUMENT = /* GraphQL */ `
  mutation Upload($file: Upload!) {
    uploadDocument(file: $file) {
      duplicate
      document {
        ...DocumentFields
      }
    }
  }
  ${DOCUMENT_FIELDS}
`;

export const UPLOAD_DOCUMENTS = /* GraphQL */ `
  mutation UploadMany($files: [Upload!]!) {
    uploadDocuments(files: $files) {
      results {
        filename
        duplicate
        error {
          code
          message
        }
        document {
          ...DocumentFields
        }
      }
    }
  }
  ${DOCUMENT_FIELDS}
`;

export const DOCUMENT = /* GraphQL */ `
  query Doc($id: ID!) {
    document(id: $id) {
      ...DocumentFields
      markdown
      text
      chunks(first: 100) {
        edges {
          node {
            id
            index
            text
            pageStart
            pageEnd
            headings
          }
        }
      }
    }
  }
  ${DOCUMENT_FIELDS}
`;

export const DOCUMENTS = /* GraphQL */ `
  query Docs($first: Int, $after: String, $filter: DocumentFilter) {
    documents(first: $first, after: $after, filter: $filter) {
      edges {
        cursor
        node {
          ...DocumentFields
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
  ${DOCUMENT_FIELDS}
`;

export const SEARCH = /* GraphQL */ `
  query Search($query: String!, $first: Int) {
    search(query: $query, first: $first) {
      score
      snippet
      document {
        id
        filename
      }
      chunk {
        id
        index
        pageStart
        pageEnd
        text
      }
    }
  }
`;

export const DELETE_DOCUMENT = /* GraphQL */ `
  mutation Delete($id: ID!) {
    deleteDocument(id: $id) {
      deletedId
    }
  }
`;

export const REPROCESS_DOCUMENT = /* GraphQL */ `
  mutation Reprocess($id: ID!) {
    reprocessDocument(id: $id) {
      id
      status
    }
  }
`;

export const CANCEL_PROCESSING = /* GraphQL */ `
  mutation Cancel($id: ID!) {
    cancelProcessing(id: $id) {
      id
      status
      error {
        code
        message
      }
    }
  }
`;

export const DOCUMENT_EVENTS = /* GraphQL */ `
  subscription Events($documentId: ID, $after: String) {
    documentEvents(documentId: $documentId, after: $after) {
      cursor
      type
      documentId
      status
      stage
      progress
      page
      pageCount
      error {
        code
        message
      }
      occurredAt
      document {
        id
        status
      }
    }
  }
`;

export const EXTRACT = /* GraphQL */ `
  mutation Extract($file: Upload!, $options: UploadOptions) {
    extract(file: $file, options: $options) {
      mimeType
      markdown
      text
      title
      pageCount
      language
      metadata
      outline {
        level
        text
      }
      pages {
        number
        text
        ocr
        charStart
        charEnd
      }
    }
  }
`;
