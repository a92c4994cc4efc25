"""Search over the catalog the way elderly citizens type: without accents, in
capitals, with a typo or two, in everyday words ("giay khai sinh", "cong chung"),
or without spaces ("khaisinh").

Ranking: every query word is matched against the words of each entry's name,
colloquial names, field, documents and summary (exactly, as a prefix, or within one
or two edits), weighted by how rare the word is; words found next to each other,
and a query that is a whole colloquial name, score extra. A "lại" / "bổ sung"
variant ranks below its base procedure unless the query asks for it; among equal
scores the entries with a plain-words guide (curated) come first, and entries with
the same name (published by several provinces) are shown once.

Colloquial words come from forms_catalog/synonyms.yaml (`SearchWords`): phrases
that mean official words ("sổ đỏ" -> "giấy chứng nhận quyền sử dụng đất"), extra
colloquial names per entry, and words that carry no meaning in a query ("tôi muốn").

`lookup()` also says whether the best hit matches well (`confident`): most query
words found in one of its names. When it does not, the lobby says so plainly and
offers the help ticket instead of unrelated results.

Everything that does not depend on the query is computed once, at build time.
"""
from __future__ import annotations

import bisect
import heapq
import math
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache


from kiosk.text import fold

# how much a match in each part of an entry counts
_WEIGHTS = {"name": 1.0, "synonym": 1.0, "field": 0.6, "document": 0.35, "summary": 0.3}
_MAX_PREFIX_WORDS = 40  # a 2-letter prefix may match hundreds of words: keep the most common
_MIN_SCORE = 0.25
_RELATIVE_FLOOR = 0.4
_BONUS_CANDIDATES = 60  # phrase bonuses are weighed for the best base scores only
_DOCUMENT_WORDS = 16  # official documents are long legal sentences: their first words say what they are
_VARIANT_FACTOR = 0.92  # "cấp lại", "đăng ký lại", "bổ sung" below the base procedure
_GUIDE_BONUS = 0.02  # curated entries (and referrals) first among near-equal scores
_STRONG = 0.75  # a query word "found" for the confidence signal: exact, long prefix, one typo
_CONFIDENT_SHARE = 0.6  # share of the query's words one name of the best hit must hold
MAX_RUN = 120  # letters without a space that _segment still splits (a long sentence typed in one run is ~60)
_MIN_SEGMENT_TOKEN = 5  # shorter unknown words are typos, not words typed without spaces


@dataclass(frozen=True)
class SearchHit:
    code: str
    name: str
    score: float
    tier: str = "curated"


@dataclass(frozen=True)
class SearchResult:
    hits: list[SearchHit] = field(default_factory=list)
    confident: bool = False  # the best hit matches the query well


@dataclass(frozen=True)
class SearchWords:
    """Colloquial words of citizens (forms_catalog/synonyms.yaml), folded at build time."""
    phrases: dict[str, str] = field(default_factory=dict)  # colloquial phrase -> official words
    entries: dict[str, list[str]] = field(default_factory=dict)  # code -> extra colloquial names
    ignore: list[str] = field(default_factory=list)  # words with no meaning in a query


def _fast_fold_table() -> dict[int, str | None]:
    """fold() for one character at a time, as a str.translate table (100x faster on long texts)."""
    table: dict[int, str | None] = {}
    for cp in list(range(0x80, 0x250)) + list(range(0x1E00, 0x1F00)):
        ch = chr(cp)
        f = fold(ch)
        table[cp] = f if f else " "
    for cp in range(0x300, 0x370):  # combining accents left by a non-NFC input
        table[cp] = None
    return table


_TABLE = _fast_fold_table()
_NON_WORD = re.compile(r"[^0-9a-z]+")


def fast_fold(text: str) -> str:
    """The same result as kiosk.text.fold for Vietnamese text."""
    return " ".join(_NON_WORD.sub(" ", unicodedata.normalize("NFC", text).lower().translate(_TABLE)).split())


def _head(text: str, chars: int = _DOCUMENT_WORDS * 8) -> str:
    """The first words of a long text (cut at a space), before it is folded."""
    if len(text) <= chars:
        return text
    cut = text.rfind(" ", 0, chars)
    return text[:cut if cut > 0 else chars]


def _is_variant(name: str) -> bool:
    words = unicodedata.normalize("NFC", name).lower()
    return bool(re.search(r"(?<!\w)lại(?!\w)|bổ sung", words))


