/* SPDX-License-Identifier: Apache-2.0 */
/*
 * write_html.c - one self-contained HTML page that opens with what to fix
 * first: the findings by severity, then section (the 1.1.x audit-rule
 * findings folded into one card with a rules file to paste), a view per
 * container, what changed since a baseline, what could not be evaluated
 * or was waived, then every other check (collapsed) and an index of all
 * checks by section.  Every check and container has an id anchor
 * ("check-daemon.icc", "container-web") to link from a ticket.
 *
 * No script and no external resource: a Content-Security-Policy meta
 * allows nothing but the page's one <style> element, named by its
 * SHA-256.  The severity and status filters are radio buttons whose
 * :checked state CSS reads (input:checked ~ main ...), and the collapsed
 * lists open with a checkbox, not <details>: CSS can show them when
 * printing, when a filter asks for passes, and when a link targets a
 * check inside (:has(:target)).  All of that is screen-only; the print
 * stylesheet shows every check, light on white.  Every string from the
 * model goes through ha_put_xml().
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "ha_baseline.h"
#include "ha_buf.h"
#include "ha_facts.h"
#include "ha_report.h"
#include "banned.h"

#define X(fp, s)	ha_put_xml((fp), (s))

/* The audit-rule checks (CIS 1.1.3-1.1.18) folded into one card. */
#define AUDIT_PREFIX	"host.audit-"

/* In pieces: C11 compilers need not take a literal over 4095 bytes. */
static const char *const css[] = {
":root{--bg:#f4f6f8;--fg:#1d2630;--card:#fff;--muted:#5b6875;"
"--line:#e3e8ee;--chip:#e8edf2;--head:#1d2630;--headfg:#fff;"
"--headmuted:#c9d3dd;--link:#1f5fae;--pre:#f3f5f7;--fix:#eef6f0;"
"--fixfg:#1f6e3f;--fail:#d64545;--failbg:#fcf6f6;--failfg:#a32020;"
"--failchip:#fbe3e3;--warn:#d9a21b;--warnbg:#fdfaf2;--warnfg:#8a6110;"
"--warnchip:#fdf1d6;--pass:#2e9d5b;--passfg:#1f6e3f;--passchip:#dff3e7;"
"--err:#8e44ad;--errbg:#f9f5fb;--errfg:#6b2d8f;--errchip:#efe3f7;"
"--wv:#3b73c4;--wvbg:#f4f8fd;--wvfg:#24508f;--wvchip:#e3ecfb;"
"color-scheme:light dark}"
"@media screen and (prefers-color-scheme:dark){:root{--bg:#11161b;"
"--fg:#dce3ea;--card:#1a2128;--muted:#9aa7b3;--line:#2b353f;"
"--chip:#2b353f;--head:#0a0e12;--headmuted:#aab6c2;--link:#8cb8ff;"
"--pre:#0e1317;--fix:#17281e;--fixfg:#8fdcaa;--failbg:#271b1d;"
"--failfg:#ff9e9e;--failchip:#4a2428;--warnbg:#28231a;--warnfg:#f0cc78;"
"--warnchip:#46391a;--passfg:#8fdcaa;--passchip:#1c3a28;--errbg:#231b29;"
"--errfg:#d5a6ee;--errchip:#3b2848;--wvbg:#19222f;--wvfg:#a8c5f4;"
"--wvchip:#21314a}}"
"*{box-sizing:border-box}"
"html{-webkit-text-size-adjust:100%;text-size-adjust:100%}"
"body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,"
"'DejaVu Sans',sans-serif;margin:0;background:var(--bg);color:var(--fg);"
"overflow-wrap:anywhere}"
"a{color:var(--link)}"
"main{max-width:1080px;margin:0 auto;padding:16px}"
"[id]{scroll-margin-top:8px}"
"header{display:flex;flex-wrap:wrap;gap:16px 24px;align-items:center;"
"background:var(--head);color:var(--headfg);padding:20px;"
"border-radius:10px}"
"header>div{flex:1 1 260px;min-width:0}"
"header h1{margin:0 0 4px;font-size:22px}"
"header p{margin:2px 0;color:var(--headmuted)}"
".score{flex:none;width:120px;height:120px;border-radius:50%;"
"display:flex;flex-direction:column;align-items:center;"
"justify-content:center;font-weight:700;border:8px solid;"
"background:var(--card)}"
".score .num{font-size:28px}.score .lbl{font-size:12px;font-weight:400}"
".good{border-color:var(--pass);color:var(--pass)}"
".fair{border-color:var(--warn);color:var(--warn)}"
".poor{border-color:var(--fail);color:var(--fail)}"
".na{border-color:#8a96a3;color:var(--muted)}"
"section{background:var(--card);border-radius:10px;padding:16px 20px;"
"margin-top:18px;box-shadow:0 1px 2px rgba(0,0,0,.08)}"
"h2{font-size:19px;margin:4px 0 12px}"
"h3{font-size:15px;margin:0 0 4px}"
"h4{font-size:14px;margin:16px 0 6px;color:var(--muted)}"
"nav.toc{font-size:14px}nav.toc ul{margin:4px 0;padding-left:20px}"
"nav.toc h2+ul{display:flex;flex-wrap:wrap;gap:2px 18px;list-style:none;"
"padding:0}nav.toc li.secs{flex-basis:100%}"
"nav.toc li ul{display:flex;flex-wrap:wrap;gap:0 14px;list-style:none;"
"padding:0}"
".pills span{display:inline-block;padding:2px 10px;border-radius:12px;"
"margin:6px 6px 0 0;font-size:13px;background:var(--chip)}"
".st,.sev,.chg{display:inline-block;font-size:11px;font-weight:600;"
"text-transform:uppercase;letter-spacing:.04em;padding:1px 7px;"
"border-radius:9px;margin-left:6px;vertical-align:2px;",
"background:var(--chip);color:var(--fg);white-space:nowrap}"
".pills .st{font-size:13px;text-transform:none;letter-spacing:0;"
"margin:6px 6px 0 0;vertical-align:0}"
".st-fail{background:var(--failchip);color:var(--failfg)}"
".st-pass{background:var(--passchip);color:var(--passfg)}"
".st-warn{background:var(--warnchip);color:var(--warnfg)}"
".st-error{background:var(--errchip);color:var(--errfg)}"
".st-waived{background:var(--wvchip);color:var(--wvfg)}"
".sev-critical{background:#a3161a;color:#fff}"
".sev-high{background:#d64545;color:#fff}"
".sev-medium{background:#d9a21b;color:#1d2630}"
".chg{background:var(--failchip);color:var(--failfg)}"
".chg.still_failing{background:var(--chip);color:var(--muted)}"
".chg.fixed{background:var(--passchip);color:var(--passfg)}"
".notseen{background:var(--errbg);border-left:5px solid var(--err);"
"padding:8px 14px;border-radius:0 6px 6px 0;margin:10px 0 0}"
".finding{border-left:5px solid var(--fail);padding:10px 14px;"
"margin:10px 0;background:var(--failbg);border-radius:0 6px 6px 0}"
".finding.warn{border-color:var(--warn);background:var(--warnbg)}"
".finding.error{border-color:var(--err);background:var(--errbg)}"
".finding.waived{border-color:var(--wv);background:var(--wvbg)}"
".ref{font-family:ui-monospace,Menlo,Consolas,monospace;"
"color:var(--muted);margin-right:6px;white-space:nowrap;"
"overflow-wrap:normal}a.ref{text-decoration:none}"
"a.ref:hover{text-decoration:underline}"
".id{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px;"
"color:var(--muted)}"
".msg{margin:4px 0}"
"ul.targets{margin:4px 0 6px;padding-left:20px}"
"ul.targets li{margin:1px 0}"
".tname,code{font-family:ui-monospace,Menlo,Consolas,monospace}"
".tname{font-weight:600}"
".fix{background:var(--fix);border-radius:6px;padding:6px 10px;"
"margin:6px 0;font-size:14px}.fix b{color:var(--fixfg)}"
".why{color:var(--muted);font-size:13px;margin:4px 0}"
".scroll{overflow-x:auto;max-width:100%}"
"table{border-collapse:collapse;width:100%;font-size:14px}"
"th,td{text-align:left;padding:4px 8px;border-bottom:1px solid "
"var(--line);vertical-align:top;overflow-wrap:break-word}"
"th{color:var(--muted);font-weight:600}"
"pre{background:var(--pre);border:1px solid var(--line);"
"border-radius:6px;padding:10px 12px;overflow-x:auto;font-size:13px;"
"white-space:pre;overflow-wrap:normal}"
"dl{display:grid;grid-template-columns:max-content minmax(0,1fr);"
"gap:4px 18px;margin:0}dt{color:var(--muted)}"
"dd{margin:0;font-weight:600}"
".chart{list-style:none;margin:0;padding:0}"
".chart li{display:grid;grid-template-columns:minmax(0,1fr) "
"minmax(80px,40%) 4.5em;gap:2px 12px;align-items:center;padding:5px 0;"
"border-bottom:1px solid var(--line)}"
".chart .pct{text-align:right;font-weight:600;"
"font-variant-numeric:tabular-nums}"
".bar{display:block;width:100%;height:14px}"
".bar .track{fill:var(--chip)}.bar .good{fill:var(--pass)}"
".bar .fair{fill:var(--warn)}.bar .poor{fill:var(--fail)}"
".ctr{border:1px solid var(--line);border-radius:8px;padding:10px 14px;"
"margin:10px 0}"
".meta{display:flex;flex-wrap:wrap;gap:2px 16px;font-size:13px;",
"color:var(--muted);margin:2px 0 6px}.meta b{color:var(--fg)}"
".row{padding:6px 0;border-bottom:1px solid var(--line)}"
".row .msg{color:var(--muted);font-size:14px;margin:2px 0 0}"
".flt,.tog{position:fixed;top:0;left:0;width:1px;height:1px;opacity:0;"
"margin:0}"
".filters{display:flex;flex-wrap:wrap;gap:4px 6px;align-items:center;"
"margin:0 0 10px;font-size:13px}"
".filters b{color:var(--muted);font-weight:600;margin-right:2px}"
".filters label{padding:2px 10px;border:1px solid var(--line);"
"border-radius:12px;cursor:pointer;user-select:none}"
".filters .gap{flex-basis:100%;height:0}"
".toglbl{display:inline-block;padding:4px 12px;border:1px solid "
"var(--line);border-radius:6px;cursor:pointer;font-weight:600}"
".toglbl::before{content:'\\25b8  '}"
".tog:checked+.toglbl::before{content:'\\25be  '}"
".tog:focus-visible+.toglbl{outline:2px solid var(--link)}"
"footer{color:var(--muted);font-size:12px;text-align:center;margin:18px}"
"@media (max-width:600px){main{padding:8px}section{padding:12px}"
"header{padding:14px}.score{width:96px;height:96px}"
".score .num{font-size:22px}"
".chart li{grid-template-columns:minmax(0,1fr) 4.5em}"
".chart .lbl{grid-column:1/-1}"
".audit table,.audit tr,.audit td{display:block}.audit th{display:none}"
".audit tr{padding:6px 0;border-bottom:1px solid var(--line)}"
".audit td{border:0;padding:1px 0}}"
"@media screen{.tog:not(:checked)~.more{display:none}"
".tog~.more:has(:target){display:block}}"
"@media print{body{background:#fff;color:#000;font-size:11pt}"
"main{max-width:none;padding:0}"
"header{background:#fff;color:#000;border:1px solid #999}"
"header p{color:#333}section{box-shadow:none;border:1px solid #ccc}"
".finding,.ctr,.row,tr,.chart li{break-inside:avoid}"
".flt,.tog,.toglbl,.filters{display:none}"
"a{color:inherit;text-decoration:none}"
"pre{white-space:pre-wrap;overflow-wrap:anywhere}"
".scroll{overflow:visible}}",
};

