/* fuzz_scenario.c - scenario files are untrusted input: any bytes must
 * give a scenario or a parse error with a message, never a crash. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scenario.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	struct parse_error err;
	struct scenario *sc;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	memset(&err, 0, sizeof(err));
	sc = scenario_parse("fuzz.ini", text, &err);
	if (sc) {
		size_t n = sc->nvariants ? sc->nvariants : 1;

		for (size_t i = 0; i < n; i++) {
			struct run_config cfg;

			scenario_resolve(sc, i, &cfg, &err);
		}
		scenario_free(sc);
	} else if (!err.msg[0]) {
		abort();	/* a failure must say why */
	}
	free(text);
	return 0;
}
