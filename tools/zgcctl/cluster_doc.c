// SPDX-License-Identifier: GPL-2.0
/*
 * Reading the cluster description of zgcctl cluster apply (cluster.h).
 *
 * Whoever can write the file writes the document: it is checked strictly,
 * and every error says where it is. json-c parses it, but json-c takes
 * more than JSON (single quotes, NaN, control characters in strings),
 * keeps the last of two equal keys and saturates integers too large for
 * 64 bits: scan() refuses all that in the text first. Then the tree is
 * walked, with its keys, types and ranges checked, into a cluster_desc.
 */

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <json-c/json_object.h>
#include <json-c/json_object_iterator.h>
#include <json-c/json_tokener.h>

#include "cluster.h"
#include "zgcctl.h"

#define DOC_DEPTH 8		/* nesting allowed: the document has 4 levels */
#define DOC_KEY_MAX 32		/* bytes of a key tracked: ours are shorter */
#define DOC_KEYS 16		/* keys of an object tracked: ours have 6 */
#define DOC_QUOTE_LEN 64	/* a key or value quoted in a message */
#define DOC_PATH_LEN 160	/* nodes[3].roles[1], chains[2].nodes[0] */

const char *const cluster_role_names[CLUSTER_ROLES] = { "fwd", "ftn" };

/* Where messages go, and the document's name in them. */
struct doc {
	const char *name;
	char *err;
	size_t errlen;
};

/* "PATH: MESSAGE", or "MESSAGE" at the top of the document. */
__printf(3, 4)
static int doc_err(struct doc *dc, const char *path, const char *fmt, ...)
{
	size_t n = 0;
	va_list ap;

	if (*path)
		n = (size_t)snprintf(dc->err, dc->errlen, "%s: ", path);
	if (n >= dc->errlen)
		return ZGC_EXIT_USAGE;
	va_start(ap, fmt);
	vsnprintf(dc->err + n, dc->errlen - n, fmt, ap);
	va_end(ap);
	return ZGC_EXIT_USAGE;
}

/*
 * n bytes of s for a message, quoted when quote: printable ASCII as it
 * is, other bytes as \xNN, cut short with "..." when long.
 */
static const char *doc_show(char *buf, size_t len, const char *s, size_t n,
			    bool quote)
{
	size_t i, o = 0;
	unsigned char c;

	if (quote)
		buf[o++] = '"';
	for (i = 0; i < n && o + 9 < len; i++) {
		c = (unsigned char)s[i];
		if (quote && (c == '"' || c == '\\'))
			o += (size_t)snprintf(buf + o, len - o, "\\%c", c);
		else if (c >= 0x20 && c < 0x7f)
			buf[o++] = (char)c;
		else
			o += (size_t)snprintf(buf + o, len - o, "\\x%02x", c);
	}
	if (i < n)
		o += (size_t)snprintf(buf + o, len - o, "...");
	if (quote)
		buf[o++] = '"';
	buf[o] = '\0';
	return buf;
}

/* The value of a hex digit. */
static unsigned int doc_hex(char c)
{
	return isdigit((unsigned char)c) ? (unsigned int)(c - '0') :
	       (unsigned int)(tolower((unsigned char)c) - 'a' + 10);
}

/*
 * The scan of the text. It runs on what json-c parsed without error, and
 * refuses what is not JSON (RFC 8259), keys given twice in an object,
 * integers beyond 64 bits, and "\u0000" (json-c's strings end at a NUL).
 */

/* An object or array the scan is in. */
struct scan_level {
	bool object;
	bool want_key;		/* object: the next string is a key */
	size_t index;		/* array: the element being read */
	char key[DOC_KEY_MAX];	/* object: the member being read */
	size_t keylen;
	bool key_cut;		/* longer than key[] */
	char keys[DOC_KEYS][DOC_KEY_MAX];	/* the keys seen so far */
	size_t keylens[DOC_KEYS];
	size_t nkeys;
};

struct scan {
	struct doc *dc;
	const char *s;
	size_t len;
	size_t pos;
	unsigned int depth;
	struct scan_level lv[DOC_DEPTH];
};

