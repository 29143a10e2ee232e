r"""The plain text of an RTF document.

Its markup (control words, groups, tables of fonts, colours and styles, pictures) is
dropped; its characters, paragraph breaks, tabs and page breaks are kept. RTF is text, so
an .rtf file is read by the text reader; without this its markup (`{\rtf1\ansi ...}`)
would be the document's text in the timeline's quotes, the packet and the review app.
"""

from __future__ import annotations

import codecs
import re

RTF_START = "{\\rtf"
RTF_NOTE = "RTF: read as text, its markup removed"  # the manifest's reason for such a file

_TOKEN = re.compile(
    r"\\(?P<word>[a-zA-Z]{1,32})(?P<arg>-?\d{1,10})? ?"  # a control word, its space eaten
    r"|\\'(?P<hex>[0-9a-fA-F]{2})"  # a byte in the document's code page
    r"|\\(?P<symbol>[^a-zA-Z'])"  # a control symbol: \\ \{ \} \~ \- \* ...
    r"|(?P<brace>[{}])"
    r"|(?P<newline>\r\n|\r|\n)"  # line breaks of the file itself are not the document's
    r"|(?P<text>[^\\{}\r\n]+)",
)
# groups that hold no text of the document (fonts, colours, styles, metadata, pictures)
_SKIPPED = frozenset(
    {
        *("fonttbl", "colortbl", "stylesheet", "info", "pict", "object", "listtable"),
        *("listoverridetable", "rsidtbl", "generator", "themedata", "colorschememapping"),
        *("datastore", "latentstyles", "xmlnstbl", "fldinst", "filetbl", "revtbl"),
    }
)
_BREAKS = {
    "par": "\n",
    "line": "\n",
    "row": "\n",
    "sect": "\n",
    "page": "\f",
    "tab": "\t",
    "cell": "\t",
    "emdash": "\u2014",
    "endash": "\u2013",
    "bullet": "\u2022",
    "lquote": "\u2018",
    "rquote": "\u2019",
    "ldblquote": "\u201c",
    "rdblquote": "\u201d",
}
_SYMBOLS = {"~": "\u00a0", "_": "\u2011", "-": "", "\\": "\\", "{": "{", "}": "}"}


def is_rtf(text: str) -> bool:
    """Does this text begin as an RTF document does?"""
    return text.lstrip("\ufeff \t\r\n").startswith(RTF_START)


def rtf_text(rtf: str) -> str:
    """The document's text: characters, paragraph breaks, tabs and page breaks (form feeds)."""
    out: list[str] = []
    codepage = "cp1252"
    skip_depth: int | None = None  # the depth of the group being skipped, if any
    depth, uc, pending_skip = 0, 1, 0  # \\ucN: fallback characters after a \\uN
    raw: list[int] = []  # \\'hh bytes waiting to be decoded together (multi-byte code pages)

    def flush() -> None:
        if raw:
            out.append(bytes(raw).decode(codepage, "replace"))
            raw.clear()

    for m in _TOKEN.finditer(rtf):
        kind = m.lastgroup if m.lastgroup != "arg" else "word"
        if kind == "newline":
            continue
        if kind == "brace":
            flush()
            depth += 1 if m["brace"] == "{" else -1
            if skip_depth is not None and depth < skip_depth:
                skip_depth = None
            continue
        if skip_depth is not None:
            continue
        if pending_skip and kind in ("text", "hex", "symbol"):
            if kind == "text":
                eaten = min(pending_skip, len(m["text"]))
                pending_skip -= eaten
                out.append(m["text"][eaten:])
            else:
                pending_skip -= 1
            continue
        if kind == "hex":
            raw.append(int(m["hex"], 16))
            continue
        flush()
        if kind == "text":
            out.append(m["text"])
        elif kind == "symbol":
            if m["symbol"] == "*":  # an optional destination: not text of the document
                skip_depth = depth
            else:
                out.append(_SYMBOLS.get(m["symbol"], ""))
        else:
            word, arg = m["word"], m["arg"]
            if word in _SKIPPED:
                skip_depth = depth
            elif word == "ansicpg":
                codepage = _codec(arg, codepage)
            elif word == "uc" and arg:
                uc = int(arg)
            elif word == "u" and arg:
                out.append(chr(int(arg) % 65536))
                pending_skip = uc
            else:
                out.append(_BREAKS.get(word, ""))
    flush()
    return "".join(out).strip("\n ")


def _codec(codepage: str | None, current: str) -> str:
    r"""The codec of an \ansicpgN (the one in force when Python has none of that name)."""
    try:
        return codecs.lookup(f"cp{codepage}").name if codepage else current
    except LookupError:
        return current
