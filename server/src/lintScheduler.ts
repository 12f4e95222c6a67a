/**
 * When each open document is linted. The edited document is linted on the next turn of the event
 * loop, with no fixed debounce: a 200-line file lints in under a millisecond, so waiting would only
 * add latency. Work on other documents (a saved Dockerfile's neighbours, changed settings or
 * watched files) waits in a background queue that runs one document per turn and only when no
 * edited document is waiting, so it never delays the one being typed in.
 *
 * A run that a newer edit overtakes is dropped by the caller (it checks the document's version
 * after every await); here a newer request for the same document replaces a waiting one.
 *
 * The one debounce left is paid for by a measured cost: a document whose last lint took longer
 * than SLOW_LINT_MS (huge files) waits that long after an edit, so typing in it spends at most
 * about half of the server's time linting versions that the next keystroke makes stale.
 */
/** A lint slower than this is worth deferring while the user types (half of a 100 ms keystroke gap). */
export const SLOW_LINT_MS = 50;
/** The longest a slow document waits after an edit. */
export const MAX_DELAY_MS = 500;

export class LintScheduler {
  /** Edited documents waiting for their turn, oldest first. */
  private readonly edited = new Set<string>();
  /** Other documents waiting for a quiet turn, oldest first. */
  private readonly background = new Set<string>();
  /** Edited documents waiting out their measured delay. */
  private readonly delayed = new Map<string, NodeJS.Timeout>();
  /** How long each document's last lint took, ms. */
  private readonly lastCost = new Map<string, number>();
  private turnScheduled = false;

  /** `lint` lints one document and resolves to the milliseconds the lint itself took (not its awaits). */
  constructor(private readonly lint: (uri: string) => Promise<number | undefined>) {}

  /** The document changed in the editor (or was opened): lint it next, unless its lints are slow. */
  edit(uri: string): void {
    this.background.delete(uri);
    const cost = this.lastCost.get(uri) ?? 0;
    if (cost > SLOW_LINT_MS) {
      clearTimeout(this.delayed.get(uri));
      this.delayed.set(
        uri,
        setTimeout(
          () => {
            this.delayed.delete(uri);
            this.edited.add(uri);
            this.scheduleTurn();
          },
          Math.min(cost, MAX_DELAY_MS),
        ),
      );
      return;
    }
    this.edited.add(uri);
    this.scheduleTurn();
  }

  /** Something the document depends on changed: lint it when no edited document is waiting. */
  refresh(uri: string): void {
    if (this.edited.has(uri) || this.delayed.has(uri)) return;
    this.background.add(uri);
    this.scheduleTurn();
  }

  /** The document was closed: forget it. */
  forget(uri: string): void {
    this.edited.delete(uri);
    this.background.delete(uri);
    clearTimeout(this.delayed.get(uri));
    this.delayed.delete(uri);
    this.lastCost.delete(uri);
  }

  /** Documents waiting (edited, delayed or in the background), for tests. */
  get pending(): number {
    return this.edited.size + this.background.size + this.delayed.size;
  }

  private scheduleTurn(): void {
    if (this.turnScheduled) return;
    this.turnScheduled = true;
    // setImmediate, not a timer: messages already read from the client (a newer edit) are handled
    // between two turns, so the queue is looked at afresh each time.
    setImmediate(() => this.turn());
  }

  /** One document per turn: the oldest edited one, else the oldest background one. */
  private turn(): void {
    this.turnScheduled = false;
    const uri = first(this.edited) ?? first(this.background);
    if (uri === undefined) return;
    this.edited.delete(uri);
    this.background.delete(uri);
    // The lint's own errors are the caller's to report; the queue goes on regardless.
    this.lint(uri).then(
      (ms) => {
        if (ms !== undefined) this.lastCost.set(uri, ms);
      },
      () => undefined,
    );
    if (this.edited.size + this.background.size > 0) this.scheduleTurn();
  }
}

function first(set: Set<string>): string | undefined {
  for (const value of set) return value;
  return undefined;
}
