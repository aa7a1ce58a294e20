// Material's search worker, with each typed word also searched by its stem.
//
// Material indexes whole words and searches each word typed as a prefix
// ("prorrateos*"); lunr runs no stemmer on such terms, so other forms of the
// word are missed. Here every optional prefix term gets a second one, its stem
// in the index's language ("prorrat*"): "prorrateos" finds "prorrateo" and
// "prorratea", and a word typed halfway still finds itself.
// The build fills in Material's worker (overrides/hooks/search_stemming.py).

const SETUP = 0; // Material's SearchMessageType.SETUP
let language = "en";

// Registered before Material's handler, so the language is known when it runs.
addEventListener("message", ({ data }) => {
  if (data && data.type === SETUP) language = data.data.config.lang[0] || "en";
});

importScripts("./__MATERIAL_WORKER__");

function stemmerOf(lang) {
  const lunr = self.lunr;
  return (lang === "en" ? lunr.stemmer : lunr[lang] && lunr[lang].stemmer) || null;
}

const search = self.lunr.Index.prototype.search;
self.lunr.Index.prototype.search = function (queryString) {
  const stemmer = stemmerOf(language);
  if (!stemmer) return search.call(this, queryString);
  const { Query, QueryParser, Token } = self.lunr;
  return this.query((query) => {
    new QueryParser(queryString, query).parse();
    for (const clause of [...query.clauses]) {
      const isPrefix = clause.term.endsWith("*") && !clause.term.slice(0, -1).includes("*");
      if (!isPrefix || clause.presence !== Query.presence.OPTIONAL) continue;
      const word = clause.term.slice(0, -1);
      const stem = String(stemmer(new Token(word, {})));
      // Weighed below the word itself, so that pages using the very word come first.
      if (stem && stem !== word) query.clause({ ...clause, term: `${stem}*`, boost: clause.boost / 4 });
    }
  });
};
