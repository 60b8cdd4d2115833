#!/usr/bin/env python3
"""score_docs.py - score a main-content extractor on the documentation set
that bench/docset.sh builds (dev.json to tune on, heldout.json to check).

usage: score_docs.py [SET.json] [--cmd COMMAND] [--title-cmd COMMAND|none]
                     [--only GENERATOR] [--jobs N] [--show-misses N]
                     [--audit-titles BINDIR]

SET.json defaults to /tmp/cqa-docset/dev.json.  COMMAND (default
"build/bin/cqa-parse --text" of this repository) is run once a page with the
page's path appended, as ../shared/bench/score_extraction.py does, and
prints the extracted main text on stdout.  The title command (default: the
extractor's command without --text, when it has one; "none" to skip) prints
a docs.jsonl line whose "title" is read; output that is no JSON gives its
first non-empty line as the title.

Figures, overall and per generator, for the extractor and for a baseline
measured in the same run, "body": every text node of <body> (script, style,
noscript and template excluded), one line a block, as docset.py renders it,
with the page's <title> as its title.  The baseline is what an extractor
that keeps everything scores: its recall is the ceiling, its precision the
floor to beat.

  F1, P, R   token precision, recall and F1 of the extracted text against
             the ground-truth main text, the mean over pages.  Tokens: the
             text lower-cased (str.lower), then every maximal run of word
             characters, re.findall(r'\\w+') on Python str (Unicode letters,
             digits and the underscore; everything else separates), counted
             with multiplicity (a bag of words).  Matched tokens are the
             bag intersection (min of the two counts, summed); P = matched /
             output tokens, R = matched / truth tokens.  A page with empty
             output scores P = R = F1 = 0.
  code       the share of ground-truth code lines (each non-empty line of
             each <pre> of the main content, trimmed) found whole in the
             output: equal to a trimmed output line, or equal to one once
             both have their whitespace runs collapsed to one space.  All
             code lines of the group pooled.
  headings   the share of ground-truth h1-h3 headings that are a whole
             output line, whitespace-collapsed, once the same permalink
             furniture ("¶", "#", "🔗", ...) is removed from both.  Pooled.
  titles     the share of pages whose title (from the title command) equals
             the ground-truth title, case-folded and whitespace-collapsed;
             pages with no ground-truth title are left out.
  fail       pages whose command exited non-zero or timed out (60 s); they
             count with whatever they printed.

--audit-titles BINDIR (where cqa-parse and cqa-analyze are) adds the titles
an audit gives: each package's pages of the set parsed in one cqa-parse run
and analysed in one cqa-analyze run, as `cqa audit` does, and the "title"
of each page record of metrics.jsonl (the part of <title> that most of the
site's pages share cut off) compared as above, per generator.

Like every benchmark it never fails a build: exit 0 whatever the figures,
also when the set has not been built or the extractor is missing (it says
so); 2 for a usage error.
"""
import argparse, collections, concurrent.futures as cf, json, os, re, shlex, shutil, subprocess, sys, time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # leave no __pycache__ in the work tree
import docset  # noqa: E402  (the same HTML rendering for the baseline)

DEFAULT_SET = '/tmp/cqa-docset/dev.json'
DEFAULT_CMD = os.path.join(ROOT, 'build', 'bin', 'cqa-parse') + ' --text'
TOKEN = re.compile(r'\w+')


def norm(s):
    return re.sub(r'\s+', ' ', s).strip()


def tokens(text):
    return collections.Counter(TOKEN.findall(text.lower()))


def page_scores(page, text, title):
    """Per-page figures: (p, r, f1, code kept, code total, headings kept,
    headings total, title right or None, output empty)."""
    out, truth = tokens(text), tokens(page['text'])
    matched = sum((out & truth).values())
    n_out, n_truth = sum(out.values()), sum(truth.values())
    p = matched / n_out if n_out else 0.0
    r = matched / n_truth if n_truth else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    lines = text.splitlines()
    trimmed = {l.strip() for l in lines}
    normed = {norm(l) for l in lines}
    code_kept = sum(1 for c in page['code'] if c in trimmed or norm(c) in normed)
    # permalink furniture ("Usage¶") is removed from output lines as it
    # was from the ground truth
    heads = {docset.clean_heading(l) for l in lines}
    heads_kept = sum(1 for h in page['headings'] if norm(h) in heads)
    right = None
    if page['title']:
        right = norm(title).casefold() == norm(page['title']).casefold()
    return dict(p=p, r=r, f=f, code_kept=code_kept, code=len(page['code']),
                heads_kept=heads_kept, heads=len(page['headings']),
                title=right, empty=not text.strip())