/* "NAME:LINE:COLUMN: MESSAGE", of the byte at offset pos. */
__printf(4, 5)
static int doc_err_at(struct doc *dc, const char *text, size_t pos,
		      const char *fmt, ...)
{
	unsigned int line = 1, col = 1;
	size_t i, n;
	va_list ap;

	for (i = 0; i < pos; i++) {
		if (text[i] == '\n') {
			line++;
			col = 1;
		} else {
			col++;
		}
	}
	n = (size_t)snprintf(dc->err, dc->errlen, "%s:%u:%u: ", dc->name,
			     line, col);
	if (n >= dc->errlen)
		return ZGC_EXIT_USAGE;
	va_start(ap, fmt);
	vsnprintf(dc->err + n, dc->errlen - n, fmt, ap);
	va_end(ap);
	return ZGC_EXIT_USAGE;
}

/* The path of the value being read, through the first levels. */
static const char *scan_path(const struct scan *sc, unsigned int levels,
			     char *buf, size_t len)
{
	char name[DOC_QUOTE_LEN];
	const struct scan_level *l;
	size_t o = 0;
	unsigned int i;

	buf[0] = '\0';
	for (i = 0; i < levels && o < len; i++) {
		l = &sc->lv[i];
		if (l->object && !l->want_key)
			o += (size_t)snprintf(buf + o, len - o, "%s%s",
					      o ? "." : "",
					      doc_show(name, sizeof(name),
						       l->key, l->keylen,
						       false));
		else if (!l->object)
			o += (size_t)snprintf(buf + o, len - o, "[%zu]",
					      l->index);
	}
	return buf;
}

static void scan_put(char *out, size_t max, size_t *n, bool *cut,
		     unsigned int c)
{
	if (*n < max)
		out[(*n)++] = (char)c;
	else
		*cut = true;
}

/* Four hex digits at sc->pos, as a code unit. Return: 0 or -1. */
static int scan_hex4(struct scan *sc, unsigned int *u)
{
	unsigned int i, c;

	if (sc->len - sc->pos < 4)
		return -1;
	*u = 0;
	for (i = 0; i < 4; i++) {
		c = (unsigned char)sc->s[sc->pos + i];
		if (!isxdigit(c))
			return -1;
		*u = *u << 4 | doc_hex((char)c);
	}
	sc->pos += 4;
	return 0;
}

/*
 * The string that starts at sc->pos (its quote), decoded into out as far
 * as max bytes: *n of them, *cut when more did not fit.
 */
static int scan_string(struct scan *sc, char *out, size_t max, size_t *n,
		       bool *cut)
{
	unsigned int c, u, lo;
	size_t esc;

	*n = 0;
	*cut = false;
	sc->pos++;
	for (;;) {
		if (sc->pos >= sc->len)
			return doc_err_at(sc->dc, sc->s, sc->pos,
					  "a string does not end");
		c = (unsigned char)sc->s[sc->pos];
		if (c == '"') {
			sc->pos++;
			return 0;
		}
		if (c < 0x20)
			return doc_err_at(sc->dc, sc->s, sc->pos,
					  "a control character in a string (write \\u%04x)",
					  c);
		if (c != '\\') {
			scan_put(out, max, n, cut, c);
			sc->pos++;
			continue;
		}
		esc = sc->pos++;
		c = sc->pos < sc->len ? (unsigned char)sc->s[sc->pos++] : 0;
		switch (c) {
		case '"':
		case '\\':
		case '/':
			break;
		case 'b':
			c = '\b';
			break;
		case 'f':
			c = '\f';
			break;
		case 'n':
			c = '\n';
			break;
		case 'r':
			c = '\r';
			break;
		case 't':
			c = '\t';
			break;
		case 'u':
			if (scan_hex4(sc, &u))
				return doc_err_at(sc->dc, sc->s, esc,
						  "\\u needs four hex digits");
			if (!u)
				return doc_err_at(sc->dc, sc->s, esc,
						  "\\u0000 is not allowed in a string");
			/* A surrogate pair, else U+FFFD as json-c does. */
			if (u >= 0xd800 && u < 0xdc00 &&
			    sc->len - sc->pos >= 6 && sc->s[sc->pos] == '\\' &&
			    sc->s[sc->pos + 1] == 'u') {
				sc->pos += 2;
				if (scan_hex4(sc, &lo))
					return doc_err_at(sc->dc, sc->s,
							  sc->pos - 2,
							  "\\u needs four hex digits");
				if (lo >= 0xdc00 && lo < 0xe000)
					u = 0x10000 + ((u - 0xd800) << 10) +
					    (lo - 0xdc00);
				else
					u = 0xfffd;
			} else if (u >= 0xd800 && u < 0xe000) {
				u = 0xfffd;
			}
			if (u < 0x80) {
				scan_put(out, max, n, cut, u);
			} else if (u < 0x800) {
				scan_put(out, max, n, cut, 0xc0 | u >> 6);
				scan_put(out, max, n, cut, 0x80 | (u & 0x3f));
			} else if (u < 0x10000) {
				scan_put(out, max, n, cut, 0xe0 | u >> 12);
				scan_put(out, max, n, cut,
					 0x80 | (u >> 6 & 0x3f));
				scan_put(out, max, n, cut, 0x80 | (u & 0x3f));
			} else {
				scan_put(out, max, n, cut, 0xf0 | u >> 18);
				scan_put(out, max, n, cut,
					 0x80 | (u >> 12 & 0x3f));
				scan_put(out, max, n, cut,
					 0x80 | (u >> 6 & 0x3f));
				scan_put(out, max, n, cut, 0x80 | (u & 0x3f));
			}
			continue;
		default:
			return doc_err_at(sc->dc, sc->s, esc,
					  "an invalid escape in a string");
		}
		scan_put(out, max, n, cut, c);
	}
}

