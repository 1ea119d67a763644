"""Generate the benchmark corpus: varied French IT contracts, as .docx and .txt, from the samples."""

from __future__ import annotations

import math
import random
import re
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from common import SAMPLES

# --- corpus ----------------------------------------------------------------------------------


@dataclass
class Article:
    title: str
    paragraphs: list[str]
    subs: list[tuple[str, list[str]]] = field(default_factory=list)

    def words(self) -> int:
        texts = [self.title, *self.paragraphs, *(t for t, _ in self.subs), *(p for _, ps in self.subs for p in ps)]
        return sum(len(t.split()) for t in texts)


@dataclass
class Draft:
    title: str
    preamble: list[str]
    articles: list[Article]

    def words(self) -> int:
        head = len(self.title.split()) + sum(len(p.split()) for p in self.preamble)
        return head + sum(a.words() for a in self.articles)


def load_sources(folder: Path) -> list[Draft]:
    """The samples as clausecheck reads them, regrouped into articles and their sub-clauses."""
    from clausecheck.engine.source import read_contract
    from clausecheck.read import READERS

    drafts = []
    for path in sorted(p for p in folder.iterdir() if p.suffix.lower() in READERS):
        contract = read_contract(path)
        preamble: list[str] = []
        articles: list[Article] = []
        for clause in contract.clauses:
            lines = [line for line in clause.text.split("\n") if line.strip()]
            if clause.number is None and not articles:
                preamble.extend(lines)
            elif clause.parent is not None and articles:
                articles[-1].subs.append((clause.title, lines))
            else:
                articles.append(Article(clause.title, lines))
        drafts.append(Draft(contract.title, preamble, articles))
    return drafts


_NUMBER_WORDS = {
    2: "deux",
    3: "trois",
    5: "cinq",
    6: "six",
    8: "huit",
    10: "dix",
    12: "douze",
    15: "quinze",
    18: "dix-huit",
    20: "vingt",
    24: "vingt-quatre",
    30: "trente",
    36: "trente-six",
    45: "quarante-cinq",
    48: "quarante-huit",
    60: "soixante",
    72: "soixante-douze",
    90: "quatre-vingt-dix",
}
_WORD_NUMBERS = {word: n for n, word in _NUMBER_WORDS.items()}
_DURATIONS = {
    "mois": (2, 3, 6, 12, 18, 24, 36, 48, 60),
    "jours": (5, 8, 10, 15, 30, 45, 60, 90),
    "heures": (2, 8, 24, 48, 72),
    "ans": (2, 3, 5, 10),
    "années": (2, 3, 5, 10),
    "semaines": (2, 3, 6, 8),
}
_DURATION = re.compile(r"\b([a-zà-ÿ]+(?:-[a-zà-ÿ]+)*) \((\d{1,3})\) (mois|jours|heures|ans|années|semaines)\b")
_AMOUNT = re.compile(r"\b\d{1,3}(?:[ \u00a0\u202f]\d{3})*(?=\s?€)")
_PERCENT = re.compile(r"\b(\d{1,3}) ?%")
_COMPANY = re.compile(r"(soci[ée]t[ée]\s+)([A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ0-9'’&\- ]+?)(,)")
_PERSON = re.compile(r"\b(M\.|Mme) [A-ZÀ-Ý][a-zà-ÿ\-]+ [A-ZÀ-Ý][a-zà-ÿ\-]+")
_COMPANY_HEADS = ("ALTIS", "BRENNOR", "CALYPSO", "DORIA", "ÉOLE", "FERVAL", "GRANITE", "HÉLIADE", "IROISE", "JURA")
_COMPANY_TAILS = ("INFORMATIQUE", "CONSEIL", "SYSTÈMES", "LOGISTIQUE", "SANTÉ", "TRANSPORTS", "NUMÉRIQUE", "INDUSTRIE")
_MEN = ("Julien", "Marc", "Thomas", "Nicolas", "Olivier", "Pierre")
_WOMEN = ("Claire", "Sophie", "Camille", "Isabelle", "Nathalie", "Julie")
_SURNAMES = ("Ferrand", "Morel", "Lambert", "Girard", "Bonnet", "Roux", "Fontaine", "Chevalier", "Perrin", "Mercier")