def run(cmd, path, timeout=60):
    try:
        r = subprocess.run(cmd + [path], capture_output=True, timeout=timeout)
        return r.returncode == 0, r.stdout.decode('utf-8', 'replace')
    except subprocess.TimeoutExpired:
        return False, ''
    except OSError:
        return False, ''


def title_of(output):
    for line in output.splitlines():
        if not line.strip():
            continue
        try:
            d = json.loads(line)
            return str(d.get('title') or '') if isinstance(d, dict) else line
        except ValueError:
            return line
    return ''


def baseline(path):
    root = docset.parse_html(path)
    return docset.body_text(root), docset.html_title(root)


def pct(k, n):
    return '%5.1f%% of %-6d' % (100.0 * k / n, n) if n else '   -          '


def summarise(rows):
    n = len(rows)
    if not n:
        return None
    s = dict(n=n)
    for k in ('p', 'r', 'f'):
        s[k] = sum(r[k] for r in rows) / n
    for k in ('code_kept', 'code', 'heads_kept', 'heads'):
        s[k] = sum(r[k] for r in rows)
    titled = [r['title'] for r in rows if r['title'] is not None]
    s['titles'] = (sum(titled), len(titled))
    s['empty'] = sum(r['empty'] for r in rows)
    s['fail'] = sum(r.get('fail', 0) for r in rows)
    return s


def main():
    ap = argparse.ArgumentParser(description='Score an extractor on the documentation set.')
    ap.add_argument('set', nargs='?', default=DEFAULT_SET, help='dev.json or heldout.json')
    ap.add_argument('--cmd', default=DEFAULT_CMD, help='extractor command; the page path is appended')
    ap.add_argument('--title-cmd', default=None,
                    help="command printing a docs.jsonl line (its \"title\"); 'none' to skip")
    ap.add_argument('--only', metavar='GENERATOR', help='score one generator only')
    ap.add_argument('--jobs', type=int, default=2, help='pages run at once (default 2)')
    ap.add_argument('--show-misses', type=int, default=0, metavar='N',
                    help='list the N pages with the lowest F1, with what was lost')
    ap.add_argument('--audit-titles', metavar='BINDIR',
                    help='also score the titles of an audit (cqa-parse + cqa-analyze in BINDIR)')
    a = ap.parse_args()

    if not os.path.isfile(a.set):
        print('score_docs.py: %s not found: the set has not been built.' % a.set)
        print('Build it with: bash bench/docset.sh   (writes /tmp/cqa-docset/dev.json and heldout.json)')
        return 0
    try:
        with open(a.set, encoding='utf-8') as f:
            data = json.load(f)
        pages = data['pages']
    except (OSError, ValueError, KeyError, TypeError) as e:
        print('score_docs.py: cannot read %s (%s); rebuild it with bash bench/docset.sh' % (a.set, e))
        return 0
    if a.only:
        pages = [p for p in pages if p['generator'] == a.only]
    missing = [p for p in pages if not os.path.isfile(p['path'])]
    pages = [p for p in pages if os.path.isfile(p['path'])]
    if not pages:
        print('score_docs.py: no page of %s is on this machine; rebuild it with bash bench/docset.sh'
              % a.set)
        return 0

    cmd = shlex.split(a.cmd)
    if a.title_cmd is None:
        tcmd = [w for w in cmd if w not in ('--text', '-t')] if ('--text' in cmd or '-t' in cmd) else []
    elif a.title_cmd.lower() == 'none':
        tcmd = []
    else:
        tcmd = shlex.split(a.title_cmd)
    for c in (cmd, tcmd):
        if c and not (os.access(c[0], os.X_OK) or shutil.which(c[0])):
            print('score_docs.py: %s not found or not executable; build it first '
                  '(make build, or pass --cmd)' % c[0])
            return 0

    def job(page):
        ok, text = run(cmd, page['path'])
        title, tok = '', True
        if tcmd:
            tok, out = run(tcmd, page['path'])
            title = title_of(out)
        return ok and tok, text, title

    t0 = time.time()
    with cf.ThreadPoolExecutor(max(1, a.jobs)) as ex:
        results = list(ex.map(job, pages))
    dt = time.time() - t0
    base = [baseline(p['path']) for p in pages]

    name = os.path.basename(cmd[0])
    rows = {name: [], 'body': []}
    for page, (ok, text, title), (btext, btitle) in zip(pages, results, base):
        s = page_scores(page, text, title if tcmd else '')
        s['fail'] = int(not ok)
        s['gen'], s['page'], s['text'] = page['generator'], page, text
        rows[name].append(s)
        b = page_scores(page, btext, btitle)
        b['gen'] = page['generator']
        rows['body'].append(b)

    gens = []
    for p in pages:
        if p['generator'] not in gens:
            gens.append(p['generator'])
    print('set %s (%s): %d pages, %d generator%s%s' % (
        a.set, data.get('part', '?'), len(pages), len(gens), 's' if len(gens) > 1 else '',
        ', %d pages missing on this machine' % len(missing) if missing else ''))
    print('extractor: %s%s' % (' '.join(cmd), '' if not tcmd else '   titles: ' + ' '.join(tcmd)))
    print('%d pages in %.1f s with %d jobs; body = every text node of <body>, the baseline'
          % (len(pages), dt, a.jobs))
    print()
    hdr = '%-9s %-10s %5s  %5s  %5s  %5s  %-16s %-16s %-16s %s' % (
        'generator', 'extractor', 'pages', 'F1', 'P', 'R', 'code kept', 'headings kept',
        'titles right', 'empty/fail')
    print(hdr)
    print('-' * len(hdr))
    for g in ['all'] + gens:
        for ext in (name, 'body'):
            sel = [r for r in rows[ext] if g == 'all' or r['gen'] == g]
            s = summarise(sel)
            have_titles = ext == 'body' or tcmd
            titles = pct(*s['titles']) if have_titles and s['titles'][1] else pct(0, 0)
            line = '%-9s %-10s %5d  %.3f  %.3f  %.3f  %-16s %-16s %-16s %s' % (
                g if ext == name else '', ext, s['n'], s['f'], s['p'], s['r'],
                pct(s['code_kept'], s['code']), pct(s['heads_kept'], s['heads']), titles,
                '%d/%d' % (s['empty'], s['fail']) if ext == name else '')
            print(line.rstrip())
    if a.show_misses:
        print()
        print('lowest F1 (%s):' % name)
        worst = sorted(rows[name], key=lambda r: r['f'])[:a.show_misses]
        for r in worst:
            page, text = r['page'], r['text']
            lines = text.splitlines()
            normed = {norm(l) for l in lines}
            trimmed = {l.strip() for l in lines}
            heads = {docset.clean_heading(l) for l in lines}
            lost_h = [h for h in page['headings'] if norm(h) not in heads][:2]
            lost_c = [c for c in page['code'] if c not in trimmed and norm(c) not in normed][:2]
            print('  F1 %.3f P %.3f R %.3f  %s  %s' % (r['f'], r['p'], r['r'], page['generator'],
                                                     page['path']))
            if lost_h:
                print('      headings lost: %s' % ' | '.join(lost_h))
            if lost_c:
                print('      code lines lost: %s' % ' | '.join(lost_c))
    if a.audit_titles:
        audit_titles(pages, a.audit_titles, gens)
    return 0