/* A key of the innermost object: remembered, and refused if seen. */
static int scan_key(struct scan *sc)
{
	struct scan_level *l = &sc->lv[sc->depth - 1];
	char path[DOC_PATH_LEN], name[DOC_QUOTE_LEN];
	size_t i;
	int ret;

	ret = scan_string(sc, l->key, sizeof(l->key), &l->keylen, &l->key_cut);
	if (ret)
		return ret;
	l->want_key = false;
	if (l->key_cut)
		return 0;
	for (i = 0; i < l->nkeys; i++) {
		if (l->keylens[i] == l->keylen &&
		    !memcmp(l->keys[i], l->key, l->keylen))
			return doc_err(sc->dc,
				       scan_path(sc, sc->depth - 1, path,
						 sizeof(path)),
				       "key %s given twice",
				       doc_show(name, sizeof(name), l->key,
						l->keylen, true));
	}
	if (l->nkeys < DOC_KEYS) {
		memcpy(l->keys[l->nkeys], l->key, l->keylen);
		l->keylens[l->nkeys++] = l->keylen;
	}
	return 0;
}

static bool scan_digit(const struct scan *sc)
{
	return sc->pos < sc->len && isdigit((unsigned char)sc->s[sc->pos]);
}

/* A number, as RFC 8259 writes them; an integer must fit 64 bits. */
static int scan_number(struct scan *sc)
{
	static const char u64_max[] = "18446744073709551615";
	size_t start = sc->pos, digits;
	bool integer = true, neg = false;
	char path[DOC_PATH_LEN];

	if (sc->s[sc->pos] == '-') {
		neg = true;
		sc->pos++;
	}
	digits = sc->pos;
	if (sc->pos < sc->len && sc->s[sc->pos] == '0')
		sc->pos++;
	else if (scan_digit(sc))
		while (scan_digit(sc))
			sc->pos++;
	else
		return doc_err_at(sc->dc, sc->s, start, "an invalid number");
	digits = sc->pos - digits;
	if (sc->pos < sc->len && sc->s[sc->pos] == '.') {
		integer = false;
		sc->pos++;
		if (!scan_digit(sc))
			return doc_err_at(sc->dc, sc->s, start,
					  "an invalid number");
		while (scan_digit(sc))
			sc->pos++;
	}
	if (sc->pos < sc->len &&
	    (sc->s[sc->pos] == 'e' || sc->s[sc->pos] == 'E')) {
		integer = false;
		sc->pos++;
		if (sc->pos < sc->len &&
		    (sc->s[sc->pos] == '+' || sc->s[sc->pos] == '-'))
			sc->pos++;
		if (!scan_digit(sc))
			return doc_err_at(sc->dc, sc->s, start,
					  "an invalid number");
		while (scan_digit(sc))
			sc->pos++;
	}
	if (sc->pos < sc->len && (isalnum((unsigned char)sc->s[sc->pos]) ||
				  sc->s[sc->pos] == '.'))
		return doc_err_at(sc->dc, sc->s, start, "an invalid number");
	if (integer && !neg &&
	    (digits > sizeof(u64_max) - 1 ||
	     (digits == sizeof(u64_max) - 1 &&
	      memcmp(sc->s + sc->pos - digits, u64_max, digits) > 0)))
		return doc_err(sc->dc, scan_path(sc, sc->depth, path,
						 sizeof(path)),
			       "an integer larger than %s", u64_max);
	return 0;
}

