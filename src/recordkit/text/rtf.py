r"""The plain text of an RTF document, by the striprtf library.

Its markup (control words, groups, tables of fonts, colours and styles, pictures) is
dropped; its characters (in the document's code page, `\ansicpg936` included), paragraph
breaks and tabs are kept; table cells are parted by `|`. RTF is text, so an .rtf file is
read by the text reader; without this its markup (`{\rtf1\ansi ...}`) would be the
document's text in the timeline's quotes, the packet and the review app.
"""

from __future__ import annotations

from striprtf.striprtf import rtf_to_text

RTF_START = "{\\rtf"
RTF_NOTE = "RTF: read as text, its markup removed"  # the manifest's reason for such a file


def is_rtf(text: str) -> bool:
    """Does this text begin as an RTF document does?"""
    return text.lstrip("\ufeff \t\r\n").startswith(RTF_START)


def rtf_text(rtf: str) -> str:
    """The document's text: characters, paragraph breaks and tabs; undecodable bytes replaced."""
    return rtf_to_text(rtf, errors="replace").strip("\n ")
