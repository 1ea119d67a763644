"""read_docx on real .docx files built here with python-docx, with raw WordprocessingML
injected where python-docx has no API (numbering, tracked changes, fields)."""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

import docx
import pytest
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from clausecheck.engine.source import read_contract
from clausecheck.model.document import Block
from clausecheck.model.errors import ReadError
from clausecheck.read import read_blocks

W_NS = nsdecls("w")


def read_docx(path: Path) -> list[Block]:
    """A saved draft's blocks, read from its bytes as the checker reads them."""
    return read_blocks(path.name, path.read_bytes())


# --- builders ----------------------------------------------------------------------------


def _save(document: DocxDocument, tmp_path: Path, name: str = "contrat.docx") -> Path:
    path = tmp_path / name
    document.save(str(path))
    return path


def _level(ilvl: int, text: str, fmt: str = "decimal", start: int = 1, extra: str = "") -> str:
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>{extra}'
        f'<w:lvlText w:val="{text}"/></w:lvl>'
    )


def _add_numbering(
    document: DocxDocument, abstract_id: int, levels: list[str], nums: dict[int, str] | None = None
) -> None:
    """Add an abstractNum and its w:num elements ({numId: overrides xml}) to numbering.xml."""
    numbering = document.part.numbering_part.element
    abstract = parse_xml(f'<w:abstractNum {W_NS} w:abstractNumId="{abstract_id}">{"".join(levels)}</w:abstractNum>')
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)  # schema order: abstractNum elements before num
    else:
        numbering.append(abstract)
    for num_id, overrides in (nums or {abstract_id: ""}).items():
        numbering.append(
            parse_xml(f'<w:num {W_NS} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>{overrides}</w:num>')
        )


def _numbered(document: DocxDocument, text: str, num_id: int, ilvl: int = 0, style: str | None = None) -> None:
    paragraph = document.add_paragraph(text, style=style)
    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = ilvl
    num_pr.get_or_add_numId().val = num_id


def _raw_paragraph(document: DocxDocument, inner_xml: str, ppr: str = "") -> None:
    """Append a w:p written by hand (tracked changes, fields), before the section properties."""
    document.element.body.sectPr.addprevious(parse_xml(f"<w:p {W_NS}>{ppr}{inner_xml}</w:p>"))


def _run(text: str, extra_rpr: str = "") -> str:
    return f'<w:r><w:rPr>{extra_rpr}</w:rPr><w:t xml:space="preserve">{text}</w:t></w:r>'


def _rewrite_member(path: Path, member: str, data: bytes) -> None:
    """Replace one member of a saved .docx (other members copied unchanged)."""
    with zipfile.ZipFile(path) as source:
        items = [(info, source.read(info)) for info in source.infolist() if info.filename != member]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, content in items:
            target.writestr(info, content)
        target.writestr(member, data)


def _texts(path: Path) -> list[str]:
    return [block.text for block in read_docx(path)]


ARTICLE_LEVELS = [_level(0, "Article %1 \u2013"), _level(1, "%1.%2")]


# --- automatic numbering ---------------------------------------------------------------------


def test_read_docx_article_numbering_counts_headings_and_keeps_label_out_of_text(tmp_path: Path) -> None:
    document = docx.Document()
    _add_numbering(document, 90, ARTICLE_LEVELS)
    for n in range(1, 10):
        _numbered(document, f"Titre {n}", 90, 0, style="Heading 1")
        if n == 9:
            _numbered(document, "Résiliation pour manquement", 90, 1)
            _numbered(document, "Résiliation anticipée", 90, 1)
    blocks = read_docx(_save(document, tmp_path))
    assert [b.label for b in blocks][-3:] == ["Article 9 \u2013", "9.1", "9.2"]
    assert blocks[0].label == "Article 1 \u2013" and blocks[0].text == "Titre 1"
    assert blocks[-1].text == "Résiliation anticipée"