/* true, false or null; json-c also takes NaN and Infinity. */
static int scan_word(struct scan *sc)
{
	static const char *const words[] = { "true", "false", "null" };
	char show[DOC_QUOTE_LEN];
	size_t start = sc->pos, n, i;

	while (sc->pos < sc->len && isalnum((unsigned char)sc->s[sc->pos]))
		sc->pos++;
	n = sc->pos - start;
	for (i = 0; i < ARRAY_SIZE(words); i++)
		if (strlen(words[i]) == n && !memcmp(sc->s + start, words[i], n))
			return 0;
	return doc_err_at(sc->dc, sc->s, start,
			  "%s is not JSON (true, false or null?)",
			  doc_show(show, sizeof(show), sc->s + start,
				   n ? n : 1, true));
}

static int scan(struct scan *sc)
{
	char show[DOC_QUOTE_LEN], scratch[1];
	struct scan_level *l;
	size_t n;
	bool cut;
	char c;

	while (sc->pos < sc->len) {
		l = sc->depth ? &sc->lv[sc->depth - 1] : NULL;
		c = sc->s[sc->pos];
		switch (c) {
		case ' ':
		case '\t':
		case '\n':
		case '\r':
		case ':':
			sc->pos++;
			break;
		case '{':
		case '[':
			if (sc->depth == DOC_DEPTH)
				return doc_err_at(sc->dc, sc->s, sc->pos,
						  "nested too deeply");
			l = &sc->lv[sc->depth++];
			memset(l, 0, sizeof(*l));
			l->object = c == '{';
			l->want_key = l->object;
			sc->pos++;
			break;
		case '}':
		case ']':
			if (!sc->depth)
				return doc_err_at(sc->dc, sc->s, sc->pos,
						  "unexpected %c", c);
			sc->depth--;
			sc->pos++;
			break;
		case ',':
			if (l && l->object)
				l->want_key = true;
			else if (l)
				l->index++;
			sc->pos++;
			break;
		case '"':
			if (l && l->object && l->want_key) {
				if (scan_key(sc))
					return ZGC_EXIT_USAGE;
			} else if (scan_string(sc, scratch, 0, &n, &cut)) {
				return ZGC_EXIT_USAGE;
			}
			break;
		default:
			if (c == '-' || isdigit((unsigned char)c)) {
				if (scan_number(sc))
					return ZGC_EXIT_USAGE;
			} else if (isalpha((unsigned char)c)) {
				if (scan_word(sc))
					return ZGC_EXIT_USAGE;
			} else {
				return doc_err_at(sc->dc, sc->s, sc->pos,
						  "unexpected character %s",
						  doc_show(show, sizeof(show),
							   sc->s + sc->pos, 1,
							   true));
			}
		}
	}
	return 0;
}

/* The tree, as json-c built it. */

static const char *doc_type(const struct json_object *o)
{
	switch (json_object_get_type(o)) {
	case json_type_null:
		return "null";
	case json_type_boolean:
		return "a boolean";
	case json_type_double:
		return "a number that is no integer";
	case json_type_int:
		return "an integer";
	case json_type_object:
		return "an object";
	case json_type_array:
		return "an array";
	case json_type_string:
		return "a string";
	}
	return "something else";
}

/* The path of a place in path: path, then fmt. */
__printf(4, 5)
static void doc_sub(char *buf, size_t len, const char *path,
		    const char *fmt, ...)
{
	size_t n = strnlen(path, len - 1);
	va_list ap;

	memcpy(buf, path, n);
	va_start(ap, fmt);
	vsnprintf(buf + n, len - n, fmt, ap);
	va_end(ap);
}

