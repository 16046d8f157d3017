// The search page, on Pagefind's JavaScript API.
//
// The index holds search keys, not the text (builder/search/index.py): every word, in
// order, reduced by builder/search/keys.py's rules. This file makes the same keys
// from what the reader types, with the tables the build wrote from
// builder/extract/arabic.py into static/search-rules.js, so both sides always agree.
// Excerpts come from the original text (one small file per result) and Pagefind's
// word positions, so they show the article's own spelling.
//
// The index is in pieces (one Pagefind index each) merged here. Ranking and date
// order are computed from numbers that do not depend on the cut: corpus-wide
// document frequencies and the date order of the pieces, so one piece or many
// give the same list.
(function () {
  "use strict";

  // Keys: a mirror of builder/search/keys.py -------------------------------------
  var R = window.searchRules;
  if (!R) return;
  var CONJ = R.conj, PREP = R.prep, MIN = R.minCore, ARTICLE = R.article;
  var escapeClass = function (s) { return s.replace(/[\\\]\[^-]/g, "\\$&"); };
  var TOKEN = new RegExp("(?:[\\p{L}\\p{N}]|[" + escapeClass(R.marks) + "])+", "gu");
  var cpLength = function (s) { var n = 0; for (var _ of s) n++; return n; }; // eslint-disable-line no-unused-vars

  function normalize(text) {
    var out = "";
    for (var ch of text.normalize("NFC")) {
      var folded = R.fold[ch];
      out += folded === undefined ? ch : folded;
    }
    return out.toLowerCase();
  }

  function tokenize(text) {
    var tokens = [], m;
    TOKEN.lastIndex = 0;
    while ((m = TOKEN.exec(text)) !== null) {
      var norm = normalize(m[0]);
      if (norm) tokens.push({ start: m.index, end: m.index + m[0].length, norm: norm });
    }
    return tokens;
  }

  function coreForms(word) {
    var forms = [word], rests = [word];
    [CONJ, PREP].forEach(function (prefixes) {
      rests = rests.concat(rests.filter(function (w) {
        return prefixes.indexOf(w.charAt(0)) >= 0 && cpLength(w) - 1 >= MIN;
      }).map(function (w) { return w.slice(1); }));
    });
    rests.forEach(function (rest) {
      if (forms.indexOf(rest) < 0) forms.push(rest);
      if (rest.startsWith(ARTICLE) && cpLength(rest) - 2 >= MIN) {
        var bare = rest.slice(2);
        if (forms.indexOf(bare) < 0) forms.push(bare);
      }
    });
    forms.slice().forEach(function (rest) {
      if (rest.startsWith("لل") && cpLength(rest) - 2 >= MIN && forms.indexOf(rest.slice(2)) < 0) forms.push(rest.slice(2));
    });
    return forms;
  }

  function wordKey(norm) {
    for (;;) {
      var shortest = coreForms(norm).reduce(function (a, b) { return cpLength(b) < cpLength(a) ? b : a; });
      if (shortest === norm) return norm;
      norm = shortest;
    }
  }

  function wordKeys(norm) {
    var key = wordKey(norm);
    for (var i = 0; i < R.heads.length; i++) {
      var head = R.heads[i];
      if (key.startsWith(head) && cpLength(key) - cpLength(head) >= R.compoundRest) return [head, wordKey(key.slice(head.length))];
    }
    return [key];
  }

  function textKeys(text) {
    var out = [];
    tokenize(text).forEach(function (t) {
      wordKeys(t.norm).forEach(function (key) { out.push({ start: t.start, end: t.end, key: key }); });
    });
    return out;
  }

  function keys(text) { return textKeys(text).map(function (k) { return k.key; }); }

  // A key as the index stores it (searchtext.index_form): lowercase ASCII, a code a character.
  function indexForm(key) {
    var out = "";
    for (var ch of key) {
      var code = ch.codePointAt(0), offset = code - 0x600;
      if (offset >= 0 && offset < 0x100) out += String.fromCharCode(97 + Math.floor(offset / 26), 97 + offset % 26);
      else if (code >= 0x30 && code <= 0x39) out += "k" + ch;
      else if (code >= 0x61 && code <= 0x7a) out += "l" + ch;
      else out += "m" + ("000000" + code.toString(16)).slice(-6);
    }
    return out;
  }

  // An indexed word is its key's form and R.end (builder/search/keys.py END): a query word without
  // it finds the words it begins, with it that word alone. No indexed word begins a query word, so
  // Pagefind's fallback (the longest indexed word the query word begins with) never answers.
  function exactForm(key) { return indexForm(key) + R.end; }

  // A quoted phrase keeps every word; otherwise the function words go when anything else is left.
  var STOP = new Set(R.stop);
  function isPhrase(query) { return /^".+"$/.test(query.trim()); }
  function queryKeys(query) {
    var found = keys(query);
    if (isPhrase(query)) return found;
    var content = found.filter(function (k) { return !STOP.has(k); });
    return content.length ? content : found;
  }

  function contentKeys(keyList) {
    var content = keyList.filter(function (k) { return !STOP.has(k); });
    return content.length ? content : keyList;
  }

  // Entries the query names: one of their names or aliases has the query's keys (function words
  // aside on both sides). ``entries``: pagefind/entities.json.
  function namedEntries(entries, qkeys) {
    var wanted = qkeys.join(" ");
    return wanted ? entries.filter(function (e) {
      return e.a.some(function (a) { return a && contentKeys(a.split(" ")).join(" ") === wanted; });
    }) : [];
  }

  // What a query asks for: a list of alternatives (any of them), each a list of keys (all of them).
  // One unless the query names entries: then every spelling of their names too, those that hold
  // another alternative's words in a row left out (دونالد ترمب when ترمب is there). At most MAX_ALTERNATIVES.
  var MAX_ALTERNATIVES = 4;
  function alternatives(query, entries) {
    var qkeys = queryKeys(query), alts = [{ keys: qkeys, text: query.trim(), own: true }], named = [];
    if (!qkeys.length || isPhrase(query)) return { alts: alts, named: named };
    named = namedEntries(entries, qkeys);
    named.forEach(function (e) {
      (e.v || []).forEach(function (spelling) { alts.push({ keys: contentKeys(keys(spelling)), text: spelling }); });
    });
    var seen = {};
    alts = alts.filter(function (a) {
      var id = a.keys.join(" ");
      if (!a.keys.length || seen[id]) return false;
      seen[id] = true;
      return true;
    });
    var within = function (inner, outer) { return (" " + outer.join(" ") + " ").indexOf(" " + inner.join(" ") + " ") >= 0; };
    // The reader's own words stay, and are never widened: a spelling that is part of them goes
    // (المشير حفتر does not become حفتر), as does one that holds another alternative.
    alts = alts.filter(function (a) { return a.own || !within(a.keys, alts[0].keys); });
    alts = alts.filter(function (a) { return a.own || !alts.some(function (b) { return b !== a && within(b.keys, a.keys); }); });
    return { alts: alts.slice(0, MAX_ALTERNATIVES), named: named };
  }

  window.searchKeys = { normalize: normalize, tokenize: tokenize, coreForms: coreForms, wordKeys: wordKeys, keys: keys, indexForm: indexForm,
                        queryKeys: queryKeys, exactForm: exactForm, alternatives: alternatives };

  // The page ------------------------------------------------------------------
  var root = document.getElementById("search");
  if (!root) return;
  var S = JSON.parse(root.dataset.strings);
  var bundle = root.dataset.bundle;
  var FACETS = ["actor", "place", "topic", "source", "year"];
  var ANY = { source: true, year: true }; // one value per article: several mean "any of them"
  var PAGE = 10, K1 = 1.2, TITLE_WEIGHT = 3;
  var $ = function (id) { return document.getElementById(id); };
  var form = $("search-form"), input = $("search-q"), sortBox = $("search-sort"), status = $("search-status");
  var spellingsNote = $("search-spellings");
  var list = $("search-list"), more = $("search-more"), empty = $("search-empty");
  var entityBox = $("search-entities"), entityList = $("search-entity-list");
  var filterPanel = $("search-filters"), facetBox = $("search-facets");
  var plural = new Intl.PluralRules("ar");
  var engine = null, facetsLoaded = false, generation = 0, current = null, entityNames = null;

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, k) { return values[k]; });
  }
  function counted(forms, n) { return fill(forms[plural.select(n)] || forms.other, { n: n }); }

  // A name, title or source from the content, set apart when it holds letters written the other way
  // from the page (a Latin name on an Arabic page), with its own direction: the same rule as the
  // templates' `bdi` filter (builder/render/i18n.py isolate). ``node`` is what shows it (the text by default).
  var SITE_DIR = document.documentElement.dir === "rtl" ? "rtl" : "ltr";
  var RTL_LETTER = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/, LTR_LETTER = /[A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff]/;
  function isolated(text, node) {
    node = node || document.createTextNode(text);
    var rtl = RTL_LETTER.test(text), ltr = LTR_LETTER.test(text);
    if (!(SITE_DIR === "rtl" ? ltr : rtl)) return node;
    return el("bdi", { dir: rtl === ltr ? SITE_DIR : rtl ? "rtl" : "ltr" }, [node]);
  }
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k]; else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return node;
  }

  // State <-> URL ---------------------------------------------------------------
  function readState() {
    var p = new URLSearchParams(location.search);
    var filters = {};
    FACETS.forEach(function (f) { filters[f] = p.getAll(f).filter(Boolean); });
    return { q: p.get("q") || "", filters: filters, sort: p.get("sort") === "date" ? "date" : "" };
  }
  function stateUrl(state) {
    var p = new URLSearchParams();
    if (state.q) p.set("q", state.q);
    FACETS.forEach(function (f) { state.filters[f].forEach(function (v) { p.append(f, v); }); });
    if (state.sort) p.set("sort", state.sort);
    var query = p.toString();
    return location.pathname + (query ? "?" + query : "");
  }
  function hasFilters(state) { return FACETS.some(function (f) { return state.filters[f].length; }); }
  function commit(state, push) {
    var url = stateUrl(state);
    if (url !== location.pathname + location.search) history[push ? "pushState" : "replaceState"](null, "", url);
    run(state);
  }

  // Engine --------------------------------------------------------------------
  function load() {
    if (engine) return engine;
    engine = fetch(bundle + "search.json").then(function (r) { return r.json(); }).then(function (manifest) {
      // A script kept from before the index's format changed would ask in the old keys and find
      // nothing: say the index could not be loaded (reload the page) instead.
      if (manifest.format !== R.format) throw new Error("search index format " + manifest.format + ", script " + R.format);
      if (!manifest.pieces.length) return { manifest: manifest, pf: null, entries: [] };
      // [search] merged: one index, merged by the build from the pieces' (builder/search/merge.py),
      // whose texts stay in their folders; else the pieces side by side.
      var first = manifest.merged ? bundle : bundle + manifest.pieces[0].path;
      var others = manifest.merged ? [] : manifest.pieces.slice(1);
      return import(first + "pagefind.js").then(function (pf) {
        return pf.options({ basePath: first, noWorker: true }).then(function () {
          return pf.init();
        }).then(function () {
          return Promise.all(others.map(function (piece) { return pf.mergeIndex(bundle + piece.path); }));
        }).then(entitiesList).then(function (entries) {
          return { manifest: manifest, pf: pf, entries: entries, filterData: {}, answers: {} };
        });
      });
    });
    return engine;
  }

  // Filters: search.js filters and counts the results itself, from one small file a filter
  // (builder/search/facets.py: each value's records, by number). Pagefind's own filters would count
  // every value against the results on every search (seconds on a big index) and are one file a
  // filter a piece. A record's number: its piece's first number and its place in the piece (its id's
  // tail), the pieces newest first, so numbers in order are the records newest first.
  function loadFilter(eng, f) {
    if (!eng.filterData[f]) {
      var path = (eng.manifest.filters || {})[f];
      eng.filterData[f] = !path ? Promise.resolve({}) : fetch(bundle + path).then(function (r) { return r.json(); }).then(function (raw) {
        var out = {};
        Object.keys(raw).forEach(function (v) {
          var list = raw[v], nums = new Int32Array(list.length), n = 0;
          for (var i = 0; i < list.length; i++) { n += list[i]; nums[i] = n; }
          out[v] = nums;
        });
        return out;
      });
    }
    return eng.filterData[f];
  }
  function loadFilters(eng, names) {
    return Promise.all(names.map(function (f) { return loadFilter(eng, f); })).then(function (all) {
      var out = {};
      names.forEach(function (f, i) { out[f] = all[i]; });
      return out;
    });
  }

  // The records that pass the filters asked for (1 in a Uint8Array by number), or null when none is
  // asked for. Several sources or years: any of them; several actors, places or topics: all of them.
  // A filter's records are articles: with a filter, no entry is a result.
  function passing(eng, state, data) {
    if (!hasFilters(state)) return null;
    var need = 0, hits = new Uint8Array(eng.manifest.docs);
    FACETS.forEach(function (f) {
      var wanted = state.filters[f];
      if (!wanted.length) return;
      var groups = ANY[f] ? [wanted] : wanted.map(function (v) { return [v]; });
      groups.forEach(function (group) {
        var mark = new Uint8Array(eng.manifest.docs);
        group.forEach(function (v) { var nums = data[f][v] || []; for (var i = 0; i < nums.length; i++) mark[nums[i]] = 1; });
        need++;
        for (var n = 0; n < mark.length; n++) hits[n] += mark[n];
      });
    });
    for (var n = 0; n < hits.length; n++) hits[n] = hits[n] === need ? 1 : 0;
    return hits;
  }

  // Each filter value's count among the records marked in ``held`` (a Uint8Array by number).
  function countValues(data, held) {
    var counts = {};
    Object.keys(data).forEach(function (f) {
      var into = counts[f] = {};
      Object.keys(data[f]).forEach(function (v) {
        var nums = data[f][v], c = 0;
        for (var i = 0; i < nums.length; i++) c += held[nums[i]];
        if (c) into[v] = c;
      });
    });
    return counts;
  }

  // Pagefind's answers for a query (no filters: they apply here), kept for the filter clicks that
  // follow: each alternative's keys together, each key alone as a beginning and as a whole word (document
  // frequencies, positions, exact matches, and which pieces hold it). A term asked twice is searched once.
  function answers(eng, raw) {
    if (eng.answers[raw]) return eng.answers[raw];
    var exact = isPhrase(raw);
    var asked = alternatives(raw, eng.entries), alts = asked.alts;
    var unique = [];
    alts.forEach(function (a) { a.keys.forEach(function (k) { if (unique.indexOf(k) < 0) unique.push(k); }); });
    var terms = {};
    var search = function (t) {
      if (t === null) return Promise.resolve(null);
      if (!terms[t]) terms[t] = eng.pf.search(t);
      return terms[t];
    };
    var term = function (keyList) {
      if (!keyList.length) return null;
      return exact ? '"' + keyList.map(exactForm).join(" ") + '"' : keyList.map(indexForm).join(" ");
    };
    var kept = Object.keys(eng.answers);
    if (kept.length >= 16) delete eng.answers[kept[0]];
    eng.answers[raw] = Promise.all([
      Promise.all(alts.map(function (a) { return search(term(a.keys)); })),
      Promise.all(unique.map(function (k) { return search(exact ? exactForm(k) : indexForm(k)); })),
      Promise.all(unique.map(function (k) { return search(exactForm(k)); })),
    ]).then(function (all) {
      var keyHits = {}, exactHits = {};
      unique.forEach(function (k, j) { keyHits[k] = all[1][j]; exactHits[k] = hitsOf(all[2][j]); });
      // Pagefind leaves a word that matches nothing in a piece out of the query, and that piece answers
      // for the other words alone: its results go.
      var lacking = alts.map(function (a) { return lackingPieces(eng, a.keys, keyHits); });
      return { alts: alts, named: asked.named, unique: unique, lacking: lacking, results: all[0], keyHits: keyHits, exactHits: exactHits };
    });
    eng.answers[raw].catch(function () { delete eng.answers[raw]; });
    return eng.answers[raw];
  }

  // One search: Pagefind's answers for the words, the filters and their counts applied here.
  function find(eng, state) {
    var raw = state.q.trim();
    if (!alternatives(raw, eng.entries).alts[0].keys.length && !hasFilters(state)) return Promise.resolve(null);
    var withCounts = facetsLoaded, used = FACETS.filter(function (f) { return state.filters[f].length; });
    return Promise.all([answers(eng, raw), loadFilters(eng, withCounts ? FACETS : used)]).then(function (got) {
      return rank(eng, state, got[0], got[1], withCounts);
    });
  }

  // Which piece a record is in, from its id's prefix.
  function pieceOf(eng, id) {
    if (!eng.byPrefix) {
      eng.byPrefix = {};
      eng.manifest.pieces.forEach(function (p, i) { eng.byPrefix[p.prefix] = i; });
    }
    return eng.byPrefix[id.slice(0, PREFIX)];
  }
  var PREFIX = R.idPrefix;
  function placeOf(id) { return parseInt(id.slice(PREFIX), 36); }
  function firstNumbers(eng) {
    if (!eng.firsts) {
      var n = 0;
      eng.firsts = eng.manifest.pieces.map(function (p) { var first = n; n += p.docs; return first; });
    }
    return eng.firsts;
  }

  // The pieces where one of ``keyList`` is not found at all (as pieces' indexes, the keys of an object).
  function lackingPieces(eng, keyList, keyHits) {
    var out = {};
    keyList.forEach(function (k) {
      var holds = {};
      keyHits[k].results.forEach(function (res) { holds[pieceOf(eng, res.id)] = true; });
      eng.manifest.pieces.forEach(function (_, i) { if (!holds[i]) out[i] = true; });
    });
    return out;
  }

  function hitsOf(r) {
    var hits = {};
    r.results.forEach(function (res) { hits[res.id] = res.words; });
    return hits;
  }

  function rank(eng, state, asked, data, withCounts) {
    var N = eng.manifest.docs, slots = eng.manifest.titleSlots, keyHits = asked.keyHits, exactHits = asked.exactHits;
    var firsts = firstNumbers(eng), pass = passing(eng, state, data);
    var weights = {};
    asked.unique.forEach(function (k) {
      var df = keyHits[k].results.length;
      weights[k] = { idf: Math.log(1 + (N - df + 0.5) / (df + 0.5)), hits: hitsOf(keyHits[k]) };
    });
    var namedIds = {};
    asked.named.forEach(function (e) { if (e.i) namedIds[e.i] = true; });
    var found = {}, ids = [], held = new Uint8Array(N);
    var add = function (id, piece, words, alt) {
      var item = found[id];
      if (!item) {
        item = found[id] = { id: id, pieceIndex: piece, piece: eng.manifest.pieces[piece].path, place: placeOf(id), words: [], alts: [] };
        ids.push(id);
        held[firsts[piece] + item.place] = 1;
      }
      item.words = item.words.concat(words);
      item.alts.push(alt);
    };
    asked.alts.forEach(function (alt, j) {
      var r = asked.results[j];
      if (!r) { // no words, only filters: every record that passes them
        if (!pass) return;
        eng.manifest.pieces.forEach(function (p, piece) {
          for (var place = 0; place < p.docs; place++) {
            if (pass[firsts[piece] + place]) add(p.prefix + place.toString(36), piece, [], alt);
          }
        });
        return;
      }
      r.results.forEach(function (res) {
        var piece = pieceOf(eng, res.id);
        if (piece === undefined || asked.lacking[j][piece]) return;
        if (pass && !pass[firsts[piece] + placeOf(res.id)]) return;
        add(res.id, piece, res.words, alt);
      });
    });
    var counts = withCounts ? countValues(data, held) : {};
    // Newest first: the pieces are date ranges listed newest first, a record's place its rank in its piece.
    ids.sort(function (a, b) { return found[a].pieceIndex - found[b].pieceIndex || found[a].place - found[b].place; });
    var articles = [], entities = [];
    ids.forEach(function (id, order) {
      var item = found[id];
      item.words = item.words.filter(function (p, n, all) { return all.indexOf(p) === n; }).sort(function (a, b) { return a - b; });
      var score = 0;
      asked.unique.forEach(function (k) {
        var words = weights[k].hits[id];
        if (!words) return;
        var tf = 0;
        words.forEach(function (p) { tf += p < slots ? TITLE_WEIGHT : 1; });
        score += weights[k].idf * tf * (K1 + 1) / (tf + K1);
      });
      // Exact words first: a result where every word of an alternative is written as asked, before
      // one that holds only longer words they begin (الكرم before الكرملين).
      item.exact = item.alts.some(function (a) { return a.keys.every(function (k) { return exactHits[k][id]; }); }) ? 1 : 0;
      item.named = namedIds[id] ? 1 : 0;
      item.score = Math.round(score * 1e6);
      item.order = order;
      (eng.manifest.pieces[item.pieceIndex].kind === "entities" ? entities : articles).push(item);
    });
    var byScore = function (a, b) { return b.named - a.named || b.exact - a.exact || b.score - a.score || a.order - b.order; };
    if (asked.alts[0].keys.length && state.sort !== "date") articles.sort(byScore);
    entities.sort(byScore);
    return { articles: articles, entities: entities, counts: counts, counted: withCounts, keys: asked.alts[0].keys, alts: asked.alts, named: asked.named };
  }

  // Texts and excerpts ----------------------------------------------------------
  var texts = {};
  function text(item) {
    if (!texts[item.id]) {
      texts[item.id] = fetch(bundle + item.piece + "t/" + item.id + ".gz").then(function (r) {
        return r.arrayBuffer();
      }).then(function (buf) {
        var bytes = new Uint8Array(buf);
        if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return new Response(bytes).json(); // a server already unzipped it
        return new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"))).json();
      });
    }
    return texts[item.id];
  }

  // Where each key of the record sits: the same layout builder/search/index.py wrote.
  function layout(doc, slots) {
    var title = textKeys(doc.t);
    var blocks = [], pos = Math.max(title.length, slots);
    doc.b.forEach(function (b) {
      var ks = textKeys(b[1]);
      blocks.push({ anchor: b[0], text: b[1], keys: ks, first: pos });
      pos += ks.length + 1;
    });
    return { title: title, blocks: blocks };
  }

  function marked(source, spans, from, to) {
    var frag = document.createDocumentFragment(), at = from;
    spans.forEach(function (s) {
      if (s.start < at || s.end > to) return;
      if (s.start > at) frag.appendChild(document.createTextNode(source.slice(at, s.start)));
      frag.appendChild(el("mark", { text: source.slice(s.start, s.end) }));
      at = s.end;
    });
    if (at < to) frag.appendChild(document.createTextNode(source.slice(at, to)));
    return frag;
  }

  function spansAt(keysList, offset, hits) {
    var spans = [];
    keysList.forEach(function (k, i) {
      if (hits[offset + i] && !(spans.length && spans[spans.length - 1].start === k.start)) spans.push(k);
    });
    return spans;
  }

  // ``skip``: a block shown apart (an entry's English name), never the excerpt.
  function excerpt(doc, item, slots, skip) {
    var lay = layout(doc, slots), hits = {};
    item.words.forEach(function (p) { hits[p] = true; });
    var best = null, bestCount = 0;
    var blocks = lay.blocks.filter(function (b) { return b !== lay.blocks[skip]; });
    blocks.forEach(function (b) {
      var n = 0;
      b.keys.forEach(function (_, i) { if (hits[b.first + i]) n++; });
      if (n > bestCount) { best = b; bestCount = n; }
    });
    best = best || blocks[0];
    var titleSpans = spansAt(lay.title, 0, hits);
    if (!best) return { title: titleSpans, lay: lay, hits: hits, body: null, anchor: "" };
    var spans = spansAt(best.keys, best.first, hits);
    var firstHit = spans.length ? best.keys.indexOf(spans[0]) : 0;
    var WIDTH = 32, start = Math.max(0, firstHit - 10), end = Math.min(best.keys.length, start + WIDTH);
    var from = start === 0 ? 0 : best.keys[start].start;
    var to = end >= best.keys.length ? best.text.length : best.keys[end - 1].end;
    var body = document.createDocumentFragment();
    if (from > 0) body.appendChild(document.createTextNode("… "));
    body.appendChild(marked(best.text, spans, from, to));
    if (to < best.text.length) body.appendChild(document.createTextNode(" …"));
    return { title: titleSpans, lay: lay, hits: hits, body: isolated(best.text, body), anchor: best.anchor };
  }

  function renderArticle(item, doc, slots) {
    var ex = excerpt(doc, item, slots);
    var link = el("a", { class: "result-link", href: doc.u + (ex.anchor ? "#" + ex.anchor : "") });
    link.appendChild(isolated(doc.t, marked(doc.t, ex.title, 0, doc.t.length)));
    var meta = [doc.d ? el("time", { datetime: doc.d, text: formatDate(doc.d) }) : null, doc.s ? el("span", {}, [isolated(doc.s)]) : null]
      .filter(Boolean);
    var metaLine = el("p", { class: "meta" });
    meta.forEach(function (m, i) { if (i) metaLine.appendChild(document.createTextNode(" · ")); metaLine.appendChild(m); });
    return el("li", { class: "result" }, [el("h3", {}, [link]), metaLine, ex.body ? el("p", { class: "excerpt" }, [ex.body]) : null]);
  }

  // An entry: its kind, its name, its English name (the record's first block, builder/search/index.py), each
  // once and set apart (the space between them outside both), then the excerpt from its other blocks.
  function renderEntity(item, doc, slots) {
    var english = doc.e && doc.b.length && doc.b[0][1] === doc.e ? 0 : -1;
    var ex = excerpt(doc, item, slots, english);
    var link = el("a", { class: "entity-link", href: doc.u });
    link.appendChild(isolated(doc.t, marked(doc.t, ex.title, 0, doc.t.length)));
    var name = null;
    if (doc.e) {
      var en = english < 0 ? null : ex.lay.blocks[english];
      name = el("bdi", { class: "en", lang: "en", dir: "ltr" },
                [en ? marked(doc.e, spansAt(en.keys, en.first, ex.hits), 0, doc.e.length) : doc.e]);
    }
    return el("li", { class: "entity-result" }, [
      el("span", { class: "badge badge-" + doc.k, text: S.kinds[doc.k] }), " ", link,
      name ? " " : null, name,
      ex.body ? el("p", { class: "excerpt" }, [ex.body]) : null,
    ]);
  }

  function formatDate(iso) {
    var parts = iso.split("-");
    return Number(parts[2]) + " " + S.months[Number(parts[1]) - 1] + " " + parts[0];
  }

  // Facets ----------------------------------------------------------------------
  function renderFacets(state, counts) {
    facetBox.textContent = "";
    if (!facetsLoaded) return;
    FACETS.forEach(function (f) {
      var values = Object.keys(counts[f] || {}).filter(function (v) {
        return counts[f][v] > 0 || state.filters[f].indexOf(v) >= 0;
      });
      state.filters[f].forEach(function (v) { if (values.indexOf(v) < 0) values.push(v); });
      if (!values.length) return;
      values.sort(function (a, b) {
        return f === "year" ? b.localeCompare(a) : (counts[f][b] || 0) - (counts[f][a] || 0) || a.localeCompare(b, "ar");
      });
      var box = el("fieldset", { class: "facet" }, [el("legend", { text: S.facets[f] })]);
      var ul = el("ul", {});
      values.forEach(function (v, i) {
        var id = "f-" + f + "-" + i;
        var cb = el("input", { type: "checkbox", id: id, name: f, value: v });
        cb.checked = state.filters[f].indexOf(v) >= 0;
        var li = el("li", {}, [cb, " ", el("label", { for: id }, [isolated(v), " ", el("span", { class: "count", text: String((counts[f] || {})[v] || 0) })])]);
        if (i >= 8 && !cb.checked) li.hidden = true;
        ul.appendChild(li);
      });
      box.appendChild(ul);
      if (values.length > 8) {
        var toggle = el("button", { type: "button", class: "facet-more", "aria-expanded": "false", text: S.more_values });
        toggle.addEventListener("click", function () {
          ul.querySelectorAll("li[hidden]").forEach(function (li) { li.hidden = false; });
          toggle.remove();
        });
        box.appendChild(toggle);
      }
      facetBox.appendChild(box);
    });
  }

  facetBox.addEventListener("change", function (event) {
    var cb = event.target;
    if (!cb.name) return;
    var state = readState();
    state.q = input.value;
    var values = state.filters[cb.name];
    if (cb.checked) values.push(cb.value); else state.filters[cb.name] = values.filter(function (v) { return v !== cb.value; });
    commit(state, true);
  });

  function loadFacets() {
    if (facetsLoaded) return Promise.resolve();
    return load().then(function (eng) {
      return eng.pf ? loadFilters(eng, FACETS) : null;
    }).then(function () { facetsLoaded = true; });
  }

  // Beside the results (a wide screen: the layout has two columns) the filters start open; above
  // them (a phone) they start closed. The first search loads their counts once its results are on screen.
  var openedHere = getComputedStyle(root.querySelector(".search-layout")).gridTemplateColumns.split(" ").length > 1;
  filterPanel.open = openedHere;
  filterPanel.addEventListener("toggle", function () {
    if (openedHere) { openedHere = false; return; }
    if (filterPanel.open && !facetsLoaded) loadFacets().then(function () { run(readStateWithInput()); });
  });

  // Nothing found ---------------------------------------------------------------
  function entitiesList() {
    if (!entityNames) entityNames = fetch(bundle + "entities.json").then(function (r) { return r.json(); });
    return entityNames;
  }

  function distance(a, b) {
    var prev = [], cur, i, j;
    for (j = 0; j <= b.length; j++) prev[j] = j;
    for (i = 1; i <= a.length; i++) {
      cur = [i];
      for (j = 1; j <= b.length; j++) {
        cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      }
      prev = cur;
    }
    return prev[b.length];
  }

  function renderEmpty(state, qkeys, gen) {
    empty.textContent = "";
    var said = S.no_results.split("{q}"); // the reader's words, set apart inside the sentence
    var box = el("div", {}, [el("p", {}, [said[0], said.length > 1 ? isolated(state.q.trim()) : null, said.slice(1).join(state.q.trim())])]);
    if (hasFilters(state)) {
      var clear = el("button", { type: "button", id: "search-clear", text: S.clear_filters });
      clear.addEventListener("click", function () {
        var s = readStateWithInput();
        FACETS.forEach(function (f) { s.filters[f] = []; });
        commit(s, true);
      });
      box.appendChild(el("p", {}, [S.remove_filters + " ", clear]));
    }
    empty.appendChild(box);
    empty.hidden = false;
    entitiesList().then(function (all) {
      if (gen !== generation) return;
      var wanted = qkeys.join(" ");
      var near = [];
      if (wanted) {
        all.forEach(function (e) {
          var d = Math.min.apply(null, e.a.map(function (a) { return distance(wanted, a); }));
          if (d <= Math.max(1, Math.floor(wanted.length / 4))) near.push({ e: e, d: d });
        });
        near.sort(function (a, b) { return a.d - b.d || b.e.c - a.e.c; });
      }
      var searchLink = function (e) { // the articles tagged with the entry: its filter, no words
        var s = { q: "", filters: {}, sort: state.sort };
        FACETS.forEach(function (f) { s.filters[f] = f === e.k ? [e.n] : []; });
        return el("a", { href: stateUrl(s), class: "suggestion" }, [isolated(e.n)]);
      };
      var join = function (items) {
        var p = el("span", {});
        items.forEach(function (e, i) { if (i) p.appendChild(document.createTextNode("، ")); p.appendChild(searchLink(e)); });
        return p;
      };
      if (near.length) empty.appendChild(el("p", { id: "search-did-you-mean" }, [S.did_you_mean + " ", join(near.slice(0, 5).map(function (n) { return n.e; }))]));
      var top = all.filter(function (e) { return e.k === "actor" && e.c > 0; }).sort(function (a, b) { return b.c - a.c; }).slice(0, 8);
      if (top.length) empty.appendChild(el("p", { id: "search-top-actors" }, [S.try_actors + " ", join(top)]));
    });
  }

  // Running a search ------------------------------------------------------------
  function readStateWithInput() {
    var s = readState();
    s.q = input.value;
    s.sort = sortBox.value;
    return s;
  }

  function showPage(eng, found, gen) {
    var slots = eng.manifest.titleSlots;
    var start = list.children.length, page = found.articles.slice(start, start + PAGE);
    return Promise.all(page.map(text)).then(function (docs) {
      if (gen !== generation) return;
      docs.forEach(function (doc, i) { list.appendChild(renderArticle(page[i], doc, slots)); });
      more.hidden = list.children.length >= found.articles.length;
      return start;
    });
  }

  // Say which other spellings were searched, when the query names an entry.
  function showSpellings(found) {
    spellingsNote.textContent = "";
    var others = found.alts.filter(function (a) { return !a.own; });
    spellingsNote.hidden = !others.length;
    if (!others.length) return;
    var names = found.named.map(function (e) { return e.n; });
    var parts = S.spellings.split(/(\{name\}|\{spellings\})/);
    parts.forEach(function (part) {
      if (part === "{name}") names.forEach(function (n, i) { if (i) spellingsNote.appendChild(document.createTextNode("، ")); spellingsNote.appendChild(isolated(n)); });
      else if (part === "{spellings}") others.forEach(function (a, i) {
        if (i) spellingsNote.appendChild(document.createTextNode("، "));
        spellingsNote.appendChild(el("q", {}, [isolated(a.text)]));
      });
      else if (part) spellingsNote.appendChild(document.createTextNode(part));
    });
  }

  function run(state) {
    var gen = ++generation;
    input.value = state.q;
    sortBox.value = state.sort;
    if (hasFilters(state) && !filterPanel.open) filterPanel.open = true;
    if (!state.q.trim() && !hasFilters(state)) {
      current = null;
      list.textContent = ""; entityList.textContent = ""; entityBox.hidden = true; more.hidden = true; empty.hidden = true;
      spellingsNote.hidden = true;
      status.textContent = S.hint;
      renderFacets(state, {});
      root.removeAttribute("aria-busy");
      root.dataset.ready = String(gen);
      return Promise.resolve();
    }
    status.textContent = S.searching;
    root.setAttribute("aria-busy", "true");
    // The files of the filters asked for come with the results (find); the panel's counts, which
    // need every filter's file, once the results are on screen (below).
    return load().then(function (eng) {
      if (!eng.pf) return null;
      return find(eng, state).then(function (found) {
        if (gen !== generation || !found) return;
        current = { eng: eng, found: found, gen: gen };
        list.textContent = ""; entityList.textContent = ""; empty.hidden = true; empty.textContent = "";
        renderFacets(state, found.counts);
        var n = found.articles.length;
        showSpellings(found);
        status.textContent = counted(S.count, n) + (found.entities.length ? " · " + counted(S.entity_count, found.entities.length) : "");
        var shownEntities = found.entities.slice(0, 6);
        return Promise.all(shownEntities.map(text)).then(function (docs) {
          if (gen !== generation) return;
          docs.forEach(function (doc, i) { entityList.appendChild(renderEntity(shownEntities[i], doc, eng.manifest.titleSlots)); });
          entityBox.hidden = !docs.length;
          if (!n && !found.entities.length) renderEmpty(state, found.keys, gen);
          return showPage(eng, found, gen);
        }).then(function () {
          if (gen !== generation) return;
          root.dataset.shown = String(gen); // the results are on screen
          // Shown at full strength now; only the filters' counts may still be on their way.
          root.removeAttribute("aria-busy");
          if (found.counted || !filterPanel.open) return;
          filterPanel.setAttribute("aria-busy", "true");
          return loadFacets().then(function () { return find(eng, state); }).then(function (again) {
            if (gen === generation && again) renderFacets(state, again.counts);
          });
        });
      });
    }).catch(function (err) {
      if (gen === generation) status.textContent = S.error;
      throw err;
    }).finally(function () {
      if (gen === generation) {
        root.removeAttribute("aria-busy"); filterPanel.removeAttribute("aria-busy");
        root.dataset.ready = String(gen);
      }
    });
  }

  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { commit(readStateWithInput(), false); }, 250);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    commit(readStateWithInput(), true);
  });
  sortBox.addEventListener("change", function () { commit(readStateWithInput(), true); });
  more.addEventListener("click", function () {
    if (!current) return;
    showPage(current.eng, current.found, current.gen).then(function (start) {
      var next = list.children[start];
      if (next) next.querySelector("a").focus();
    });
  });
  window.addEventListener("popstate", function () { run(readState()); });

  run(readState());
})();
