// Material's search worker, with each typed word also searched by its stem.
//
// Material indexes whole words and searches each word typed as a prefix
// ("prorrateos*"); lunr runs no stemmer on such terms, so other forms of the
// word are missed. Here every optional prefix term gets a second one, its stem
// in the index's language ("prorrat*"): "prorrateos" finds "prorrateo" and
// "prorratea", and a word typed halfway still finds itself.
// The build fills in the file name of Material's worker (overrides/hooks/search.py).

// Material's SearchMessageType: SETUP (the index), READY, QUERY.
const SETUP = 0;
const READY = 1;
const QUERY = 2;
let language = "en";

// The index is built for the first query, not on every page load: Material sends
// it at once, and building it took a core for a few hundred milliseconds on slow
// machines while the page (and a "Try it" panel) started; most page views never
// search. This listener, registered before Material's, keeps the setup and
// answers READY; the first query hands Material the setup, waits for its index,
// then hands it the queries in the order they came.
let setup = null;
let index = null; // a promise: Material's index is built
let passing = false; // a message handed to Material's listener
const sendToPage = self.postMessage.bind(self);
let indexBuilt = () => {};

function handToMaterial(data) {
  passing = true;
  try {
    dispatchEvent(new MessageEvent("message", { data }));
  } finally {
    passing = false;
  }
}

addEventListener("message", (event) => {
  const { data } = event;
  if (passing) return;
  if (data?.type === SETUP) {
    event.stopImmediatePropagation();
    language = data.data.config.lang[0] || "en";
    setup = data;
    index = null;
    sendToPage({ type: READY }); // queries are welcome: the first one builds the index
  } else if (data?.type === QUERY) {
    event.stopImmediatePropagation();
    index ??= new Promise((resolve) => {
      indexBuilt = resolve;
      handToMaterial(setup);
    });
    index.then(() => handToMaterial(data));
  }
});

// Material answers its setup with READY, once the index is built: the page had it.
self.postMessage = (message, ...rest) => {
  if (message?.type === READY) indexBuilt();
  else sendToPage(message, ...rest);
};

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