static int doc_uint(struct doc *dc, const char *path,
		    const struct json_object *o, uint64_t min, uint64_t max,
		    uint64_t *v)
{
	if (json_object_is_type(o, json_type_int)) {
		if (json_object_get_int64(o) >= 0) {
			*v = json_object_get_uint64(o);
			if (*v >= min && *v <= max)
				return 0;
		}
		return doc_err(dc, path,
			       "expected an integer from %" PRIu64 " to %" PRIu64,
			       min, max);
	}
	return doc_err(dc, path,
		       "expected an integer from %" PRIu64 " to %" PRIu64 ", not %s",
		       min, max, doc_type(o));
}

static int doc_u32(struct doc *dc, const char *path,
		   const struct json_object *o, uint32_t min, uint32_t *v)
{
	uint64_t u;
	int ret;

	ret = doc_uint(dc, path, o, min, UINT32_MAX, &u);
	if (!ret)
		*v = (uint32_t)u;
	return ret;
}

/* A key an object may have, and its value once found. */
struct doc_key {
	const char *name;
	bool required;
	bool found;
	struct json_object *val;	/* NULL: JSON null */
};

/*
 * The members of the object o (what: "a node"...) into keys; a key
 * that is not one of them, or a required one missing, is an error.
 */
static int doc_members(struct doc *dc, const char *path, const char *what,
		       struct json_object *o, struct doc_key *keys, size_t n)
{
	struct json_object_iterator it, end;
	char list[128], show[DOC_QUOTE_LEN];
	size_t i, o_len = 0;
	const char *key;

	if (!json_object_is_type(o, json_type_object))
		return doc_err(dc, path, "expected %s (an object), not %s",
			       what, doc_type(o));
	for (i = 0; i < n && o_len < sizeof(list); i++)
		o_len += (size_t)snprintf(list + o_len, sizeof(list) - o_len,
					  "%s%s", !i ? "" :
					  i + 1 < n ? ", " : " or ",
					  keys[i].name);
	it = json_object_iter_begin(o);
	end = json_object_iter_end(o);
	for (; !json_object_iter_equal(&it, &end); json_object_iter_next(&it)) {
		key = json_object_iter_peek_name(&it);
		for (i = 0; i < n && strcmp(key, keys[i].name); i++)
			;
		if (i == n)
			return doc_err(dc, path, "unknown key %s (expected %s)",
				       doc_show(show, sizeof(show), key,
						strlen(key), true),
				       list);
		keys[i].found = true;
		keys[i].val = json_object_iter_peek_value(&it);
	}
	for (i = 0; i < n; i++)
		if (keys[i].required && !keys[i].found)
			return doc_err(dc, path, "%s needs \"%s\"", what,
				       keys[i].name);
	return 0;
}

static int doc_array(struct doc *dc, const char *path, const char *what,
		     const struct json_object *o, size_t *n)
{
	if (!json_object_is_type(o, json_type_array))
		return doc_err(dc, path, "expected an array of %s, not %s",
			       what, doc_type(o));
	*n = json_object_array_length(o);
	return 0;
}

/* Reads one element of an array into @item. */
typedef int (*doc_read_fn)(struct doc *dc, const char *path,
			   struct json_object *o, void *item);

/*
 * The array @o at @path, each element read by @read into a new array of
 * @size-byte items. Returns that array (NULL without memory), to free
 * even when reading failed; its length goes in *@n, and what went wrong
 * in *@ret.
 */
static void *doc_each(struct doc *dc, const char *path, const char *what,
		      struct json_object *o, size_t size, doc_read_fn read,
		      size_t *n, int *ret)
{
	char p[DOC_PATH_LEN];
	char *items;
	size_t i;

	*n = 0;
	*ret = doc_array(dc, path, what, o, n);
	if (*ret)
		return NULL;
	items = calloc(*n ? *n : 1, size);
	if (!items) {
		*n = 0;
		snprintf(dc->err, dc->errlen, "%s", strerror(errno));
		*ret = ZGC_EXIT_FAIL;
		return NULL;
	}
	for (i = 0; i < *n && !*ret; i++) {
		doc_sub(p, sizeof(p), path, "[%zu]", i);
		*ret = read(dc, p, json_object_array_get_idx(o, i),
			    items + i * size);
	}
	return items;
}