def test_read_docx_sub_level_restarts_after_new_article(tmp_path: Path) -> None:
    document = docx.Document()
    _add_numbering(document, 90, ARTICLE_LEVELS)
    for text, ilvl in [("Objet", 0), ("a", 1), ("b", 1), ("Durée", 0), ("c", 1)]:
        _numbered(document, text, 90, ilvl)
    assert [b.label for b in read_docx(_save(document, tmp_path))] == [
        "Article 1 \u2013",
        "1.1",
        "1.2",
        "Article 2 \u2013",
        "2.1",
    ]


def test_read_docx_lvl_restart_zero_never_restarts(tmp_path: Path) -> None:
    document = docx.Document()
    _add_numbering(document, 90, [_level(0, "%1."), _level(1, "(%2)", extra='<w:lvlRestart w:val="0"/>')])
    for text, ilvl in [("A", 0), ("a", 1), ("B", 0), ("b", 1)]:
        _numbered(document, text, 90, ilvl)
    assert [b.label for b in read_docx(_save(document, tmp_path))] == ["1.", "(1)", "2.", "(2)"]


def test_read_docx_start_override_restarts_and_shared_abstract_continues(tmp_path: Path) -> None:
    document = docx.Document()
    restart = '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride>'
    _add_numbering(document, 90, ARTICLE_LEVELS, {90: "", 91: "", 92: restart})
    _numbered(document, "Un", 90)
    _numbered(document, "Deux, autre numId sur la même liste", 91)
    _numbered(document, "Cinq, numérotation relancée", 92)
    _numbered(document, "Six", 92)
    labels = [b.label for b in read_docx(_save(document, tmp_path))]
    assert labels == ["Article 1 \u2013", "Article 2 \u2013", "Article 5 \u2013", "Article 6 \u2013"]


def test_read_docx_number_formats_roman_letters_and_legal(tmp_path: Path) -> None:
    document = docx.Document()
    _add_numbering(
        document,
        90,
        [
            _level(0, "%1.", "upperRoman"),
            _level(1, "%2)", "lowerLetter"),
            _level(2, "%1.%2.%3", "lowerRoman", extra="<w:isLgl/>"),
        ],
    )
    for text, ilvl in [("I", 0), ("II", 0), ("III", 0), ("IV", 0), ("a", 1), ("b", 1), ("legal", 2)]:
        _numbered(document, text, 90, ilvl)
    labels = [b.label for b in read_docx(_save(document, tmp_path))]
    assert labels == ["I.", "II.", "III.", "IV.", "a)", "b)", "4.2.1"]


def test_read_docx_absurd_start_value_renders_as_decimal(tmp_path: Path) -> None:
    document = docx.Document()
    _add_numbering(document, 90, [_level(0, "%1.", "upperRoman", start=10**11)])
    _numbered(document, "Article piégé", 90)
    assert [b.label for b in read_docx(_save(document, tmp_path))] == [f"{10**11}."]


def test_read_docx_bullet_reads_as_a_bullet_and_num_id_zero_has_no_label(tmp_path: Path) -> None:
    document = docx.Document()
    # Word's own bullet is a Symbol-font character; the reader shows the bullet it draws
    _add_numbering(document, 90, [_level(0, "\uf0b7", "bullet")])
    _add_numbering(document, 91, [_level(0, "", "bullet")])  # a bullet that draws nothing
    _numbered(document, "Une puce", 90)
    _numbered(document, "Numérotation retirée", 0)
    _numbered(document, "Puce sans signe", 91)
    blocks = read_docx(_save(document, tmp_path))
    assert [(b.label, b.text) for b in blocks] == [
        ("\u2022", "Une puce"),
        (None, "Numérotation retirée"),
        (None, "Puce sans signe"),
    ]


