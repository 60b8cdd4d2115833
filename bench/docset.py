#!/usr/bin/env python3
"""docset.py - the documentation set for cqa-parse: pages of real
documentation from Debian 12 packages, each with a ground truth taken from
the main-content element that the page's own generator wrote.

Usage (bench/docset.sh installs the packages first, then runs this):
    python3 bench/docset.py --out DIR          write DIR/dev.json, DIR/heldout.json
    python3 bench/docset.py --list-packages    the Debian packages it reads

Design
------
A documentation generator marks its main content itself: Sphinx wraps the
document in <div class="body" role="main">, Doxygen in <div class="contents">,
and so on.  Taking the ground truth from that element gives an independent
answer to "what is the main content of this page" on thousands of real pages,
without anyone annotating them: the generator knows what it wrote.  The
GENERATORS table below says, per generator, which element that is (main),
what inside it is navigation rather than content and is cut out (drop),
which elements hold code (code), where the page's own title is (title), and
what in the file shows it was written by that generator (mark).  Selectors are
single compound CSS selectors (tag, .class, #id, [attr], [attr=value]); an
element matching any main selector is main content, nested matches count
once, in document order.

For each page it records:
  text      the main content's text, one line a block element (p, li,
            td, div, headings...), whitespace collapsed; the lines of a
            <pre> (or other code element) kept as they are;
  code      every non-empty line of every code element in the main
            content, whitespace-trimmed;
  headings  the h1-h3 texts of the main content (and the title element when
            it is no heading tag, as with Doxygen), permalink furniture
            ("¶", "#", "🔗", "Permalink to this headline") removed;
  title     the text of the first title element in the main content
            (default: the first h1, else the first h2), furniture removed;
plus its absolute path, generator, package, and the <title> of the page.

Sampling is deterministic and independent of the machine: a generator's
candidate pages (HTML files of its packages, less the index, search and
listing pages its SKIP rule names) are taken in the order of the SHA-1 of
"package/path-inside-the-package", skipping tiny pages (main text under
MIN_CHARS characters), until PAGES_PER_GENERATOR pages are taken.

Held-out rule: python3.11-doc (Sphinx) and postgresql-doc-15 (DocBook) go
to heldout.json, never to dev.json.  They are there for one independent
check after tuning on dev.json; a change made by looking at heldout.json
makes it one more development set, and it stops being a check.

HTML is parsed with Python's standard html.parser (no lxml needed); the tree
builder below closes the elements HTML closes implicitly (p, li, td, ...),
which is all these generators' output needs.
"""
import argparse, hashlib, html.parser, json, os, re, subprocess, sys

# --- the set: packages -------------------------------------------------------
# (part, generator, package, doc root).  All are in Debian 12 main, section
# doc, and small (under 25 MB installed; python3.11-doc, 70 MB, is the
# held-out part and already used by crawl_docs.sh).  Files are found with
# dpkg -L; only HTML under the doc root is the generator's (junit4-doc also
# ships hand-written release notes), and pages are named by their path
# below it in the sampling hash.
# No rustdoc: the one rustdoc-built package in Debian 12, rust-doc, is
# 518 MB installed.
PACKAGES = [
    # gtk-doc 1.33 (DocBook XSL underneath): the GLib, GIO, GObject manuals.
    ('dev', 'gtk-doc', 'libglib2.0-doc', '/usr/share/gtk-doc/html'),
    # Doxygen 1.9.4: FLAC's C/C++ API, json-c's API.
    ('dev', 'doxygen', 'libflac-doc', '/usr/share/doc/libflac-doc/api'),
    ('dev', 'doxygen', 'libjson-c-doc', '/usr/share/doc/libjson-c-dev/html'),
    # GNU Texinfo 6.8, one node a page: the flex manual, the Libgcrypt manual.
    ('dev', 'texinfo', 'flex-doc', '/usr/share/doc/flex-doc/html'),
    ('dev', 'texinfo', 'libgcrypt20-doc', '/usr/share/doc/libgcrypt20-doc/html'),
    # MkDocs 1.4 with three themes: mkdocs (Bootstrap), readthedocs, nature.
    ('dev', 'mkdocs', 'mkdocs-doc', '/usr/share/doc/mkdocs/html'),
    ('dev', 'mkdocs', 'python-typer-doc', '/usr/share/doc/python-typer-doc/html'),
    ('dev', 'mkdocs', 'python-markdown-doc', '/usr/share/doc/python-markdown-doc/docs'),
    # Javadoc (JDK 11 doclet): JUnit 4's API.
    ('dev', 'javadoc', 'junit4-doc', '/usr/share/doc/junit4/api'),
    # Sphinx 5.3: Sphinx's own manual.
    ('dev', 'sphinx', 'sphinx-doc', '/usr/share/doc/sphinx-doc/html'),
    # DocBook XSL: Debian's own manuals (the Debian Reference, the New
    # Maintainers' Guide, the Debian FAQ; chapters, long and short), the
    # Linux-PAM guides, and the DocBook XSL reference (a refentry a
    # parameter: synopsis, description, see also).
    ('dev', 'docbook', 'debian-reference-en', '/usr/share/debian-reference'),
    ('dev', 'docbook', 'maint-guide', '/usr/share/doc/maint-guide/html'),
    ('dev', 'docbook', 'debian-faq', '/usr/share/doc/debian/FAQ'),
    ('dev', 'docbook', 'libpam-doc', '/usr/share/doc/libpam-doc/html'),
    ('dev', 'docbook', 'docbook-xsl-doc-html', '/usr/share/doc/docbook-xsl-doc-html/doc'),
    # Held out (see the header): never look at these while tuning.
    ('heldout', 'sphinx', 'python3.11-doc', '/usr/share/doc/python3.11/html'),
    ('heldout', 'docbook', 'postgresql-doc-15', '/usr/share/doc/postgresql-doc-15/html'),
]