static int doc_roles(struct doc *dc, const char *path,
		     const struct json_object *o, uint32_t *roles)
{
	char p[DOC_PATH_LEN], show[DOC_QUOTE_LEN];
	struct json_object *r;
	size_t n = 0, i, k;
	const char *s;
	int ret;

	ret = doc_array(dc, path, "roles (fwd, ftn)", o, &n);
	if (ret)
		return ret;
	if (!n)
		return doc_err(dc, path, "no role: give fwd, ftn or both");
	*roles = 0;
	for (i = 0; i < n; i++) {
		doc_sub(p, sizeof(p), path, "[%zu]", i);
		r = json_object_array_get_idx(o, i);
		if (!json_object_is_type(r, json_type_string))
			return doc_err(dc, p, "expected a role (fwd or ftn), not %s",
				       doc_type(r));
		s = json_object_get_string(r);
		for (k = 0; k < CLUSTER_ROLES; k++)
			if (!strcmp(s, cluster_role_names[k]))
				break;
		if (k == CLUSTER_ROLES)
			return doc_err(dc, p, "unknown role %s (expected fwd or ftn)",
				       doc_show(show, sizeof(show), s,
						strlen(s), true));
		if (*roles & 1U << k)
			return doc_err(dc, p, "role %s given twice", s);
		*roles |= 1U << k;
	}
	return 0;
}

/* {"id": 1, "addr": "10.9.0.1", "roles": ["fwd", "ftn"]} */
static int doc_node(struct doc *dc, const char *path, struct json_object *o,
		    void *item)
{
	struct cluster_node *node = item;
	struct doc_key keys[] = {
		{ .name = "id", .required = true },
		{ .name = "addr", .required = true },
		{ .name = "roles", .required = true },
	};
	char p[DOC_PATH_LEN], show[DOC_QUOTE_LEN];
	const char *s;
	int ret;

	ret = doc_members(dc, path, "a node", o, keys, ARRAY_SIZE(keys));
	if (ret)
		return ret;
	doc_sub(p, sizeof(p), path, ".id");
	ret = doc_u32(dc, p, keys[0].val, 1, &node->id);
	if (ret)
		return ret;
	doc_sub(p, sizeof(p), path, ".addr");
	if (!json_object_is_type(keys[1].val, json_type_string))
		return doc_err(dc, p, "expected an IPv4 address, not %s",
			       doc_type(keys[1].val));
	s = json_object_get_string(keys[1].val);
	if (parse_ip4(s, &node->addr))
		return doc_err(dc, p, "expected an IPv4 address (A.B.C.D), not %s",
			       doc_show(show, sizeof(show), s, strlen(s), true));
	doc_sub(p, sizeof(p), path, ".roles");
	return doc_roles(dc, p, keys[2].val, &node->roles);
}

/* A chain's node: a node id. */
static int doc_node_id(struct doc *dc, const char *path,
		       struct json_object *o, void *item)
{
	return doc_u32(dc, path, o, 1, item);
}

/* {"id": 2, "nodes": [5, 6, 3]} */
static int doc_chain(struct doc *dc, const char *path, struct json_object *o,
		     void *item)
{
	struct doc_key keys[] = {
		{ .name = "id", .required = true },
		{ .name = "nodes", .required = true },
	};
	struct cluster_chain *ch = item;
	char p[DOC_PATH_LEN];
	int ret;

	ret = doc_members(dc, path, "a chain", o, keys, ARRAY_SIZE(keys));
	if (ret)
		return ret;
	doc_sub(p, sizeof(p), path, ".id");
	ret = doc_u32(dc, p, keys[0].val, 1, &ch->id);
	if (ret)
		return ret;
	doc_sub(p, sizeof(p), path, ".nodes");
	ch->nodes = doc_each(dc, p, "node ids", keys[1].val,
			     sizeof(*ch->nodes), doc_node_id, &ch->n, &ret);
	return ret;
}

