interface EntriesPagerProps {
  /** Zero-based. */
  page: number;
  pages: number;
  /** The skip of the page on screen, which stays until the next one has arrived. */
  shownFrom: number;
  shownCount: number;
  total: number;
  onPrevious: () => void;
  onNext: () => void;
}

/** "Showing 11–20 of 42", and Previous / Next. */
export function EntriesPager({
  page,
  pages,
  shownFrom,
  shownCount,
  total,
  onPrevious,
  onNext,
}: EntriesPagerProps) {
  return (
    <nav className="pagination" aria-label="Entry pages">
      <p data-testid="entries-range">
        Showing {shownFrom + 1}–{shownFrom + shownCount} of {total}
      </p>
      <button type="button" onClick={() => page > 0 && onPrevious()} aria-disabled={page === 0}>
        Previous
      </button>
      <span>
        Page {Math.min(page + 1, pages)} of {pages}
      </span>
      <button type="button" onClick={() => page + 1 < pages && onNext()} aria-disabled={page + 1 >= pages}>
        Next
      </button>
    </nav>
  );
}
