// One tokenizer for MiniSearch and FlexSearch, so both see the same terms:
// lowercase runs of letters and digits; Han and kana runs (no spaces
// between words) become overlapping bigrams, as Lucene's CJK analyzer
// does, so a prefix search on bigrams finds Chinese substrings.
const RUN = /[\p{L}\p{N}]+/gu;
const SPLIT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]+|[^\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]+/gu;
const CJK = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;

export function tokenize(text) {
  const out = [];
  for (const [run] of text.toLowerCase().matchAll(RUN)) {
    for (const [part] of run.matchAll(SPLIT)) {
      if (!CJK.test(part)) out.push(part);
      else if (part.length === 1) out.push(part);
      else for (let i = 0; i + 1 < part.length; i++) out.push(part.slice(i, i + 2));
    }
  }
  return out;
}