/*
 * The filters: radio buttons before <main>, labels inside it.  A
 * severity filter keeps what is at least that severe; a status filter
 * keeps one status ("other": skipped, manual, info).
 */
static const struct filter {
	const char	*id;
	const char	*label;
	const char	*keep;		/* the classes kept, space-separated;
					   NULL: all */
} sev_filters[] = {
	{ "fv-all", "any severity", NULL },
	{ "fv-critical", "critical", "v-critical" },
	{ "fv-high", "high+", "v-critical v-high" },
	{ "fv-medium", "medium+", "v-critical v-high v-medium" },
	{ "fv-low", "low+", "v-critical v-high v-medium v-low" },
}, st_filters[] = {
	{ "fs-all", "any status", NULL },
	{ "fs-fail", "fail", "s-fail" },
	{ "fs-warn", "warn", "s-warn" },
	{ "fs-error", "error", "s-error" },
	{ "fs-waived", "waived", "s-waived" },
	{ "fs-pass", "pass", "s-pass" },
	{ "fs-other", "skip, manual, info", "s-skip s-manual s-info" },
};

/* The filter rules for one group (into b). */
static void
filter_css(struct ha_buf *b, const struct filter *f, size_t n, int opens)
{
	const char *p, *sp;
	size_t i;

	for (i = 0; i < n; i++) {
		ha_buf_addf(b, "#%s:checked~main label[for=%s]{background:"
		    "var(--fg);color:var(--bg);border-color:var(--fg)}"
		    "#%s:focus-visible~main label[for=%s]{outline:2px solid "
		    "var(--link);outline-offset:2px}", f[i].id, f[i].id,
		    f[i].id, f[i].id);
		if (f[i].keep == NULL)
			continue;
		ha_buf_addf(b, "#%s:checked~main .chk", f[i].id);
		for (p = f[i].keep; *p != '\0'; p = *sp ? sp + 1 : sp) {
			if ((sp = strchr(p, ' ')) == NULL)
				sp = p + strlen(p);
			ha_buf_addf(b, ":not(.%.*s)", (int)(sp - p), p);
		}
		ha_buf_addstr(b, "{display:none}");
		/* a status filter for what is collapsed shows it */
		if (opens && (strstr(f[i].keep, "s-pass") != NULL ||
		    strstr(f[i].keep, "s-skip") != NULL))
			ha_buf_addf(b, "#%s:checked~main .more{display:block}",
			    f[i].id);
	}
}

/* The page's whole stylesheet (caller releases b). */
static void
page_css(struct ha_buf *b)
{
	size_t i;

	ha_buf_init(b, HA_BUF_NOCAP);
	for (i = 0; i < HA_ARRAY_SIZE(css); i++)
		ha_buf_addstr(b, css[i]);
	ha_buf_addstr(b, "@media screen{");
	filter_css(b, sev_filters, HA_ARRAY_SIZE(sev_filters), 0);
	filter_css(b, st_filters, HA_ARRAY_SIZE(st_filters), 1);
	ha_buf_addstr(b, "}");
}