class SearchIndex:
    def __init__(self, entries, words: SearchWords | None = None):
        words = words or SearchWords()
        self._procs = list(entries)
        self._tiers = [getattr(p, "tier", "curated") for p in self._procs]
        self._variant = [_is_variant(p.name) for p in self._procs]
        self._names = [fast_fold(p.name) for p in self._procs]
        self._ignore = frozenset(fast_fold(w) for w in words.ignore)
        self._expansions = sorted(((fast_fold(k), fast_fold(v)) for k, v in words.phrases.items() if fast_fold(k)),
                                  key=lambda kv: -len(kv[0]))
        best: dict[str, dict[int, float]] = defaultdict(dict)  # word -> entry -> best weight
        bigrams: dict[tuple[str, str], dict[int, float]] = defaultdict(dict)  # adjacent words -> entry -> weight
        self._phrases: list[list[tuple[str, list[str], float]]] = []  # per entry: names and colloquial names
        for i, p in enumerate(self._procs):
            parts = [("name", p.name), ("name", p.short_name), ("field", p.field), ("summary", p.summary)]
            parts += [("synonym", s) for s in p.synonyms]
            parts += [("synonym", s) for s in words.entries.get(p.code, ())]
            if getattr(p, "office", ""):
                parts.append(("summary", p.office))
            docs = [("document", _head(d.name)) for d in p.required_documents]
            phrases = []
            mine: dict[str, float] = {}
            pairs: dict[tuple[str, str], float] = {}
            for kind, text in parts + docs:
                ws = fast_fold(text).split()
                if kind == "document":
                    ws = ws[:_DOCUMENT_WORDS]
                weight = _WEIGHTS[kind]
                if kind in ("name", "synonym") and ws:
                    meant = [w for w in ws if w not in self._ignore] or ws  # "làm sổ đỏ" is "sổ đỏ"
                    phrases.append((" ".join(meant), meant, weight))
                for w in ws:
                    if weight > mine.get(w, 0.0):
                        mine[w] = weight
                for pair in zip(ws, ws[1:]):
                    if weight > pairs.get(pair, 0.0):
                        pairs[pair] = weight
            for w, weight in mine.items():
                best[w][i] = weight
            for pair, weight in pairs.items():
                bigrams[pair][i] = weight
            self._phrases.append(phrases)
        self._best = dict(best)
        self._bigrams = dict(bigrams)
        n = max(len(self._procs), 1)
        self._idf = {w: math.log(1 + n / len(d)) for w, d in best.items()}
        self._sorted = sorted(best)
        self._vocab = frozenset(best)
        self._max_word = max((len(w) for w in best), default=1)
        self._by_len: dict[int, list[str]] = defaultdict(list)
        for w in self._sorted:
            self._by_len[len(w)].append(w)
        self._make_caches()

    def _make_caches(self) -> None:
        self._candidates = lru_cache(maxsize=4096)(self._find_candidates)
        self._token_scores = lru_cache(maxsize=1024)(self._score_token)
        self._segments = lru_cache(maxsize=1024)(self._segment)

    def clear_caches(self) -> None:
        """Forget every query word seen (bench: each round starts cold)."""
        self._make_caches()

    # kept in the catalog cache (loader.py): the per-query caches are not
    def __getstate__(self):
        return {k: v for k, v in self.__dict__.items() if k not in ("_candidates", "_token_scores", "_segments")}

    def __setstate__(self, state):
        self.__dict__.update(state)
        self._make_caches()

    def __len__(self) -> int:
        return len(self._procs)

    # --- query words ---

    def _find_candidates(self, token: str) -> tuple[tuple[str, float], ...]:
        """Vocabulary words a query word may mean, with a similarity in (0, 1]."""
        out: dict[str, float] = {}
        if token in self._best:
            out[token] = 1.0
        if len(token) >= 1:  # one letter: the last word of "chung t" while typing
            lo = bisect.bisect_left(self._sorted, token)
            hi = bisect.bisect_left(self._sorted, token + "\x7f")
            prefixed = [w for w in self._sorted[lo:hi] if w != token]
            prefixed.sort(key=lambda w: -len(self._best[w]))
            for w in prefixed[:_MAX_PREFIX_WORDS]:
                out[w] = 0.55 + 0.35 * len(token) / len(w)
        max_edits = 2 if len(token) >= 7 else 1 if len(token) >= 4 else 0
        if max_edits:
            from rapidfuzz import process  # imported on the first typo, not by every process that loads the index
            from rapidfuzz.distance import OSA  # edit distance where a swap of two letters counts as one
            pool = [w for L in range(len(token) - max_edits, len(token) + max_edits + 1)
                    for w in self._by_len.get(L, ())]
            for w, dist, _ in process.extract(token, pool, scorer=OSA.distance,
                                              score_cutoff=max_edits, limit=None):
                if w not in out:
                    out[w] = 0.8 if dist == 1 else 0.6
        return tuple(out.items())

    def _segment(self, token: str) -> tuple[str, ...] | None:
        """A word typed without spaces ("dangkykethon") as vocabulary words ("dang ky ket hon"):
        among the splits into the fewest words (the last may be cut short while typing), the one
        whose neighbouring words most often stand together in the catalog. None: no split.
        A run longer than MAX_RUN letters is no one's typing (a stuck key, a scanner): not split,
        as splitting recurses once per word."""
        n = len(token)
        if n > MAX_RUN:
            return None

        @lru_cache(maxsize=None)
        def splits(i: int) -> tuple[int, tuple[tuple[str, ...], ...]]:
            """(fewest words, up to 16 such splits) of token[i:]."""
            if i == n:
                return 0, ((),)
            best, found = None, []
            for j in range(i + 1, min(n, i + self._max_word) + 1):
                piece = token[i:j]
                whole = piece in self._vocab and (len(piece) >= 2 or j < n)
                if not (whole or (j == n and self._has_prefix(piece))):
                    continue
                count, rests = splits(j)
                if count is None:
                    continue
                if best is None or count + 1 < best:
                    best, found = count + 1, []
                if count + 1 == best:
                    found.extend((piece, *rest) for rest in rests[:16 - len(found)])
            return best, tuple(found)

        count, found = splits(0)
        if count is None or count < 2:
            return None
        return max(found, key=lambda ws: (sum(len(self._bigrams.get(p, ())) for p in zip(ws, ws[1:])),
                                          sum(len(self._best.get(w, ())) for w in ws)))

    def _has_prefix(self, piece: str) -> bool:
        k = bisect.bisect_left(self._sorted, piece)
        return k < len(self._sorted) and self._sorted[k].startswith(piece)

    def _tokens(self, folded: str) -> list[str]:
        out = []
        for t in folded.split():
            if t not in self._vocab and len(t) >= _MIN_SEGMENT_TOKEN:
                pieces = self._segments(t)
                if pieces:
                    out.extend(pieces)
                    continue
            out.append(t)
        meaningful = [t for t in out if t not in self._ignore]
        return meaningful or out

    def _score_token(self, token: str) -> tuple[dict[int, float], float]:
        """(entry -> best weighted similarity, idf) for one query word."""
        cands = self._candidates(token)
        scores: dict[int, float] = {}
        for w, sim in cands:
            for proc, weight in self._best[w].items():
                s = sim * weight
                if s > scores.get(proc, 0.0):
                    scores[proc] = s
        idf = max((self._idf[w] for w, _ in cands), default=math.log(2))
        return scores, idf

    # --- scoring ---

    def _scores(self, tokens: list[str]) -> dict[int, float]:
        per_token = [self._token_scores(t) for t in tokens]
        total_idf = sum(idf for _, idf in per_token) or 1.0
        scores: dict[int, float] = defaultdict(float)
        for token_scores, idf in per_token:
            share = idf / total_idf
            for proc, s in token_scores.items():
                scores[proc] += s * share
        # neighbouring query words found next to each other in the same text
        n = len(tokens)
        for t in range(n - 1):
            adjacent: dict[int, float] = {}
            for a, _ in self._candidates(tokens[t]):
                for b, _ in self._candidates(tokens[t + 1]):
                    for proc, weight in self._bigrams.get((a, b), {}).items():
                        adjacent[proc] = max(adjacent.get(proc, 0.0), weight)
            for proc, weight in adjacent.items():
                scores[proc] += 0.15 * weight / (n - 1)
        # the whole query is (part of) a name or a colloquial name; names the query
        # covers more fully ("nhận cha mẹ con" over "khai sinh kết hợp nhận cha, mẹ, con") win
        folded = " ".join(tokens)
        query_words = set(tokens)
        asks_variant = "lai" in query_words or {"bo", "sung"} <= query_words
        contenders = heapq.nlargest(_BONUS_CANDIDATES, scores, key=scores.__getitem__)
        for proc in contenders:
            bonus = 0.0
            for text, words, weight in self._phrases[proc]:
                if len(folded) >= 4 and folded == text:
                    bonus = max(bonus, 0.6 * weight)
                elif len(folded) >= 4 and folded in text:
                    bonus = max(bonus, 0.4 * weight * len(folded) / len(text))
                covered = len(query_words.intersection(words))
                bonus = max(bonus, 0.3 * weight * covered / len(words))
            scores[proc] += bonus
            if self._variant[proc] and not asks_variant:
                scores[proc] *= _VARIANT_FACTOR
            if self._tiers[proc] != "official":
                scores[proc] += _GUIDE_BONUS
        return scores

    def _quality(self, proc: int, tokens: list[str]) -> float:
        """Share of the query's words that one name (or colloquial name) of the entry holds; with
        several words, two of them must stand next to each other there ("máy bay" is not a match
        for a name holding "máy" and "bày" apart)."""
        n, last = len(tokens), tokens[-1]
        typing = len(last) >= 2 or n > 1  # the last word may still be being typed: words it begins count
        found_as, exact_as = [], []
        for k, t in enumerate(tokens):
            words, exact = set(), set()
            # one slipped letter beside an exact word ("khai sjnh"), keeping the first letter
            slip = n == 2 and len(t) >= 4 and tokens[1 - k] in self._vocab
            for w, sim in self._candidates(t):
                if w == t:
                    exact.add(w)
                if w == t or (w.startswith(t) and sim >= _STRONG) or (sim >= 0.8 and n > 2) \
                        or (sim >= 0.8 and slip and w[0] == t[0]):
                    words.add(w)  # otherwise a typo counts only among two other words: "bong da" is not "đồng đã"
            found_as.append(words)
            exact_as.append(exact)
        best = 0.0
        for _text, words, _weight in self._phrases[proc]:
            positions = [[j for j, w in enumerate(words) if w in s] for s in found_as]
            if typing:
                positions[-1] = [j for j, w in enumerate(words) if w in found_as[-1] or w.startswith(last)]
            share = sum(1 for p in positions if p) / n
            exact = sum(1 for s in exact_as if s & set(words))
            if n >= 2 and (exact * 2 < n or not any(j + 1 in positions[i + 1]
                                                     for i in range(n - 1) for j in positions[i])):
                share = min(share, 0.5)  # mostly guessed words, or none next to each other
            best = max(best, share)
        return best

    def _query_forms(self, query: str) -> list[list[str]]:
        """The query's words, and the same with colloquial phrases replaced by official words."""
        folded = fast_fold(query)
        if not folded:
            return []
        forms = [self._tokens(folded)]
        padded = f" {folded} "
        for colloquial, official in self._expansions:
            if f" {colloquial} " in padded:
                padded = padded.replace(f" {colloquial} ", f" {official} ")
        if padded.strip() != folded:
            forms.append(self._tokens(padded.strip()))
        return forms

    def lookup(self, query: str, limit: int = 10) -> SearchResult:
        """The best entries for `query`, and whether the best one matches it well."""
        forms = self._query_forms(query)
        if not forms:
            return SearchResult()
        scores: dict[int, float] = {}
        form_of: dict[int, int] = {}
        for k, tokens in enumerate(forms):
            for proc, s in self._scores(tokens).items():
                if s > scores.get(proc, 0.0):
                    scores[proc], form_of[proc] = s, k
        if not scores:
            return SearchResult()
        # the best few only (sorting every scored entry costs more than the rest of a keystroke);
        # enough to skip the same procedure published by several provinces
        ranked = heapq.nlargest(limit * 4 + 16, scores.items(), key=lambda kv: (kv[1], -kv[0]))
        # far weaker matches than the best one only distract an elderly reader
        floor = max(_MIN_SCORE, _RELATIVE_FLOOR * ranked[0][1])
        hits, seen = [], set()
        for i, s in ranked:
            if s < floor or len(hits) >= limit:
                break
            if self._names[i] in seen:  # the same procedure published by several provinces
                continue
            seen.add(self._names[i])
            p = self._procs[i]
            hits.append(SearchHit(p.code, p.name, round(s, 3), self._tiers[i]))
        top = ranked[0][0]
        confident = self._quality(top, forms[form_of[top]]) >= _CONFIDENT_SHARE
        return SearchResult(hits, confident)

    def search(self, query: str, limit: int = 10) -> list[SearchHit]:
        return self.lookup(query, limit).hits
