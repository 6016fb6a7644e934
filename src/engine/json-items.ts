// The source text of each element of a JSON array inside a response, so that a payload can be stored
// exactly as the platform sent it without serialising the parsed object again. Splitting costs about a
// third of JSON.stringify: quotes are found with indexOf, and only the short stretches
// between strings are scanned for brackets.

/**
 * The texts of the elements of the array under `key` (the first `"key":` in the document), for a document
 * JSON.parse has already accepted; undefined unless exactly `expected` elements were found, in which
 * case the caller serialises the parsed items instead. Only object and array elements are returned.
 */
export function arrayItemTexts(text: string, key: string, expected: number): string[] | undefined {
  const marker = `"${key}":`;
  let i = text.indexOf(marker);
  if (i < 0) return undefined;
  i = text.indexOf('[', i + marker.length);
  if (i < 0) return undefined;
  const out: string[] = [];
  let depth = 0;
  let start = -1;
  for (i++; ;) {
    const quote = text.indexOf('"', i);
    const end = quote < 0 ? text.length : quote;
    for (; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x7b || c === 0x5b) {
        if (depth++ === 0) start = i;
      } else if (c === 0x7d || c === 0x5d) {
        if (depth === 0) return out.length === expected ? out : undefined;
        if (--depth === 0) out.push(text.slice(start, i + 1));
      }
    }
    if (quote < 0) return undefined;
    // A string ends at the first quote not escaped by an odd run of backslashes.
    let close = text.indexOf('"', quote + 1);
    while (close > 0 && isEscaped(text, close)) close = text.indexOf('"', close + 1);
    if (close < 0) return undefined;
    i = close + 1;
  }
}

function isEscaped(text: string, at: number): boolean {
  let backslashes = 0;
  for (let k = at - 1; text.charCodeAt(k) === 0x5c; k--) backslashes++;
  return backslashes % 2 === 1;
}
