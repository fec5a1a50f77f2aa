// SPDX-License-Identifier: GPL-2.0
/*
 * The printer of zgcctl: plain text or JSON from the same calls (json.h).
 */

#include <inttypes.h>
#include <stdlib.h>

#include "json.h"

/*
 * Length of the well-formed UTF-8 sequence at s (RFC 3629: no overlong
 * forms, no surrogates, nothing above U+10FFFF), or 0 if there is none.
 */
static size_t utf8_seq_len(const unsigned char *s)
{
	unsigned char lo = 0x80, hi = 0xbf;
	size_t i, len;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3;
		if (s[0] == 0xe0)
			lo = 0xa0;
		else if (s[0] == 0xed)
			hi = 0x9f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4;
		if (s[0] == 0xf0)
			lo = 0x90;
		else if (s[0] == 0xf4)
			hi = 0x8f;
	} else {
		return 0;
	}
	/* The string's NUL stops this loop: it is no continuation byte. */
	for (i = 1; i < len; i++) {
		if (s[i] < lo || s[i] > hi)
			return 0;
		lo = 0x80;
		hi = 0xbf;
	}
	return len;
}

/*
 * Control characters and DEL are written as escapes, so the output is
 * safe on a terminal too. Bytes that are not UTF-8 (a device name is any
 * bytes) become U+FFFD, so the output is always valid JSON.
 */
void json_escape(FILE *f, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t len;

	fputc('"', f);
	while (*s) {
		switch (*s) {
		case '"':
			fputs("\\\"", f);
			break;
		case '\\':
			fputs("\\\\", f);
			break;
		case '\b':
			fputs("\\b", f);
			break;
		case '\f':
			fputs("\\f", f);
			break;
		case '\n':
			fputs("\\n", f);
			break;
		case '\r':
			fputs("\\r", f);
			break;
		case '\t':
			fputs("\\t", f);
			break;
		default:
			if (*s < 0x20 || *s == 0x7f) {
				fprintf(f, "\\u%04x", *s);
				break;
			}
			len = utf8_seq_len(s);
			if (!len) {
				fputs("\\ufffd", f);
				break;
			}
			fwrite(s, 1, len, f);
			s += len;
			continue;
		}
		s++;
	}
	fputc('"', f);
}

void json_init(struct json_writer *w, FILE *f, bool pretty)
{
	w->f = f;
	w->pretty = pretty;
	w->depth = 0;
}

static void json_indent(struct json_writer *w)
{
	fprintf(w->f, "\n%*s", (int)(4 * w->depth), "");
}

/* Starts a value: separator, indentation and, inside an object, the key. */
static void json_value(struct json_writer *w, const char *key)
{
	if (w->depth) {
		if (w->nonempty[w->depth - 1])
			fputc(',', w->f);
		w->nonempty[w->depth - 1] = true;
		if (w->pretty)
			json_indent(w);
	}
	if (key) {
		json_escape(w->f, key);
		fputs(w->pretty ? ": " : ":", w->f);
	}
}

static void json_open(struct json_writer *w, const char *key, char c)
{
	if (w->depth >= JSON_MAX_DEPTH)
		abort();	/* a bug in the caller: nesting too deep */
	json_value(w, key);
	fputc(c, w->f);
	w->nonempty[w->depth++] = false;
}

static void json_close(struct json_writer *w, char c)
{
	if (!w->depth)
		abort();	/* a bug in the caller: nothing to close */
	w->depth--;
	if (w->pretty && w->nonempty[w->depth])
		json_indent(w);
	fputc(c, w->f);
}

void json_array_open(struct json_writer *w, const char *key)
{
	json_open(w, key, '[');
}

void json_array_close(struct json_writer *w)
{
	json_close(w, ']');
}

void json_object_open(struct json_writer *w, const char *key)
{
	json_open(w, key, '{');
}

void json_object_close(struct json_writer *w)
{
	json_close(w, '}');
}

void json_string(struct json_writer *w, const char *key, const char *s)
{
	json_value(w, key);
	json_escape(w->f, s);
}

void json_uint(struct json_writer *w, const char *key, uint64_t v)
{
	json_value(w, key);
	fprintf(w->f, "%" PRIu64, v);
}

void json_int(struct json_writer *w, const char *key, int64_t v)
{
	json_value(w, key);
	fprintf(w->f, "%" PRId64, v);
}

void json_bool(struct json_writer *w, const char *key, bool v)
{
	json_value(w, key);
	fputs(v ? "true" : "false", w->f);
}

void json_finish(struct json_writer *w)
{
	fputc('\n', w->f);
}

void pr_init(struct printer *p, FILE *f, bool json, bool pretty)
{
	p->f = f;
	p->json = json;
	p->line = false;
	json_init(&p->w, f, pretty);
}

void pr_list_open(struct printer *p)
{
	if (p->json)
		json_array_open(&p->w, NULL);
}

void pr_list_close(struct printer *p)
{
	if (!p->json)
		return;
	json_array_close(&p->w);
	if (!p->w.depth)
		json_finish(&p->w);
}

void pr_object_open(struct printer *p)
{
	if (p->json)
		json_object_open(&p->w, NULL);
	else
		p->line = false;
}

void pr_object_close(struct printer *p)
{
	if (p->json) {
		json_object_close(&p->w);
		if (!p->w.depth)
			json_finish(&p->w);
	} else if (p->line) {
		fputc('\n', p->f);
		p->line = false;
	}
}

/* Plain text: the separator before the next word of the line. */
static void pr_sep(struct printer *p)
{
	if (p->line)
		fputc(' ', p->f);
	p->line = true;
}

void pr_name(struct printer *p, const char *key, const char *name)
{
	if (p->json) {
		json_string(&p->w, key, name);
		return;
	}
	pr_sep(p);
	fprintf(p->f, "%s:", name);
}

void pr_string(struct printer *p, const char *key, const char *v)
{
	if (p->json) {
		json_string(&p->w, key, v);
		return;
	}
	pr_sep(p);
	fprintf(p->f, "%s %s", key, v);
}

void pr_uint(struct printer *p, const char *key, uint64_t v)
{
	if (p->json) {
		json_uint(&p->w, key, v);
		return;
	}
	pr_sep(p);
	fprintf(p->f, "%s %" PRIu64, key, v);
}

void pr_strings(struct printer *p, const char *key, const char *const *v,
		size_t n)
{
	size_t i;

	if (p->json) {
		json_array_open(&p->w, key);
		for (i = 0; i < n; i++)
			json_string(&p->w, NULL, v[i]);
		json_array_close(&p->w);
		return;
	}
	if (!n)
		return;
	pr_sep(p);
	fprintf(p->f, "%s ", key);
	for (i = 0; i < n; i++)
		fprintf(p->f, "%s%s", i ? "," : "", v[i]);
}

void pr_flag(struct printer *p, const char *key, bool v)
{
	if (p->json) {
		json_bool(&p->w, key, v);
		return;
	}
	if (v) {
		pr_sep(p);
		fputs(key, p->f);
	}
}
