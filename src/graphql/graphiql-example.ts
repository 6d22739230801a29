/**
 * What GraphiQL shows on first open (a browser that ran it before keeps its own tabs). A new
 * user's first question is where the token goes, so the answer sits above a query that works.
 */
export const GRAPHIQL_DEFAULT_QUERY = `# Welcome to the Docsphere GraphQL API.
#
# Most operations need a token. Get one with the logIn (or signUp) mutation below;
# for scripts, create a long-lived key with createApiKey(name: "...") { key }.
# Then open the Headers tab at the bottom and paste:
#
#   { "Authorization": "Bearer YOUR_ACCESS_TOKEN_OR_API_KEY" }
#
# Access tokens expire (JWT_TTL, 15 minutes by default): log in again or use refreshToken.
# Ctrl+Enter runs the operation under the cursor; Ctrl+Space completes fields.

mutation LogIn {
  logIn(email: "you@example.com", password: "your password") {
    accessToken
    accessTokenExpiresAt
  }
}

query Search {
  search(query: "invoice", first: 5) {
    score
    snippet
    document { id filename }
    chunk { headings pageStart }
  }
}

query Documents {
  documents(first: 10) {
    edges { node { id filename status pageCount } }
  }
}
`;
