"""Prints what a tagged PDF tells assistive technology, as JSON, for the
integration tests: the catalogue's language and tagging marks, the PDF/UA
identification in the XMP metadata, whether every font is embedded, and the
structure tree (type, alternative text, language, how many pieces of page
content each element holds, children). Reads with pikepdf (qpdf), installed
into tools/venv by scripts/setup.sh.

Usage: python pdf_structure.py FILE.pdf
"""

import json
import sys

import pikepdf


def name(value):
    return str(value)[1:] if isinstance(value, pikepdf.Name) else None


def text(value):
    return str(value) if value is not None else None


def element(node, role_map):
    kind = name(node.get("/S"))
    out = {
        "type": role_map.get(kind, kind),
        "alt": text(node.get("/Alt")),
        "lang": text(node.get("/Lang")),
        "title": text(node.get("/T")),
        "content": 0,
        "children": [],
    }
    kids = node.get("/K")
    if kids is None:
        return out
    if not isinstance(kids, pikepdf.Array):
        kids = [kids]
    for kid in kids:
        if isinstance(kid, int):
            out["content"] += 1
        elif isinstance(kid, pikepdf.Dictionary):
            if kid.get("/Type") == pikepdf.Name("/MCR"):
                out["content"] += 1
            elif kid.get("/Type") == pikepdf.Name("/OBJR"):
                out["content"] += 1
            elif "/S" in kid:
                out["children"].append(element(kid, role_map))
    return out


def fonts(pdf):
    found = {}

    def visit(resources):
        if resources is None:
            return
        for _, font in (resources.get("/Font") or {}).items():
            descriptor = font.get("/FontDescriptor")
            if font.get("/Subtype") == pikepdf.Name("/Type0"):
                descriptor = font["/DescendantFonts"][0].get("/FontDescriptor")
            embedded = descriptor is not None and any(
                k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")
            )
            found[str(font.get("/BaseFont"))] = {
                "embedded": embedded,
                "unicode": "/ToUnicode" in font,
            }
        for _, xobject in (resources.get("/XObject") or {}).items():
            visit(xobject.get("/Resources"))

    for page in pdf.pages:
        visit(page.obj.get("/Resources"))
    return found


def main(path):
    pdf = pikepdf.open(path)
    root = pdf.Root
    tree_root = root.get("/StructTreeRoot")
    role_map = {}
    if tree_root is not None and "/RoleMap" in tree_root:
        role_map = {name(k) or k[1:]: name(v) for k, v in tree_root["/RoleMap"].items()}
    tree = []
    if tree_root is not None:
        kids = tree_root.get("/K")
        if kids is not None:
            if not isinstance(kids, pikepdf.Array):
                kids = [kids]
            tree = [element(k, role_map) for k in kids]
    xmp = ""
    if "/Metadata" in root:
        xmp = root["/Metadata"].read_bytes().decode("utf-8", "replace")
    prefs = root.get("/ViewerPreferences") or {}
    marks = root.get("/MarkInfo") or {}
    print(
        json.dumps(
            {
                "pages": len(pdf.pages),
                "lang": text(root.get("/Lang")),
                "marked": bool(marks.get("/Marked", False)),
                "display_doc_title": bool(prefs.get("/DisplayDocTitle", False)),
                "title": text(pdf.docinfo.get("/Title")),
                "pdfua_part": "pdfuaid:part" in xmp
                and ("<pdfuaid:part>1</pdfuaid:part>" in xmp or 'pdfuaid:part="1"' in xmp),
                "outline": "/Outlines" in root,
                "fonts": fonts(pdf),
                "tree": tree,
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1])