/* "'sha256-BASE64'" of the stylesheet for the CSP, or a looser policy. */
static void
put_csp(FILE *fp, const struct ha_buf *style)
{
	unsigned char md[EVP_MAX_MD_SIZE], b64[4 * ((EVP_MAX_MD_SIZE + 2) /
	    3) + 1];
	unsigned int n = 0;

	fputs("<meta http-equiv=\"Content-Security-Policy\" content=\""
	    "default-src 'none'; style-src ", fp);
	if (EVP_Digest(style->data, style->len, md, &n, EVP_sha256(),
	    NULL) == 1) {
		EVP_EncodeBlock(b64, md, (int)n);
		fprintf(fp, "'sha256-%s'", (const char *)b64);
	} else	/* never seen; the page has no script all the same */
		fputs("'unsafe-inline'", fp);
	fputs("; base-uri 'none'; form-action 'none'\">", fp);
}

/* --- what the page works out before writing ------------------------- */

struct hit {
	const struct ha_result	*r;
	const struct ha_target	*t;
};

/* A container some check looked at, and its findings. */
struct ctr {
	const char		*name;
	const char		*engine;	/* --all-engines, else NULL */
	const struct ha_target	*t;		/* for its state and meta */
	char			*anchor;
	struct hit		*hits;
	size_t			 nhits;
	int			 worst;		/* severity; -1: no finding */
};

struct page {
	const struct ha_report	*rep;
	char			**ranchor;	/* per result */
	char			**sanchor;	/* per section */
	char			**used;		/* every id given out */
	size_t			 nused;
	struct ctr		*ctrs;
	size_t			 nctrs;
	size_t			 last;		/* where the last lookup hit */
	size_t			 naudit;	/* audit-rule findings */
};

static int
is_finding(enum ha_status st)
{
	return st == HA_FAIL || st == HA_WARN;
}

static int
is_audit(const struct ha_result *r)
{
	return r->check->origin == NULL && ha_starts_with(r->check->id,
	    AUDIT_PREFIX);
}

/*
 * A new id "PREFIX-NAME" (the page owns it): NAME with every run of
 * characters other than letters, digits, '.', '_' and '-' made one '-',
 * and "-2", "-3", ... when taken.
 */
static char *
anchor_new(struct page *pg, const char *prefix, const char *engine,
    const char *name)
{
	struct ha_buf b;
	const char *s;
	size_t i, base;
	int n = 1, dash = 0;
	char c;

	ha_buf_init(&b, HA_BUF_NOCAP);
	ha_buf_addf(&b, "%s-", prefix);
	for (i = 0; i < 2; i++) {
		s = i == 0 ? engine : name;
		if (s == NULL)
			continue;
		if (i == 1 && engine != NULL)
			ha_buf_addch(&b, '-');
		for (; (c = *s) != '\0'; s++) {
			if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			    (c >= '0' && c <= '9') || c == '.' || c == '_' ||
			    c == '-') {
				ha_buf_addch(&b, c);
				dash = 0;
			} else if (!dash++)
				ha_buf_addch(&b, '-');
		}
	}
	base = b.len;
again:
	for (i = 0; i < pg->nused; i++)
		if (strcmp(pg->used[i], b.data) == 0) {
			b.len = base;
			b.data[base] = '\0';
			ha_buf_addf(&b, "-%d", ++n);
			goto again;
		}
	pg->used = ha_xreallocarray(pg->used, pg->nused + 1,
	    sizeof(*pg->used));
	pg->used[pg->nused++] = ha_buf_detach(&b, NULL);
	return pg->used[pg->nused - 1];
}

