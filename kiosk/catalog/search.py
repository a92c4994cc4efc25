"""Search over the catalog the way elderly citizens type: without accents, in
capitals, with a typo or two, in everyday words ("giay khai sinh", "cong chung").

Ranking: every query word is matched against the words of each procedure's
name, colloquial names, field, documents and summary (exactly, as a prefix, or
within one or two edits), weighted by how rare the word is; words found next to
each other, and a query that is a whole colloquial name, score extra.
"""
from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from kiosk.catalog.schema import Procedure
from kiosk.text import fold

# how much a match in each part of a procedure counts
_WEIGHTS = {"name": 1.0, "synonym": 1.0, "field": 0.6, "document": 0.35, "summary": 0.3}


@dataclass(frozen=True)
class SearchHit:
    code: str
    name: str
    score: float


class SearchIndex:
    def __init__(self, procedures: list[Procedure]):
        self._procs = list(procedures)
        # postings: word -> list of (proc index, weight, text id, position)
        self._postings: dict[str, list[tuple[int, float, int, int]]] = defaultdict(list)
        self._phrases: list[list[tuple[str, float]]] = []  # per proc: (folded text, weight) of names
        text_id = 0
        df: dict[str, set[int]] = defaultdict(set)
        for i, p in enumerate(self._procs):
            parts = [("name", p.name), ("name", p.short_name), ("field", p.field), ("summary", p.summary)]
            parts += [("synonym", s) for s in p.synonyms]
            parts += [("document", d.name) for d in p.required_documents]
            phrases = []
            for kind, text in parts:
                words = fold(text).split()
                if kind in ("name", "synonym"):
                    phrases.append((" ".join(words), _WEIGHTS[kind]))
                for pos, w in enumerate(words):
                    self._postings[w].append((i, _WEIGHTS[kind], text_id, pos))
                    df[w].add(i)
                text_id += 1
            self._phrases.append(phrases)
        n = max(len(self._procs), 1)
        self._idf = {w: math.log(1 + n / len(s)) for w, s in df.items()}
        self._vocab = list(self._postings)
        self._by_len: dict[int, list[str]] = defaultdict(list)
        for w in self._vocab:
            self._by_len[len(w)].append(w)

    def __len__(self) -> int:
        return len(self._procs)

    def _candidates(self, token: str) -> dict[str, float]:
        """Vocabulary words a query word may mean, with a similarity in (0, 1]."""
        out: dict[str, float] = {}
        if token in self._postings:
            out[token] = 1.0
        if len(token) >= 2:
            for w in self._vocab:
                if w != token and w.startswith(token):
                    out[w] = max(out.get(w, 0), 0.55 + 0.35 * len(token) / len(w))
        max_edits = 2 if len(token) >= 7 else 1 if len(token) >= 4 else 0
        if max_edits:
            pool = [w for L in range(len(token) - max_edits, len(token) + max_edits + 1)
                    for w in self._by_len.get(L, ())]
            for w, dist, _ in process.extract(token, pool, scorer=Levenshtein.distance,
                                              score_cutoff=max_edits, limit=None):
                if w not in out:
                    out[w] = 0.8 if dist == 1 else 0.6
        return out

    def search(self, query: str, limit: int = 10) -> list[SearchHit]:
        tokens = fold(query).split()
        if not tokens:
            return []
        n = len(tokens)
        best = [defaultdict(float) for _ in range(n)]  # per token: proc -> best weighted similarity
        where = [defaultdict(set) for _ in range(n)]  # per token: (proc, text id) -> positions
        idf_q = []
        for t, token in enumerate(tokens):
            cands = self._candidates(token)
            idf_q.append(max((self._idf[w] for w in cands), default=math.log(2)))
            for w, sim in cands.items():
                for proc, weight, tid, pos in self._postings[w]:
                    s = sim * weight
                    if s > best[t][proc]:
                        best[t][proc] = s
                    where[t][(proc, tid)].add(pos)
        total_idf = sum(idf_q) or 1.0
        scores: dict[int, float] = defaultdict(float)
        for t in range(n):
            for proc, s in best[t].items():
                scores[proc] += s * idf_q[t] / total_idf
        # neighbouring query words found next to each other in the same text
        for t in range(n - 1):
            adjacent = {key[0] for key, positions in where[t].items()
                        if (nxt := where[t + 1].get(key)) and any(p + 1 in nxt for p in positions)}
            for proc in adjacent:
                scores[proc] += 0.15 / (n - 1)
        # the whole query is (part of) a name or a colloquial name
        folded = " ".join(tokens)
        if len(folded) >= 4:
            for proc in list(scores):
                bonus = 0.0
                for text, weight in self._phrases[proc]:
                    if folded == text:
                        bonus = max(bonus, 0.6 * weight)
                    elif folded in text:
                        bonus = max(bonus, 0.4 * weight * len(folded) / len(text))
                scores[proc] += bonus
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], self._procs[kv[0]].short_name))
        cutoff = 0.25
        return [SearchHit(self._procs[i].code, self._procs[i].name, round(s, 3))
                for i, s in ranked[:limit] if s >= cutoff]
