/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One printer for both output formats of zgcctl.
 *
 * A command describes what it prints once, as a list of objects made of
 * named fields, and the printer writes either
 *
 *   plain:  zgc0: ifindex 5 overlay geneve port 6081
 *           (the object's name, a colon, then " KEY VALUE" per field,
 *           one line per object)
 *   JSON:   [{"ifname":"zgc0","ifindex":5,"overlay":"geneve","port":6081}]
 *           (an array of objects; indented four spaces per level when
 *           pretty)
 *
 * The plain key of a field is its JSON key, so both formats use the same
 * words. Underneath is a small JSON writer that escapes strings properly.
 */
#ifndef ZGCCTL_JSON_H
#define ZGCCTL_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define JSON_MAX_DEPTH 16

struct json_writer {
	FILE *f;
	bool pretty;
	unsigned int depth;
	/* has the open container at each depth got an element yet? */
	bool nonempty[JSON_MAX_DEPTH];
};

void json_init(struct json_writer *w, FILE *f, bool pretty);
/* key is the member name inside an object, NULL inside an array. */
void json_array_open(struct json_writer *w, const char *key);
void json_array_close(struct json_writer *w);
void json_object_open(struct json_writer *w, const char *key);
void json_object_close(struct json_writer *w);
void json_string(struct json_writer *w, const char *key, const char *s);
void json_uint(struct json_writer *w, const char *key, uint64_t v);
void json_int(struct json_writer *w, const char *key, int64_t v);
void json_bool(struct json_writer *w, const char *key, bool v);
/* Ends the document with a newline. */
void json_finish(struct json_writer *w);
/* Writes s as a JSON string literal, quotes included. */
void json_escape(FILE *f, const char *s);

struct printer {
	FILE *f;
	bool json;
	/* plain: has the current line got anything yet? */
	bool line;
	struct json_writer w;
};

void pr_init(struct printer *p, FILE *f, bool json, bool pretty);
/* A list of objects: a JSON array; nothing in plain text. */
void pr_list_open(struct printer *p);
void pr_list_close(struct printer *p);
/* An object: a JSON object; one line in plain text. */
void pr_object_open(struct printer *p);
void pr_object_close(struct printer *p);
/* The object's name: "NAME:" in plain text. */
void pr_name(struct printer *p, const char *key, const char *name);
/* Fields: " KEY VALUE" in plain text. */
void pr_string(struct printer *p, const char *key, const char *v);
void pr_uint(struct printer *p, const char *key, uint64_t v);
/* Strings: a JSON array; " KEY V1,V2" in plain text, nothing if none. */
void pr_strings(struct printer *p, const char *key, const char *const *v,
		size_t n);
/* A flag: true or false in JSON; " KEY" when set in plain text. */
void pr_flag(struct printer *p, const char *key, bool v);

#endif /* ZGCCTL_JSON_H */