static int
same(const char *a, const char *b)
{
	return a == b || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/*
 * The container a target is, or NULL.  Targets come in the same order
 * check after check, so the search starts after the last hit.
 */
static struct ctr *
ctr_find(struct page *pg, const struct ha_target *t)
{
	size_t i, k;

	if (t->kind == NULL || strcmp(t->kind, "container") != 0)
		return NULL;
	for (k = 0; k < pg->nctrs; k++) {
		i = (pg->last + k) % pg->nctrs;
		if (strcmp(pg->ctrs[i].name, t->name) == 0 &&
		    same(pg->ctrs[i].engine, t->engine)) {
			pg->last = (i + 1) % pg->nctrs;
			return &pg->ctrs[i];
		}
	}
	return NULL;
}

static int
ctr_cmp(const void *a, const void *b)
{
	const struct ctr *x = a, *y = b;
	int c;

	if (x->worst != y->worst)
		return y->worst - x->worst;
	if (x->nhits != y->nhits)
		return x->nhits < y->nhits ? 1 : -1;
	if ((c = strcmp(x->name, y->name)) != 0)
		return c;
	return strcmp(x->engine ? x->engine : "", y->engine ? y->engine : "");
}

/* The containers the results name, each with what fails in it. */
static void
gather_ctrs(struct page *pg)
{
	const struct ha_report *rep = pg->rep;
	const struct ha_result *r;
	const struct ha_target *t;
	struct ctr *c;
	size_t i, j;
	int sev;

	for (i = 0; i < rep->nresults; i++) {
		r = &rep->results[i];
		for (j = 0; j < r->ntargets; j++) {
			t = &r->targets[j];
			if (t->kind == NULL || t->name == NULL ||
			    strcmp(t->kind, "container") != 0)
				continue;
			if ((c = ctr_find(pg, t)) == NULL) {
				pg->ctrs = ha_xreallocarray(pg->ctrs,
				    pg->nctrs + 1, sizeof(*pg->ctrs));
				c = &pg->ctrs[pg->nctrs++];
				memset(c, 0, sizeof(*c));
				c->name = t->name;
				c->engine = t->engine;
				c->t = t;
				c->worst = -1;
			}
			if (c->t->state == NULL && t->state != NULL)
				c->t = t;
			if (!is_finding(t->status))
				continue;
			c->hits = ha_xreallocarray(c->hits, c->nhits + 1,
			    sizeof(*c->hits));
			c->hits[c->nhits].r = r;
			c->hits[c->nhits++].t = t;
			sev = (int)r->entry->severity;
			if (sev > c->worst)
				c->worst = sev;
		}
	}
	if (pg->nctrs > 1)
		qsort(pg->ctrs, pg->nctrs, sizeof(*pg->ctrs), ctr_cmp);
	for (i = 0; i < pg->nctrs; i++)
		pg->ctrs[i].anchor = anchor_new(pg, "container",
		    pg->ctrs[i].engine, pg->ctrs[i].name);
	pg->last = 0;
}

static void
page_init(struct page *pg, const struct ha_report *rep)
{
	size_t i;

	memset(pg, 0, sizeof(*pg));
	pg->rep = rep;
	pg->ranchor = ha_xcalloc(rep->nresults ? rep->nresults : 1,
	    sizeof(*pg->ranchor));
	for (i = 0; i < rep->nresults; i++) {
		pg->ranchor[i] = anchor_new(pg, "check", NULL,
		    rep->results[i].check->id);
		pg->naudit += is_audit(&rep->results[i]) &&
		    is_finding(rep->results[i].status);
	}
	pg->sanchor = ha_xcalloc(rep->nsections ? rep->nsections : 1,
	    sizeof(*pg->sanchor));
	for (i = 0; i < rep->nsections; i++)
		pg->sanchor[i] = anchor_new(pg, "section", NULL,
		    rep->sections[i].id);
	gather_ctrs(pg);
}

static void
page_release(struct page *pg)
{
	size_t i;

	for (i = 0; i < pg->nused; i++)
		free(pg->used[i]);
	for (i = 0; i < pg->nctrs; i++)
		free(pg->ctrs[i].hits);
	free(pg->used);
	free(pg->ranchor);
	free(pg->sanchor);
	free(pg->ctrs);
	memset(pg, 0, sizeof(*pg));
}

static const char *
ranchor(struct page *pg, const struct ha_result *r)
{
	return pg->ranchor[r - pg->rep->results];
}

/* --- pieces ---------------------------------------------------------- */

static const char *
grade(const struct ha_score *sc)
{
	if (!sc->has_percent)
		return "na";
	return sc->percent >= 90.0 ? "good" : sc->percent >= 60.0 ? "fair" :
	    "poor";
}

static void
change_tag(FILE *fp, enum ha_change c)
{
	if (c == HA_CHANGE_NONE)
		return;
	fprintf(fp, "<span class=\"chg %s\">", ha_change_name(c));
	fputs(c == HA_CHANGE_NEW ? "new" : c == HA_CHANGE_STILL ?
	    "still failing" : "fixed", fp);
	fputs("</span>", fp);
}

static void
sev_tag(FILE *fp, enum ha_severity s)
{
	fprintf(fp, "<span class=\"sev sev-%s\">%s</span>",
	    ha_severity_name(s), ha_severity_name(s));
}

static void
st_tag(FILE *fp, enum ha_status s)
{
	fprintf(fp, "<span class=\"st st-%s\">%s</span>", ha_status_name(s),
	    ha_status_name(s));
}

/* The filter classes of one result. */
static void
chk_class(FILE *fp, const struct ha_result *r)
{
	fprintf(fp, "chk s-%s v-%s", ha_status_name(r->status),
	    ha_severity_name(r->entry->severity));
}

/*
 * open, the anchor of section i, then its id and title: a link to it or
 * its heading, which the caller closes.
 */
static void
section_head(FILE *fp, struct page *pg, const char *open, size_t i)
{
	fputs(open, fp);
	X(fp, pg->sanchor[i]);
	fputs("\">", fp);
	X(fp, pg->rep->sections[i].id);
	fputc(' ', fp);
	X(fp, pg->rep->sections[i].title);
}

/* "<a class=cls href=#anchor>text</a>", with no class when cls is NULL. */
static void
link_to(FILE *fp, const char *cls, const char *anchor, const char *text)
{
	if (cls != NULL)
		fprintf(fp, "<a class=\"%s\" href=\"#", cls);
	else
		fputs("<a href=\"#", fp);
	X(fp, anchor);
	fputs("\">", fp);
	X(fp, text);
	fputs("</a>", fp);
}

/* "<a class=ref href=#check-x>REF</a>" */
static void
ref_link(FILE *fp, struct page *pg, const struct ha_result *r)
{
	link_to(fp, "ref", ranchor(pg, r), r->entry->ref);
}

/* REF and the title linked to the check's card. */
static void
check_link(FILE *fp, struct page *pg, const struct ha_result *r)
{
	ref_link(fp, pg, r);
	link_to(fp, NULL, ranchor(pg, r), r->check->title);
}

/* The engine audited, or each of them (--all-engines). */
static void
write_engines(FILE *fp, const struct ha_report *rep)
{
	char *line;
	size_t i;

	if (rep->nengines == 0) {
		line = ha_report_engine_line(rep->facts);
		fputs("<p class=\"engine\">Engine ", fp);
		X(fp, line);
		fputs("</p>", fp);
		free(line);
		return;
	}
	for (i = 0; i < rep->nengines; i++) {
		line = ha_report_engine_line(rep->engines[i].facts);
		fputs("<p class=\"engine\">Engine <b>", fp);
		X(fp, rep->engines[i].name);
		fputs("</b>: ", fp);
		X(fp, line);
		fputs("</p>", fp);
		free(line);
	}
}

static void
write_header(FILE *fp, const struct ha_report *rep)
{
	const struct ha_score *sc = &rep->score;
	char when[32], pct[16];

	ha_utc_iso8601(rep->started_at, when, sizeof(when));
	fprintf(fp, "<header><div class=\"score %s\"><span class=\"num\">"
	    "%s%s</span><span class=\"lbl\">score</span></div><div>",
	    grade(sc), ha_score_str(sc, pct, sizeof(pct)),
	    sc->has_percent ? "%" : "");
	fputs("<h1>hostaudit report for ", fp);
	X(fp, rep->host);
	fputs("</h1><p>Profile ", fp);
	X(fp, rep->profile->title);
	fputs(" (", fp);
	X(fp, rep->profile->name);
	fprintf(fp, ")</p><p>Started %s, took %.1f s, hostaudit ", when,
	    (double)rep->duration_ms / 1000.0);
	X(fp, rep->tool_version);
	fputs("</p>", fp);
	write_engines(fp, rep);
	fprintf(fp, "<p class=\"coverage\">Coverage %.1f%%: %d of %d "
	    "automated checks evaluated</p></div></header>\n", sc->coverage,
	    sc->evaluated, sc->selected);
}

static void
toc_item(FILE *fp, const char *id, const char *label, int n)
{
	fprintf(fp, "<li><a href=\"#%s\">%s", id, label);
	if (n >= 0)
		fprintf(fp, " (%d)", n);
	fputs("</a></li>", fp);
}

static void
write_toc(FILE *fp, struct page *pg)
{
	const struct ha_report *rep = pg->rep;
	const int *n = rep->score.counts;
	size_t i;

	fputs("<nav class=\"toc\" aria-label=\"Contents\"><section><h2>"
	    "Contents</h2><ul>", fp);
	toc_item(fp, "summary", "Summary", -1);
	toc_item(fp, "fix-first", "Fix first", n[HA_FAIL] + n[HA_WARN]);
	if (pg->naudit > 0)
		toc_item(fp, "audit-rules", "Audit rules", (int)pg->naudit);
	if (pg->nctrs > 0)
		toc_item(fp, "containers", "Containers", (int)pg->nctrs);
	if (rep->baseline != NULL)
		toc_item(fp, "changes", "Changed since the baseline", -1);
	toc_item(fp, "scores", "Score by section", -1);
	if (n[HA_ERROR] > 0)
		toc_item(fp, "not-evaluated", "Could not evaluate",
		    n[HA_ERROR]);
	if (n[HA_WAIVED] > 0)
		toc_item(fp, "waived", "Waived", n[HA_WAIVED]);
	toc_item(fp, "other", "Passed, skipped and manual", n[HA_PASS] +
	    n[HA_SKIP] + n[HA_MANUAL] + n[HA_INFO]);
	toc_item(fp, "host", "Host", -1);
	fputs("<li class=\"secs\"><a href=\"#sections\">All checks by "
	    "section</a><ul>", fp);
	for (i = 0; i < rep->nsections; i++) {
		section_head(fp, pg, "<li><a href=\"#", i);
		fputs("</a></li>", fp);
	}
	fputs("</ul></li></ul></section></nav>\n", fp);
}

/* One bar per section, each an SVG that scales with the page. */
static void
write_chart(FILE *fp, struct page *pg)
{
	const struct ha_report *rep = pg->rep;
	char pct[16];
	size_t i;

	fputs("<section id=\"scores\"><h2>Score by section</h2><ul "
	    "class=\"chart\">", fp);
	for (i = 0; i < rep->nsections; i++) {
		const struct ha_section_score *s = &rep->sections[i];

		section_head(fp, pg, "<li><a class=\"lbl\" href=\"#", i);
		fputs("</a><svg class=\"bar\" viewBox=\"0 0 100 10\" "
		    "preserveAspectRatio=\"none\" role=\"img\" aria-label=\"",
		    fp);
		X(fp, ha_score_str(&s->score, pct, sizeof(pct)));
		fputs("\" xmlns=\"http://www.w3.org/2000/svg\"><rect "
		    "class=\"track\" width=\"100\" height=\"10\"/>", fp);
		if (s->score.has_percent)	/* n/a: no bar, never full */
			fprintf(fp, "<rect class=\"%s\" width=\"%.1f\" "
			    "height=\"10\"/>", grade(&s->score),
			    s->score.percent);
		fprintf(fp, "</svg><span class=\"pct\">%s%s</span></li>",
		    ha_score_str(&s->score, pct, sizeof(pct)),
		    s->score.has_percent ? "%" : "");
	}
	fputs("</ul></section>\n", fp);
}

static void
write_summary(FILE *fp, struct page *pg)
{
	const struct ha_report *rep = pg->rep;
	const struct ha_score *sc = &rep->score;
	const struct ha_baseline *b = rep->baseline;
	char *line;
	int s;

	fputs("<section id=\"summary\"><h2>Summary</h2><div class=\"pills\">",
	    fp);
	for (s = 0; s < HA_STATUS_COUNT; s++)
		fprintf(fp, "<span class=\"st st-%s\">%s %d</span>",
		    ha_status_name((enum ha_status)s),
		    ha_status_name((enum ha_status)s), sc->counts[s]);
	fputs("</div>", fp);
	if ((line = ha_report_not_seen_line(rep)) != NULL) {
		fputs("<p class=\"notseen\"><b>Not seen:</b> ", fp);
		X(fp, line);
		fputs("</p>", fp);
		free(line);
	}
	if (b != NULL) {
		fputs("<p>Since ", fp);
		X(fp, b->started_at);
		fprintf(fp, ": %zu new, %zu still failing, %zu fixed, %zu "
		    "gone", b->nnew, b->nstill, b->nfixed - (b->ngone <=
		    b->nfixed ? b->ngone : 0), b->ngone);
		if (b->has_score && sc->has_percent)
			fprintf(fp, "; score %+.1f points", ha_round1(
			    sc->percent - b->score_before));
		fputs(" (<a href=\"#changes\">changes</a>).</p>", fp);
	}
	fputs("</section>\n", fp);
}

/* ": kind name", the target of a change after its check. */
static void
change_target(FILE *fp, const char *kind, const char *name)
{
	fputs(": ", fp);
	X(fp, kind);
	fputs(" <span class=\"tname\">", fp);
	X(fp, name);
	fputs("</span>", fp);
}

static void
fixed_item(FILE *fp, const struct ha_fixed *f)
{
	fputs("<li><span class=\"ref\">", fp);
	X(fp, f->ref);
	fputs("</span>", fp);
	X(fp, f->title);
	if (f->kind != NULL)
		change_target(fp, f->kind, f->name);
	fputs("</li>", fp);
}

static void
write_changes(FILE *fp, struct page *pg)
{
	const struct ha_report *rep = pg->rep;
	const struct ha_baseline *b = rep->baseline;
	const struct ha_result *r;
	char pct[16];
	size_t i, j, nfixed;
	int any = 0;

	if (b == NULL)
		return;
	nfixed = b->nfixed - (b->ngone <= b->nfixed ? b->ngone : 0);
	fputs("<section id=\"changes\"><h2>Changed since ", fp);
	X(fp, b->started_at);
	fputs("</h2><p>Compared with <span class=\"tname\">", fp);
	X(fp, b->path);
	fprintf(fp, "</span>.</p><div class=\"pills\"><span class=\"st "
	    "st-fail\">%zu new</span><span class=\"st\">%zu still failing"
	    "</span><span class=\"st st-pass\">%zu fixed</span><span "
	    "class=\"st\">%zu gone</span></div><p>Score %s%s", b->nnew,
	    b->nstill, nfixed, b->ngone, ha_score_str(&rep->score, pct,
	    sizeof(pct)), rep->score.has_percent ? "%" : "");
	if (b->has_score && rep->score.has_percent)
		fprintf(fp, ", was %.1f%%: <b>%+.1f</b> points",
		    b->score_before, ha_round1(rep->score.percent -
		    b->score_before));
	else if (b->has_score)
		fprintf(fp, ", was %.1f%%", b->score_before);
	fputs("</p>", fp);
	for (i = 0; i < rep->nresults; i++) {
		r = &rep->results[i];
		if (r->status != HA_FAIL)
			continue;
		for (j = 0; j <= r->ntargets; j++) {
			const struct ha_target *t = j < r->ntargets ?
			    &r->targets[j] : NULL;

			if (t == NULL ? r->change != HA_CHANGE_NEW :
			    r->change == HA_CHANGE_NEW ||
			    t->change != HA_CHANGE_NEW)
				continue;
			if (!any++)
				fputs("<h3>New</h3><ul class=\"targets\">", fp);
			fputs("<li>", fp);
			check_link(fp, pg, r);
			if (t != NULL)
				change_target(fp, t->kind, t->name);
			fputs("</li>", fp);
		}
	}
	if (any)
		fputs("</ul>", fp);
	for (j = 0; j < 2; j++) {
		any = 0;
		for (i = 0; i < b->nfixed; i++) {
			if ((b->fixed[i].gone != 0) != (j == 1))
				continue;
			if (!any++)
				fputs(j == 0 ? "<h3>Fixed</h3><ul class=\""
				    "targets\">" : "<h3>Gone</h3><p class=\""
				    "why\">The container or image no longer "
				    "exists: removed, not fixed.</p><ul "
				    "class=\"targets\">", fp);
			fixed_item(fp, &b->fixed[i]);
		}
		if (any)
			fputs("</ul>", fp);
	}
	fputs("</section>\n", fp);
}

static void
write_targets(FILE *fp, struct page *pg, const struct ha_result *r)
{
	struct ctr *c;
	size_t i;

	if (r->ntargets == 0)
		return;
	fputs("<ul class=\"targets\">", fp);
	for (i = 0; i < r->ntargets; i++) {
		const struct ha_target *t = &r->targets[i];

		if (t->status == HA_PASS && r->status != HA_PASS)
			continue;
		fputs("<li>", fp);
		st_tag(fp, t->status);
		fputc(' ', fp);
		if (t->engine != NULL) {
			fputs("<span class=\"engine\">[", fp);
			X(fp, t->engine);
			fputs("]</span> ", fp);
		}
		X(fp, t->kind);
		fputc(' ', fp);
		if ((c = ctr_find(pg, t)) != NULL) {
			link_to(fp, "tname", c->anchor, t->name);
		} else {
			fputs("<span class=\"tname\">", fp);
			X(fp, t->name);
			fputs("</span>", fp);
		}
		if (t->state != NULL) {
			fputs(" (", fp);
			X(fp, t->state);
			fputc(')', fp);
		}
		if (t->detail != NULL && *t->detail != '\0') {
			fputs(": ", fp);
			X(fp, t->detail);
		}
		change_tag(fp, t->change);
		if (t->waiver != NULL) {
			fputs(" <i>waived: ", fp);
			X(fp, t->waiver->reason);
			fputs("</i>", fp);
		}
		fputs("</li>", fp);
	}
	fputs("</ul>", fp);
}

static void
write_finding(FILE *fp, struct page *pg, const struct ha_result *r)
{
	fprintf(fp, "<article class=\"finding %s ", ha_status_name(r->status));
	chk_class(fp, r);
	fputs("\" id=\"", fp);
	X(fp, ranchor(pg, r));
	fputs("\"><h3>", fp);
	ref_link(fp, pg, r);
	X(fp, r->check->title);
	sev_tag(fp, r->entry->severity);
	st_tag(fp, r->status);
	change_tag(fp, r->change);
	fputs("</h3><div class=\"id\">", fp);
	X(fp, r->check->id);
	fputs("</div><p class=\"msg\">", fp);
	X(fp, r->message);
	fputs("</p>", fp);
	write_targets(fp, pg, r);
	if (r->waiver != NULL) {
		fputs(r->status == HA_WAIVED ? "<div class=\"fix\"><b>Waived:"
		    "</b> " : "<div class=\"fix\"><b>Waiver expired:</b> ", fp);
		X(fp, r->waiver->reason);
		fputs(" (until ", fp);
		X(fp, r->waiver->expires);
		fputs(")</div>", fp);
	}
	if (is_finding(r->status) && r->check->remediation != NULL) {
		fputs("<div class=\"fix\"><b>Remediation:</b> ", fp);
		X(fp, r->check->remediation);
		fputs("</div>", fp);
	}
	if (is_finding(r->status) && r->check->rationale != NULL) {
		fputs("<p class=\"why\"><b>Why:</b> ", fp);
		X(fp, r->check->rationale);
		fputs("</p>", fp);
	}
	fputs("</article>\n", fp);
}

/* --- the audit-rule card -------------------------------------------- */

/* Add line to the rules (once). */
static void
rule_add(struct ha_buf *rules, const char *line)
{
	const char *p = rules->data;
	size_t n = strlen(line);

	for (; p != NULL && *p != '\0'; p = strchr(p, '\n') + 1)
		if (strncmp(p, line, n) == 0 && p[n] == '\n')
			return;
	ha_buf_addf(rules, "%s\n", line);
}

/*
 * The 'never' rules the data root's watch lacks: the quoted paths after
 * "no 'never' rule excludes " in the check's message.
 */
static void
add_excludes(struct ha_buf *never, const char *msg)
{
	const char *p = strstr(msg, "rule excludes "), *q;
	char *line;

	if (p == NULL)
		return;
	p += strlen("rule excludes ");
	while (*p == '\'' && (q = strchr(p + 1, '\'')) != NULL) {
		line = ha_xasprintf("-a never,exit -F dir=%.*s -k docker",
		    (int)(q - p - 1), p + 1);
		rule_add(never, line);
		free(line);
		p = q + 1;
		if (strncmp(p, ", '", 3) != 0)
			break;
		p += 2;
	}
}

/* Lines escaped one by one, each ended by a newline of its own. */
static void
put_lines(FILE *fp, const char *s)
{
	const char *nl;
	char *line;

	for (; *s != '\0'; s = nl + 1) {
		if ((nl = strchr(s, '\n')) == NULL)
			nl = s + strlen(s) - 1;	/* rule_add ends each */
		line = ha_xstrndup(s, (size_t)(nl - s));
		X(fp, line);
		fputc('\n', fp);
		free(line);
	}
}

/*
 * One card for every audit-rule finding: which paths lack a watch, and
 * /etc/audit/rules.d/docker.rules written with this host's paths (the
 * ones the findings name).  The 'never' exclusions come first: the
 * kernel takes the first rule that matches.
 */
static void
write_audit_card(FILE *fp, struct page *pg)
{
	const struct ha_report *rep = pg->rep;
	struct ha_buf rules, never;
	int sev[HA_SEV_COUNT] = { 0 }, st[HA_STATUS_COUNT] = { 0 };
	int disabled = 0, s;
	const struct ha_result *r;
	const char *path;
	char *line;
	size_t i;

	ha_buf_init(&rules, HA_BUF_NOCAP);
	ha_buf_init(&never, HA_BUF_NOCAP);
	for (i = 0; i < rep->nresults; i++) {
		r = &rep->results[i];
		if (!is_audit(r) || !is_finding(r->status))
			continue;
		sev[r->entry->severity]++;
		st[r->status]++;
		path = r->ntargets > 0 ? r->targets[0].name : NULL;
		if (strstr(r->message, "auditing is disabled") != NULL)
			disabled = 1;
		else if (strstr(r->message, "rule excludes ") != NULL)
			add_excludes(&never, r->message);
		else if (path != NULL) {
			line = ha_xasprintf("-w %s -p rwxa -k docker", path);
			rule_add(&rules, line);
			free(line);
		}
	}
	fputs("<article class=\"finding fail audit chk", fp);
	for (s = 0; s < HA_STATUS_COUNT; s++)
		if (st[s])
			fprintf(fp, " s-%s", ha_status_name((enum ha_status)s));
	for (s = 0; s < HA_SEV_COUNT; s++)
		if (sev[s])
			fprintf(fp, " v-%s", ha_severity_name(
			    (enum ha_severity)s));
	fprintf(fp, "\" id=\"audit-rules\"><h3>Audit rules: %zu Docker "
	    "path%s not audited as the benchmark asks", pg->naudit,
	    pg->naudit == 1 ? " is" : "s are");
	for (s = HA_SEV_COUNT - 1; s >= 0 && !sev[s]; s--)
		;
	if (s >= 0)
		sev_tag(fp, (enum ha_severity)s);
	fputs("</h3><p class=\"msg\">auditd should record every change to "
	    "the Docker daemon's binaries, sockets, configuration and "
	    "state. One rules file fixes every row below.</p><div class=\""
	    "scroll\"><table><tr><th>Ref</th><th>Path</th><th>Severity</th>"
	    "<th>Finding</th></tr>\n", fp);
	for (i = 0; i < rep->nresults; i++) {
		r = &rep->results[i];
		if (!is_audit(r) || !is_finding(r->status))
			continue;
		fputs("<tr class=\"", fp);
		chk_class(fp, r);
		fputs("\" id=\"", fp);
		X(fp, ranchor(pg, r));
		fputs("\"><td>", fp);
		ref_link(fp, pg, r);
		fputs("</td><td class=\"tname\">", fp);
		X(fp, r->ntargets > 0 ? r->targets[0].name : r->check->title);
		fputs("</td><td>", fp);
		sev_tag(fp, r->entry->severity);
		fputs("</td><td>", fp);
		st_tag(fp, r->status);
		change_tag(fp, r->change);
		fputc(' ', fp);
		X(fp, r->message);
		fputs("</td></tr>\n", fp);
	}
	fputs("</table></div>", fp);
	if (rules.len > 0 || never.len > 0) {
		fputs("<p>Save as <code>/etc/audit/rules.d/docker.rules</code>"
		    " (or add to it):</p><pre>## Docker paths to watch on ",
		    fp);
		X(fp, rep->host);
		fputs(" (CIS Docker Benchmark 1.1)\n", fp);
		put_lines(fp, never.data);
		put_lines(fp, rules.data);
		fputs("</pre><p>Then load the rules and check that the kernel "
		    "has them:</p><pre>augenrules --load\nauditctl -l | grep "
		    "docker</pre>", fp);
		if (never.len > 0)
			fputs("<p class=\"why\">The <code>never</code> rules "
			    "must come before the watch on the data root "
			    "(augenrules reads the files in name order).</p>",
			    fp);
	}
	if (disabled)
		fputs("<p class=\"fix\"><b>Auditing is disabled in the "
		    "kernel:</b> enable it with <code>auditctl -e 1</code> "
		    "and keep <code>-e 1</code> (not 0) in the rules.</p>", fp);
	fputs("</article>\n", fp);
	ha_buf_release(&rules);
	ha_buf_release(&never);
}

/* --- fix first ------------------------------------------------------- */

struct ranked {
	const struct ha_result	*r;
	int			 sev;
	int			 warn;
	size_t			 sec;
	size_t			 i;
};

static int
ranked_cmp(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;

	if (x->sev != y->sev)
		return y->sev - x->sev;
	if (x->warn != y->warn)
		return x->warn - y->warn;
	if (x->sec != y->sec)
		return x->sec < y->sec ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

static void
write_filters(FILE *fp)
{
	size_t i;

	fputs("<div class=\"filters\" role=\"group\" aria-label=\"Filter\">"
	    "<b>Severity</b>", fp);
	for (i = 0; i < HA_ARRAY_SIZE(sev_filters); i++)
		fprintf(fp, "<label for=\"%s\">%s</label>", sev_filters[i].id,
		    sev_filters[i].label);
	fputs("<span class=\"gap\"></span><b>Status</b>", fp);
	for (i = 0; i < HA_ARRAY_SIZE(st_filters); i++)
		fprintf(fp, "<label for=\"%s\">%s</label>", st_filters[i].id,
		    st_filters[i].label);
	fputs("</div>", fp);
}

/*
 * Failures and warnings, the most severe first, then by section; the
 * audit-rule findings as one card where the first of them would be.
 */
static void
write_fix_first(FILE *fp, struct page *pg)
{
	const struct ha_report *rep = pg->rep;
	struct ranked *v;
	size_t i, n = 0;
	int audit_done = 0;

	v = ha_xcalloc(rep->nresults ? rep->nresults : 1, sizeof(*v));
	for (i = 0; i < rep->nresults; i++) {
		const struct ha_result *r = &rep->results[i];

		if (!is_finding(r->status))
			continue;
		v[n].r = r;
		v[n].sev = (int)r->entry->severity;
		v[n].warn = r->status == HA_WARN;
		v[n].sec = ha_report_section_index(rep, r->entry->section);
		v[n++].i = i;
	}
	qsort(v, n, sizeof(*v), ranked_cmp);
	fprintf(fp, "<section id=\"fix-first\"><h2>Fix first (%zu)</h2>", n);
	write_filters(fp);
	if (n == 0)
		fputs("<p>No failures and no warnings.</p>", fp);
	for (i = 0; i < n; i++) {
		if (!is_audit(v[i].r))
			write_finding(fp, pg, v[i].r);
		else if (!audit_done++)
			write_audit_card(fp, pg);
	}
	fputs("</section>\n", fp);
	free(v);
}

/* --- containers ------------------------------------------------------ */

static void
meta_item(FILE *fp, const char *label, const char *value, size_t max)
{
	if (value == NULL || *value == '\0')
		return;
	fprintf(fp, "<span>%s <b>", label);
	if (max > 0 && strlen(value) > max) {
		char *s = ha_xstrndup(value, max);

		X(fp, s);
		free(s);
	} else
		X(fp, value);
	fputs("</b></span>", fp);
}

static void
write_ctr(FILE *fp, struct page *pg, const struct ctr *c)
{
	struct ha_target_meta m;
	const char *id;
	size_t i;

	ha_target_meta(c->t, &m);
	fputs("<div class=\"ctr\" id=\"", fp);
	X(fp, c->anchor);
	fputs("\"><h3><span class=\"tname\">", fp);
	X(fp, c->name);
	fputs("</span>", fp);
	if (c->worst >= 0)
		sev_tag(fp, (enum ha_severity)c->worst);
	fputs("</h3><div class=\"meta\">", fp);
	meta_item(fp, "engine", c->engine, 0);
	meta_item(fp, "image", m.image, 0);
	id = m.id;
	if (id != NULL && ha_starts_with(id, "sha256:"))
		id += strlen("sha256:");
	meta_item(fp, "id", id, 12);
	meta_item(fp, "state", c->t->state, 0);
	meta_item(fp, "compose project", m.compose_project, 0);
	meta_item(fp, "service", m.compose_service, 0);
	fputs("</div>", fp);
	if (c->nhits == 0) {
		fputs("<p class=\"why\">No failed checks.</p></div>\n", fp);
		return;
	}
	fputs("<ul class=\"targets\">", fp);
	for (i = 0; i < c->nhits; i++) {
		const struct hit *h = &c->hits[i];

		fputs("<li class=\"", fp);
		fprintf(fp, "chk s-%s v-%s", ha_status_name(h->t->status),
		    ha_severity_name(h->r->entry->severity));
		fputs("\">", fp);
		check_link(fp, pg, h->r);
		sev_tag(fp, h->r->entry->severity);
		if (h->t->status != HA_FAIL)
			st_tag(fp, h->t->status);
		change_tag(fp, h->t->change);
		if (h->t->detail != NULL && *h->t->detail != '\0') {
			fputs(": ", fp);
			X(fp, h->t->detail);
		}
		fputs("</li>", fp);
	}
	fputs("</ul></div>\n", fp);
}

static int
hit_cmp(const void *a, const void *b)
{
	const struct hit *x = a, *y = b;

	if (x->r->entry->severity != y->r->entry->severity)
		return (int)y->r->entry->severity - (int)x->r->entry->severity;
	return x->r < y->r ? -1 : x->r > y->r;
}

static void
write_containers(FILE *fp, struct page *pg)
{
	size_t i, nbad = 0;

	if (pg->nctrs == 0)
		return;
	for (i = 0; i < pg->nctrs; i++) {
		nbad += pg->ctrs[i].nhits > 0;
		if (pg->ctrs[i].nhits > 1)
			qsort(pg->ctrs[i].hits, pg->ctrs[i].nhits,
			    sizeof(*pg->ctrs[i].hits), hit_cmp);
	}
	fprintf(fp, "<section id=\"containers\"><h2>Containers (%zu, %zu "
	    "with findings)</h2>\n", pg->nctrs, nbad);
	for (i = 0; i < pg->nctrs; i++)
		write_ctr(fp, pg, &pg->ctrs[i]);
	fputs("</section>\n", fp);
}

/* --- the rest -------------------------------------------------------- */

static void
write_group(FILE *fp, struct page *pg, enum ha_status st,
    const char *id, const char *heading)
{
	const struct ha_report *rep = pg->rep;
	size_t i;
	int n = rep->score.counts[st];

	if (n == 0)
		return;
	fprintf(fp, "<section id=\"%s\"><h2>%s (%d)</h2>\n", id, heading, n);
	for (i = 0; i < rep->nresults; i++)
		if (rep->results[i].status == st)
			write_finding(fp, pg, &rep->results[i]);
	fputs("</section>\n", fp);
}

static int
is_other(enum ha_status st)
{
	return st == HA_PASS || st == HA_SKIP || st == HA_MANUAL ||
	    st == HA_INFO;
}

/* Passed, skipped, manual and info checks: collapsed, by section. */
static void
write_other(FILE *fp, struct page *pg)
{
	const struct ha_report *rep = pg->rep;
	const struct ha_result *r;
	size_t s, i;
	int n = 0, head;

	for (i = 0; i < rep->nresults; i++)
		n += is_other(rep->results[i].status);
	fprintf(fp, "<section id=\"other\"><h2>Passed, skipped and manual "
	    "(%d)</h2>", n);
	if (n == 0) {
		fputs("<p>None.</p></section>\n", fp);
		return;
	}
	fprintf(fp, "<input type=\"checkbox\" class=\"tog\" id=\"show-other\">"
	    "<label class=\"toglbl\" for=\"show-other\">Show the %d checks"
	    "</label><div class=\"more\">", n);
	for (s = 0; s <= rep->nsections; s++) {
		head = 0;
		for (i = 0; i < rep->nresults; i++) {
			r = &rep->results[i];
			if (!is_other(r->status) || ha_report_section_index(rep,
			    r->entry->section) != s)
				continue;
			if (!head++ && s < rep->nsections) {
				fputs("<h4>", fp);
				X(fp, rep->sections[s].id);
				fputc(' ', fp);
				X(fp, rep->sections[s].title);
				fputs("</h4>", fp);
			}
			fputs("<div class=\"row ", fp);
			chk_class(fp, r);
			fputs("\" id=\"", fp);
			X(fp, ranchor(pg, r));
			fputs("\">", fp);
			ref_link(fp, pg, r);
			X(fp, r->check->title);
			st_tag(fp, r->status);
			fputs("<p class=\"msg\">", fp);
			X(fp, r->message);
			fputs("</p></div>\n", fp);
		}
	}
	fputs("</div></section>\n", fp);
}

/* Every check in benchmark order, one table per section. */
static void
write_sections(FILE *fp, struct page *pg)
{
	const struct ha_report *rep = pg->rep;
	const struct ha_result *r;
	char pct[16];
	size_t s, i;

	fprintf(fp, "<section id=\"sections\"><h2>All %zu checks by section"
	    "</h2>\n", rep->nresults);
	for (s = 0; s < rep->nsections; s++) {
		section_head(fp, pg, "<h3 id=\"", s);
		fprintf(fp, " <span class=\"id\">%s%s</span></h3><div class=\""
		    "scroll\"><table><tr><th>Ref</th><th>Check</th><th>"
		    "Severity</th><th>Status</th></tr>\n",
		    ha_score_str(&rep->sections[s].score, pct, sizeof(pct)),
		    rep->sections[s].score.has_percent ? "%" : "");
		for (i = 0; i < rep->nresults; i++) {
			r = &rep->results[i];
			if (strcmp(r->entry->section, rep->sections[s].id) != 0)
				continue;
			fputs("<tr class=\"", fp);
			chk_class(fp, r);
			fputs("\"><td>", fp);
			ref_link(fp, pg, r);
			fputs("</td><td>", fp);
			link_to(fp, NULL, ranchor(pg, r), r->check->title);
			fputs("</td><td>", fp);
			sev_tag(fp, r->entry->severity);
			fputs("</td><td>", fp);
			st_tag(fp, r->status);
			change_tag(fp, r->change);
			fputs("</td></tr>\n", fp);
		}
		fputs("</table></div>\n", fp);
	}
	fputs("</section>\n", fp);
}

static int
count_state(const json_t *ctrs, const char *state)
{
	const json_t *c;
	const char *st;
	size_t i;
	int n = 0;

	json_array_foreach(ctrs, i, c) {
		st = ha_facts_str(c, "State.Status");
		n += st != NULL && strcmp(st, state) == 0;
	}
	return n;
}

static void
fact(FILE *fp, const char *label, const char *value)
{
	fprintf(fp, "<dt>%s</dt><dd>", label);
	X(fp, value ? value : "unknown");
	fputs("</dd>", fp);
}

static void
write_facts(FILE *fp, const struct ha_report *rep)
{
	const json_t *f = rep->facts;
	const json_t *ctrs = ha_facts_get(f, "engine.containers");
	const json_t *imgs = ha_facts_get(f, "engine.images");

	fputs("<section id=\"host\"><h2>Host</h2><dl>", fp);
	fact(fp, "Hostname", ha_facts_str(f, "host.hostname"));
	fact(fp, "Kernel", ha_facts_str(f, "host.kernel"));
	fact(fp, "Operating system", ha_facts_str(f, "host.os"));
	fact(fp, "Docker version", ha_facts_str(f, "engine.version.Version"));
	fact(fp, "Engine endpoint", ha_facts_str(f, "engine.endpoint"));
	if (json_is_array(ctrs))
		fprintf(fp, "<dt>Containers</dt><dd>%zu (%d running, %d "
		    "exited, %d created)</dd>", json_array_size(ctrs),
		    count_state(ctrs, "running"), count_state(ctrs, "exited"),
		    count_state(ctrs, "created"));
	if (json_is_array(imgs))
		fprintf(fp, "<dt>Images in use</dt><dd>%zu</dd>",
		    json_array_size(imgs));
	fputs("</dl></section>\n", fp);
}

static void
write_filter_inputs(FILE *fp)
{
	size_t i;

	for (i = 0; i < HA_ARRAY_SIZE(sev_filters); i++)
		fprintf(fp, "<input type=\"radio\" class=\"flt\" name=\"fv\" "
		    "id=\"%s\" aria-label=\"severity %s\"%s>",
		    sev_filters[i].id, sev_filters[i].label,
		    i == 0 ? " checked" : "");
	for (i = 0; i < HA_ARRAY_SIZE(st_filters); i++)
		fprintf(fp, "<input type=\"radio\" class=\"flt\" name=\"fs\" "
		    "id=\"%s\" aria-label=\"status %s\"%s>", st_filters[i].id,
		    st_filters[i].label, i == 0 ? " checked" : "");
	fputc('\n', fp);
}

static int
write_html(const struct ha_report *rep, FILE *fp,
    const struct ha_write_opts *o)
{
	struct ha_buf style;
	struct page pg;
	char pct[16];

	(void)o;
	page_css(&style);
	page_init(&pg, rep);
	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8"
	    "\">", fp);
	put_csp(fp, &style);
	fputs("<meta name=\"viewport\" content=\"width=device-width,"
	    "initial-scale=1\"><meta name=\"color-scheme\" content=\"light "
	    "dark\"><title>hostaudit: ", fp);
	X(fp, rep->host);
	fprintf(fp, " %s%s</title>\n<style>", ha_score_str(&rep->score, pct,
	    sizeof(pct)), rep->score.has_percent ? "%" : "");
	fwrite(style.data, 1, style.len, fp);
	fputs("</style></head>\n<body>", fp);
	write_filter_inputs(fp);
	fputs("<main>\n", fp);
	write_header(fp, rep);
	write_toc(fp, &pg);
	write_summary(fp, &pg);
	write_fix_first(fp, &pg);
	write_containers(fp, &pg);
	write_changes(fp, &pg);
	write_chart(fp, &pg);
	write_group(fp, &pg, HA_ERROR, "not-evaluated", "Could not evaluate");
	write_group(fp, &pg, HA_WAIVED, "waived", "Waived");
	write_other(fp, &pg);
	write_sections(fp, &pg);
	write_facts(fp, rep);
	fputs("<footer>Generated by hostaudit ", fp);
	X(fp, rep->tool_version);
	fputs("</footer></main></body></html>\n", fp);
	page_release(&pg);
	ha_buf_release(&style);
	return ferror(fp) ? -1 : 0;
}

const struct ha_writer ha_writer_html = {
	.name = "html",
	.description = "one self-contained HTML page",
	.write = write_html,
};
