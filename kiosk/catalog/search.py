"""Search over the catalog the way elderly citizens type: without accents, in
capitals, with a typo or two, in everyday words ("giay khai sinh", "cong chung").

Ranking: every query word is matched against the words of each procedure's
name, colloquial names, field, documents and summary (exactly, as a prefix, or
within one or two edits), weighted by how rare the word is; words found next to
each other, and a query that is a whole colloquial name, score extra.
Everything that does not depend on the query is computed once, at build time.
"""
from __future__ import annotations

import bisect
import math
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA  # edit distance where a swap of two letters counts as one

from kiosk.catalog.schema import Procedure
from kiosk.text import fold

# how much a match in each part of a procedure counts
_WEIGHTS = {"name": 1.0, "synonym": 1.0, "field": 0.6, "document": 0.35, "summary": 0.3}
_MAX_PREFIX_WORDS = 40  # a 2-letter prefix may match hundreds of words: keep the most common
_MIN_SCORE = 0.25
_RELATIVE_FLOOR = 0.4
_BONUS_CANDIDATES = 60  # phrase bonuses are weighed for the best base scores only


@dataclass(frozen=True)
class SearchHit:
    code: str
    name: str
    score: float


class SearchIndex:
    def __init__(self, procedures: list[Procedure]):
        self._procs = list(procedures)
        best: dict[str, dict[int, float]] = defaultdict(dict)  # word -> proc -> best weight
        bigrams: dict[tuple[str, str], dict[int, float]] = defaultdict(dict)  # adjacent words -> proc -> weight
        self._phrases: list[list[tuple[str, list[str], float]]] = []  # per proc: names and colloquial names
        for i, p in enumerate(self._procs):
            parts = [("name", p.name), ("name", p.short_name), ("field", p.field), ("summary", p.summary)]
            parts += [("synonym", s) for s in p.synonyms]
            parts += [("document", d.name) for d in p.required_documents]
            phrases = []
            for kind, text in parts:
                words = fold(text).split()
                weight = _WEIGHTS[kind]
                if kind in ("name", "synonym") and words:
                    phrases.append((" ".join(words), words, weight))
                for w in words:
                    if weight > best[w].get(i, 0.0):
                        best[w][i] = weight
                for a, b in zip(words, words[1:]):
                    if weight > bigrams[(a, b)].get(i, 0.0):
                        bigrams[(a, b)][i] = weight
            self._phrases.append(phrases)
        self._best = dict(best)
        self._bigrams = dict(bigrams)
        n = max(len(self._procs), 1)
        self._idf = {w: math.log(1 + n / len(d)) for w, d in best.items()}
        self._sorted = sorted(best)
        self._by_len: dict[int, list[str]] = defaultdict(list)
        for w in self._sorted:
            self._by_len[len(w)].append(w)
        self._candidates = lru_cache(maxsize=4096)(self._find_candidates)
        self._token_scores = lru_cache(maxsize=1024)(self._score_token)

    def __len__(self) -> int:
        return len(self._procs)

    def _find_candidates(self, token: str) -> tuple[tuple[str, float], ...]:
        """Vocabulary words a query word may mean, with a similarity in (0, 1]."""
        out: dict[str, float] = {}
        if token in self._best:
            out[token] = 1.0
        if len(token) >= 2:
            lo = bisect.bisect_left(self._sorted, token)
            hi = bisect.bisect_left(self._sorted, token + "\x7f")
            prefixed = [w for w in self._sorted[lo:hi] if w != token]
            prefixed.sort(key=lambda w: -len(self._best[w]))
            for w in prefixed[:_MAX_PREFIX_WORDS]:
                out[w] = 0.55 + 0.35 * len(token) / len(w)
        max_edits = 2 if len(token) >= 7 else 1 if len(token) >= 4 else 0
        if max_edits:
            pool = [w for L in range(len(token) - max_edits, len(token) + max_edits + 1)
                    for w in self._by_len.get(L, ())]
            for w, dist, _ in process.extract(token, pool, scorer=OSA.distance,
                                              score_cutoff=max_edits, limit=None):
                if w not in out:
                    out[w] = 0.8 if dist == 1 else 0.6
        return tuple(out.items())

    def _score_token(self, token: str) -> tuple[dict[int, float], float]:
        """(proc -> best weighted similarity, idf) for one query word."""
        cands = self._candidates(token)
        scores: dict[int, float] = {}
        for w, sim in cands:
            for proc, weight in self._best[w].items():
                s = sim * weight
                if s > scores.get(proc, 0.0):
                    scores[proc] = s
        idf = max((self._idf[w] for w, _ in cands), default=math.log(2))
        return scores, idf

    def search(self, query: str, limit: int = 10) -> list[SearchHit]:
        tokens = fold(query).split()
        if not tokens:
            return []
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
        contenders = sorted(scores, key=scores.get, reverse=True)[:_BONUS_CANDIDATES]
        for proc in contenders:
            bonus = 0.0
            for text, words, weight in self._phrases[proc]:
                if len(folded) >= 4 and folded == text:
                    bonus = max(bonus, 0.6 * weight)
                elif len(folded) >= 4 and folded in text:
                    bonus = max(bonus, 0.4 * weight * len(folded) / len(text))
                covered = sum(1 for w in words if w in query_words)
                bonus = max(bonus, 0.3 * weight * covered / len(words))
            scores[proc] += bonus
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], self._procs[kv[0]].short_name))
        if not ranked:
            return []
        # far weaker matches than the best one only distract an elderly reader
        floor = max(_MIN_SCORE, _RELATIVE_FLOOR * ranked[0][1])
        return [SearchHit(self._procs[i].code, self._procs[i].name, round(s, 3))
                for i, s in ranked[:limit] if s >= floor]