def test_read_docx_numbering_inherited_from_paragraph_style(tmp_path: Path) -> None:
    document = docx.Document()
    article = document.styles.add_style("Article titre", WD_STYLE_TYPE.PARAGRAPH)
    clause = document.styles.add_style("Clause titre", WD_STYLE_TYPE.PARAGRAPH)
    for style in (article, clause):
        # Word stores the list on the style with the numId only; the level comes from w:lvl/w:pStyle.
        style.element.get_or_add_pPr().get_or_add_numPr().get_or_add_numId().val = 90
    _add_numbering(
        document,
        90,
        [
            _level(0, "Article %1 \u2013", extra=f'<w:pStyle w:val="{article.style_id}"/>'),
            _level(1, "%1.%2", extra=f'<w:pStyle w:val="{clause.style_id}"/>'),
        ],
    )
    document.add_paragraph("Objet", style=article)
    document.add_paragraph("Périmètre", style=clause)
    document.add_paragraph("Durée", style=article)
    blocks = read_docx(_save(document, tmp_path))
    assert [(b.label, b.text) for b in blocks] == [
        ("Article 1 \u2013", "Objet"),
        ("1.1", "Périmètre"),
        ("Article 2 \u2013", "Durée"),
    ]


# --- tracked changes and run content ---------------------------------------------------------

INS = 'w:id="1" w:author="Fournisseur" w:date="2025-01-01T00:00:00Z"'
DEL = 'w:id="2" w:author="Fournisseur" w:date="2025-01-01T00:00:00Z"'


def test_read_docx_tracked_insertion_kept_and_flagged(tmp_path: Path) -> None:
    document = docx.Document()
    _raw_paragraph(
        document,
        _run("Le Fournisseur conseille le Client. ")
        + f"<w:ins {INS}>{_run('Le Client reconnaît avoir défini seul ses besoins.')}</w:ins>",
    )
    document.add_paragraph("Paragraphe sans modification.")
    blocks = read_docx(_save(document, tmp_path))
    assert blocks[0].text == "Le Fournisseur conseille le Client. Le Client reconnaît avoir défini seul ses besoins."
    assert blocks[0].inserted is True
    assert blocks[1].inserted is False


def test_read_docx_tracked_deletion_and_move_from_removed(tmp_path: Path) -> None:
    document = docx.Document()
    deleted = f'<w:del {DEL}><w:r><w:delText xml:space="preserve">six (6) mois de redevance</w:delText></w:r></w:del>'
    _raw_paragraph(
        document,
        _run("une indemnité égale à ")
        + deleted
        + f"<w:ins {INS}>{_run('la totalité des redevances')}</w:ins>"
        + f"<w:moveFrom {DEL}>{_run(' ancien emplacement')}</w:moveFrom>"
        + f"<w:moveTo {INS}>{_run(' restant à courir')}</w:moveTo>",
    )
    (block,) = read_docx(_save(document, tmp_path))
    assert block.text == "une indemnité égale à la totalité des redevances restant à courir"
    assert "six (6)" not in block.text and block.inserted


def test_read_docx_deleted_paragraph_mark_merges_into_next_paragraph(tmp_path: Path) -> None:
    document = docx.Document()
    deleted_mark = f"<w:pPr><w:rPr><w:del {DEL}/></w:rPr></w:pPr>"
    _raw_paragraph(
        document, f"<w:del {DEL}><w:r><w:delText>Paragraphe supprimé.</w:delText></w:r></w:del>", deleted_mark
    )
    _raw_paragraph(document, _run("Début de phrase "), deleted_mark)
    document.add_paragraph("et sa fin.")
    assert _texts(_save(document, tmp_path)) == ["Début de phrase et sa fin."]


