/** What a query can say (README "Lexical ranking"): shown before the first search and when nothing matched. */
export function SearchHelp({ nothingFound }: { nothingFound: boolean }) {
  return (
    <div className="search-help" data-testid="search-help">
      <p>
        {nothingFound ? (
          <strong>No passage matches this search.</strong>
        ) : (
          <strong>Search the text of your documents and your collections'.</strong>
        )}{' '}
        Write words or a question as you would say it; every hit links to its page and passage.
      </p>
      <ul>
        <li>
          <code>varenicline or bupropion</code> — plain words, ranked by how well passages match (BM25)
        </li>
        <li>
          <code>"exact phrase"</code> — the words together, in this order
        </li>
        <li>
          <code>cats OR dogs</code> — either word (OR in capitals)
        </li>
        <li>
          <code>jaguar -car</code> — leave out passages with a word
        </li>
      </ul>
      {nothingFound && <p className="muted small">Try fewer words, another mode, or clear the filters.</p>}
    </div>
  );
}