/* "key": 32 hex digits. Never quoted back: it is a secret. */
static int doc_hex_key(struct doc *dc, struct json_object *o, uint8_t *key)
{
	const char *s;
	size_t i;
	int len;

	if (!json_object_is_type(o, json_type_string))
		return doc_err(dc, "key", "expected %d hex digits, not %s",
			       2 * ZGC_CLUSTER_KEY_LEN, doc_type(o));
	s = json_object_get_string(o);
	len = json_object_get_string_len(o);
	if (len != 2 * ZGC_CLUSTER_KEY_LEN)
		return doc_err(dc, "key", "expected %d hex digits, not a string of length %d",
			       2 * ZGC_CLUSTER_KEY_LEN, len);
	for (i = 0; i < 2 * ZGC_CLUSTER_KEY_LEN; i++)
		if (!isxdigit((unsigned char)s[i]))
			return doc_err(dc, "key", "expected %d hex digits: character %zu is not one",
				       2 * ZGC_CLUSTER_KEY_LEN, i + 1);
	for (i = 0; i < ZGC_CLUSTER_KEY_LEN; i++)
		key[i] = (uint8_t)(doc_hex(s[2 * i]) << 4 | doc_hex(s[2 * i + 1]));
	return 0;
}

static int doc_root(struct doc *dc, struct json_object *root,
		    struct cluster_desc *d)
{
	enum { K_CLUSTER, K_EPOCH, K_NODES, K_CHAINS, K_TABLE_SIZE, K_KEY,
	       K_INSECURE, K_PROBE_MS, K_SUSPECT_MS };
	struct doc_key keys[] = {
		[K_CLUSTER] = { .name = "cluster", .required = true },
		[K_EPOCH] = { .name = "epoch", .required = true },
		[K_NODES] = { .name = "nodes", .required = true },
		[K_CHAINS] = { .name = "chains", .required = true },
		[K_TABLE_SIZE] = { .name = "table_size" },
		[K_KEY] = { .name = "key" },
		[K_INSECURE] = { .name = "insecure" },
		[K_PROBE_MS] = { .name = "probe_ms" },
		[K_SUSPECT_MS] = { .name = "suspect_ms" },
	};
	int ret;

	ret = doc_members(dc, "", "a cluster description", root, keys,
			  ARRAY_SIZE(keys)) ?:
	      doc_u32(dc, "cluster", keys[K_CLUSTER].val, 1, &d->id) ?:
	      doc_uint(dc, "epoch", keys[K_EPOCH].val, 0, UINT64_MAX,
		       &d->epoch);
	if (ret)
		return ret;
	if (keys[K_TABLE_SIZE].found) {
		ret = doc_u32(dc, "table_size", keys[K_TABLE_SIZE].val, 0,
			      &d->table_size);
		if (ret)
			return ret;
		d->has_table_size = true;
	}
	if (keys[K_PROBE_MS].found) {
		ret = doc_u32(dc, "probe_ms", keys[K_PROBE_MS].val, 1,
			      &d->probe_ms);
		if (ret)
			return ret;
		d->has_probe_ms = true;
	}
	if (keys[K_SUSPECT_MS].found) {
		ret = doc_u32(dc, "suspect_ms", keys[K_SUSPECT_MS].val, 1,
			      &d->suspect_ms);
		if (ret)
			return ret;
		d->has_suspect_ms = true;
	}
	if (keys[K_KEY].found) {
		ret = doc_hex_key(dc, keys[K_KEY].val, d->key);
		if (ret)
			return ret;
		d->has_key = true;
	}
	if (keys[K_INSECURE].found) {
		if (!json_object_is_type(keys[K_INSECURE].val,
					 json_type_boolean))
			return doc_err(dc, "insecure", "expected true or false, not %s",
				       doc_type(keys[K_INSECURE].val));
		d->insecure = json_object_get_boolean(keys[K_INSECURE].val);
	}

	d->nodes = doc_each(dc, "nodes", "nodes", keys[K_NODES].val,
			    sizeof(*d->nodes), doc_node, &d->nnodes, &ret);
	if (ret)
		return ret;
	d->chains = doc_each(dc, "chains", "chains", keys[K_CHAINS].val,
			     sizeof(*d->chains), doc_chain, &d->nchains, &ret);
	return ret;
}