PAGES_PER_GENERATOR = 50
MIN_CHARS = 500  # a page whose main text is shorter is "tiny" and skipped

# Pages no generator should keep: indexes, search pages, error pages.
# Matched against the file's base name.  index.html, a front page, is
# skipped too, except where a generator writes one directory a page
# (MkDocs' use_directory_urls, rule dir_urls): there only the top one is.
SKIP_ANY = re.compile(r'^(genindex(-.*)?|search|py-modindex|modindex|404|'
                      r'contents|sitemap)\.html$')

# --- the set: per-generator rules --------------------------------------------
# mark:  what shows the page was written by this generator (its
#        <meta name="generator">, or the comment or footer it signs with);
#        a page without it is not taken;
# main:  the generator's own main-content element(s);
# drop:  navigation and furniture inside main, cut out before anything is
#        read (permalinks, mini tables of contents, breadcrumbs);
# code:  elements whose lines are code (rendered line by line);
# title: where the page's own title is, first match wins, searched in the
#        order given (default h1, then h2);
# skip:  pages of this generator that are listings, not documents
#        (regular expression on the path inside the package).
GENERATORS = {
    # gtk-doc pages are DocBook XSL output: <body> holds a navigation table,
    # one division (div.refentry for an API page, div.chapter, div.sect1,
    # div.part, div.reference... for the manual) and div.footer ("Generated
    # by GTK-Doc").  The division is the content; rather than list every
    # DocBook division class, take <body> less the two navigation parts.
    # div.toc is a chapter's mini table of contents (links only), and
    # td.listing_lines the line numbers beside a code listing.
    'gtk-doc': dict(mark=r'<meta name="generator" content="GTK-Doc ',
                    main=['body'],
                    drop=['table.navigation', 'div.footer', 'div.toc',
                          'td.listing_lines'],
                    code=['pre'],
                    skip=r'(^|/)(api-index-[^/]*|annotation-glossary|'
                         r'[a-z]+-hierarchy|ix\d+|pt\d+|rn\d+)\.html$'),
    # Doxygen: div.contents is the documentation; the page title sits just
    # before it in div.header > div.headertitle > div.title, so that is
    # main content too.  div.ingroups (breadcrumb of groups inside the
    # title) and div.summary (links to the page's own sections) are
    # navigation.  Code examples are div.fragment, one div.line a line.
    'doxygen': dict(mark=r'<meta name="generator" content="Doxygen ',
                    main=['div.headertitle', 'div.contents'],
                    drop=['div.ingroups', 'div.summary'],
                    code=['pre', 'div.fragment'],
                    title=['div.title'],
                    skip=r'(^|/)(annotated|classes|files|hierarchy|pages|'
                         r'deprecated|functions[^/]*|globals[^/]*|dir_[0-9a-f]+|'
                         r'[^/]*-members|[^/]*_source)\.html$'),
    # Texinfo 6.8 (one node a page): <body> holds one div (div.chapter,
    # div.section...) that starts with div.header, the Next/Previous/Up
    # line, and ends with another; ul.section-toc is the node's menu of
    # child nodes; a.copiable-anchor is the "¶" permalink of a definition.
    # The node's heading is h2 for a chapter, h3 for a section, h4 for a
    # subsection: the title is the first heading.
    'texinfo': dict(mark=r'<!-- Created by GNU Texinfo ',
                    main=['body'],
                    drop=['div.header', 'ul.section-toc', 'table.menu',
                          'a.copiable-anchor'],
                    code=['pre'],
                    title=['first-heading'],
                    skip=r'(^|/)([^/]*-Index|Index|Concept-Index|'
                         r'Function-Index|Variable-Index|Figures_and_Tables)\.html$'),
    # MkDocs themes differ, but all mark the document with role="main": the
    # mkdocs theme's div.col-md-9, readthedocs' div.document, nature's
    # div.body.  a.headerlink is the permalink beside each heading.  The
    # title is the h1 only: a page whose Markdown starts at "##" (most of
    # python-typer-doc) has its title in the navigation and <title> alone,
    # and its first h2 is a section, not the page's title; such a page gets
    # no title and the title score leaves it out.  Release notes and change
    # logs (here and for Sphinx) are long lists of one-line items, a page
    # kind of their own that would crowd out the documents.
    'mkdocs': dict(mark=r'(?i)built with <a href="https://www\.mkdocs\.org/">MkDocs|MkDocs version',
                   main=['[role=main]'],
                   drop=['a.headerlink'],
                   code=['pre'],
                   title=['h1'],
                   dir_urls=True,
                   skip=r'(^|/)(release-notes|change_log/[^/]*)(/index)?\.html$'),
    # Javadoc (JDK 9+): <main role="main"> holds div.header (package line,
    # the class name as h1/h2) and div.contentContainer.  class-use pages,
    # trees, indexes and the source listings under src-html/ are listings.
    'javadoc': dict(mark=r'<!-- Generated by javadoc',
                    main=['main'],
                    drop=[],
                    code=['pre'],
                    skip=r'(^|/)(src-html/.*|.*/class-use/.*|[^/]*-tree|'
                         r'package-use|package-frame|allclasses[^/]*|allpackages[^/]*|'
                         r'index-all|index-files/.*|deprecated-list|help-doc|'
                         r'overview-summary|constant-values|serialized-form)\.html$'),
    # Sphinx: the document is div.body with role="main" (basic, classic,
    # pydoctheme, sphinx13 themes; alabaster too).  a.headerlink is the
    # "¶" permalink, span.viewcode-link the "[source]" link beside an API
    # entry.  _modules/ holds highlighted source (viewcode), and _sources/
    # the reST sources.
    'sphinx': dict(mark=r'Created using <a href="https://(www\.)?sphinx-doc\.org/">Sphinx|_static/documentation_options\.js',
                   main=['[role=main]'],
                   drop=['a.headerlink', 'span.viewcode-link'],
                   code=['pre'],
                   skip=r'(^|/)(_modules/.*|_sources/.*|_static/.*|'
                        r'whatsnew/changelog|changes|py-modindex)\.html$'),
    # DocBook XSL (PostgreSQL): <body> holds div.navheader, one division
    # (div.chapter, div.sect1, div.refentry...) and div.navfooter; as for
    # gtk-doc, take <body> less the navigation.  div.toc is a chapter's
    # table of contents.
    'docbook': dict(mark=r'<meta name="generator" content="DocBook XSL',
                    main=['body'],
                    drop=['div.navheader', 'div.navfooter', 'div.toc'],
                    code=['pre'],
                    skip=r'(^|/)(bookindex|biblio|release-[^/]*|appendix-obsolete[^/]*|'
                         r'index\.[a-z]{2}(_[A-Z]{2})?)\.html$'),
}

