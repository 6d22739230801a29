import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { GraphQLHttpClient } from '../helpers/graphql-client.js';
import { screenshot } from './browser.js';

/** The documents list row of a file. */
export const row = (name: string) => `li.docrow[data-filename="${name}"]`;

/** What the collections suites look for on the documents page. */
export function collectionsPage(page: Page) {
  return {
    total: () => page.getByTestId('total').textContent(),
    /** The list empties while a new filter loads, so wait for the count, not for a row to leave. */
    listed: (count: string) => page.waitForFunction((want) => document.querySelector('[data-testid="total"]')?.textContent === want, count),
    /** The collection picker (exact: "Add to collection" and "Move to collection" are labels too). */
    picker: () => page.getByLabel('Collection', { exact: true }),
    /** The picker's option texts ("name · role · count"). */
    options: () => page.locator('select[aria-label="Collection"] option').allInnerTexts(),
    hasOption: (text: string) =>
      page.waitForFunction(
        (want) => [...document.querySelectorAll('select[aria-label="Collection"] option')].some((o) => o.textContent === want),
        text,
      ),
    select: (filename: string) => page.getByLabel(`Select ${filename}`).check(),
    /** Screenshots the page at 390 px and fails when it scrolls sideways there; back to 1280 px after. */
    async noSidewaysScroll(name: string) {
      await page.setViewportSize({ width: 390, height: 844 });
      await screenshot(page, `${name}-390`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `${name}: horizontal overflow at 390 px`).toBeLessThanOrEqual(0);
      await page.setViewportSize({ width: 1280, height: 860 });
    },
  };
}

/**
 * The other person in the collections e2e suite: a colleague who acts through the API (their own
 * browser is not the point), so the browser user sees what another member's actions do to their
 * screen: a document shared into a collection, a tag edited live, a collection shared with them.
 */
export class Colleague {
  readonly c: GraphQLHttpClient;
  id = '';
  constructor(graphqlUrl: string) {
    this.c = new GraphQLHttpClient(graphqlUrl);
  }

  /** Calls the API as the colleague; a GraphQL error fails the test with its message. */
  async gql<T = any>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const res = await this.c.request(query, variables);
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    return res.data as T;
  }

  /** Creates the colleague's account, as they would themselves. */
  async signUp(email: string) {
    const data = await this.gql(`mutation($e: String!, $p: String!) { signUp(email: $e, password: $p) { token user { id } } }`, {
      e: email,
      p: 'correct horse battery staple',
    });
    this.c.token = data.signUp.token;
    this.id = data.signUp.user.id;
  }

  async logIn(email: string) {
    const data = await this.gql(`mutation($e: String!, $p: String!) { logIn(email: $e, password: $p) { token user { id } } }`, {
      e: email,
      p: 'correct horse battery staple',
    });
    this.c.token = data.logIn.token;
    this.id = data.logIn.user.id;
  }

  /** Uploads a corpus file (read in place), into a collection when given; answers the document id. */
  async upload(file: string, collectionId?: string): Promise<string> {
    const res = await this.c.upload(
      `mutation($f: Upload!, $o: UploadOptions) { uploadDocument(file: $f, options: $o) { document { id } } }`,
      { f: null, o: collectionId ? { collectionId } : null },
      { f: { path: file } },
    );
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    return res.data!.uploadDocument.document.id as string;
  }

  /** The id of the caller's collection with this name. */
  async collectionId(name: string): Promise<string> {
    const data = await this.gql(`{ collections(first: 100) { edges { node { id name } } } }`);
    const found = (data.collections.edges as Array<{ node: { id: string; name: string } }>).find((e) => e.node.name === name);
    expect(found, `collection ${name}`).toBeTruthy();
    return found!.node.id;
  }

  update(documentId: string, input: Record<string, unknown>) {
    return this.gql(`mutation($id: ID!, $i: UpdateDocumentInput!) { updateDocument(id: $id, input: $i) { id } }`, {
      id: documentId,
      i: input,
    });
  }
}