def audit_titles(pages, bindir, gens):
    """Titles as an audit gives them: one cqa-parse and one cqa-analyze
    run a package, metrics.jsonl's "title" of each page."""
    import tempfile
    parse, analyze = os.path.join(bindir, 'cqa-parse'), os.path.join(bindir, 'cqa-analyze')
    if not (os.access(parse, os.X_OK) and os.access(analyze, os.X_OK)):
        print('score_docs.py: %s has no cqa-parse and cqa-analyze; audit titles skipped' % bindir)
        return
    got = {}
    by_pkg = collections.OrderedDict()
    for p in pages:
        by_pkg.setdefault(p['package'], []).append(p)
    with tempfile.TemporaryDirectory() as tmp:
        for pkg, group in by_pkg.items():
            docs, metrics = os.path.join(tmp, 'docs.jsonl'), os.path.join(tmp, 'metrics.jsonl')
            paths = [p['path'] for p in group]
            r1 = subprocess.run([parse, '-q', '-o', docs] + paths, capture_output=True)
            r2 = subprocess.run([analyze, '-q', '-o', metrics, docs], capture_output=True)
            if r1.returncode or r2.returncode:
                print('score_docs.py: the audit of %s failed; its titles count as wrong' % pkg)
                continue
            with open(metrics, encoding='utf-8') as f:
                for line in f:
                    d = json.loads(line)
                    if d.get('type') == 'page' and d.get('url', '').startswith('file://'):
                        got[d['url'][len('file://'):]] = d.get('title') or ''
    print()
    print('titles in an audit (%s and %s, one run a package):' % (parse, analyze))
    for g in ['all'] + gens:
        sel = [p for p in pages if (g == 'all' or p['generator'] == g) and p['title']]
        right = sum(norm(got.get(os.path.abspath(p['path']), '')).casefold()
                    == norm(p['title']).casefold() for p in sel)
        print('  %-9s %s' % (g, pct(right, len(sel))))


if __name__ == '__main__':
    try:
        sys.exit(main())
    except Exception:  # a benchmark never fails a build: say what broke
        import traceback
        traceback.print_exc()
        print('score_docs.py: internal error (above); no figures')
        sys.exit(0)
