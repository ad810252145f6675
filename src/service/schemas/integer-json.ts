/** A JSON number written with a fraction or an exponent, and the key it belongs to. */
export interface InexactNumber {
  token: string;
  key: string | undefined;
}

const NUMBER_CHAR = /[-+0-9.eE]/;

function stringEnd(text: string, start: number): number {
  let index = start + 1;
  while (index < text.length && text[index] !== '"') {
    index += text[index] === '\\' ? 2 : 1;
  }
  return index;
}

/**
 * Finds the first number in JSON text that is not a plain integer literal
 * (`1.5`, `1e9`, `1.0`). `JSON.parse` turns `1e9` into an integer, so only
 * the text shows it; the caller should run this before parsing.
 */
export function findInexactNumber(text: string): InexactNumber | undefined {
  let lastString: string | undefined;
  let key: string | undefined;
  let index = 0;
  while (index < text.length) {
    const char = text[index]!;
    if (char === '"') {
      const end = stringEnd(text, index);
      lastString = text.slice(index + 1, end);
      index = end + 1;
    } else if (char === ':') {
      key = lastString;
      index += 1;
    } else if (char === '-' || (char >= '0' && char <= '9')) {
      let end = index;
      while (end < text.length && NUMBER_CHAR.test(text[end]!)) {
        end += 1;
      }
      const token = text.slice(index, end);
      if (/[.eE]/.test(token)) {
        return { token, key };
      }
      index = end;
    } else {
      index += 1;
    }
  }
  return undefined;
}