/* The whole file, at most CLUSTER_DOC_MAX bytes, into a new buffer. */
static int doc_load(struct doc *dc, const char *file, char **buf,
		    size_t *len)
{
	FILE *f = strcmp(file, "-") ? fopen(file, "r") : stdin;
	int ret = 0;

	if (!f) {
		snprintf(dc->err, dc->errlen, "%s: %s", dc->name,
			 strerror(errno));
		return ZGC_EXIT_FAIL;
	}
	*buf = malloc(CLUSTER_DOC_MAX + 1);
	if (!*buf) {
		snprintf(dc->err, dc->errlen, "%s: %s", dc->name,
			 strerror(errno));
		ret = ZGC_EXIT_FAIL;
		goto out;
	}
	errno = 0;
	*len = fread(*buf, 1, CLUSTER_DOC_MAX + 1, f);
	if (ferror(f)) {
		snprintf(dc->err, dc->errlen, "%s: %s", dc->name,
			 strerror(errno ? errno : EIO));
		ret = ZGC_EXIT_FAIL;
	} else if (*len > CLUSTER_DOC_MAX) {
		snprintf(dc->err, dc->errlen,
			 "%s: larger than %d MiB: no cluster description",
			 dc->name, CLUSTER_DOC_MAX >> 20);
		ret = ZGC_EXIT_USAGE;
	}
out:
	if (f != stdin)
		fclose(f);
	return ret;
}

int cluster_doc_read(const char *file, struct cluster_desc *d, char *err,
		     size_t errlen)
{
	struct doc dc = {
		.name = strcmp(file, "-") ? file : "stdin",
		.err = err,
		.errlen = errlen,
	};
	enum json_tokener_error jerr;
	struct json_tokener *tok = NULL;
	struct json_object *root = NULL;
	char *buf = NULL, show[DOC_QUOTE_LEN];
	struct scan *sc = NULL;
	size_t len = 0, end;
	const char *nul;
	int ret;

	memset(d, 0, sizeof(*d));
	err[0] = '\0';
	ret = doc_load(&dc, file, &buf, &len);
	if (ret)
		goto out;
	nul = memchr(buf, '\0', len);
	if (nul) {
		ret = doc_err_at(&dc, buf, (size_t)(nul - buf),
				 "a NUL byte: this is no JSON text");
		goto out;
	}
	end = strspn(buf, " \t\r\n");
	if (end == len) {
		ret = doc_err(&dc, "", "%s: empty: no cluster description",
			      dc.name);
		goto out;
	}

	tok = json_tokener_new_ex(DOC_DEPTH);
	if (!tok) {
		snprintf(err, errlen, "%s", strerror(ENOMEM));
		ret = ZGC_EXIT_FAIL;
		goto out;
	}
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT |
			       JSON_TOKENER_VALIDATE_UTF8);
	root = json_tokener_parse_ex(tok, buf, (int)len);
	jerr = json_tokener_get_error(tok);
	end = json_tokener_get_parse_end(tok);
	if (jerr == json_tokener_continue) {
		ret = doc_err_at(&dc, buf, len,
				 "the document ends before it is complete");
		goto out;
	}
	if (jerr != json_tokener_success) {
		ret = doc_err_at(&dc, buf, end, "%s%s%s%s",
				 json_tokener_error_desc(jerr),
				 end < len ? " (found " : "",
				 end < len ? doc_show(show, sizeof(show),
						      buf + end, 1, true) : "",
				 end < len ? ")" : "");
		goto out;
	}
	end += strspn(buf + end, " \t\r\n");
	if (end < len) {
		ret = doc_err_at(&dc, buf, end, "text after the document");
		goto out;
	}

	sc = calloc(1, sizeof(*sc));
	if (!sc) {
		snprintf(err, errlen, "%s", strerror(ENOMEM));
		ret = ZGC_EXIT_FAIL;
		goto out;
	}
	sc->dc = &dc;
	sc->s = buf;
	sc->len = len;
	ret = scan(sc) ?: doc_root(&dc, root, d);
out:
	free(sc);
	json_object_put(root);
	if (tok)
		json_tokener_free(tok);
	free(buf);
	return ret;
}

void cluster_desc_free(struct cluster_desc *d)
{
	size_t i;

	for (i = 0; i < d->nchains; i++)
		free(d->chains[i].nodes);
	free(d->chains);
	free(d->nodes);
	memset(d, 0, sizeof(*d));
}