class Varier:
    """Rewrites the facts of a clause (who, how much, how long) and leaves its wording alone."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def text(self, text: str) -> str:
        text = _DURATION.sub(self._duration, text)
        text = _AMOUNT.sub(self._amount, text)
        return _PERCENT.sub(self._percent, text)

    def parties(self, text: str) -> str:
        text = _COMPANY.sub(lambda m: f"{m.group(1)}{self._company()}{m.group(3)}", text)
        return _PERSON.sub(self._person, text)

    def article(self, article: Article) -> Article:
        return Article(
            article.title,
            [self.text(p) for p in article.paragraphs],
            [(title, [self.text(p) for p in body]) for title, body in article.subs],
        )

    def _duration(self, match: re.Match[str]) -> str:
        if match.group(1) not in _WORD_NUMBERS:
            return match.group(0)  # "délai (30) jours" and the like: not a number spelled out
        n = self.rng.choice(_DURATIONS[match.group(3)])
        return f"{_NUMBER_WORDS[n]} ({n}) {match.group(3)}"

    def _amount(self, match: re.Match[str]) -> str:
        value = int(re.sub(r"\D", "", match.group(0)))
        scaled = max(1, round(value * self.rng.uniform(0.5, 2.0), -1 if value >= 100 else 0))
        return f"{int(scaled):,}".replace(",", " ")

    def _percent(self, match: re.Match[str]) -> str:
        if int(match.group(1)) > 100:
            return match.group(0)
        return f"{self.rng.choice((10, 20, 25, 30, 50, 75, 100))} %"

    def _company(self) -> str:
        return f"{self.rng.choice(_COMPANY_HEADS)} {self.rng.choice(_COMPANY_TAILS)}"

    def _person(self, match: re.Match[str]) -> str:
        first = self.rng.choice(_MEN if match.group(1) == "M." else _WOMEN)
        return f"{match.group(1)} {first} {self.rng.choice(_SURNAMES)}"


def build_draft(rng: random.Random, sources: Sequence[Draft], target_words: int) -> Draft:
    """One of the samples, varied, grown with articles borrowed from all samples to ``target_words``.

    The closing article (applicable law) stays last and the first (purpose) first, as in a
    real contract; borrowed articles land anywhere between, and two neighbours may swap.
    """
    varier = Varier(rng)
    base = rng.choice(sources)
    pool = [a for s in sources for a in s.articles[1:-1]]
    middle = [varier.article(a) for a in base.articles[1:-1]]
    draft = Draft(
        varier.text(base.title),
        [varier.parties(varier.text(p)) for p in base.preamble],
        [varier.article(base.articles[0]), *middle, varier.article(base.articles[-1])],
    )
    words = draft.words()
    while words < target_words:
        extra = varier.article(rng.choice(pool))
        middle.insert(rng.randint(0, len(middle)), extra)
        words += extra.words()
    for _ in range(rng.randint(0, 2)):
        if len(middle) > 1:
            i = rng.randrange(len(middle) - 1)
            middle[i], middle[i + 1] = middle[i + 1], middle[i]
    draft.articles = [draft.articles[0], *middle, draft.articles[-1]]
    return draft


def write_docx(draft: Draft, path: Path, styled: bool) -> None:
    """Headings as Word styles, or as bold typed "Article N –" lines: both occur in the wild."""
    import docx

    document = docx.Document()
    document.add_paragraph(draft.title, style="Title")
    for paragraph in draft.preamble:
        document.add_paragraph(paragraph)
    for n, article in enumerate(draft.articles, start=1):
        _docx_heading(document, f"Article {n} – {article.title}", 1, styled)
        for paragraph in article.paragraphs:
            document.add_paragraph(paragraph)
        for s, (title, body) in enumerate(article.subs, start=1):
            _docx_heading(document, f"{n}.{s} {title}", 2, styled)
            for paragraph in body:
                document.add_paragraph(paragraph)
    document.save(str(path))


def _docx_heading(document: Any, text: str, level: int, styled: bool) -> None:
    if styled:
        document.add_heading(text, level=level)
    else:
        document.add_paragraph().add_run(text).bold = True


def write_txt(draft: Draft, path: Path) -> None:
    lines = [draft.title, *draft.preamble]
    for n, article in enumerate(draft.articles, start=1):
        lines += [f"Article {n} – {article.title}", *article.paragraphs]
        for s, (title, body) in enumerate(article.subs, start=1):
            lines += [f"{n}.{s} {title}", *body]
    path.write_text("\n\n".join(lines) + "\n", encoding="utf-8")


def write_draft(draft: Draft, path_stem: Path, rng: random.Random) -> Path:
    """Two thirds Word (half styled), one third plain text."""
    roll = rng.random()
    if roll < 1 / 3:
        path = path_stem.with_suffix(".txt")
        write_txt(draft, path)
    else:
        path = path_stem.with_suffix(".docx")
        write_docx(draft, path, styled=roll < 2 / 3)
    return path


def document_sizes(rng: random.Random, docs: int, words: int) -> list[int]:
    """Contract lengths spread like a real batch (a few long ones), summing to about ``words``."""
    mean = words / docs
    raw = [min(max(rng.lognormvariate(math.log(mean) - 0.125, 0.5), 700), 4 * mean) for _ in range(docs)]
    scale = words / sum(raw)
    return [max(700, round(r * scale)) for r in raw]


def make_corpus(folder: Path, rng: random.Random, sources: Sequence[Draft], docs: int, words: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    originals = sorted(p for p in SAMPLES.iterdir() if p.is_file())
    paths = []
    for i, size in enumerate(document_sizes(rng, docs, words)):
        if i % 25 == 0:  # one in 25: a sample as shipped, PDF included
            source = originals[(i // 25) % len(originals)]
            paths.append(Path(shutil.copy(source, folder / f"{i:04d}-{source.name}")))
        else:
            paths.append(write_draft(build_draft(rng, sources, size), folder / f"{i:04d}-contrat", rng))
    return paths


def make_short_variants(folder: Path, rng: random.Random, sources: Sequence[Draft], count: int) -> list[Path]:
    """Short contracts (a sample's title, parties, first and last articles and three others,
    ~450 words): a thousand documents in a few minutes."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        draft = build_draft(rng, sources, 0)
        middle = draft.articles[1:-1]
        kept = sorted(rng.sample(range(len(middle)), min(3, len(middle))))
        draft.articles = [draft.articles[0], *(middle[k] for k in kept), draft.articles[-1]]
        paths.append(write_draft(draft, folder / f"{i:04d}-contrat", rng))
    return paths
