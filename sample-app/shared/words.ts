/**
 * English function words that carry no topic. Used to compare questions for the near-duplicate
 * cache and by the simulated model to decide which passages a question is about.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  `a an and are as at be been but by can could do does did for from has have how i if in into is
  it its me my of on or our please should so that the their them then there these they this to
  us was we were what when where which who why will with would you your tell explain about
  any some just`.split(/\s+/),
);

/** Lower-cased words of a text, punctuation dropped, in order. */
export function words(text: string): string[] {
  return text.toLowerCase().match(/[a-z0-9]+/g) ?? [];
}

/** The words of a text that are not stop words. */
export function contentWords(text: string): string[] {
  return words(text).filter((word) => !STOP_WORDS.has(word));
}
