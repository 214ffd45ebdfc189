#!/usr/bin/env python3
"""Turn run.sh's results.tsv into results.md: the table of every run, the
ratios of agendapack to each peer and to the emission floor, the growth of
agendapack's cost with size, and the issue-7 targets met or missed.

usage: report.py results.tsv [versions.txt]

Ratios are per page (ms/page), since the engines break pages a little
differently: "typst ×" is typst's ms/page over agendapack's (how many times
faster agendapack is); "floor ×" is agendapack's ms/page over the floor's
(the layout's overhead).
"""

import sys

PEERS = ["weasyprint", "typst", "pdfmake", "latex"]
NAMES = {"agendapack": "agendapack", "untagged": "agendapack --no-tagged",
         "weasyprint": "WeasyPrint", "typst": "Typst",
         "pdfmake": "pdfmake", "latex": "LaTeX", "floor": "floor"}
# issue 7: agendapack at least this many times faster than each peer
SPEEDUP = {"typst": 5, "pdfmake": 10, "latex": 40, "weasyprint": 50}


def num(s):
    try:
        return float(s)
    except ValueError:
        return None


def main(argv):
    rows = []
    with open(argv[1], encoding="utf-8") as f:
        head = f.readline().rstrip("\n").split("\t")
        for line in f:
            rows.append(dict(zip(head, line.rstrip("\n").split("\t"))))
    out = []
    if len(argv) > 2:
        with open(argv[2], encoding="utf-8") as f:
            out += ["```", f.read().rstrip(), "```", ""]
    out += ["## Every run (median of RUNS whole-process runs)", "",
            "| engine | N | pages | wall s | user s | peak RSS MB | ms/page | pages/s | PDF KB | check.py |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    for r in rows:
        out.append("| " + " | ".join([NAMES.get(r["engine"], r["engine"]), r["N"], r["pages"], r["wall_s"],
                                      r["user_s"], r["rss_mb"], r["ms_per_page"], r["pages_per_s"],
                                      r["pdf_kb"], r["check"]]) + " |")
    by = {(r["engine"], r["N"]): r for r in rows}
    sizes = []
    for r in rows:
        if r["N"] not in sizes:
            sizes.append(r["N"])

    def ms(e, n):
        r = by.get((e, n))
        return num(r["ms_per_page"]) if r else None

    def ums(e, n):
        r = by.get((e, n))
        if not r or num(r["user_s"]) is None or not num(r["pages"]):
            return None
        return 1000 * num(r["user_s"]) / num(r["pages"])

    out += ["", "## agendapack against the peers and the floor (wall time per page)", "",
            "| N | pages | wall s | user s | pages/s | peak RSS MB | floor × (target ≤ 1.3) | "
            + " | ".join(f"{NAMES[p]} × (target ≥ {SPEEDUP[p]})" for p in PEERS) + " |",
            "|---:|---:|---:|---:|---:|---:|---:|" + "---:|" * len(PEERS)]
    for n in sizes:
        a = by.get(("agendapack", n))
        if not a or num(a["wall_s"]) is None:
            continue
        am = ms("agendapack", n)
        fl = ms("floor", n)
        cells = [n, a["pages"], a["wall_s"], a["user_s"], a["pages_per_s"], a["rss_mb"],
                 f"{am / fl:.2f}" if fl else "-"]
        for p in PEERS:
            pm = ms(p, n)
            cells.append(f"{pm / am:.1f}" if pm else "-")
        out.append("| " + " | ".join(str(c) for c in cells) + " |")

    out += ["", "The same ratios on user CPU time per page (less sensitive to other load on the "
            "machine than wall time; node and Python peers also use a second thread, which user time counts):", "",
            "| N | agendapack user ms/page | floor × | " + " | ".join(f"{NAMES[p]} ×" for p in PEERS) + " |",
            "|---:|---:|---:|" + "---:|" * len(PEERS)]
    for n in sizes:
        au = ums("agendapack", n)
        if not au:
            continue
        fu = ums("floor", n)
        cells = [n, f"{au:.2f}", f"{au / fu:.2f}" if fu else "-"]
        for p in PEERS:
            pu = ums(p, n)
            cells.append(f"{pu / au:.1f}" if pu else "-")
        out.append("| " + " | ".join(str(c) for c in cells) + " |")

    out += ["", "## Growth of agendapack's cost with size", "",
            "| N | pages | wall s | user s | × previous size's wall | × previous size's user | × previous size's pages | ms/page | user ms/page |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    prev = None
    for n in sizes:
        a = by.get(("agendapack", n))
        if not a or num(a["wall_s"]) is None:
            continue
        w, p, u = num(a["wall_s"]), num(a["pages"]), num(a["user_s"])
        gw = f"{w / prev[0]:.2f}" if prev and prev[0] else "-"
        gu = f"{u / prev[2]:.2f}" if prev and prev[2] else "-"
        gp = f"{p / prev[1]:.2f}" if prev else "-"
        out.append(f"| {n} | {a['pages']} | {a['wall_s']} | {a['user_s']} | {gw} | {gu} | {gp} | {a['ms_per_page']} | {1000 * u / p:.2f} |")
        prev = (w, p, u)

    # issue 8: what tagged output (the default) costs over --no-tagged
    tag_rows = []
    for n in sizes:
        a, u = by.get(("agendapack", n)), by.get(("untagged", n))
        if a and u and num(a["wall_s"]) and num(u["wall_s"]):
            wa, wu = num(a["wall_s"]), num(u["wall_s"])
            ua, uu = num(a["user_s"]), num(u["user_s"])
            tag_rows.append(f"| {n} | {wa:.3f} | {wu:.3f} | {100 * (wa - wu) / wa:.0f}% | "
                            f"{100 * (ua - uu) / ua if ua else 0:.0f}% | {a['rss_mb']} | {u['rss_mb']} | "
                            f"{a['pdf_kb']} | {u['pdf_kb']} |")
    if tag_rows:
        out += ["", "## What tagging costs (issue 8: target under 15% of build time)", "",
                "| N | tagged wall s | untagged wall s | tagging's share of wall | of user | tagged MB | untagged MB | tagged KB | untagged KB |",
                "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"] + tag_rows

    # targets
    out += ["", "## Issue 7 targets", ""]

    def at(e, n, k):
        r = by.get((e, n))
        return num(r[k]) if r else None

    a1k = "1000" if ("agendapack", "1000") in by else None
    if a1k:
        am, fl = ms("agendapack", a1k), ms("floor", a1k)
        if am and fl:
            v = am / fl
            fu, au = ums("floor", a1k), ums("agendapack", a1k)
            vu = f"; on user time {au / fu:.2f}×" if fu and au else ""
            out.append(f"- within 1.3× of the floor at N=1000: {v:.2f}× on wall time — "
                       + ("met" if v <= 1.3 else f"missed by {v / 1.3:.2f}×") + vu)
        w = at("agendapack", a1k, "wall_s")
        if w is not None:
            out.append(f"- a 1,000-page pack in about a second: {w:.2f} s wall, "
                       f"{at('agendapack', a1k, 'user_s'):.2f} s user — "
                       + ("met" if w <= 1.05 else f"missed by {w:.2f}×"))
        m = at("agendapack", a1k, "rss_mb")
        if m is not None:
            out.append(f"- under 200 MB peak at N=1000: {m:.0f} MB — "
                       + ("met" if m < 200 else f"missed by {m / 200:.2f}×"))
        w5 = at("agendapack", "5000", "wall_s")
        if w is not None and w5 is not None:
            g = w5 / w
            u1, u5 = at("agendapack", a1k, "user_s"), at("agendapack", "5000", "user_s")
            gu = f"; on user time {u5 / u1:.2f}×" if u1 and u5 else ""
            out.append(f"- linear: N=5000 within 5.5× of N=1000: {g:.2f}× on wall time — "
                       + ("met" if g <= 5.5 else f"missed by {g / 5.5:.2f}×") + gu)
    for n in ("300", "1000"):
        am = ms("agendapack", n)
        if not am:
            continue
        for p in PEERS:
            pm = ms(p, n)
            if pm is None:
                out.append(f"- ≥ {SPEEDUP[p]}× {NAMES[p]} at N={n}: not measured")
                continue
            v = pm / am
            pu, au = ums(p, n), ums("agendapack", n)
            vu = f"; on user time {pu / au:.1f}×" if pu and au else ""
            out.append(f"- ≥ {SPEEDUP[p]}× {NAMES[p]} at N={n}: {v:.1f}× on wall time — "
                       + ("met" if v >= SPEEDUP[p] else f"missed by {SPEEDUP[p] / v:.2f}×") + vu)
    print("\n".join(out))


if __name__ == "__main__":
    main(sys.argv)
