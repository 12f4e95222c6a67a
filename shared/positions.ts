/**
 * Positions in a text, LSP-style: 0-based line and UTF-16 character. The client and the server
 * both use them (the Dockerfile parser's ranges, the run specification's ranges).
 */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}