# Permalink furniture removed from headings and titles.
FURNITURE = re.compile('\u00b6|\U0001f517|\uf0c1|Permalink to this (?:headline|heading)|'
                       'Permanent link|(?<!\\S)#(?!\\S)')

# --- HTML to a tree ----------------------------------------------------------
VOID = {'area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta',
        'source', 'track', 'wbr', 'param', 'keygen', 'frame', 'basefont', 'isindex'}
SCOPE = {'html', 'table', 'td', 'th', 'caption', 'button', 'object', 'template',
         'marquee', 'applet'}
CLOSES_P = {'address', 'article', 'aside', 'blockquote', 'center', 'details', 'dialog',
            'dir', 'div', 'dl', 'fieldset', 'figcaption', 'figure', 'footer', 'form',
            'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hgroup', 'hr', 'li', 'main',
            'menu', 'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'ul',
            'dd', 'dt'}
# start tag -> (tags it closes when open, tags that stop the search)
IMPLIED = {
    'li': ({'li'}, {'ul', 'ol', 'menu'} | SCOPE),
    'dt': ({'dt', 'dd'}, {'dl'} | SCOPE),
    'dd': ({'dt', 'dd'}, {'dl'} | SCOPE),
    'tr': ({'tr', 'td', 'th'}, {'table', 'tbody', 'thead', 'tfoot'}),
    'td': ({'td', 'th'}, {'tr', 'table'}),
    'th': ({'td', 'th'}, {'tr', 'table'}),
    'tbody': ({'tbody', 'thead', 'tfoot', 'tr', 'td', 'th'}, {'table'}),
    'thead': ({'tbody', 'thead', 'tfoot', 'tr', 'td', 'th'}, {'table'}),
    'tfoot': ({'tbody', 'thead', 'tfoot', 'tr', 'td', 'th'}, {'table'}),
    'option': ({'option'}, {'select', 'datalist'}),
}


