/* thp.c - "always [madvise] never" parser; see thp.h. */
#include <string.h>

#include "textscan.h"
#include "thp.h"

static int valid_word(const char *w)
{
	if (!*w)
		return 0;
	for (; *w; w++)
		if (!((*w >= 'a' && *w <= 'z') || *w == '+' || *w == '_'))
			return 0;
	return 1;
}

int thp_setting_parse(const char *buf, size_t len, struct thp_setting *out,
		      struct parse_error *err)
{
	struct textscan text, line, rest;
	char word[32];
	int found = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	textscan_init(&text, buf, len);
	if (!textscan_line(&text, &line))
		return parse_error_set(err, 1, "choice", "empty file");
	while (textscan_line(&text, &rest))
		if (!textscan_blank(&rest))
			return parse_error_set(err, 2, "choice",
					       "expected one line");
	while (!(rc = textscan_word(&line, word, sizeof(word)))) {
		size_t n = strlen(word);
		char *w = word;

		if (out->nchoices == THP_MAX_CHOICES)
			return parse_error_set(err, 1, "choice",
					       "more than %d choices",
					       THP_MAX_CHOICES);
		if (n > 2 && w[0] == '[' && w[n - 1] == ']') {
			if (found++)
				return parse_error_set(err, 1, "choice",
						       "several choices in "
						       "brackets");
			w[n - 1] = '\0';
			w++;
			out->selected = out->nchoices;
		}
		if (!valid_word(w) || strlen(w) >= sizeof(out->choice[0]))
			return parse_error_set(err, 1, "choice",
					       "bad choice \"%.20s\"", word);
		strcpy(out->choice[out->nchoices++], w);
	}
	if (rc < 0)
		return parse_error_set(err, 1, "choice", "word too long");
	if (!found)
		return parse_error_set(err, 1, "choice",
				       "no choice in [brackets]");
	return 0;
}

const char *thp_selected(const struct thp_setting *s)
{
	return s->choice[s->selected];
}

enum thp_enabled thp_enabled_mode(const struct thp_setting *s)
{
	static const char *const names[] = { "always", "madvise", "never" };

	for (unsigned i = 0; i < 3; i++)
		if (!strcmp(thp_selected(s), names[i]))
			return (enum thp_enabled)i;
	return THP_OTHER;
}