def test_read_docx_reads_runs_inside_wrappers_and_skips_field_codes_and_hidden_text(tmp_path: Path) -> None:
    document = docx.Document()
    field = (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>' + _run("3") + '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )
    link = _run("l\u2019annexe")
    _raw_paragraph(
        document,
        _run("Voir ")
        + f'<w:hyperlink w:anchor="x">{link}</w:hyperlink>'
        + f"<w:sdt><w:sdtPr/><w:sdtContent>{_run(' A')}</w:sdtContent></w:sdt>"
        + f'<w:smartTag w:uri="u" w:element="e">{_run(" B")}</w:smartTag>'
        + f'<w:fldSimple w:instr=" REF x ">{_run(" C")}</w:fldSimple>'
        + _run(" page ")
        + field
        + _run(" caché", "<w:vanish/>")
        + "<w:r><w:tab/><w:t>tab</w:t><w:br/><w:t>ligne</w:t><w:noBreakHyphen/><w:t>x</w:t></w:r>",
    )
    (text,) = _texts(_save(document, tmp_path))
    assert text == "Voir l\u2019annexe A B C page 3 tab ligne-x"
    assert "PAGE" not in text and "caché" not in text


def test_read_docx_keeps_typographic_characters_and_drops_empty_paragraphs(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("  L\u2019abonnement\u00a0: 45\u202f€ « Pilotis »  ")
    document.add_paragraph("")
    document.add_paragraph("   ")
    assert _texts(_save(document, tmp_path)) == ["L\u2019abonnement\u00a0: 45\u202f€ « Pilotis »"]


# --- tables ----------------------------------------------------------------------------------


def test_read_docx_table_in_document_order_with_merged_and_nested_cells(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Avant le tableau.")
    table = document.add_table(rows=3, cols=3)
    for row, values in zip(
        table.rows,
        [("Service", "Quantité", "Prix"), ("Fibre", "1", "289,00 €"), ("Total", "", "938,00 €")],
        strict=True,
    ):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    table.cell(0, 0).merge(table.cell(0, 1)).text = "Service et quantité"  # horizontal merge
    table.cell(1, 2).merge(table.cell(2, 2))  # vertical merge: text must not repeat
    nested = table.cell(2, 0).add_table(rows=1, cols=2)
    nested.cell(0, 0).text = "Option"
    nested.cell(0, 1).text = "12 €"
    document.add_paragraph("Après le tableau.")
    blocks = read_docx(_save(document, tmp_path))
    assert [b.kind for b in blocks] == ["paragraph", "table", "paragraph"]
    # python-docx moved "938,00 €" into the first cell of the vertical merge; the nested
    # table's row follows the row that contains it.
    assert blocks[1].text.split("\n") == [
        "Service et quantité | Prix",
        "Fibre | 1 | 289,00 € 938,00 €",
        "Total |  | ",
        "Option | 12 €",
    ]
    # The cells are kept as cells too (an empty cell stays a column), nested rows after their row.
    assert blocks[1].rows == [
        ["Service et quantité", "Prix"],
        ["Fibre", "1", "289,00 € 938,00 €"],
        ["Total", "", ""],
        ["Option", "12 €"],
    ]


def test_read_docx_tracked_changes_apply_inside_table_cells(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Bloquante"
    cell = table.cell(0, 1)._tc
    cell.remove(cell.p_lst[0])
    cell.append(
        parse_xml(
            f"<w:p {W_NS}>{_run('4 heures')}<w:del {DEL}><w:r><w:delText> ouvrées</w:delText>"
            f"</w:r></w:del><w:ins {INS}>{_run(' calendaires')}</w:ins></w:p>"
        )
    )
    (block,) = read_docx(_save(document, tmp_path))
    assert block.kind == "table" and block.text == "Bloquante | 4 heures calendaires" and block.inserted


# --- headings and bold ---------------------------------------------------------------------


def test_read_docx_heading_level_from_style_name_not_id(tmp_path: Path) -> None:
    document = docx.Document()
    titre = document.styles.add_style("Titre 1", WD_STYLE_TYPE.PARAGRAPH)  # French Word: id "Titre1"
    assert titre.style_id == "Titre1"
    body = document.styles.add_style("Corps", WD_STYLE_TYPE.PARAGRAPH)
    body.element.set(qn("w:styleId"), "Titre2")  # an id that looks like a heading, a body-text name
    document.add_heading("Contrat de services", level=0)
    document.add_paragraph("Objet", style="Titre 1")
    document.add_heading("Périmètre", level=2)
    document.add_paragraph("Un style dont l\u2019identifiant ressemble à un titre", style="Corps")
    blocks = read_docx(_save(document, tmp_path))
    assert [(b.text, b.heading_level) for b in blocks] == [
        ("Contrat de services", None),
        ("Objet", 1),
        ("Périmètre", 2),
        ("Un style dont l\u2019identifiant ressemble à un titre", None),
    ]


def test_read_docx_heading_level_from_outline_level_direct_and_based_on(tmp_path: Path) -> None:
    document = docx.Document()
    article = document.styles.add_style("Article", WD_STYLE_TYPE.PARAGRAPH)
    article.element.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl {W_NS} w:val="1"/>'))
    derived = document.styles.add_style("Article client", WD_STYLE_TYPE.PARAGRAPH)
    derived.base_style = article
    document.add_paragraph("Par le style", style="Article")
    document.add_paragraph("Par le style de base", style="Article client")
    _raw_paragraph(document, _run("En direct"), '<w:pPr><w:outlineLvl w:val="0"/></w:pPr>')
    _raw_paragraph(
        document, _run("Corps de texte"), '<w:pPr><w:pStyle w:val="Heading1"/><w:outlineLvl w:val="9"/></w:pPr>'
    )
    assert [b.heading_level for b in read_docx(_save(document, tmp_path))] == [2, 2, 1, None]


def test_read_docx_bold_from_runs_and_style_chain(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph().add_run("ARTICLE 1 - OBJET").bold = True
    mixed = document.add_paragraph()
    mixed.add_run("Gras").bold = True
    mixed.add_run(" puis normal")
    spaced = document.add_paragraph()
    spaced.add_run("ARTICLE 2").bold = True
    spaced.add_run("  ")  # whitespace does not count
    spaced.add_run("- DURÉE").bold = True
    heading = document.styles.add_style("Intitulé", WD_STYLE_TYPE.PARAGRAPH)
    heading.font.bold = True
    derived = document.styles.add_style("Intitulé annexe", WD_STYLE_TYPE.PARAGRAPH)
    derived.base_style = heading
    document.add_paragraph("Gras par le style", style="Intitulé")
    document.add_paragraph("Gras par le style de base", style="Intitulé annexe")
    document.add_paragraph("Gras retiré en direct", style="Intitulé").runs[0].bold = False
    strong = document.styles.add_style("Fort", WD_STYLE_TYPE.CHARACTER)
    strong.font.bold = True
    document.add_paragraph().add_run("Gras par un style de caractère", style="Fort")
    assert [b.bold for b in read_docx(_save(document, tmp_path))] == [True, False, True, True, True, False, True]


# --- what is not contract text ---------------------------------------------------------------


def test_read_docx_ignores_headers_footers_and_comments(tmp_path: Path) -> None:
    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = "EN-TÊTE CONFIDENTIEL"
    section.footer.paragraphs[0].text = "PIED DE PAGE 1/3"
    paragraph = document.add_paragraph()
    run = paragraph.add_run("Le Fournisseur est tenu d\u2019une obligation de conseil.")
    document.add_comment(run, text="COMMENTAIRE DU RELECTEUR", author="Juriste", initials="J")
    text = "\n".join(_texts(_save(document, tmp_path)))
    assert text == "Le Fournisseur est tenu d\u2019une obligation de conseil."


# --- bad input -------------------------------------------------------------------------------


def _error(path: Path) -> ReadError:
    """The error of reading a draft from disk, as the checker does (missing and empty files included)."""
    with pytest.raises(ReadError) as caught:
        read_contract(path)
    assert caught.value.message and "\n" not in caught.value.message
    return caught.value


def test_read_docx_truncated_zip_is_corrupt(tmp_path: Path) -> None:
    path = _save(docx.Document(), tmp_path)
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    error = _error(path)
    assert error.code == "corrupt-file" and "réenregistrez" in error.message


def test_read_docx_not_a_zip_is_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "contrat.docx"
    path.write_bytes(b"<html><body>Contrat</body></html>")
    assert _error(path).code == "corrupt-file"


def test_read_docx_ole_word_97_is_legacy_doc(tmp_path: Path) -> None:
    path = tmp_path / "contrat.docx"
    path.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + bytes(504) + "WordDocument".encode("utf-16-le") + bytes(64))
    error = _error(path)
    assert error.code == "legacy-doc" and ".docx" in error.message


def test_read_docx_encrypted_ooxml_container_is_encrypted(tmp_path: Path) -> None:
    path = tmp_path / "contrat.docx"
    path.write_bytes(
        bytes.fromhex("D0CF11E0A1B11AE1")
        + bytes(504)
        + "EncryptionInfo".encode("utf-16-le")
        + bytes(50)
        + "EncryptedPackage".encode("utf-16-le")
        + bytes(64)
    )
    error = _error(path)
    assert error.code == "encrypted" and "mot de passe" in error.message


def test_read_docx_zip_without_document_xml_is_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "contrat.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/styles.xml", "<w:styles/>")
    assert _error(path).code == "corrupt-file"


def test_read_docx_empty_and_missing_files(tmp_path: Path) -> None:
    (tmp_path / "vide.docx").write_bytes(b"")
    assert _error(tmp_path / "vide.docx").code == "empty"
    assert _error(tmp_path / "absent.docx").code == "not-found"


def test_read_docx_zip_bomb_total_size_is_too_large(tmp_path: Path) -> None:
    path = _save(docx.Document(), tmp_path)
    with (
        zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED, compresslevel=1) as archive,
        archive.open("word/media/image1.bmp", "w", force_zip64=True) as member,
    ):
        chunk = bytes(8 << 20)
        for _ in range(38):  # 304 MB of zeros, about 1 MB once compressed: written in chunks
            member.write(chunk)
    assert path.stat().st_size < 5 << 20
    assert _error(path).code == "too-large"


def test_read_docx_compression_ratio_bomb_in_document_xml_is_too_large(tmp_path: Path) -> None:
    path = _save(docx.Document(), tmp_path)
    _rewrite_member(
        path,
        "word/document.xml",
        f"<w:document {W_NS}><w:body>".encode() + b" " * (20 << 20) + b"</w:body></w:document>",
    )
    assert _error(path).code == "too-large"


_LOL = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))


@pytest.mark.parametrize(
    "dtd, reference",
    [
        (f'<!ENTITY lol0 "lol">{_LOL}', "&lol9;"),  # "billion laughs"
        ('<!ENTITY secret SYSTEM "file:///etc/passwd">', "&secret;"),  # external entity
        ('<!ENTITY clause "Clause cachée dans la DTD">', "&clause;"),
    ],
)
def test_read_docx_doctype_entities_are_never_expanded(tmp_path: Path, dtd: str, reference: str) -> None:
    xml = (
        f'<?xml version="1.0"?><!DOCTYPE w:document [{dtd}]>'
        f"<w:document {W_NS}><w:body><w:p><w:r><w:t>{reference}</w:t></w:r></w:p></w:body></w:document>"
    )
    path = _save(docx.Document(), tmp_path)
    _rewrite_member(path, "word/document.xml", xml.encode())
    started = time.monotonic()
    assert _error(path).code == "corrupt-file"
    assert time.monotonic() - started < 2


def test_read_docx_malformed_xml_is_corrupt(tmp_path: Path) -> None:
    path = _save(docx.Document(), tmp_path)
    _rewrite_member(path, "word/document.xml", b"<w:document><w:body><w:p>")
    assert _error(path).code == "corrupt-file"