class Node:
    __slots__ = ('tag', 'attrs', 'children', 'parent')

    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.children, self.parent = tag, attrs, [], parent

    def iter(self):
        """Every element below this one, in document order (preorder)."""
        stack = [self]
        while stack:
            n = stack.pop()
            yield n
            stack.extend(c for c in reversed(n.children) if isinstance(c, Node))


class TreeBuilder(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node('#document', {}, None)
        self.stack = [self.root]

    def _close_to(self, i):
        del self.stack[i:]

    def _close_implied(self, tag):
        if tag in CLOSES_P:
            for i in range(len(self.stack) - 1, 0, -1):
                t = self.stack[i].tag
                if t == 'p':
                    self._close_to(i)
                    break
                if t in SCOPE:
                    break
        if tag in IMPLIED:
            closes, stops = IMPLIED[tag]
            for i in range(len(self.stack) - 1, 0, -1):
                t = self.stack[i].tag
                if t in closes:
                    self._close_to(i)
                    break
                if t in stops:
                    break

    def handle_starttag(self, tag, attrs):
        self._close_implied(tag)
        parent = self.stack[-1]
        n = Node(tag, {k: (v or '') for k, v in attrs}, parent)
        parent.children.append(n)
        if tag not in VOID:
            self.stack.append(n)

    def handle_startendtag(self, tag, attrs):
        # <a name="x"/> in XHTML output: an empty element.
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.stack[-1].tag == tag:
            self.stack.pop()

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                self._close_to(i)
                return
        if tag in ('p', 'br'):  # </p> or </br> alone: an empty element
            self.handle_startendtag(tag, [])

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def read_html(path):
    """The file as text, in the charset its <meta> names (else UTF-8)."""
    with open(path, 'rb') as f:
        raw = f.read()
    m = re.search(rb'<meta[^>]+charset=["\']?([A-Za-z0-9_-]+)', raw[:4096], re.I)
    enc = m.group(1).decode('ascii') if m else 'utf-8'
    try:
        text = raw.decode(enc, 'replace')
    except LookupError:
        text = raw.decode('utf-8', 'replace')
    return text


def parse_html(path, text=None):
    b = TreeBuilder()
    b.feed(read_html(path) if text is None else text)
    b.close()
    return b.root


# --- selectors ----------------------------------------------------------------
_SEL_PART = re.compile(r'([.#])([\w-]+)|\[([\w-]+)(?:=["\']?([^\]"\']*)["\']?)?\]')


def compile_selector(sel):
    """'div.body[role=main]' -> a predicate on Node.  'first-heading' is
    special: any h1-h6 (used as the last TITLE fallback)."""
    if sel == 'first-heading':
        return lambda n: re.fullmatch(r'h[1-6]', n.tag) is not None
    m = re.match(r'[\w-]*', sel)
    tag = m.group(0).lower()
    parts = _SEL_PART.findall(sel[m.end():])
    if _SEL_PART.sub('', sel[m.end():]):
        raise ValueError('unsupported selector: ' + sel)

    def pred(n):
        if tag and n.tag != tag:
            return False
        for kind, name, attr, value in parts:
            if kind == '.':
                if name not in n.attrs.get('class', '').split():
                    return False
            elif kind == '#':
                if n.attrs.get('id') != name:
                    return False
            elif attr not in n.attrs or (value and n.attrs[attr] != value):
                return False
        return True
    return pred


def matches(node, preds):
    return any(p(node) for p in preds)


def select_outermost(root, preds):
    """Elements matching a predicate, not inside another match, in order."""
    out, stack = [], [root]
    while stack:
        n = stack.pop()
        if matches(n, preds):
            out.append(n)
            continue
        stack.extend(c for c in reversed(n.children) if isinstance(c, Node))
    return out


def find_tag(root, tag):
    for n in root.iter():
        if n.tag == tag:
            return n
    return None


# --- a tree to text with line structure --------------------------------------
BLOCK = {'address', 'article', 'aside', 'blockquote', 'body', 'caption', 'center',
         'dd', 'details', 'dialog', 'dir', 'div', 'dl', 'dt', 'fieldset', 'figcaption',
         'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header',
         'hgroup', 'hr', 'html', 'li', 'main', 'menu', 'nav', 'ol', 'p', 'pre',
         'section', 'summary', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr',
         'ul', 'br', 'legend', 'option', 'select', 'textarea'}
INVISIBLE = {'script', 'style', 'noscript', 'template', 'head', 'title', 'iframe',
             'object', 'svg', 'math', 'button', 'input'}
_WS = re.compile(r'\s+')


def render_lines(node, code_preds=(), drop_preds=()):
    """The text under node as a list of lines: one line a block element,
    whitespace collapsed, except under a <pre> or a code element, whose own
    line breaks are kept (and trailing spaces trimmed)."""
    lines, cur, in_pre = [], [], [False]

    def flush():
        if cur:
            s = ''.join(cur)
            cur.clear()
            s = s.rstrip() if in_pre[0] else s.strip()
            if s.strip():
                lines.append(s)
        in_pre[0] = False

    def walk(n, pre):
        for c in n.children:
            if isinstance(c, str):
                if pre:
                    for i, p in enumerate(c.replace('\r', '').split('\n')):
                        if i:
                            flush()
                        cur.append(p)
                        in_pre[0] = True
                else:
                    t = _WS.sub(' ', c)
                    if t.strip() or (cur and not cur[-1].endswith(' ')):
                        cur.append(t)
                continue
            if c.tag in INVISIBLE or 'hidden' in c.attrs or matches(c, drop_preds):
                continue
            block = c.tag in BLOCK
            if block:
                flush()
            walk(c, pre or c.tag == 'pre' or matches(c, code_preds))
            if block:
                flush()
    walk(node, node.tag == 'pre' or matches(node, code_preds))
    flush()
    return lines


def clean_heading(s):
    return _WS.sub(' ', FURNITURE.sub(' ', s)).strip()


def ground_truth(root, gen):
    """The record for one page, or None when the generator's main element
    is missing."""
    rule = GENERATORS[gen]
    mains = select_outermost(root, [compile_selector(s) for s in rule['main']])
    if not mains:
        return None
    drop = [compile_selector(s) for s in rule['drop']]
    code = [compile_selector(s) for s in rule['code']]
    text_lines, code_lines, headings = [], [], []
    title_sels = [compile_selector(s) for s in rule.get('title', ['h1', 'h2'])]
    title_cands = [None] * len(title_sels)
    for m in mains:
        text_lines += render_lines(m, code, drop)
        # walk main less the dropped parts, in order
        stack = [m]
        while stack:
            n = stack.pop()
            if n is not m and (n.tag in INVISIBLE or 'hidden' in n.attrs or matches(n, drop)):
                continue
            if matches(n, code):
                code_lines += [l.strip() for l in render_lines(n, code, drop) if l.strip()]
                continue
            is_h = n.tag in ('h1', 'h2', 'h3')
            for i, p in enumerate(title_sels):
                if title_cands[i] is None and p(n):
                    title_cands[i] = n
            if is_h or (title_sels and any(p(n) for p in title_sels) and
                        not re.fullmatch(r'h[1-6]', n.tag)):
                h = clean_heading(' '.join(render_lines(n, code, drop)))
                if h:
                    headings.append(h)
            stack.extend(c for c in reversed(n.children) if isinstance(c, Node))
    title = ''
    for n in title_cands:
        if n is not None:
            title = clean_heading(' '.join(render_lines(n, code, drop)))
            if title:
                break
    return dict(text='\n'.join(text_lines), code=code_lines, headings=headings, title=title)


def body_text(root):
    """Every text node of <body> (scripts, styles excluded), one line a
    block: the scorer's baseline."""
    body = find_tag(root, 'body') or root
    return '\n'.join(render_lines(body))


def html_title(root):
    t = find_tag(root, 'title')
    return _WS.sub(' ', ''.join(c for c in t.children if isinstance(c, str))).strip() if t else ''


# --- building the set ---------------------------------------------------------
def package_files(pkg):
    try:
        out = subprocess.run(['dpkg', '-L', pkg], capture_output=True, text=True).stdout
    except OSError:
        return []
    return sorted({p for p in out.splitlines()
                   if p.endswith('.html') and os.path.isfile(p) and not os.path.islink(p)})


def package_version(pkg):
    try:
        return subprocess.run(['dpkg-query', '-W', '-f=${Version}', pkg],
                              capture_output=True, text=True).stdout.strip()
    except OSError:
        return ''


def build_part(part, log):
    pages, packages = [], {}
    gens = []
    for p, gen, pkg, docroot in PACKAGES:
        if p == part and gen not in gens:
            gens.append(gen)
    for gen in gens:
        rule = GENERATORS[gen]
        skip = re.compile(rule.get('skip', r'^$'))
        cands = []
        for p, g, pkg, docroot in PACKAGES:
            if p != part or g != gen:
                continue
            files = package_files(pkg)
            packages[pkg] = dict(generator=gen, version=package_version(pkg),
                                 html_files=len(files))
            for path in files:
                if not path.startswith(docroot + '/'):
                    continue  # e.g. junit4-doc's release notes, not Javadoc
                rel = os.path.relpath(path, docroot)
                base = os.path.basename(path)
                if base == 'index.html':  # a front page, or a MkDocs page
                    skipped = rel == base or not rule.get('dir_urls')
                else:
                    skipped = SKIP_ANY.match(base) is not None
                if skipped or skip.search(rel):
                    continue
                key = hashlib.sha1((pkg + '/' + rel).encode()).hexdigest()
                cands.append((key, path, pkg))
        cands.sort()
        mark = re.compile(rule['mark'])
        taken = tiny = nomain = unmarked = 0
        for _, path, pkg in cands:
            if taken >= PAGES_PER_GENERATOR:
                break
            text = read_html(path)
            if not mark.search(text):
                unmarked += 1
                continue
            root = parse_html(path, text)
            gt = ground_truth(root, gen)
            if gt is None:
                nomain += 1
                continue
            if len(gt['text']) < MIN_CHARS:
                tiny += 1
                continue
            rec = dict(path=path, generator=gen, package=pkg, html_title=html_title(root))
            rec.update(gt)
            pages.append(rec)
            taken += 1
        log('  %-8s %-8s %3d pages  (of %d candidates in hash order: %d tiny, %d without'
            ' the main element, %d without the generator\'s mark)'
            % (part, gen, taken, len(cands), tiny, nomain, unmarked))
    return dict(part=part, made_by='bench/docset.py', pages_per_generator=PAGES_PER_GENERATOR,
                min_chars=MIN_CHARS, packages=packages, pages=pages)


def main():
    ap = argparse.ArgumentParser(description='Build the documentation set for cqa-parse.')
    ap.add_argument('--out', default='/tmp/cqa-docset', help='output directory')
    ap.add_argument('--list-packages', action='store_true',
                    help='print the Debian packages the set reads, one a line, and exit')
    a = ap.parse_args()
    if a.list_packages:
        for _, _, pkg, _ in PACKAGES:
            print(pkg)
        return 0
    os.makedirs(a.out, exist_ok=True)
    for part in ('dev', 'heldout'):
        data = build_part(part, lambda s: print(s, flush=True))
        missing = [p for p, info in data['packages'].items() if not info['html_files']]
        if missing:
            print('  %s: no HTML from %s (not installed?)' % (part, ' '.join(missing)))
        dst = os.path.join(a.out, part + '.json')
        with open(dst + '.tmp', 'w', encoding='utf-8') as f:
            json.dump(data, f, ensure_ascii=False, indent=1)
        os.replace(dst + '.tmp', dst)
        print('wrote %s: %d pages' % (dst, len(data['pages'])))
    return 0


if __name__ == '__main__':
    sys.exit(main())
