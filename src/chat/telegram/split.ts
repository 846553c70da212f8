/**
 * Packing formatted text into messages of at most `limit` visible characters. Text is a list of
 * sections, each a list of blocks (lines joined by "\n"), each a list of pieces. A piece is one
 * run of text with its own opening and closing tags, so any cut between pieces — or inside a
 * piece's text, re-wrapped in the same tags — yields valid HTML.
 */

/** A run of text and the tags around it (`open` + escaped `text` + `close`). */
export type Piece = { open: string; close: string; text: string };

const NEWLINE: Piece = { open: '', close: '', text: '\n' };

const lengthOf = (pieces: Piece[]) => pieces.reduce((n, p) => n + p.text.length, 0);

/** The block's length with the newline that joins it to a previous block. */
const joined = (block: Piece[], first: boolean) => lengthOf(block) + (first ? 0 : 1);

/** Cuts text into runs of at most `max`, preferring a newline, then a space, never a surrogate pair. */
export function cutText(text: string, max: number): string[] {
  const out: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const window = rest.slice(0, max + 1);
    let cut = Math.max(window.lastIndexOf('\n'), window.lastIndexOf(' '));
    if (cut < max / 2) cut = max;
    if (/[\uDC00-\uDFFF]/.test(rest[cut] ?? '')) cut--;
    out.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  if (rest) out.push(rest);
  return out;
}

/** Packs sections into chunks of at most `limit` characters, cutting as coarsely as possible. */
export function packSections(sections: Piece[][][], limit: number): Piece[][] {
  const chunks: Piece[][] = [];
  let cur: Piece[] = [];
  let len = 0;
  let blocksInCur = 0;
  const flush = () => {
    if (cur.length) chunks.push(cur);
    cur = [];
    len = 0;
    blocksInCur = 0;
  };
  const addBlock = (block: Piece[]) => {
    const first = blocksInCur === 0;
    if (!first) cur.push(NEWLINE);
    cur.push(...block);
    len += joined(block, first);
    blocksInCur++;
  };
  const addPiece = (piece: Piece) => {
    if (len + piece.text.length <= limit) {
      cur.push(piece);
      len += piece.text.length;
      return;
    }
    for (const part of cutText(piece.text, limit)) {
      if (len + part.length > limit) flush();
      cur.push({ ...piece, text: part });
      len += part.length;
      blocksInCur = 1;
    }
  };
  for (const section of sections) {
    const sectionLen = section.reduce((n, b, i) => n + joined(b, i === 0), 0);
    const fitsHere = len + sectionLen + (blocksInCur ? 1 : 0) <= limit;
    if (!fitsHere && sectionLen <= limit) flush();
    for (const block of section) {
      if (len + joined(block, blocksInCur === 0) <= limit) {
        addBlock(block);
        continue;
      }
      if (lengthOf(block) <= limit) {
        flush();
        addBlock(block);
        continue;
      }
      // One block longer than a whole message: cut between pieces, then inside one.
      if (blocksInCur) flush();
      for (const piece of block) addPiece(piece);
    }
  }
  flush();
  return chunks;
}
